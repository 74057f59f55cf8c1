"""Export rows: columns, order, section names, filters, streaming."""

from __future__ import annotations

import types

import pytest
from store_helpers import SEED_SECTIONS, seed_article, small_article

from reader.io.export import EXPORT_COLUMNS
from reader.store import NotFoundError, Store

pytest_plugins = ["store_fixtures"]  # mem_store, db_path, file_store


def _annotate(store: Store, article_id: str, text: str, phrase: str, tag: str = "claim") -> str:
    start = text.index(phrase)
    return store.add_annotation(article_id, start, start + len(phrase), tag).id


def test_export_rows_for_the_seed_article(mem_store: Store) -> None:
    stored, _ = mem_store.import_article(seed_article())
    text = stored.article.text
    phrases = [
        "Witnesses reported airstrikes",  # Displaced again (added first, sorts later)
        "Israel mounted its bombardment",  # lead
        "Alive and kicking",  # the heading itself: its own section
        "Arson",  # heading of the last section
        "Diplomats and observers",  # last section
        "We lost the main entry point",  # Displaced again
    ]
    ids = {p: _annotate(mem_store, stored.id, text, p) for p in phrases}
    mem_store.delete_annotation(_annotate(mem_store, stored.id, text, "Rafah crossing"))

    rows = list(mem_store.iter_export_rows())
    assert all(tuple(row) == EXPORT_COLUMNS for row in rows)
    assert [row["start"] for row in rows] == sorted(text.index(p) for p in phrases)
    by_exact = {row["exact"]: row for row in rows}
    assert set(by_exact) == set(phrases)  # the deleted one is left out
    expected_sections = {
        "Israel mounted its bombardment": SEED_SECTIONS[0],
        "Witnesses reported airstrikes": SEED_SECTIONS[1],
        "We lost the main entry point": SEED_SECTIONS[1],
        "Alive and kicking": SEED_SECTIONS[2],
        "Arson": SEED_SECTIONS[3],
        "Diplomats and observers": SEED_SECTIONS[3],
    }
    assert {p: r["section"] for p, r in by_exact.items()} == expected_sections
    row = by_exact["Israel mounted its bombardment"]
    note = mem_store.get_annotation(ids["Israel mounted its bombardment"])
    assert row == {
        "id": note.id,
        "article_id": stored.id,
        "article_title": "Seed article",
        "section": "",
        "start": 0,
        "end": len("Israel mounted its bombardment"),
        "exact": "Israel mounted its bombardment",
        "prefix": "",
        "suffix": note.suffix,
        "tag": "claim",
        "speaker": None,
        "status": "unverified",
        "note": None,
        "author": "tester",
        "created_at": note.created_at,
        "updated_at": note.updated_at,
    }


def test_export_orders_by_article_start_end_id(mem_store: Store) -> None:
    one, _ = mem_store.import_article(small_article("One"))
    two, _ = mem_store.import_article(small_article("Two"))
    for article_id, start, end in [(two.id, 0, 3), (one.id, 5, 9), (one.id, 0, 4), (one.id, 0, 2)]:
        mem_store.add_annotation(article_id, start, end, "claim")
    mem_store.add_annotation(one.id, 0, 2, "quote")  # same span: ordered by id
    rows = list(mem_store.iter_export_rows())
    keys = [(r["article_id"], r["start"], r["end"]) for r in rows]
    assert keys == [(one.id, 0, 2), (one.id, 0, 2), (one.id, 0, 4), (one.id, 5, 9), (two.id, 0, 3)]
    assert rows[0]["id"] < rows[1]["id"]


def test_export_filters_by_article_and_tag(mem_store: Store) -> None:
    one, _ = mem_store.import_article(small_article("One"))
    two, _ = mem_store.import_article(small_article("Two"))
    mem_store.add_annotation(one.id, 0, 3, "claim")
    mem_store.add_annotation(one.id, 4, 8, "quote")
    mem_store.add_annotation(two.id, 0, 3, "quote")
    assert [r["tag"] for r in mem_store.iter_export_rows(article_id=one.id[:5])] == [
        "claim",
        "quote",
    ]
    assert [r["article_id"] for r in mem_store.iter_export_rows(tag="Quote")] == [one.id, two.id]
    assert [r["start"] for r in mem_store.iter_export_rows(one.id, tag="quote")] == [4]


def test_export_unknown_article_or_tag_fails_before_iterating(mem_store: Store) -> None:
    with pytest.raises(NotFoundError, match="no article with id 'abc'"):
        mem_store.iter_export_rows(article_id="abc")
    with pytest.raises(NotFoundError, match="no tag named 'nosuch'"):
        mem_store.iter_export_rows(tag="nosuch")


def test_export_streams(mem_store: Store) -> None:
    stored, _ = mem_store.import_article(small_article())
    for start in range(20):
        mem_store.add_annotation(stored.id, start, start + 1, "claim")
    rows = mem_store.iter_export_rows()
    assert isinstance(rows, types.GeneratorType)
    assert next(rows)["start"] == 0
    assert sum(1 for _ in rows) == 19
