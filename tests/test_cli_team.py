"""``reader team init/add/remove`` and ``reader sync`` from the command line, against a
real PostgreSQL server: the set-up an editor does, members syncing, offline errors."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest
from cli_helpers import assert_one_line_error, run
from pg_fixtures import PgServer
from team_helpers import unique

from reader.io.importers import load_seed
from reader.store import Store, pending_count

pytestmark = pytest.mark.pg


def _tag_seed(db: Path, author: str, start: int = 0) -> str:
    """``author`` imports the seed into ``db`` and tags six characters; the id."""
    with Store.open(db, author=author) as store:
        stored, _ = store.import_article(load_seed())
        return store.add_annotation(stored.id, start, start + 6, "claim").id


def test_an_editor_sets_up_a_team_and_two_members_sync(
    pg_server: PgServer, team_db: str, tmp_path: Path
) -> None:
    admin = pg_server.admin_url(team_db)
    first = run("team", "init", admin)
    assert first.exit_code == 0, first.output + first.stderr
    assert "version 0 -> 1" in first.output
    again = run("team", "init", admin)
    assert "already at version 1" in again.output
    alice, bob = unique("alice"), unique("bob")
    for name in (alice, bob):
        pw = tmp_path / f"{name}.pw"
        pw.write_text(f"pw-{name}\n")
        added = run("team", "add", name, "--password-file", pw, "--url", admin)
        assert added.exit_code == 0, added.stderr
        assert f"{name} is a member" in added.output
    a_db, b_db = tmp_path / "a.db", tmp_path / "b.db"
    note = _tag_seed(a_db, alice)
    _tag_seed(b_db, bob, start=20)
    a = run(
        "--db", a_db, "--author", alice, "sync", pg_server.member_url(team_db, alice, f"pw-{alice}")
    )
    assert a.exit_code == 0, a.stderr
    assert "nothing new" in a.output and "pushed to" in a.output and "1 new" in a.output
    assert "pw-" not in a.output  # the password is never printed
    # Bob gives the password the libpq way; the URL has none.
    b = run(
        "--db",
        b_db,
        "--author",
        bob,
        "sync",
        pg_server.member_url(team_db, bob),
        env={"PGPASSWORD": f"pw-{bob}"},
    )
    assert b.exit_code == 0, b.stderr
    assert "1 new" in b.output
    with Store.open(b_db) as store:
        assert store.get_annotation(note).author == alice
    # The remembered address, from READER_TEAM_URL-less `reader sync`.
    again_a = run("--db", a_db, "--author", alice, "sync", env={"PGPASSWORD": f"pw-{alice}"})
    assert again_a.exit_code == 0, again_a.stderr
    assert "1 new" in again_a.output  # Bob's
    removed = run("team", "remove", bob, "--url", admin)
    assert f"{bob} is no longer a member" in removed.output
    refused = run("--db", b_db, "--author", bob, "sync", env={"PGPASSWORD": f"pw-{bob}"})
    assert_one_line_error(refused, contains="permission denied")


def test_the_password_is_never_an_argument(pg_server: PgServer, team_db: str) -> None:
    result = run("team", "add", "x", "--password", "secret", "--url", pg_server.admin_url(team_db))
    assert result.exit_code == 2
    assert "No such option" in result.stderr


def test_a_prompted_password_works(pg_server: PgServer, team_db: str) -> None:
    admin = pg_server.admin_url(team_db)
    run("team", "init", admin)
    name = unique("carol")
    result = run_input(["team", "add", name, "--url", admin], "s3cret\ns3cret\n")
    assert result.exit_code == 0, result.stderr
    with psycopg.connect(pg_server.member_url(team_db, name, "s3cret")) as conn:
        assert conn.execute("SELECT current_user").fetchone() == (name,)


def run_input(args: list[str], text: str):
    from click.testing import CliRunner

    from reader.cli import cli

    return CliRunner().invoke(cli, args, input=text, prog_name="reader")


def test_offline_sync_is_one_line_and_keeps_local_work(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    _tag_seed(db, "alice")
    before = db.read_bytes()
    result = run(
        "--db", db, "--author", "alice", "sync", f"postgresql://alice@/x?host={tmp_path}&port=9"
    )
    assert_one_line_error(result, contains="cannot reach the team server")
    with Store.open(db) as store:
        assert len(store.annotations(store.list_articles()[0].id)) == 1
        assert pending_count(store, "alice") == 1
    assert before  # the database was there before and still is


def test_sync_without_a_remembered_server_says_how(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    _tag_seed(db, "alice")
    assert_one_line_error(run("--db", db, "sync"), contains="no team server")


def test_team_commands_need_an_address(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("READER_TEAM_URL", raising=False)
    result = run("team", "remove", "bob")
    assert result.exit_code == 2
    assert "--url" in result.stderr


def test_server_stopped_and_restarted_everything_arrives_and_exports_match(
    pg_server: PgServer, team_db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pg_fixtures import start_server, stop_server

    admin = pg_server.admin_url(team_db)
    run("team", "init", admin)
    alice, bob = unique("alice"), unique("bob")
    dbs = {alice: tmp_path / "a.db", bob: tmp_path / "b.db"}
    for name, db in dbs.items():
        (tmp_path / name).write_text(f"pw-{name}\n")
        run("team", "add", name, "--password-file", tmp_path / name, "--url", admin)
        _tag_seed(db, name, start=0 if name == alice else 30)
        synced = run(
            "--db", db, "--author", name, "sync", pg_server.member_url(team_db, name, f"pw-{name}")
        )
        assert synced.exit_code == 0, synced.stderr
    stop_server(pg_server)
    try:
        _tag_seed(dbs[alice], alice, start=60)  # keeps tagging while the server is down
        offline = run(
            "--db", dbs[alice], "--author", alice, "sync", env={"PGPASSWORD": f"pw-{alice}"}
        )
        assert_one_line_error(offline, contains="cannot reach the team server")
    finally:
        start_server(pg_server)
    for _ in range(2):
        for name, db in dbs.items():
            done = run("--db", db, "--author", name, "sync", env={"PGPASSWORD": f"pw-{name}"})
            assert done.exit_code == 0, done.stderr
    exports = [run("--db", db, "export", "--format", "jsonl").output for db in dbs.values()]
    assert exports[0] == exports[1]
    assert exports[0].count("\n") == 3
