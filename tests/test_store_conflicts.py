"""Settling merge conflicts in the store (keep current / take the other) and noticing
other processes' commits (``Store.data_version``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from store_helpers import small_article

from reader.store import NotFoundError, Store, StoreError, conflict_changes

pytest_plugins = ["store_fixtures"]  # mem_store, db_path, file_store


def _record_conflict(store: Store, of: str, **values: object) -> int:
    """A losing version of annotation ``of`` as a merge records it; returns its id."""
    current = store.get_annotation(of)
    row = {
        "annotation_id": current.id,
        "article_id": current.article_id,
        "start": current.start,
        "end": current.end,
        "exact": current.exact,
        "tag": current.tag,
        "speaker": current.speaker,
        "status": current.status,
        "note": current.note,
        "author": "carol",
        "created_at": current.created_at,
        "updated_at": "2026-01-02T00:00:00.000000Z",
        "deleted_at": None,
        "winner_updated_at": current.updated_at,
        "source": "carol.db",
        "recorded_at": "2026-01-03T00:00:00.000000Z",
        **values,
    }
    return store.db["conflicts"].insert(row).last_pk


@pytest.fixture
def annotated(mem_store: Store) -> tuple[Store, str]:
    stored, _ = mem_store.import_article(small_article())
    annotation = mem_store.add_annotation(stored.id, 0, 3, "claim")
    mem_store.update_annotation(annotation.id, note="mine")
    return mem_store, annotation.id


def test_conflict_changes_name_each_differing_field(annotated: tuple[Store, str]) -> None:
    store, annotation_id = annotated
    conflict_id = _record_conflict(
        store, annotation_id, tag="quote", status="disputed", speaker="Ann", note=None
    )
    (conflict,) = [c for c in store.list_conflicts() if c.id == conflict_id]
    changes = conflict_changes(conflict, store.get_annotation(annotation_id))
    assert changes == [
        ("tag", "claim", "quote"),
        ("status", "unverified", "disputed"),
        ("speaker", None, "Ann"),
        ("note", "mine", None),
    ]


def test_take_conflict_writes_the_other_version_and_undo_brings_mine_back(
    annotated: tuple[Store, str],
) -> None:
    store, annotation_id = annotated
    article_id = store.get_annotation(annotation_id).article_id
    conflict_id = _record_conflict(store, annotation_id, tag="person", status="false", note="x")
    taken = store.take_conflict(conflict_id)
    assert (taken.tag, taken.status, taken.note) == ("person", "false", "x")
    assert [t.name for t in store.tags() if t.name == "person"] == ["person"]
    assert store.list_conflicts(article_id) == []
    step = store.undo(article_id)
    assert step is not None and "carol" in step.description
    back = store.get_annotation(annotation_id)
    assert (back.tag, back.status, back.note) == ("claim", "unverified", "mine")


def test_take_a_deleted_version_deletes(annotated: tuple[Store, str]) -> None:
    store, annotation_id = annotated
    article_id = store.get_annotation(annotation_id).article_id
    conflict_id = _record_conflict(store, annotation_id, deleted_at="2026-01-02T00:00:00.000000Z")
    store.take_conflict(conflict_id)
    assert store.annotations(article_id) == []


def test_keep_current_drops_the_recorded_version_only(annotated: tuple[Store, str]) -> None:
    store, annotation_id = annotated
    before = store.get_annotation(annotation_id)
    keep = _record_conflict(store, annotation_id, tag="quote")
    other = _record_conflict(store, annotation_id, status="false")
    store.keep_current_version(keep)
    assert [c.id for c in store.list_conflicts()] == [other]
    assert store.get_annotation(annotation_id) == before


def test_unknown_conflict_or_vanished_annotation_is_an_error(
    annotated: tuple[Store, str],
) -> None:
    store, annotation_id = annotated
    with pytest.raises(NotFoundError):
        store.take_conflict(999)
    with pytest.raises(NotFoundError):
        store.keep_current_version(999)
    conflict_id = _record_conflict(store, annotation_id, annotation_id="gone")
    with pytest.raises(StoreError, match="no longer in the database"):
        store.take_conflict(conflict_id)
    assert [c.id for c in store.list_conflicts()] == [conflict_id]  # rolled back


def test_data_version_changes_for_other_connections_commits_only(
    db_path: Path, file_store: Store
) -> None:
    stored, _ = file_store.import_article(small_article())
    seen = file_store.data_version()
    file_store.add_annotation(stored.id, 0, 3, "claim")
    assert file_store.data_version() == seen  # our own commit
    with Store.open(db_path, author="other") as other:
        other.add_annotation(stored.id, 4, 8, "quote")
    assert file_store.data_version() != seen
