"""Which errors the store maps to ``StoreError`` (issue 10): only what a user can act on.

A locked database is the everyday case: every public ``Store`` method is tried while
another connection holds the write lock. The list of methods comes from the class
itself, so a new public method without a case here fails the test.
"""

from __future__ import annotations

import inspect
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from reader.io.importers import load_seed, parse_markdown
from reader.model.feed import FeedEntry
from reader.model.suggestion import Suggestion
from reader.store import Store, StoreError
from reader.store.errors import translate_errors

RULES = 1


@pytest.fixture
def filled(tmp_path: Path) -> dict[str, Any]:
    """A database with an article, annotations (one undone), tags and cached suggestions."""
    path = tmp_path / "reader.db"
    with Store.open(path, author="tester") as store:
        seed, _ = store.import_article(load_seed())
        text = seed.article.text
        first = store.add_annotation(seed.id, 0, 6, "claim", note="first")
        second = store.add_annotation(seed.id, 10, 20, "quote", speaker="someone")
        store.update_annotation(second.id, note="changed")
        store.undo(seed.id)
        suggestions = [
            Suggestion("claim", 30, 40, text[30:40], None, "a rule", 0.5),
            Suggestion("quote", 50, 60, text[50:60], "x", "a rule", 0.9),
        ]
        store.save_suggestions(seed.id, RULES, suggestions)
        feed, _ = store.add_feed("http://127.0.0.1:9/feed.xml")
        # A long file opened in the reader and closed before its screen indexed it.
        long = parse_markdown("# Long\n\n" + "A waiting paragraph.\n\n" * 4000, source="l.md")
        store.import_article(long, index_later=True)
        assert store.waiting_passages() == 1
    return {
        "feed": feed.id,
        "entry": FeedEntry("guid-1", "http://127.0.0.1:9/a", "A", None, None, "<p>A.</p>"),
        "path": path,
        "article": seed.id,
        "first": first.id,
        "second": second.id,
        "suggestions": suggestions,
        "record": {
            "id": "00000000-0000-4000-8000-000000000001",
            "article_id": seed.id,
            "start": 0,
            "end": 6,
            "exact": text[0:6],
            "prefix": "",
            "suffix": text[6:38],
            "tag": "claim",
            "speaker": None,
            "status": "unverified",
            "note": None,
            "author": "someone else",
            "created_at": "2026-01-01T00:00:00.000000Z",
            "updated_at": "2026-01-01T00:00:00.000000Z",
            "deleted_at": None,
        },
    }


Case = Callable[[Store, dict[str, Any]], Any]

#: Methods that write: each must fail with StoreError while the database is locked.
WRITES: dict[str, Case] = {
    "import_article": lambda s, f: s.import_article(
        parse_markdown("# New\n\nText.", source="n.md")
    ),
    "import_articles": lambda s, f: s.import_articles(
        [parse_markdown("# New\n\nText.", source="n.md")]
    ),
    "add_annotation": lambda s, f: s.add_annotation(f["article"], 0, 4, "claim"),
    "update_annotation": lambda s, f: s.update_annotation(f["first"], note="new note"),
    "cycle_status": lambda s, f: s.cycle_status(f["first"]),
    "delete_annotation": lambda s, f: s.delete_annotation(f["first"]),
    "undo": lambda s, f: s.undo(f["article"]),
    "redo": lambda s, f: s.redo(f["article"]),
    "ensure_tag": lambda s, f: s.ensure_tag("brand new"),
    "import_annotations": lambda s, f: s.import_annotations([f["record"]]),
    "save_suggestions": lambda s, f: s.save_suggestions(f["article"], RULES + 1, []),
    "reject_suggestion": lambda s, f: s.reject_suggestion(f["article"], f["suggestions"][0]),
    "accept_suggestions": lambda s, f: s.accept_suggestions(f["article"], f["suggestions"]),
    "keep_current_version": lambda s, f: s.keep_current_version(1),
    "take_conflict": lambda s, f: s.take_conflict(1),
    "add_feed": lambda s, f: s.add_feed("http://127.0.0.1:9/other.xml"),
    "remove_feed": lambda s, f: s.remove_feed(f["feed"]),
    "record_feed_check": lambda s, f: s.record_feed_check(f["feed"], error="offline"),
    "add_feed_item": lambda s, f: s.add_feed_item(
        f["feed"], f["entry"], None, "known", article_id=f["article"]
    ),
    "mark_read": lambda s, f: s.mark_read(f["article"]),
    "index_waiting_passages": lambda s, f: s.index_waiting_passages(),
    "refresh_article": lambda s, f: s.refresh_article(
        f["article"], parse_markdown("# Changed\n\nAnother text.", source="n.md")
    ),
}

