"""The team server's schema, members and row-level security, checked with psql-level
connections (plain psycopg, as someone with psql would do): PostgreSQL enforces them."""

from __future__ import annotations

import uuid

import psycopg
import pytest
from pg_fixtures import PgServer

from reader.store import StoreError
from reader.store.team import add_member, init_team, remove_member

pytestmark = pytest.mark.pg

ARTICLE = {
    "content_hash": "h" * 64,
    "id": "hhhhhhhh",
    "title": "T",
    "source": "s",
    "format": "text",
    "text": "Some text here.",
    "structure": "{}",
    "imported_at": "2026-01-01T00:00:00Z",
    "imported_by": "x",
}


def _name(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex[:8]}"


def _team(pg_server: PgServer, team_db: str, *members: str) -> None:
    init_team(pg_server.admin_url(team_db))
    for member in members:
        add_member(pg_server.admin_url(team_db), member, f"pw-{member}")


def _connect(pg_server: PgServer, db: str, role: str) -> psycopg.Connection:
    return psycopg.connect(pg_server.member_url(db, role, f"pw-{role}"), autocommit=True)


def _add_annotation(conn: psycopg.Connection, ann_id: str, author: str) -> None:
    conn.execute(
        "INSERT INTO team_articles (content_hash, id, title, source, format, text, structure, "
        "imported_at, imported_by) VALUES (%(content_hash)s, %(id)s, %(title)s, %(source)s, "
        "%(format)s, %(text)s, %(structure)s, %(imported_at)s, %(imported_by)s) "
        "ON CONFLICT DO NOTHING",
        ARTICLE,
    )
    conn.execute(
        'INSERT INTO team_annotations (id, article_hash, start, "end", exact, prefix, suffix, '
        "tag, status, author, created_at, updated_at) VALUES (%s, %s, 0, 4, 'Some', '', "
        "' text', 'claim', 'unverified', %s, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
        [ann_id, ARTICLE["content_hash"], author],
    )


def test_init_is_idempotent_and_reports_versions(pg_server: PgServer, team_db: str) -> None:
    first = init_team(pg_server.admin_url(team_db))
    again = init_team(pg_server.admin_url(team_db))
    assert (first.version_before, first.version_after) == (0, 1)
    assert (again.version_before, again.version_after) == (1, 1)
    assert first.group == again.group == f"reader_team_{team_db}"


def test_members_read_everything_but_change_only_their_own(
    pg_server: PgServer, team_db: str
) -> None:
    alice, bob = _name("alice"), _name("bob")
    _team(pg_server, team_db, alice, bob)
    with _connect(pg_server, team_db, alice) as a, _connect(pg_server, team_db, bob) as b:
        _add_annotation(a, "a1", alice)
        # Bob reads Alice's annotation ...
        assert b.execute("SELECT author FROM team_annotations").fetchall() == [(alice,)]
        # ... but updating, re-authoring or deleting it changes nothing.
        assert b.execute("UPDATE team_annotations SET note = 'mine now'").rowcount == 0
        assert (
            b.execute("UPDATE team_annotations SET author = %s WHERE id = 'a1'", [bob]).rowcount
            == 0
        )
        assert b.execute("DELETE FROM team_annotations WHERE id = 'a1'").rowcount == 0
        # Nor can he insert one in her name.
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            _add_annotation(b, "b1", alice)
        # Alice cannot give hers away either.
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            a.execute("UPDATE team_annotations SET author = %s WHERE id = 'a1'", [bob])
        row = a.execute("SELECT author, note FROM team_annotations WHERE id = 'a1'").fetchone()
        assert row == (alice, None)
        # Her own changes go through and are numbered in the change log.
        assert a.execute("UPDATE team_annotations SET note = 'checked'").rowcount == 1
        log = a.execute("SELECT annotation_id, author FROM team_changes ORDER BY 1").fetchall()
        assert log == [("a1", alice), ("a1", alice)]


def test_a_non_member_reads_nothing(pg_server: PgServer, team_db: str) -> None:
    alice, outsider = _name("alice"), _name("eve")
    _team(pg_server, team_db, alice)
    with _connect(pg_server, team_db, alice) as a:
        _add_annotation(a, "a1", alice)
    with psycopg.connect(pg_server.admin_url(team_db), autocommit=True) as admin:
        admin.execute(f"CREATE ROLE {outsider} LOGIN PASSWORD 'pw-{outsider}'")
    # Not a member: may not even connect to the team database.
    with pytest.raises(psycopg.OperationalError, match="permission denied"):
        _connect(pg_server, team_db, outsider)
    # Given CONNECT by hand, still reads nothing.
    with psycopg.connect(pg_server.admin_url(team_db), autocommit=True) as admin:
        admin.execute(f"GRANT CONNECT ON DATABASE {team_db} TO {outsider}")
    with _connect(pg_server, team_db, outsider) as e:
        for table in ("team_annotations", "team_articles", "team_changes", "team_tags"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                e.execute(f"SELECT * FROM {table}")


def test_a_removed_member_loses_access(pg_server: PgServer, team_db: str) -> None:
    alice = _name("alice")
    _team(pg_server, team_db, alice)
    assert remove_member(pg_server.admin_url(team_db), alice) is True
    with pytest.raises(psycopg.OperationalError, match="permission denied"):
        _connect(pg_server, team_db, alice)
    assert remove_member(pg_server.admin_url(team_db), alice) is False


def test_add_before_init_and_bad_names_are_refused(pg_server: PgServer, team_db: str) -> None:
    with pytest.raises(StoreError, match="team init"):
        add_member(pg_server.admin_url(team_db), _name("x"), "pw")
    with pytest.raises(StoreError, match="invalid member name"):
        add_member(pg_server.admin_url(team_db), "bad name; drop", "pw")


def test_an_unreachable_server_is_one_line(tmp_path) -> None:
    with pytest.raises(StoreError) as caught:
        init_team(f"postgresql://nobody@/x?host={tmp_path}&port=1")
    assert "\n" not in str(caught.value)
    assert "cannot reach the team server" in str(caught.value)
