"""The storage exception and the one place SQLite errors are mapped to it."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = [
    "ACTIONABLE",
    "NotFoundError",
    "StoreError",
    "describe_sqlite_error",
    "is_actionable",
    "translate_errors",
]


class StoreError(Exception):
    """A failure of the store the user can act on: a one-line message fit to show.

    Raised for invalid input (by the store's checks, never by SQLite) and, through
    :func:`translate_errors`, for the SQLite conditions a user can do something
    about (:data:`ACTIONABLE`: busy, read-only, disk full, damaged file, not a
    database, cannot open, I/O error). The original error is kept as ``__cause__``.
    Any other ``sqlite3.Error`` (a bad statement, a broken constraint the code
    should have prevented) is a bug and propagates unchanged.
    """


class NotFoundError(StoreError, LookupError):
    """No article, annotation or tag matches the given id or name.

    A ``StoreError`` like any other; also a ``LookupError`` for callers that
    want to tell "not found" apart from a broken database.
    """


#: Primary SQLite result codes (``sqlite3.Error.sqlite_errorname``) a user can act on:
#: wait and retry, free disk space, fix permissions, restore a backup. The busy ones
#: reach us only after the connection's busy timeout has run out.
ACTIONABLE = frozenset(
    {
        "SQLITE_BUSY",
        "SQLITE_LOCKED",
        "SQLITE_READONLY",
        "SQLITE_FULL",
        "SQLITE_CORRUPT",
        "SQLITE_NOTADB",
        "SQLITE_CANTOPEN",
        "SQLITE_IOERR",
        "SQLITE_PERM",
        "SQLITE_NOLFS",
    }
)

# SQLite result codes (``sqlite3.Error.sqlite_errorname``) with a plainer wording.
_PLAIN_MESSAGES = {
    "SQLITE_BUSY": "the database is locked by another process; try again when it is done",
    "SQLITE_LOCKED": "the database is locked by another process; try again when it is done",
    "SQLITE_NOTADB": "the file is not a SQLite database",
    "SQLITE_READONLY": "the database is read-only",
    "SQLITE_CANTOPEN": "the database file cannot be opened",
    "SQLITE_FULL": "the disk is full",
    "SQLITE_CORRUPT": "the database file is damaged",
    "SQLITE_IOERR": "the database file cannot be read or written (input/output error)",
    "SQLITE_PERM": "permission denied",
    "SQLITE_NOLFS": "the file is too large for this system",
}


def primary_code(error: sqlite3.Error) -> str | None:
    """The primary result code of a SQLite error (``SQLITE_BUSY`` for
    ``SQLITE_BUSY_SNAPSHOT``), or ``None`` when it has none."""
    code = getattr(error, "sqlite_errorname", None)
    return "_".join(code.split("_", 2)[:2]) if code else None


def is_actionable(error: sqlite3.Error) -> bool:
    """Whether ``error`` is one of the :data:`ACTIONABLE` conditions."""
    return primary_code(error) in ACTIONABLE


def describe_sqlite_error(error: sqlite3.Error) -> str:
    """A one-line, user-facing description of a SQLite error."""
    # Extended codes (e.g. SQLITE_BUSY_SNAPSHOT) share the primary code's wording.
    message = _PLAIN_MESSAGES.get(primary_code(error) or "")
    if message is None:
        detail = " ".join(str(error).split()) or type(error).__name__
        message = f"database error: {detail}"
    return message


@contextmanager
def translate_errors(context: str | None = None) -> Iterator[None]:
    """Re-raise an actionable ``sqlite3.Error`` from the block (:func:`is_actionable`)
    as :class:`StoreError`; any other ``sqlite3.Error`` is a bug and propagates.

    ``context`` (e.g. ``"cannot open /path/reader.db"``) prefixes the message.
    A :class:`StoreError` raised in the block passes through unchanged. Usable
    as a context manager or, through ``contextlib``, as a decorator.
    """
    try:
        yield
    except sqlite3.Error as error:
        if not is_actionable(error):
            raise
        message = describe_sqlite_error(error)
        raise StoreError(f"{context}: {message}" if context else message) from error
