"""Adding, changing and soft-deleting annotations."""

from __future__ import annotations

import re
import uuid

import pytest
from store_helpers import seed_article, small_article

from reader.store import STATUSES, VERDICTS, NotFoundError, Store, StoreError

pytest_plugins = ["store_fixtures"]  # mem_store, db_path, file_store

TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z")


@pytest.fixture
def seeded(mem_store: Store) -> tuple[Store, str, str]:
    """The store, the seed article id and its text."""
    stored, _ = mem_store.import_article(seed_article())
    return mem_store, stored.id, stored.article.text


def test_add_computes_exact_prefix_suffix(seeded: tuple[Store, str, str]) -> None:
    store, article_id, text = seeded
    start = text.index("Biden vowed")
    note = store.add_annotation(
        article_id, start, start + 11, "Claim", speaker=" AFP ", note="  check  "
    )
    assert uuid.UUID(note.id).version == 4
    assert note.exact == "Biden vowed"
    assert note.prefix == text[start - 32 : start] and len(note.prefix) == 32
    assert note.suffix == text[start + 11 : start + 43]
    assert (note.tag, note.speaker, note.note, note.status) == (
        "claim",
        "AFP",
        "check",
        "unverified",
    )
    assert note.author == "tester"
    assert TIMESTAMP.fullmatch(note.created_at) and note.updated_at == note.created_at
    assert note.deleted_at is None and not note.is_deleted
    assert store.get_annotation(note.id) == note
    assert store.annotations(article_id) == [note]


def test_context_is_clipped_at_the_ends(seeded: tuple[Store, str, str]) -> None:
    store, article_id, text = seeded
    first = store.add_annotation(article_id, 0, 6, "claim")
    last = store.add_annotation(article_id, len(text) - 5, len(text), "claim")
    assert first.prefix == "" and first.exact == text[:6]
    assert last.suffix == "" and last.exact == text[-5:]


@pytest.mark.parametrize(("start", "end"), [(-1, 3), (3, 3), (5, 2), (0, 10**6)])
def test_add_rejects_bad_spans(seeded: tuple[Store, str, str], start: int, end: int) -> None:
    store, article_id, _ = seeded
    with pytest.raises(StoreError, match="invalid span"):
        store.add_annotation(article_id, start, end, "claim")
    assert store.annotations(article_id, include_deleted=True) == []


def test_add_rejects_bad_status_and_unknown_article(seeded: tuple[Store, str, str]) -> None:
    store, article_id, _ = seeded
    with pytest.raises(StoreError, match="invalid status"):
        store.add_annotation(article_id, 0, 3, "claim", status="maybe")
    with pytest.raises(NotFoundError, match="no article with id 'nope'"):
        store.add_annotation("nope", 0, 3, "claim")
    with pytest.raises(StoreError, match="integers"):
        store.add_annotation(article_id, 0.0, 3, "claim")  # type: ignore[arg-type]


def test_add_creates_a_new_tag(seeded: tuple[Store, str, str]) -> None:
    store, article_id, _ = seeded
    store.add_annotation(article_id, 0, 3, "Number")
    assert "number" in {t.name for t in store.tags()}


def test_update_changes_fields_and_updated_at(seeded: tuple[Store, str, str]) -> None:
    store, article_id, _ = seeded
    note = store.add_annotation(article_id, 0, 6, "claim", speaker="x", note="n")
    changed = store.update_annotation(
        note.id, tag="quote", speaker="Biden", status="disputed", note=""
    )
    assert (changed.tag, changed.speaker, changed.status, changed.note) == (
        "quote",
        "Biden",
        "disputed",
        None,
    )
    assert changed.updated_at > note.updated_at and changed.created_at == note.created_at
    assert changed.exact == note.exact  # the span never changes


def test_update_without_change_records_nothing(seeded: tuple[Store, str, str]) -> None:
    store, article_id, _ = seeded
    note = store.add_annotation(article_id, 0, 6, "claim")
    assert store.update_annotation(note.id, tag="CLAIM") == note
    assert store.db.execute("SELECT count(*) FROM history").fetchone()[0] == 1


def test_update_rejects_unknown_fields_and_values(seeded: tuple[Store, str, str]) -> None:
    store, article_id, _ = seeded
    note = store.add_annotation(article_id, 0, 6, "claim")
    with pytest.raises(StoreError, match="cannot change start"):
        store.update_annotation(note.id, start="1")
    with pytest.raises(StoreError, match="invalid status"):
        store.update_annotation(note.id, status="true")
    with pytest.raises(StoreError, match="invalid tag name"):
        store.update_annotation(note.id, tag="")
    assert store.get_annotation(note.id) == note


def test_cycle_status_walks_all_statuses(seeded: tuple[Store, str, str]) -> None:
    store, article_id, _ = seeded
    note = store.add_annotation(article_id, 0, 6, "claim")
    seen = [store.cycle_status(note.id).status for _ in range(5)]
    assert seen == ["supported", "disputed", "false", "unverified", "supported"]
    assert VERDICTS == ("unverified", "supported", "disputed", "false")
    assert (*VERDICTS, "needs-recheck") == STATUSES  # set by merges, never by the cycle


def test_delete_is_soft(seeded: tuple[Store, str, str]) -> None:
    store, article_id, _ = seeded
    note = store.add_annotation(article_id, 0, 6, "claim")
    deleted = store.delete_annotation(note.id)
    assert deleted.is_deleted and TIMESTAMP.fullmatch(deleted.deleted_at or "")
    assert store.annotations(article_id) == []
    assert store.annotations(article_id, include_deleted=True) == [deleted]
    assert store.get_annotation(note.id) == deleted
    with pytest.raises(StoreError, match="is deleted"):
        store.delete_annotation(note.id)
    with pytest.raises(StoreError, match="is deleted"):
        store.cycle_status(note.id)


def test_unknown_annotation(mem_store: Store) -> None:
    with pytest.raises(NotFoundError, match="no annotation with id 'abc'"):
        mem_store.get_annotation("abc")
    with pytest.raises(NotFoundError):
        mem_store.cycle_status("abc")


def test_annotations_are_ordered_by_start_end(mem_store: Store) -> None:
    stored, _ = mem_store.import_article(small_article())
    spans = [(10, 12), (0, 5), (0, 3), (4, 9)]
    for start, end in spans:
        mem_store.add_annotation(stored.id, start, end, "claim")
    assert [(a.start, a.end) for a in mem_store.annotations(stored.id)] == sorted(spans)


def test_database_constraints_back_the_checks(mem_store: Store) -> None:
    stored, _ = mem_store.import_article(small_article())
    note = mem_store.add_annotation(stored.id, 0, 3, "claim")
    with pytest.raises(Exception, match="CHECK constraint"):
        mem_store.db.execute("UPDATE annotations SET status = 'bogus' WHERE id = ?", [note.id])
    with pytest.raises(Exception, match="FOREIGN KEY"):
        mem_store.db.execute("UPDATE annotations SET tag = 'nosuch' WHERE id = ?", [note.id])
