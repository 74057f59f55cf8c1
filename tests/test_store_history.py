"""Persisted per-article undo/redo."""

from __future__ import annotations

from pathlib import Path

from store_helpers import small_article

from reader.store import Annotation, HistoryStep, Store

pytest_plugins = ["store_fixtures"]  # mem_store, db_path, file_store


def _state(store: Store, article_id: str) -> list[tuple]:
    """Everything undo/redo can change, for every live annotation of the article."""
    return [(a.id, a.tag, a.speaker, a.status, a.note) for a in store.annotations(article_id)]


def test_undo_redo_many_steps(mem_store: Store) -> None:
    stored, _ = mem_store.import_article(small_article())
    states = [_state(mem_store, stored.id)]
    first = mem_store.add_annotation(stored.id, 0, 3, "claim")
    states.append(_state(mem_store, stored.id))
    second = mem_store.add_annotation(stored.id, 4, 8, "quote")
    states.append(_state(mem_store, stored.id))
    actions = [
        lambda: mem_store.cycle_status(first.id),
        lambda: mem_store.update_annotation(first.id, note="n", speaker="s"),
        lambda: mem_store.update_annotation(second.id, tag="person"),
        lambda: mem_store.cycle_status(first.id),
        lambda: mem_store.delete_annotation(second.id),
        lambda: mem_store.cycle_status(first.id),
    ]
    for action in actions:
        action()
        states.append(_state(mem_store, stored.id))

    # Undo everything, one step at a time, back to "no annotations live".
    for expected in reversed(states[1:-1]):
        assert mem_store.undo(stored.id) is not None
        assert _state(mem_store, stored.id) == expected
    step = mem_store.undo(stored.id)
    assert step == HistoryStep("add", first.id, "add claim “One”")
    assert mem_store.annotations(stored.id) == []  # an undone add is soft-deleted
    assert mem_store.undo(stored.id) is None

    # Redo everything.
    for expected in states[1:]:
        assert mem_store.redo(stored.id) is not None
        assert _state(mem_store, stored.id) == expected
    assert mem_store.redo(stored.id) is None


def test_undo_and_redo_update_updated_at(mem_store: Store) -> None:
    stored, _ = mem_store.import_article(small_article())
    note = mem_store.add_annotation(stored.id, 0, 3, "claim")
    changed = mem_store.cycle_status(note.id)
    mem_store.undo(stored.id)
    undone = mem_store.get_annotation(note.id)
    assert undone.status == "unverified" and undone.updated_at > changed.updated_at
    mem_store.redo(stored.id)
    assert mem_store.get_annotation(note.id).updated_at > undone.updated_at


def test_new_action_clears_redo_stack(mem_store: Store) -> None:
    stored, _ = mem_store.import_article(small_article())
    note = mem_store.add_annotation(stored.id, 0, 3, "claim")
    mem_store.cycle_status(note.id)
    mem_store.cycle_status(note.id)
    mem_store.undo(stored.id)
    mem_store.undo(stored.id)
    mem_store.update_annotation(note.id, note="fresh")
    assert mem_store.redo(stored.id) is None
    assert mem_store.get_annotation(note.id).status == "unverified"
    step = mem_store.undo(stored.id)
    assert step is not None and step.action == "update"
    assert mem_store.get_annotation(note.id).note is None
    rows = mem_store.db.execute("SELECT action, undone FROM history ORDER BY id").fetchall()
    assert rows == [("add", 0), ("update", 1)]


def test_history_is_per_article(mem_store: Store) -> None:
    one, _ = mem_store.import_article(small_article("One"))
    two, _ = mem_store.import_article(small_article("Two"))
    a = mem_store.add_annotation(one.id, 0, 3, "claim")
    b = mem_store.add_annotation(two.id, 0, 3, "claim")
    mem_store.undo(one.id)
    assert mem_store.redo(two.id) is None  # undoing in one does not give two a redo
    mem_store.cycle_status(b.id)  # and a new action in two keeps one's redo stack
    assert mem_store.redo(one.id) == HistoryStep("add", a.id, "add claim “One”")
    assert [n.id for n in mem_store.annotations(one.id)] == [a.id]


def test_undo_of_delete_restores(mem_store: Store) -> None:
    stored, _ = mem_store.import_article(small_article())
    note = mem_store.add_annotation(stored.id, 0, 3, "claim", note="keep")
    mem_store.delete_annotation(note.id)
    step = mem_store.undo(stored.id)
    assert step is not None and step.action == "delete"
    restored = mem_store.get_annotation(note.id)
    assert not restored.is_deleted and restored.note == "keep"


def test_undo_persists_across_reopen(db_path: Path) -> None:
    with Store.open(db_path, author="tester") as store:
        stored, _ = store.import_article(small_article())
        note: Annotation = store.add_annotation(stored.id, 0, 3, "claim")
        for _ in range(3):
            store.cycle_status(note.id)
    with Store.open(db_path) as store:
        assert store.undo(stored.id) is not None
        assert store.get_annotation(note.id).status == "disputed"
    with Store.open(db_path) as store:
        store.undo(stored.id)
        assert store.get_annotation(note.id).status == "supported"
    with Store.open(db_path) as store:
        assert store.redo(stored.id) is not None
        assert store.redo(stored.id) is not None
        assert store.redo(stored.id) is None
        assert store.get_annotation(note.id).status == "false"
