"""The storage exception and the one place SQLite errors are mapped to it."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["NotFoundError", "StoreError", "translate_errors"]


class StoreError(Exception):
    """Any failure of the store: a one-line message fit to show to the user.

    Every ``sqlite3.Error`` raised inside :mod:`reader.store` is turned into this
    exception by :func:`translate_errors` (the original is kept as ``__cause__``).
    """


class NotFoundError(StoreError, LookupError):
    """No article, annotation or tag matches the given id or name.

    A ``StoreError`` like any other; also a ``LookupError`` for callers that
    want to tell "not found" apart from a broken database.
    """


# SQLite result codes (``sqlite3.Error.sqlite_errorname``) with a plainer wording.
_PLAIN_MESSAGES = {
    "SQLITE_BUSY": "the database is locked by another process; try again when it is done",
    "SQLITE_LOCKED": "the database is locked by another process; try again when it is done",
    "SQLITE_NOTADB": "the file is not a SQLite database",
    "SQLITE_READONLY": "the database is read-only",
    "SQLITE_CANTOPEN": "the database file cannot be opened",
    "SQLITE_FULL": "the disk is full",
    "SQLITE_CORRUPT": "the database file is damaged",
}


def describe_sqlite_error(error: sqlite3.Error) -> str:
    """A one-line, user-facing description of a SQLite error."""
    code = getattr(error, "sqlite_errorname", None)
    # Extended codes (e.g. SQLITE_BUSY_SNAPSHOT) share the primary code's wording.
    primary = code.split("_", 2)[:2] if code else []
    message = _PLAIN_MESSAGES.get("_".join(primary))
    if message is None:
        detail = " ".join(str(error).split()) or type(error).__name__
        message = f"database error: {detail}"
    return message


@contextmanager
def translate_errors(context: str | None = None) -> Iterator[None]:
    """Re-raise any ``sqlite3.Error`` from the block as :class:`StoreError`.

    ``context`` (e.g. ``"cannot open /path/reader.db"``) prefixes the message.
    A :class:`StoreError` raised in the block passes through unchanged. Usable
    as a context manager or, through ``contextlib``, as a decorator.
    """
    try:
        yield
    except sqlite3.Error as error:
        message = describe_sqlite_error(error)
        raise StoreError(f"{context}: {message}" if context else message) from error