#: Methods that only read: under WAL they work while another connection writes.
READS: dict[str, Case] = {
    "open": lambda s, f: Store.open(f["path"], busy_timeout_ms=20).close(),
    "close": lambda s, f: s.close(),
    "get_article": lambda s, f: s.get_article(f["article"]),
    "resolve_article_id": lambda s, f: s.resolve_article_id(f["article"][:6]),
    "find_article_by_hash": lambda s, f: s.find_article_by_hash(load_seed().content_hash),
    "new_article_id": lambda s, f: s.new_article_id("ab" * 32),
    "list_articles": lambda s, f: s.list_articles(),
    "library_entries": lambda s, f: s.library_entries(),
    "article_count": lambda s, f: s.article_count(),
    "search": lambda s, f: s.search("first OR someone"),
    "waiting_passages": lambda s, f: s.waiting_passages(),
    "annotations": lambda s, f: s.annotations(f["article"], include_deleted=True),
    "get_annotation": lambda s, f: s.get_annotation(f["first"]),
    "annotation_authors": lambda s, f: s.annotation_authors(f["article"]),
    "tags": lambda s, f: s.tags(),
    "has_tag": lambda s, f: s.has_tag("claim"),
    "same_annotation": lambda s, f: s.same_annotation(f["article"], 0, 4, "claim"),
    "iter_export_rows": lambda s, f: list(s.iter_export_rows(include_deleted=True)),
    "export_cells": lambda s, f: list(s.export_cells()),
    "count_export_rows": lambda s, f: s.count_export_rows(),
    "check_export_tables": lambda s, f: s.check_export_tables(),
    "cached_suggestions": lambda s, f: s.cached_suggestions(f["article"], RULES),
    "suggestion_table": lambda s, f: s.suggestion_table(f["article"], RULES, "text"),
    "rejected_suggestions": lambda s, f: s.rejected_suggestions(f["article"]),
    "list_conflicts": lambda s, f: s.list_conflicts(),
    "list_rechecks": lambda s, f: s.list_rechecks(),
    "data_version": lambda s, f: s.data_version(),
    "release_memory": lambda s, f: s.release_memory(),
    "list_orphans": lambda s, f: s.list_orphans(f["article"]),
    "list_feeds": lambda s, f: s.list_feeds(),
    "get_feed": lambda s, f: s.get_feed(f["feed"]),
    "feed_item_guids": lambda s, f: s.feed_item_guids(f["feed"]),
    "find_article_by_url": lambda s, f: s.find_article_by_url("http://127.0.0.1:9/a"),
    "list_versions": lambda s, f: s.list_versions(f["article"]),
    "annotated_version": lambda s, f: s.annotated_version(f["article"]),
}


def public_methods() -> set[str]:
    return {
        name
        for name, value in inspect.getmembers(Store)
        if not name.startswith("_") and callable(value)
    }


def test_every_public_method_has_a_locked_database_case() -> None:
    assert not set(WRITES) & set(READS)
    assert public_methods() == set(WRITES) | set(READS)


