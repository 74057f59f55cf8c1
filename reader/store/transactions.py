"""Explicit write transactions on a connection opened with ``isolation_level=None``."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from reader.store.errors import translate_errors

__all__ = ["write_transaction"]

_SAVEPOINT = "reader_nested"


@contextmanager
def write_transaction(conn: sqlite3.Connection) -> Iterator[None]:
    """``BEGIN IMMEDIATE`` ... ``COMMIT``; ``ROLLBACK`` on any exception.

    ``IMMEDIATE`` takes the write lock up front, so a busy database fails here
    (after the busy timeout) rather than half-way through. Inside a transaction
    already open on ``conn`` it nests: ``SAVEPOINT`` ... ``RELEASE``, and on an
    exception ``ROLLBACK TO`` the savepoint (only the inner part is undone; the
    exception propagates, and the outer transaction rolls back too unless the
    caller catches it). Actionable SQLite errors come out as ``StoreError``;
    other exceptions (including ``StoreError`` raised for invalid input) roll
    back and propagate unchanged.
    """
    nested = conn.in_transaction
    if nested:
        with _savepoint(conn):
            yield
        return
    with translate_errors():
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise


@contextmanager
def _savepoint(conn: sqlite3.Connection) -> Iterator[None]:
    with translate_errors():
        conn.execute(f"SAVEPOINT {_SAVEPOINT}")
        try:
            yield
        except BaseException:
            if conn.in_transaction:
                conn.execute(f"ROLLBACK TO {_SAVEPOINT}")
                conn.execute(f"RELEASE {_SAVEPOINT}")
            raise
        conn.execute(f"RELEASE {_SAVEPOINT}")
