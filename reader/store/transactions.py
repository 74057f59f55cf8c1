"""Explicit write transactions on a connection opened with ``isolation_level=None``."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from reader.store.errors import translate_errors

__all__ = ["write_transaction"]


@contextmanager
def write_transaction(conn: sqlite3.Connection) -> Iterator[None]:
    """``BEGIN IMMEDIATE`` ... ``COMMIT``; ``ROLLBACK`` on any exception.

    ``IMMEDIATE`` takes the write lock up front, so a busy database fails here
    (after the busy timeout) rather than half-way through. SQLite errors come
    out as ``StoreError``; other exceptions (including ``StoreError`` raised for
    invalid input) roll back and propagate unchanged.
    """
    with translate_errors():
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
