"""Faults of ``reader sync``: the server stopping mid-sync, two members at the same moment,
a week offline with 10,000 changes. Nothing is ever half-applied on either side."""

from __future__ import annotations

import shutil
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from merge_helpers import seeded_db
from pg_fixtures import PgServer, start_server, stop_server
from team_helpers import Team, local_rows, make_team, server_rows

from reader.io.importers import load_seed
from reader.store import Store, StoreError
from reader.store.team import pending_count, sync_team
from reader.store.team import sync as team_sync

pytestmark = pytest.mark.pg

SEED = load_seed()


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("base") / "base.db"
    seeded_db(path, "base")
    return path


@pytest.fixture
def team(pg_server: PgServer, team_db: str) -> Team:
    return make_team(pg_server, team_db, "alice", "bob")


@pytest.fixture
def restart_after(pg_server: PgServer) -> Iterator[None]:
    """Whatever a test does to the server, it runs again afterwards."""
    yield
    start_server(pg_server)


def _member_db(base: Path, folder: Path, role: str) -> Path:
    path = folder / f"{role}.db"
    shutil.copyfile(base, path)
    return path


def bulk_annotate(path: Path, author: str, count: int, *, stamp: str) -> None:
    """``count`` annotations by ``author`` on the seed's sentences, written in one go."""
    sentences = SEED.sentences
    text = SEED.text
    with Store.open(path, author=author) as store:
        article_id = store.list_articles()[0].id
        rows = []
        for i in range(count):
            span = sentences[i % len(sentences)]
            start, end = span.start, span.end
            rows.append(
                [
                    str(uuid.uuid4()),
                    article_id,
                    start,
                    end,
                    text[start:end],
                    text[max(0, start - 32) : start],
                    text[end : end + 32],
                    "claim",
                    f"note {i}",
                    author,
                    stamp,
                    stamp,
                ]
            )
        with store.db.conn:
            store.db.conn.execute("BEGIN")
            store.db.conn.executemany(
                """INSERT INTO annotations (id, article_id, start, "end", exact, prefix, suffix,
                tag, status, note, author, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'unverified', ?, ?, ?, ?)""",
                rows,
            )


