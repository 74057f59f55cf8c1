"""On a team, each person's annotations are theirs alone (docs/team.md).

With a team server configured (``team_remote``), an annotation by another author can be
read, filtered, agreed with and answered, but not changed here: the server would refuse
the change (row-level security) and the edit would be lost at the next sync. The store
refuses it at once, with a message saying so."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reader.store.store import Store

__all__ = ["change_refusal", "has_team_server"]


def has_team_server(store: Store) -> bool:
    """Whether ``store`` remembers a team server (``reader sync URL``): one query, without
    the team code and PostgreSQL's driver, which a database without a team never needs
    (the app asks at start-up, issue 12)."""
    return store.db.conn.execute("SELECT 1 FROM team_remote WHERE id = 1").fetchone() is not None


def change_refusal(conn: sqlite3.Connection, annotation_author: str, editor: str) -> str | None:
    """Why ``editor`` may not change an annotation by ``annotation_author``, or ``None``."""
    if annotation_author == editor:
        return None
    if conn.execute("SELECT 1 FROM team_remote").fetchone() is None:
        return None
    return (
        f"this annotation is {annotation_author}'s: on a team you can agree with it or "
        "answer with your own annotation, not change it"
    )
