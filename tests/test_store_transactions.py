"""``write_transaction`` nests: ``BEGIN IMMEDIATE`` outermost, savepoints inside (issue 10)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from reader.io.importers import load_seed
from reader.store import Store
from reader.store.transactions import write_transaction

pytest_plugins = ["store_fixtures"]  # mem_store, db_path, file_store


def tag_names(store: Store) -> set[str]:
    return {t.name for t in store.tags()}


def test_inner_failure_caught_rolls_back_only_the_inner_part(mem_store: Store) -> None:
    with write_transaction(mem_store.db.conn):
        mem_store.ensure_tag("outer")
        with pytest.raises(ValueError), write_transaction(mem_store.db.conn):
            mem_store.ensure_tag("inner")
            raise ValueError("inner")
        mem_store.ensure_tag("after")
    assert {"outer", "after"} <= tag_names(mem_store)
    assert "inner" not in tag_names(mem_store)


def test_a_failing_public_method_inside_a_transaction_undoes_only_itself(
    mem_store: Store,
) -> None:
    seed, _ = mem_store.import_article(load_seed())
    with write_transaction(mem_store.db.conn):
        kept = mem_store.add_annotation(seed.id, 0, 5, "claim")
        with pytest.raises(Exception, match="invalid status"):
            # The tag is created inside add_annotation before the status is refused.
            mem_store.add_annotation(seed.id, 0, 5, "never made", status="bogus")
    assert [a.id for a in mem_store.annotations(seed.id)] == [kept.id]
    assert "never made" not in tag_names(mem_store)


def test_outer_failure_rolls_back_everything(mem_store: Store) -> None:
    seed, _ = mem_store.import_article(load_seed())
    with pytest.raises(RuntimeError), write_transaction(mem_store.db.conn):
        mem_store.ensure_tag("first")
        mem_store.add_annotation(seed.id, 0, 5, "second")
        raise RuntimeError("outer")
    assert not {"first", "second"} & tag_names(mem_store)
    assert mem_store.annotations(seed.id) == []
    assert not mem_store.db.conn.in_transaction


def test_nested_methods_commit_only_with_the_outermost(file_store: Store, db_path: Path) -> None:
    """A public method called inside a transaction does not commit it: another
    connection sees nothing until the outermost ``COMMIT``."""
    other = sqlite3.connect(db_path)
    try:
        with write_transaction(file_store.db.conn):
            file_store.ensure_tag("pending")
            assert file_store.db.conn.in_transaction
            seen = other.execute("SELECT count(*) FROM tags WHERE name = 'pending'").fetchone()
            assert seen == (0,)
        seen = other.execute("SELECT count(*) FROM tags WHERE name = 'pending'").fetchone()
        assert seen == (1,)
    finally:
        other.close()


def test_outermost_transaction_is_begin_immediate(mem_store: Store) -> None:
    statements: list[str] = []
    mem_store.db.conn.set_trace_callback(statements.append)
    try:
        with write_transaction(mem_store.db.conn):
            mem_store.ensure_tag("traced")
    finally:
        mem_store.db.conn.set_trace_callback(None)
    assert statements[0] == "BEGIN IMMEDIATE"
    assert statements[-1] == "COMMIT"
    assert any(s.startswith("SAVEPOINT") for s in statements)
