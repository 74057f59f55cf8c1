"""Helpers for the team tests: a team database with members, members' local stores."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
from pg_fixtures import PgServer

from reader.store import Store
from reader.store.team import add_member, init_team


def unique(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex[:8]}"


def password(role: str) -> str:
    return f"pw-{role}"


@dataclass(frozen=True)
class Team:
    """A team database on the test server and its members' roles."""

    server: PgServer
    db: str
    members: tuple[str, ...]

    def url(self, role: str) -> str:
        return self.server.member_url(self.db, role, password(role))

    def admin(self) -> psycopg.Connection:
        return psycopg.connect(self.server.admin_url(self.db), autocommit=True)


def make_team(server: PgServer, db: str, *names: str) -> Team:
    """``team init`` on ``db`` and one member per name (made unique on the cluster)."""
    init_team(server.admin_url(db))
    roles = tuple(unique(name) for name in names)
    for role in roles:
        add_member(server.admin_url(db), role, password(role))
    return Team(server, db, roles)


@contextlib.contextmanager
def fresh_team(server: PgServer, *names: str) -> Iterator[Team]:
    """A team in a database of its own, dropped afterwards (for property tests, where a
    function-scoped fixture would be shared by every example)."""
    db = unique("team")
    with psycopg.connect(server.admin_url(), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{db}"')
    try:
        yield make_team(server, db, *names)
    finally:
        with psycopg.connect(server.admin_url(), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')


def server_rows(team: Team) -> list[tuple]:
    with team.admin() as conn:
        return conn.execute(
            'SELECT id, start, "end", exact, prefix, suffix, tag, speaker, status, note, author, '
            "created_at, updated_at, deleted_at FROM team_annotations ORDER BY id"
        ).fetchall()


def local_rows(path: Path) -> list[tuple]:
    with Store.open(path) as store:
        return store.db.execute(
            'SELECT id, start, "end", exact, prefix, suffix, tag, speaker, status, note, author, '
            "created_at, updated_at, deleted_at FROM annotations ORDER BY id"
        ).fetchall()
