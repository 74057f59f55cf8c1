"""Never twice the same annotation: same article, span, tag and author (issue 9)."""

from __future__ import annotations

import json
import sqlite3
import uuid
from pathlib import Path

import pytest
from cli_helpers import run

from reader.io.importers import load_seed
from reader.store import Store, StoreError
from reader.store.annotation_import import SAME_ANNOTATION
from reader.store.migrations import MIGRATIONS, _v6_same_annotation_once
from reader.suggest import RULES_VERSION, suggest

pytest_plugins = ["store_fixtures"]  # mem_store, db_path, file_store

SAME_VERSION = MIGRATIONS.index(_v6_same_annotation_once) + 1


def _seed(store: Store) -> tuple[str, str]:
    stored, _ = store.import_article(load_seed())
    return stored.id, stored.article.text


def _history_rows(store: Store) -> int:
    return store.db.execute("SELECT count(*) FROM history").fetchone()[0]


def test_adding_the_same_annotation_returns_the_first_and_writes_nothing(
    mem_store: Store,
) -> None:
    article_id, text = _seed(mem_store)
    start = text.index("Biden vowed")
    first = mem_store.add_annotation(article_id, start, start + 11, "quote")
    steps = _history_rows(mem_store)
    assert mem_store.same_annotation(article_id, start, start + 11, " Quote ") == first
    again = mem_store.add_annotation(article_id, start, start + 11, "Quote")
    assert again == first
    assert [a.id for a in mem_store.annotations(article_id)] == [first.id]
    assert _history_rows(mem_store) == steps  # no empty undo step
    mem_store.undo(article_id)  # the one add is undone: nothing left, nothing extra
    assert mem_store.annotations(article_id) == []
    assert mem_store.undo(article_id) is None


def test_another_tag_span_or_author_is_a_different_annotation(db_path: Path) -> None:
    with Store.open(db_path, author="a") as store:
        article_id, text = _seed(store)
        start = text.index("Biden vowed")
        store.add_annotation(article_id, start, start + 11, "quote")
        store.add_annotation(article_id, start, start + 11, "claim")
        store.add_annotation(article_id, start, start + 5, "quote")
        assert store.same_annotation(article_id, start, start + 11, "named") is None
    with Store.open(db_path, author="b") as store:
        assert store.same_annotation(article_id, start, start + 11, "quote") is None
        store.add_annotation(article_id, start, start + 11, "quote")
        assert len(store.annotations(article_id)) == 4


def test_a_deleted_annotation_does_not_count(mem_store: Store) -> None:
    article_id, _text = _seed(mem_store)
    first = mem_store.add_annotation(article_id, 0, 10, "quote")
    mem_store.delete_annotation(first.id)
    second = mem_store.add_annotation(article_id, 0, 10, "quote")
    assert second.id != first.id
    assert [a.id for a in mem_store.annotations(article_id)] == [second.id]


def test_retagging_into_a_copy_is_refused(mem_store: Store) -> None:
    article_id, _text = _seed(mem_store)
    mem_store.add_annotation(article_id, 0, 10, "quote")
    claim = mem_store.add_annotation(article_id, 0, 10, "claim")
    with pytest.raises(StoreError, match="Already tagged quote"):
        mem_store.update_annotation(claim.id, tag="quote")
    assert mem_store.get_annotation(claim.id).tag == "claim"
    assert mem_store.update_annotation(claim.id, tag="claim", note="n").note == "n"


def test_accepting_a_suggestion_over_the_same_annotation_adds_nothing(mem_store: Store) -> None:
    stored, _ = mem_store.import_article(load_seed())
    found = suggest(stored.article)
    mem_store.save_suggestions(stored.id, RULES_VERSION, found)
    quotes = [s for s in found if s.kind == "quote"][:2]
    mine = mem_store.add_annotation(stored.id, quotes[0].start, quotes[0].end, "quote")
    steps = _history_rows(mem_store)
    made = mem_store.accept_suggestions(stored.id, quotes)  # a stale list: both items
    assert made[0] == mine
    assert len(mem_store.annotations(stored.id)) == 2
    assert _history_rows(mem_store) == steps + 1  # only the second one is a new step
    mem_store.accept_suggestions(stored.id, quotes[:1])
    assert _history_rows(mem_store) == steps + 1  # all copies: no undo step at all
    assert len(mem_store.annotations(stored.id)) == 2


def _copy_with_new_id(store: Store, article_id: str) -> dict:
    (row,) = store.iter_export_rows(article_id)
    return {**row, "id": str(uuid.uuid4())}


