"""Waiting for teammates' changes: ``LISTEN`` on the team server's channel.

The server sends ``NOTIFY reader_team`` when a change to annotations commits (a
statement trigger, :mod:`reader.store.team.schema`); the app's sync worker waits here
between syncs, so a teammate's change arrives within moments, without polling.
"""

from __future__ import annotations

import psycopg
from psycopg import sql

from reader.store.errors import StoreError
from reader.store.team.connect import describe_pg_error, open_team
from reader.store.team.schema import NOTIFY_CHANNEL

__all__ = ["TeamListener"]


class TeamListener:
    """A connection listening to the team's channel; ``StoreError`` when it breaks."""

    def __init__(self, url: str) -> None:
        self._conn = open_team(url, autocommit=True)
        try:
            self._conn.execute(sql.SQL("LISTEN {}").format(sql.Identifier(NOTIFY_CHANNEL)))
        except psycopg.Error as error:
            self._conn.close()
            message = f"cannot listen to the team server: {describe_pg_error(error)}"
            raise StoreError(message) from error

    def wait(self, timeout: float) -> bool:
        """Whether a change was announced within ``timeout`` seconds (all pending
        announcements are consumed)."""
        try:
            got = False
            for _ in self._conn.notifies(timeout=timeout, stop_after=1):
                got = True
            # Several commits in a row: one sync takes them all.
            for _ in self._conn.notifies(timeout=0.0):
                pass
            return got
        except psycopg.Error as error:
            raise StoreError(f"lost the team server: {describe_pg_error(error)}") from error

    def close(self) -> None:
        """Stop listening and disconnect."""
        self._conn.close()
