"""Resolving the conflicts a merge recorded: keep the current version or take the other.

``conflicts`` holds versions of an annotation that lost a merge (see
:mod:`reader.store.merge`). The user settles each one:

- :func:`keep_current` drops the recorded version (the annotation is unchanged);
- :func:`take_conflict` writes the recorded version's tag, speaker, status, note
  and deleted state to the annotation as one recorded action (``u`` undoes it,
  bringing the replaced version back) and drops the conflict row. The passage
  (start/end) stays where the current version has it.

Each is one transaction. Dropping a conflict row is not itself an undo step.
"""

from __future__ import annotations

from typing import Any

from reader.store import history
from reader.store.errors import NotFoundError, StoreError
from reader.store.records import Annotation, Conflict
from reader.store.store import Store, utc_now
from reader.store.transactions import write_transaction

__all__ = ["conflict_changes", "keep_current", "take_conflict"]

#: The fields a conflict can differ in from the current version, as the list shows them.
CHANGE_FIELDS: tuple[str, ...] = ("tag", "status", "speaker", "note", "deleted", "passage")


def _value(record: Annotation | Conflict, field: str) -> str | None:
    if field == "deleted":
        return "deleted" if record.deleted_at else "live"
    if field == "passage":
        return f"{record.start}-{record.end}"
    return getattr(record, field)


def conflict_changes(
    conflict: Conflict, current: Annotation | None
) -> list[tuple[str, str | None, str | None]]:
    """``(field, current value, other value)`` for every field in which the recorded
    version differs from the current one (all of them when the annotation is gone)."""
    changes = []
    for field in CHANGE_FIELDS:
        mine = None if current is None else _value(current, field)
        theirs = _value(conflict, field)
        if mine != theirs:
            changes.append((field, mine, theirs))
    return changes


def _conflict_row(store: Store, conflict_id: int) -> dict[str, Any]:
    rows = list(
        store.db.query(
            "SELECT id, annotation_id, article_id, tag, speaker, status, note, deleted_at, "
            "author, updated_at FROM conflicts WHERE id = ?",
            [conflict_id],
        )
    )
    if not rows:
        raise NotFoundError(f"no conflict with id {conflict_id}")
    return rows[0]


def keep_current(store: Store, conflict_id: int) -> None:
    """Settle a conflict for the current version: the recorded version is dropped."""
    with write_transaction(store.db.conn):
        _conflict_row(store, conflict_id)
        store.db.execute("DELETE FROM conflicts WHERE id = ?", [conflict_id])


def take_conflict(store: Store, conflict_id: int) -> Annotation:
    """Settle a conflict for the recorded version: its tag, speaker, status, note and
    deleted state replace the annotation's (one undoable action), and the conflict
    row is dropped. Returns the annotation as it now is."""
    with write_transaction(store.db.conn):
        conflict = _conflict_row(store, conflict_id)
        rows = list(
            store.db.query(
                "SELECT id, article_id, tag, speaker, status, note, deleted_at, exact "
                "FROM annotations WHERE id = ?",
                [conflict["annotation_id"]],
            )
        )
        if not rows:
            raise StoreError(
                f"the annotation of conflict {conflict_id} is no longer in the database"
            )
        row = rows[0]
        before = history.state_of(row)
        tag = store._ensure_tag(conflict["tag"]).name
        after = {
            "tag": tag,
            "speaker": conflict["speaker"],
            "status": conflict["status"],
            "note": conflict["note"],
            "deleted": conflict["deleted_at"] is not None,
        }
        if after != before:
            now = utc_now()
            history.apply_state(store.db, row["id"], after, now)
            history.record(
                store.db,
                article_id=row["article_id"],
                annotation_id=row["id"],
                action="update",  # the history table allows four actions; an edit
                description=f"take {conflict['author']}'s version of {row['exact'][:30]}",
                before=before,
                after=after,
                author=store.author,
                now=now,
            )
        store.db.execute("DELETE FROM conflicts WHERE id = ?", [conflict_id])
    return store.get_annotation(row["id"])
