"""Suggestions in the store: cache per article version, rejection, acceptance, undo/redo."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from reader.io.importers import load_seed
from reader.model.suggestion import Suggestion
from reader.store import Store, StoreError, SuggestionRecord, migrations
from reader.store.migrations import SCHEMA_VERSION
from reader.suggest import RULES_VERSION, suggest

pytest_plugins = ["store_fixtures"]  # mem_store, db_path, file_store


def _seeded(store: Store) -> tuple[str, list]:
    stored, _ = store.import_article(load_seed())
    found = suggest(stored.article)
    store.save_suggestions(stored.id, RULES_VERSION, found)
    return stored.id, found


def _quote(found: list, words: str):
    return next(s for s in found if s.kind == "quote" and words in s.exact)


def test_no_cache_until_saved_and_none_for_other_rules(mem_store: Store) -> None:
    stored, _ = mem_store.import_article(load_seed())
    assert mem_store.cached_suggestions(stored.id, RULES_VERSION) is None
    found = suggest(stored.article)
    mem_store.save_suggestions(stored.id, RULES_VERSION, found)
    cached = mem_store.cached_suggestions(stored.id, RULES_VERSION)
    assert cached is not None and len(cached) == len(found)
    assert all(isinstance(c, SuggestionRecord) for c in cached)
    assert [(c.kind, c.start, c.end, c.speaker) for c in cached] == [
        (s.kind, s.start, s.end, s.speaker) for s in found
    ]
    assert mem_store.cached_suggestions(stored.id, RULES_VERSION + 1) is None


def test_cache_survives_reopening(db_path: Path) -> None:
    with Store.open(db_path, author="a") as store:
        article_id, found = _seeded(store)
    with Store.open(db_path, author="b") as store:
        cached = store.cached_suggestions(article_id, RULES_VERSION)
        assert cached is not None and len(cached) == len(found)


def test_reject_hides_for_good_and_undo_brings_back(db_path: Path) -> None:
    with Store.open(db_path, author="a") as store:
        article_id, found = _seeded(store)
        target = _quote(found, "We lost the main entry point")
        store.reject_suggestion(article_id, target)
        visible = store.cached_suggestions(article_id, RULES_VERSION)
        assert (target.start, target.end) not in {(s.start, s.end) for s in visible}
    with Store.open(db_path, author="a") as store:
        visible = store.cached_suggestions(article_id, RULES_VERSION)
        assert (target.start, target.end) not in {(s.start, s.end) for s in visible}
        # recomputing does not bring it back either
        store.save_suggestions(article_id, RULES_VERSION, found)
        visible = store.cached_suggestions(article_id, RULES_VERSION)
        assert (target.start, target.end) not in {(s.start, s.end) for s in visible}
        step = store.undo(article_id)
        assert step is not None and step.action == "reject"
        visible = store.cached_suggestions(article_id, RULES_VERSION)
        assert (target.start, target.end) in {(s.start, s.end) for s in visible}
        assert store.redo(article_id).action == "reject"
        visible = store.cached_suggestions(article_id, RULES_VERSION)
        assert (target.start, target.end) not in {(s.start, s.end) for s in visible}


def test_accept_makes_a_quote_annotation_with_speaker_and_origin(mem_store: Store) -> None:
    article_id, found = _seeded(mem_store)
    target = _quote(found, "We lost the main entry point")
    (annotation,) = mem_store.accept_suggestions(article_id, [target])
    assert annotation.tag == "quote"
    assert annotation.speaker == "Andrea De Domenico"
    assert annotation.origin == "suggestion"
    assert annotation.exact == target.exact
    assert mem_store.get_annotation(annotation.id).origin == "suggestion"
    visible = mem_store.cached_suggestions(article_id, RULES_VERSION)
    assert (target.start, target.end) not in {(s.start, s.end) for s in visible}
    mem_store.undo(article_id)
    assert mem_store.annotations(article_id) == []
    visible = mem_store.cached_suggestions(article_id, RULES_VERSION)
    assert (target.start, target.end) in {(s.start, s.end) for s in visible}


def test_accept_many_is_one_undo_step(mem_store: Store) -> None:
    article_id, found = _seeded(mem_store)
    quotes = [s for s in found if s.kind == "quote"][:4]
    mem_store.accept_suggestions(article_id, quotes)
    assert len(mem_store.annotations(article_id)) == 4
    step = mem_store.undo(article_id)
    assert step is not None and "4 changes" in step.description
    assert mem_store.annotations(article_id) == []
    mem_store.redo(article_id)
    assert len(mem_store.annotations(article_id)) == 4


def test_undo_interleaves_rejections_and_edits(mem_store: Store) -> None:
    article_id, found = _seeded(mem_store)
    quotes = [s for s in found if s.kind == "quote"]
    mem_store.accept_suggestions(article_id, [quotes[0]])
    mem_store.reject_suggestion(article_id, quotes[1])
    mem_store.accept_suggestions(article_id, [quotes[2]])
    assert mem_store.undo(article_id).action == "add"
    assert mem_store.undo(article_id).action == "reject"
    assert mem_store.undo(article_id).action == "add"
    assert mem_store.undo(article_id) is None
    assert mem_store.redo(article_id).action == "add"
    assert mem_store.redo(article_id).action == "reject"
    # a new action drops the redo stack
    mem_store.reject_suggestion(article_id, quotes[3])
    assert mem_store.redo(article_id) is None


def test_manual_annotations_have_manual_origin(mem_store: Store) -> None:
    stored, _ = mem_store.import_article(load_seed())
    annotation = mem_store.add_annotation(stored.id, 0, 5, "claim")
    assert annotation.origin == "manual"
    assert mem_store.annotations(stored.id)[0].origin == "manual"


def test_schema_has_the_suggestion_tables(mem_store: Store) -> None:
    assert SCHEMA_VERSION >= 2
    names = set(mem_store.db.table_names())
    assert {"suggestions", "suggestion_runs", "suggestion_rejections"} <= names
    assert "origin" in mem_store.db["annotations"].columns_dict
    assert "batch" in mem_store.db["history"].columns_dict


def test_a_version_1_database_is_upgraded_and_keeps_its_annotations(db_path: Path) -> None:
    conn = sqlite3.connect(db_path, isolation_level=None)
    db = Database(conn)
    conn.execute("BEGIN")
    migrations.MIGRATIONS[0](db)
    conn.execute("PRAGMA user_version = 1")
    conn.execute("COMMIT")
    conn.close()
    with Store.open(db_path, author="a") as store:
        stored, _ = store.import_article(load_seed())
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        made = store.add_annotation(stored.id, 0, 6, "claim")
        assert made.origin == "manual"
        assert store.undo(stored.id).action == "add"


def test_v1_rows_get_manual_origin(db_path: Path) -> None:
    conn = sqlite3.connect(db_path, isolation_level=None)
    db = Database(conn)
    migrations.MIGRATIONS[0](db)
    conn.execute("PRAGMA user_version = 1")
    conn.execute(
        "INSERT INTO articles (id, content_hash, title, source, format, text, structure, "
        "imported_at, imported_by) VALUES ('a1', 'h', 't', 's', 'text', 'Hello world.', "
        "'{\"sections\": []}', 'now', 'x')"
    )
    conn.execute(
        'INSERT INTO annotations (id, article_id, start, "end", exact, prefix, suffix, tag, '
        "status, author, created_at, updated_at) VALUES ('n1', 'a1', 0, 5, 'Hello', '', '', "
        "'claim', 'unverified', 'x', 'now', 'now')"
    )
    conn.close()
    with Store.open(db_path, author="a") as store:
        (annotation,) = store.annotations("a1")
        assert annotation.origin == "manual"
        assert store.cached_suggestions("a1", RULES_VERSION) is None


def test_saved_in_batches_is_the_same_cache_and_stopping_leaves_none(mem_store: Store) -> None:
    stored, _ = mem_store.import_article(load_seed())
    found = suggest(stored.article)
    assert mem_store.save_suggestions(stored.id, RULES_VERSION, found, batch_size=7)
    cached = mem_store.cached_suggestions(stored.id, RULES_VERSION)
    assert [(c.kind, c.start, c.end) for c in cached] == [(s.kind, s.start, s.end) for s in found]
    batches = iter([False, True])  # the second batch is stopped
    saved = mem_store.save_suggestions(
        stored.id, RULES_VERSION, found, batch_size=7, stop=lambda: next(batches)
    )
    assert not saved
    assert mem_store.cached_suggestions(stored.id, RULES_VERSION) is None


def test_rejected_suggestions_lists_what_is_rejected_until_undone(mem_store: Store) -> None:
    article_id, found = _seeded(mem_store)
    target = _quote(found, "We lost the main entry point")
    assert mem_store.rejected_suggestions(article_id) == set()
    mem_store.reject_suggestion(article_id, target)
    assert mem_store.rejected_suggestions(article_id) == {("quote", target.start, target.end)}
    mem_store.undo(article_id)
    assert mem_store.rejected_suggestions(article_id) == set()


def test_the_suggestion_table_holds_the_whole_cache_hidden_ones_too(mem_store: Store) -> None:
    article_id, found = _seeded(mem_store)
    text = mem_store.get_article(article_id).article.text
    assert mem_store.suggestion_table(article_id, RULES_VERSION + 1, text) is None
    mem_store.reject_suggestion(article_id, _quote(found, "main entry point"))
    table = mem_store.suggestion_table(article_id, RULES_VERSION, text)
    assert table is not None
    assert list(table) == mem_store.cached_suggestions(
        article_id, RULES_VERSION, include_hidden=True
    )
    assert len(table) == len(found)


def test_reading_and_saving_the_table_leave_the_page_cache_size_as_it_was(
    db_path: Path,
) -> None:
    with Store.open(db_path, author="a") as store:
        article_id, found = _seeded(store)
        store.db.conn.execute("PRAGMA cache_size = -3000")
        store._last_article = None  # read the text from the database again
        text = store.get_article(article_id).article.text
        assert store.suggestion_table(article_id, RULES_VERSION, text) is not None
        assert store.db.conn.execute("PRAGMA cache_size").fetchone()[0] == -3000
        # a batched save (the app's) writes with a small cache, and gives the size back,
        # also when it is stopped between two batches
        assert store.save_suggestions(article_id, RULES_VERSION, found, batch_size=3)
        assert store.db.conn.execute("PRAGMA cache_size").fetchone()[0] == -3000
        assert not store.save_suggestions(
            article_id, RULES_VERSION, found, batch_size=3, stop=lambda: True
        )
        assert store.db.conn.execute("PRAGMA cache_size").fetchone()[0] == -3000


def test_saved_with_the_text_length_given_is_the_same_cache_and_still_checked(
    mem_store: Store,
) -> None:
    stored, _ = mem_store.import_article(load_seed())
    found = suggest(stored.article)
    size = len(stored.article.text)
    assert mem_store.save_suggestions(
        stored.id, RULES_VERSION, found, batch_size=7, text_length=size
    )
    cached = mem_store.cached_suggestions(stored.id, RULES_VERSION)
    assert cached == found
    past_the_end = Suggestion("claim", size - 3, size + 1, "x", None, "r", 0.5)
    with pytest.raises(StoreError, match="invalid suggestion"):
        mem_store.save_suggestions(
            stored.id, RULES_VERSION, [past_the_end], batch_size=7, text_length=size
        )
    assert mem_store.cached_suggestions(stored.id, RULES_VERSION) == found
