"""Persisted, per-article undo/redo of annotation changes.

Every mutating action stores one ``history`` row with the annotation's
mutable *state* before and after (see :func:`state_of`). Undo applies the
latest not-undone row's ``before`` and marks it ``undone``; redo applies the
oldest undone row's ``after`` and clears the mark. Recording a new action
first drops the article's undone rows (the redo stack). Undone rows are
always the newest ones of an article, so "latest not undone" and "oldest
undone" are the two ends of the same stack.

Callers run these functions inside a write transaction.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from reader.store.records import HistoryStep
from reader.store.validation import snippet

if TYPE_CHECKING:  # imported when the store first needs it (start-up, issue 12)
    from sqlite_utils import Database

__all__ = [
    "apply_state",
    "clear_redo",
    "history_step",
    "record",
    "redo",
    "state_of",
    "undo",
]

#: Annotation columns an action can change (plus the deleted flag).
MUTABLE_FIELDS: tuple[str, ...] = ("tag", "speaker", "status", "note")


def state_of(row: dict[str, Any], *, deleted: bool | None = None) -> dict[str, Any]:
    """The mutable state of an annotation row: tag, speaker, status, note, deleted.

    ``deleted`` overrides the row's own flag (an ``add`` is recorded with a
    ``before`` state equal to the new row but deleted, so undoing it
    soft-deletes the annotation).
    """
    state = {name: row[name] for name in MUTABLE_FIELDS}
    state["deleted"] = row["deleted_at"] is not None if deleted is None else deleted
    return state


def apply_state(db: Database, annotation_id: str, state: dict[str, Any], now: str) -> None:
    """Write ``state`` to the annotation and set ``updated_at``.

    A deleted state keeps an existing ``deleted_at`` or sets it to ``now``; a
    live state clears it, unless that would make a second live copy of another
    annotation (same article, span, tag and author, e.g. one imported since):
    then it stays deleted, so an undo never makes the same annotation twice.
    """
    db.execute(
        """
        UPDATE annotations
        SET tag = :tag, speaker = :speaker, status = :status, note = :note,
            deleted_at = CASE WHEN :deleted OR EXISTS (
                SELECT 1 FROM annotations AS o
                WHERE o.article_id = annotations.article_id AND o.start = annotations.start
                  AND o."end" = annotations."end" AND o.tag = :tag
                  AND o.author = annotations.author AND o.deleted_at IS NULL
                  AND o.id != annotations.id
            ) THEN coalesce(deleted_at, :now) END,
            updated_at = :now
        WHERE id = :id
        """,
        {
            **{name: state[name] for name in MUTABLE_FIELDS},
            "deleted": state["deleted"],
            "now": now,
            "id": annotation_id,
        },
    )


def record(
    db: Database,
    *,
    article_id: str,
    annotation_id: str,
    action: str,
    description: str,
    before: dict[str, Any],
    after: dict[str, Any],
    author: str,
    now: str,
    batch: str | None = None,
) -> None:
    """Store a new action and drop the article's redo stack.

    Rows with the same ``batch`` (e.g. "accept all suggestions") are undone and
    redone as one step.
    """
    clear_redo(db, article_id)
    db.table("history").insert(
        {
            "article_id": article_id,
            "annotation_id": annotation_id,
            "action": action,
            "description": description,
            "before": json.dumps(before, ensure_ascii=False),
            "after": json.dumps(after, ensure_ascii=False),
            "undone": 0,
            "author": author,
            "created_at": now,
            "batch": batch,
        }
    )


def clear_redo(db: Database, article_id: str) -> None:
    """Drop the article's redo stack: undone history rows and undone rejections."""
    db.execute("DELETE FROM history WHERE article_id = ? AND undone = 1", [article_id])
    db.execute(
        "DELETE FROM suggestion_rejections WHERE article_id = ? AND undone = 1", [article_id]
    )


def _step(db: Database, article_id: str, *, undo: bool, now: str) -> HistoryStep | None:
    order, undone, column = ("DESC", 0, "before") if undo else ("ASC", 1, "after")
    rows = list(
        db.query(
            f"""
            SELECT id, annotation_id, action, description, batch, {column} AS state
            FROM history WHERE article_id = ? AND undone = ?
            ORDER BY id {order} LIMIT 1
            """,
            [article_id, undone],
        )
    )
    if not rows:
        return None
    row = rows[0]
    group = [row]
    if row["batch"] is not None:
        group = list(
            db.query(
                f"""
                SELECT id, annotation_id, {column} AS state FROM history
                WHERE article_id = ? AND undone = ? AND batch = ? ORDER BY id {order}
                """,
                [article_id, undone, row["batch"]],
            )
        )
    for member in group:
        apply_state(db, member["annotation_id"], json.loads(member["state"]), now)
        db.execute("UPDATE history SET undone = ? WHERE id = ?", [1 - undone, member["id"]])
    description = row["description"]
    if len(group) > 1:
        description = f"{len(group)} changes ({description}, …)"
    return HistoryStep(row["action"], row["annotation_id"], description)


def undo(db: Database, article_id: str, now: str) -> HistoryStep | None:
    """Revert the article's latest action; ``None`` when there is nothing to undo."""
    return _step(db, article_id, undo=True, now=now)


def redo(db: Database, article_id: str, now: str) -> HistoryStep | None:
    """Re-apply the article's most recently undone action; ``None`` when there is none."""
    return _step(db, article_id, undo=False, now=now)


def history_step(db: Database, article_id: str, now: str, *, undo: bool) -> HistoryStep | None:
    """Undo (or redo) the article's latest (earliest undone) step, whether an annotation
    change in ``history`` or a rejection; runs inside the caller's transaction."""
    undone, order = (0, "DESC") if undo else (1, "ASC")
    edit = _first(db, "history", article_id, undone, order)
    rejection = _first(db, "suggestion_rejections", article_id, undone, order)
    use_rejection = rejection is not None and (
        edit is None
        or (rejection["created_at"] >= edit["created_at"])
        == undo  # undo: the newer one; redo: the older one
    )
    if not use_rejection:
        return _step(db, article_id, undo=undo, now=now)
    assert rejection is not None
    db.execute(
        "UPDATE suggestion_rejections SET undone = ? WHERE id = ?", [1 - undone, rejection["id"]]
    )
    row = db.execute(
        "SELECT kind, exact FROM suggestion_rejections WHERE id = ?", [rejection["id"]]
    ).fetchone()
    return HistoryStep("reject", "", f"reject {row[0]} {snippet(row[1])}")


def _first(
    db: Database, table: str, article_id: str, undone: int, order: str
) -> dict[str, Any] | None:
    rows = list(
        db.query(
            f"""
            SELECT id, created_at FROM {table} WHERE article_id = ? AND undone = ?
            ORDER BY id {order} LIMIT 1
            """,
            [article_id, undone],
        )
    )
    return rows[0] if rows else None
