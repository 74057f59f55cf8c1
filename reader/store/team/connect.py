"""Connecting to the team server, and its errors as one-line ``StoreError`` messages.

Connection strings are libpq's (a ``postgresql://`` URL or ``key=value`` pairs); the
password comes from libpq's usual places (``~/.pgpass``/``PGPASSFILE``, ``PGPASSWORD``,
a service file) or the URL itself, which is never remembered with it
(:func:`without_password`).
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from reader.store.errors import StoreError

__all__ = ["CONNECT_TIMEOUT_S", "describe_pg_error", "open_team", "team_errors", "without_password"]

#: Seconds to wait for the server before giving up (offline: fail fast, retry later).
CONNECT_TIMEOUT_S = 5


def without_password(url: str) -> str:
    """``url`` with any password removed (a URL's ``user:password@`` or ``password=``)."""
    if url.startswith(("postgresql://", "postgres://")):
        parts = urllib.parse.urlsplit(url)
        netloc = parts.netloc
        if "@" in netloc:
            userinfo, host = netloc.rsplit("@", 1)
            netloc = userinfo.split(":", 1)[0] + "@" + host
        query = [
            (k, v)
            for k, v in urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
            if k != "password"
        ]
        # A socket folder stays readable (host=/run/postgresql, not %2Frun%2Fpostgresql).
        kept = urllib.parse.urlencode(query, safe="/")
        return urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, kept, parts.fragment))
    try:
        params = conninfo_to_dict(url)
    except psycopg.ProgrammingError as error:
        raise StoreError(f"invalid team server address: {_first_line(error)}") from error
    params.pop("password", None)
    return make_conninfo("", **{k: v for k, v in params.items() if v is not None})


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    for line in text.splitlines():
        line = line.strip()
        if line:
            return line
    return type(error).__name__


def describe_pg_error(error: psycopg.Error) -> str:
    """A one-line description of a PostgreSQL or connection error."""
    if isinstance(error, psycopg.errors.InsufficientPrivilege):
        return "permission denied by the team server (are you a member of this team?)"
    return _first_line(error)


@contextmanager
def team_errors(action: str) -> Iterator[None]:
    """Turn any psycopg error inside into ``StoreError("<action>: <one line>")``."""
    try:
        yield
    except psycopg.Error as error:
        raise StoreError(f"{action}: {describe_pg_error(error)}") from error


def open_team(url: str, *, autocommit: bool = False) -> psycopg.Connection:
    """Connect to the team server (``StoreError`` when it cannot be reached or refuses)."""
    if not url:
        raise StoreError("no team server: give its address or set READER_TEAM_URL")
    try:
        return psycopg.connect(url, autocommit=autocommit, connect_timeout=CONNECT_TIMEOUT_S)
    except psycopg.ProgrammingError as error:
        raise StoreError(f"invalid team server address: {_first_line(error)}") from error
    except psycopg.Error as error:
        where = without_password(url)
        raise StoreError(f"cannot reach the team server {where}: {_first_line(error)}") from error
