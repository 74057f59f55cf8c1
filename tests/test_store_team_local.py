"""The local side of team sync, no server needed: migration 7, the outbox, the remembered
address."""

from __future__ import annotations

from pathlib import Path

from reader.io.importers import load_seed
from reader.store import (
    Store,
    forget_team,
    has_team_server,
    pending_count,
    remember_team,
    team_status,
)


def _count(store: Store) -> int:
    return int(store.db.execute("SELECT count(*) FROM team_outbox").fetchone()[0])


def test_without_a_team_nothing_is_queued(tmp_path: Path) -> None:
    with Store.open(tmp_path / "a.db", author="alice") as store:
        stored, _ = store.import_article(load_seed())
        note = store.add_annotation(stored.id, 0, 10, "claim")
        store.update_annotation(note.id, note="x")
        assert _count(store) == 0
        assert team_status(store) is None
        assert not has_team_server(store)


def test_a_team_queues_everything_then_each_change(tmp_path: Path) -> None:
    with Store.open(tmp_path / "a.db", author="alice") as store:
        stored, _ = store.import_article(load_seed())
        before = store.add_annotation(stored.id, 0, 10, "claim")
        kept = remember_team(store, "postgresql://alice:secret@db.example.org/newsroom")
        assert kept == "postgresql://alice@db.example.org/newsroom"
        assert has_team_server(store)
        assert pending_count(store) == 1  # what was there before the team
        store.add_annotation(stored.id, 20, 30, "quote")
        store.update_annotation(before.id, note="again")  # queued once, not twice
        assert pending_count(store) == 2
        # The same server again (another password): nothing starts over.
        remember_team(store, "postgresql://alice:other@db.example.org/newsroom")
        assert pending_count(store) == 2
        forget_team(store)
        assert team_status(store) is None and _count(store) == 0
        assert not has_team_server(store)


def test_key_value_addresses_lose_their_password_too(tmp_path: Path) -> None:
    with Store.open(tmp_path / "a.db", author="alice") as store:
        kept = remember_team(store, "host=db.example.org dbname=newsroom password=secret")
    assert "secret" not in kept and "dbname=newsroom" in kept


def test_a_socket_folder_in_the_address_stays_readable(tmp_path: Path) -> None:
    url = "postgresql://editor:secret@/newsroom?host=/run/postgresql&port=5433&password=x"
    with Store.open(tmp_path / "a.db", author="alice") as store:
        kept = remember_team(store, url)
    assert kept == "postgresql://editor@/newsroom?host=/run/postgresql&port=5433"