def test_the_server_stopping_during_a_push_changes_nothing_on_either_side(
    team: Team,
    base: Path,
    tmp_path: Path,
    pg_server: PgServer,
    restart_after: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    alice, _ = team.members
    a_db = _member_db(base, tmp_path, alice)
    with Store.open(a_db, author=alice) as store:
        first = store.add_annotation(store.list_articles()[0].id, 0, 10, "claim")
        sync_team(store, team.url(alice))
    bulk_annotate(a_db, alice, 50, stamp="2026-02-01T00:00:00.000000Z")
    before_rows, before_server = local_rows(a_db), server_rows(team)
    real = team_sync._push_tags

    def stop_then_push_tags(*args, **kwargs):  # the articles are already inserted
        stop_server(pg_server)
        return real(*args, **kwargs)

    monkeypatch.setattr(team_sync, "_push_tags", stop_then_push_tags)
    with Store.open(a_db, author=alice) as store, pytest.raises(StoreError) as caught:
        sync_team(store)
    assert "\n" not in str(caught.value)
    monkeypatch.undo()
    start_server(pg_server)
    assert local_rows(a_db) == before_rows
    assert server_rows(team) == before_server == [server_rows(team)[0]]
    assert server_rows(team)[0][0] == first.id
    with Store.open(a_db, author=alice) as store:
        assert pending_count(store) == 50
        # The next sync sends everything.
        report = sync_team(store, team.url(alice))
        assert report.pushed.new == 50 and pending_count(store) == 0
    assert len(server_rows(team)) == 51


def test_the_server_stopping_during_a_pull_changes_nothing_here(
    team: Team,
    base: Path,
    tmp_path: Path,
    pg_server: PgServer,
    restart_after: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    alice, bob = team.members
    a_db, b_db = _member_db(base, tmp_path, alice), _member_db(base, tmp_path, bob)
    bulk_annotate(a_db, alice, 20, stamp="2026-02-01T00:00:00.000000Z")
    with Store.open(a_db, author=alice) as store:
        sync_team(store, team.url(alice))
    bulk_annotate(b_db, bob, 5, stamp="2026-02-02T00:00:00.000000Z")
    before = local_rows(b_db)
    real = team_sync._fetch_changes

    def stop_then_fetch(*args, **kwargs):
        stop_server(pg_server)
        return real(*args, **kwargs)

    monkeypatch.setattr(team_sync, "_fetch_changes", stop_then_fetch)
    with Store.open(b_db, author=bob) as store, pytest.raises(StoreError):
        sync_team(store, team.url(bob))
    monkeypatch.undo()
    start_server(pg_server)
    assert local_rows(b_db) == before
    with Store.open(b_db, author=bob) as store:
        assert pending_count(store) == 5
        status = team_sync.team_status(store)
        assert status is not None and status.cursor == 0 and status.last_error
        report = sync_team(store, team.url(bob))
    assert report.pulled is not None and report.pulled.new == 20
    assert report.pushed.new == 5


def test_a_local_failure_during_the_merge_keeps_the_cursor(
    team: Team, base: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    alice, bob = team.members
    a_db, b_db = _member_db(base, tmp_path, alice), _member_db(base, tmp_path, bob)
    bulk_annotate(a_db, alice, 10, stamp="2026-02-01T00:00:00.000000Z")
    with Store.open(a_db, author=alice) as store:
        sync_team(store, team.url(alice))
    before = local_rows(b_db)

    real_merge = team_sync.merge_staged

    def merge_then_fail(store, schema, **kwargs):
        def fail() -> None:
            kwargs["before_commit"]()
            raise StoreError("disk full (simulated)")

        return real_merge(store, schema, **{**kwargs, "before_commit": fail})

    monkeypatch.setattr(team_sync, "merge_staged", merge_then_fail)
    with Store.open(b_db, author=bob) as store, pytest.raises(StoreError, match="disk full"):
        sync_team(store, team.url(bob))
    monkeypatch.undo()
    assert local_rows(b_db) == before
    with Store.open(b_db, author=bob) as store:
        assert team_sync.team_status(store).cursor == 0  # type: ignore[union-attr]
        assert sync_team(store, team.url(bob)).pulled.new == 10  # type: ignore[union-attr]


def test_two_members_syncing_at_the_same_moment(team: Team, base: Path, tmp_path: Path) -> None:
    alice, bob = team.members
    dbs = {alice: _member_db(base, tmp_path, alice), bob: _member_db(base, tmp_path, bob)}
    for role, path in dbs.items():
        bulk_annotate(path, role, 300, stamp="2026-02-01T00:00:00.000000Z")
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def run(role: str) -> None:
        try:
            with Store.open(dbs[role], author=role) as store:
                barrier.wait()
                sync_team(store, team.url(role))
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=run, args=(role,)) for role in dbs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    for role, path in dbs.items():
        with Store.open(path, author=role) as store:
            sync_team(store, team.url(role))
    assert len(server_rows(team)) == 600
    assert local_rows(dbs[alice]) == local_rows(dbs[bob])
    assert len(local_rows(dbs[alice])) == 600


def test_a_week_offline_with_ten_thousand_changes(team: Team, base: Path, tmp_path: Path) -> None:
    alice, bob = team.members
    a_db, b_db = _member_db(base, tmp_path, alice), _member_db(base, tmp_path, bob)
    with Store.open(a_db, author=alice) as store:
        store.add_annotation(store.list_articles()[0].id, 0, 10, "claim")
        sync_team(store, team.url(alice))
    bulk_annotate(a_db, alice, 10_000, stamp="2026-02-08T00:00:00.000000Z")
    with Store.open(a_db, author=alice) as store:
        assert pending_count(store) == 10_000
        report = sync_team(store, team.url(alice))
        assert report.pushed.new == 10_000 and pending_count(store) == 0
    with Store.open(b_db, author=bob) as store:
        pulled = sync_team(store, team.url(bob)).pulled
    assert pulled is not None and pulled.new == 10_001
    assert local_rows(a_db) == local_rows(b_db)


def test_an_edit_made_here_during_a_push_waits_for_the_next_one(
    team: Team, base: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The app edits while its sync pushes (another connection): that edit stays in the
    outbox (the pushed version is older), and the other pushed rows leave it."""
    alice, bob = team.members
    a_db, b_db = _member_db(base, tmp_path, alice), _member_db(base, tmp_path, bob)
    with Store.open(a_db, author=alice) as store:
        article = store.list_articles()[0].id
        team_sync.remember_team(store, team.url(alice))
        edited = store.add_annotation(article, 0, 10, "claim")
        store.add_annotation(article, 20, 30, "quote")
    real = team_sync._push_tags

    def edit_then_push_tags(*args, **kwargs):
        with Store.open(a_db, author=alice) as app:
            app.update_annotation(edited.id, note="typed during the push")
        return real(*args, **kwargs)

    monkeypatch.setattr(team_sync, "_push_tags", edit_then_push_tags)
    with Store.open(a_db, author=alice) as store:
        first = sync_team(store, team.url(alice))
        assert first.pushed.new == 2
        assert pending_count(store) == 1
    monkeypatch.undo()
    with Store.open(a_db, author=alice) as store:
        assert sync_team(store, team.url(alice)).pushed.updated == 1
        assert pending_count(store) == 0
    with Store.open(b_db, author=bob) as store:
        sync_team(store, team.url(bob))
        assert store.get_annotation(edited.id).note == "typed during the push"
    assert local_rows(a_db) == local_rows(b_db)