def dump(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, read through a connection of its own."""
    conn = sqlite3.connect(path)
    try:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {t: sorted(conn.execute(f'SELECT * FROM "{t}"'), key=repr) for t in tables}
    finally:
        conn.close()


@pytest.fixture
def locked(filled: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """``filled`` while another connection holds the write lock."""
    locker = sqlite3.connect(filled["path"], isolation_level=None)
    locker.execute("BEGIN IMMEDIATE")
    try:
        yield filled
    finally:
        locker.execute("ROLLBACK")
        locker.close()


@pytest.mark.parametrize("name", sorted(WRITES))
def test_write_on_a_locked_database_is_a_store_error_and_changes_nothing(
    locked: dict[str, Any], name: str
) -> None:
    before = dump(locked["path"])
    store = Store.open(locked["path"], author="tester", busy_timeout_ms=20)
    with store, pytest.raises(StoreError, match="locked"):
        WRITES[name](store, locked)
    assert dump(locked["path"]) == before


@pytest.mark.parametrize("name", sorted(READS))
def test_read_on_a_locked_database_works(locked: dict[str, Any], name: str) -> None:
    before = dump(locked["path"])
    with Store.open(locked["path"], author="tester", busy_timeout_ms=20) as store:
        READS[name](store, locked)  # WAL: readers are not blocked by a writer
    assert dump(locked["path"]) == before


def test_opening_a_new_database_while_locked_is_a_store_error(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    sqlite3.connect(path).close()
    locker = sqlite3.connect(path, isolation_level=None)
    locker.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StoreError, match="locked"):
            Store.open(path, busy_timeout_ms=20)
    finally:
        locker.execute("ROLLBACK")
        locker.close()


def test_a_bad_statement_is_a_bug_not_a_store_error() -> None:
    """Only conditions a user can act on become StoreError; a broken SQL statement
    (SQLITE_ERROR) or a broken constraint propagates as the sqlite3 error it is."""
    conn = sqlite3.connect(":memory:")
    with pytest.raises(sqlite3.OperationalError), translate_errors():
        conn.execute("SELECT * FROM no_such_table")
    conn.execute("CREATE TABLE t (x INTEGER PRIMARY KEY)")
    conn.execute("INSERT INTO t VALUES (1)")
    with pytest.raises(sqlite3.IntegrityError), translate_errors():
        conn.execute("INSERT INTO t VALUES (1)")


def test_export_cells_maps_an_error_while_rows_are_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Regression: ``export_cells`` returned its cursor outside ``translate_errors``, so a
    damaged page met half-way through the rows escaped as a raw sqlite3 error."""
    path = tmp_path / "reader.db"
    count = 1000
    with Store.open(path, author="tester") as store:
        # Two articles: an export sorts one article's rows at a time, so the damage
        # (in the second article's rows) is met after the first rows have come out.
        first_article, _ = store.import_article(load_seed())
        body = " ".join(f"Sentence number {i} is here." for i in range(200))
        second_article, _ = store.import_article(parse_markdown(body, source="b.md"))
        rows = []
        for n, article in enumerate((first_article, second_article)):
            text = article.article.text
            assert len(text) > count
            rows += [
                (f"id{n}{i:05d}", article.id, i, i + 1, text[i], f"MARK{n}{i:05d}" + "x" * 100)
                for i in range(count)
            ]
        store.db.conn.executemany(
            'INSERT INTO annotations (id, article_id, start, "end", exact, prefix, suffix, tag, '
            "status, note, author, created_at, updated_at) VALUES "
            "(?, ?, ?, ?, ?, '', '', 'claim', 'unverified', ?, 'tester', 't', 't')",
            rows,
        )
    data = bytearray(path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    at = data.index(f"MARK1{count // 2:05d}".encode())
    page = at // page_size
    data[page * page_size : (page + 1) * page_size] = bytes(page_size)
    path.write_bytes(bytes(data))
    with Store.open(path, author="tester") as store:
        # Since issue 13 (finding 4) the damage is found before any row comes out ...
        with pytest.raises(StoreError, match="damaged"):
            store.export_cells()
        # ... and without that check, an error met half-way is still a StoreError.
        monkeypatch.setattr(type(store), "check_export_tables", lambda self: None)
        cells = store.export_cells()
        first = next(cells)  # the first rows come from undamaged pages
        assert first[0] == "id000000"
        with pytest.raises(StoreError, match="damaged"):
            for _ in cells:
                pass
