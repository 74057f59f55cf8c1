"""Setting up a team: the schema (``reader team init``) and members' login roles
(``reader team add`` / ``reader team remove``). Run by an editor or IT person whose
role may create roles (``CREATEROLE``) and owns the team database."""

from __future__ import annotations

import re
from dataclasses import dataclass

import psycopg
from psycopg import sql

from reader.store.errors import StoreError
from reader.store.team.connect import open_team, team_errors
from reader.store.team.schema import current_version, group_role, migrate_team

__all__ = ["InitReport", "add_member", "init_team", "remove_member"]

_ROLE_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]{0,62}")


@dataclass(frozen=True)
class InitReport:
    """What ``team init`` did."""

    version_before: int
    version_after: int
    group: str


def check_role_name(name: str) -> str:
    """A member name: a letter or ``_`` then letters, digits, ``_ . -``; 63 at most."""
    if not _ROLE_RE.fullmatch(name):
        raise StoreError(
            f"invalid member name {name!r}: use letters, digits, '_', '.', '-' "
            "(starting with a letter or '_'; at most 63)"
        )
    return name


def init_team(url: str) -> InitReport:
    """Create or upgrade the team schema in the database at ``url``."""
    with open_team(url) as conn, team_errors("cannot set up the team"):
        try:
            before, after, group = migrate_team(conn)
        except ValueError as error:
            raise StoreError(f"cannot set up the team: {error}") from error
    return InitReport(before, after, group)


def _team_group(conn: psycopg.Connection) -> str:
    if current_version(conn) == 0:
        raise StoreError("this database has no team yet: run 'reader team init URL' first")
    return group_role(conn)


def add_member(url: str, name: str, password: str) -> str:
    """Create login role ``name`` with ``password`` in the team's group (or, if the role
    exists, set its password and add it to the group). Returns the group's name."""
    check_role_name(name)
    if not password:
        raise StoreError("the password must not be empty")
    with open_team(url) as conn, team_errors(f"cannot add {name}"):
        group = _team_group(conn)
        role = sql.Identifier(name)
        secret = sql.Literal(password)
        with conn.transaction():
            exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [name]).fetchone()
            if exists:
                conn.execute(sql.SQL("ALTER ROLE {} LOGIN PASSWORD {}").format(role, secret))
            else:
                conn.execute(sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(role, secret))
            conn.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(group), role))
    return group


def remove_member(url: str, name: str) -> bool:
    """Take ``name`` out of the team's group and end their open sessions on this database.
    The role itself stays (it may belong to other teams; its annotations keep their
    author). Returns whether it was a member."""
    check_role_name(name)
    with open_team(url) as conn, team_errors(f"cannot remove {name}"):
        group = _team_group(conn)
        with conn.transaction():
            member = conn.execute(
                "SELECT 1 FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
                "JOIN pg_roles r ON r.oid = m.member WHERE g.rolname = %s AND r.rolname = %s",
                [group, name],
            ).fetchone()
            if member:
                conn.execute(
                    sql.SQL("REVOKE {} FROM {}").format(sql.Identifier(group), sql.Identifier(name))
                )
            conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE usename = %s AND datname = current_database()",
                [name],
            )
    return bool(member)