def test_import_skips_a_copy_with_another_id(mem_store: Store) -> None:
    article_id, _text = _seed(mem_store)
    first = mem_store.add_annotation(article_id, 0, 10, "quote")
    copy = _copy_with_new_id(mem_store, article_id)
    report = mem_store.import_annotations([copy, {**copy, "id": str(uuid.uuid4())}])
    assert (report.new, report.skipped) == (0, {SAME_ANNOTATION: 2})
    assert [a.id for a in mem_store.annotations(article_id)] == [first.id]
    # a deleted copy is history, not a second live annotation: imported
    deleted = {**copy, "deleted_at": copy["updated_at"]}
    assert mem_store.import_annotations([deleted]).new == 1
    # two copies in one file: the first is imported, the second skipped
    mem_store.delete_annotation(first.id)
    fresh = [{**copy, "id": str(uuid.uuid4())} for _ in range(2)]
    report = mem_store.import_annotations(fresh)
    assert (report.new, report.skipped) == (1, {SAME_ANNOTATION: 1})
    assert len(mem_store.annotations(article_id)) == 1


def test_import_does_not_revive_an_id_into_a_copy(mem_store: Store) -> None:
    article_id, _text = _seed(mem_store)
    old = mem_store.add_annotation(article_id, 0, 10, "quote")
    (row,) = mem_store.iter_export_rows(article_id)
    mem_store.delete_annotation(old.id)
    mem_store.add_annotation(article_id, 0, 10, "quote")
    newer = {**row, "updated_at": "2999-01-01T00:00:00.000000Z"}  # old one, live again
    report = mem_store.import_annotations([newer])
    assert (report.new, report.updated, report.unchanged) == (0, 0, 1)
    assert len(mem_store.annotations(article_id)) == 1


def test_cli_import_annotations_makes_no_second_row(tmp_path: Path) -> None:
    db_path = tmp_path / "r.db"
    with Store.open(db_path, author="tester") as store:
        article_id, _text = _seed(store)
        store.add_annotation(article_id, 0, 10, "quote")
        copy = _copy_with_new_id(store, article_id)
    records = tmp_path / "copy.jsonl"
    records.write_text(json.dumps(copy) + "\n", encoding="utf-8")
    result = run("import-annotations", records, "--db", db_path)
    # a skipped row makes the exit code 1 (issue 9: never exit 0 when rows were skipped)
    assert result.exit_code == 1, result.stderr
    assert "0 new" in result.stdout and "1 skipped" in result.stdout
    assert "already there" in result.stdout
    with Store.open(db_path, author="tester") as store:
        assert len(store.annotations(article_id)) == 1


def test_migration_keeps_the_oldest_copy_and_soft_deletes_the_others(db_path: Path) -> None:
    with Store.open(db_path, author="tester") as store:
        article_id, _text = _seed(store)
        first = store.add_annotation(article_id, 0, 10, "quote")
        other = store.add_annotation(article_id, 0, 10, "claim")
    # an older database, made by the `q q q` of issue 9: two more live copies
    conn = sqlite3.connect(db_path)
    with conn:
        for n in (1, 2):
            conn.execute(
                'INSERT INTO annotations SELECT ?, article_id, start, "end", exact, prefix, '
                "suffix, tag, speaker, status, note, author, ?, ?, NULL, origin "
                "FROM annotations WHERE id = ?",
                [str(uuid.uuid4()), f"2999-01-0{n}T00:00:00.000000Z", "x", first.id],
            )
        conn.execute(f"PRAGMA user_version = {SAME_VERSION - 1}")
    conn.close()
    with Store.open(db_path, author="tester") as store:
        live = store.annotations(article_id)
        assert sorted(a.id for a in live) == sorted([first.id, other.id])
        every = store.annotations(article_id, include_deleted=True)
        assert len(every) == 4  # the copies stay in the file, deleted
        gone = [a for a in every if a.deleted_at is not None]
        assert all(a.updated_at == a.deleted_at for a in gone)


def test_undo_does_not_revive_an_annotation_into_a_copy(mem_store: Store) -> None:
    article_id, _text = _seed(mem_store)
    first = mem_store.add_annotation(article_id, 0, 10, "quote")
    copy = _copy_with_new_id(mem_store, article_id)
    mem_store.delete_annotation(first.id)
    assert mem_store.import_annotations([copy]).new == 1  # imports write no history
    step = mem_store.undo(article_id)  # the delete: the first one would be live again
    assert step is not None and step.action == "delete"
    assert [a.id for a in mem_store.annotations(article_id)] == [copy["id"]]
    assert mem_store.redo(article_id) is not None  # the stack still moves both ways
    assert [a.id for a in mem_store.annotations(article_id)] == [copy["id"]]
