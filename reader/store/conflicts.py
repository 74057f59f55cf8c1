"""What merges left to look at: the losing versions of merged annotations
(``conflicts``), incoming annotations that could not be re-anchored (``orphans``) and
annotations re-anchored onto changed words (``needs-recheck``, with their ``rechecks`` record).

The user settles each conflict: :meth:`ConflictsMixin.keep_current_version` drops the
recorded version (the annotation is unchanged); :meth:`ConflictsMixin.take_conflict`
writes the recorded version's tag, speaker, status, note and deleted state to the
annotation as one recorded action (``u`` undoes it, bringing the replaced version back)
and drops the conflict row. The passage (start/end) stays where the current version has
it. Each is one transaction; dropping a conflict row is not itself an undo step.
See docs/sharing.md."""

from __future__ import annotations

from dataclasses import fields
from typing import TYPE_CHECKING, Any

from reader.store import history
from reader.store.annotations import AnnotationsMixin
from reader.store.errors import NotFoundError, StoreError, translate_errors
from reader.store.records import NEEDS_RECHECK, Annotation

if TYPE_CHECKING:
    from reader.store.listings import Conflict, Orphan, Recheck
from reader.store.transactions import write_transaction
from reader.store.validation import utc_now

__all__ = ["CHANGE_FIELDS", "CONFLICT_COLUMNS", "ConflictsMixin", "conflict_changes"]

#: The fields a conflict can differ in from the current version, as the list shows them.
CHANGE_FIELDS: tuple[str, ...] = ("tag", "status", "speaker", "note", "deleted", "passage")

#: The columns of a ``conflicts`` row after its id, in ``Conflict`` field order.
CONFLICT_COLUMNS = (
    'annotation_id, article_id, start, "end", exact, tag, speaker, status, note, author, '
    "created_at, updated_at, deleted_at, winner_updated_at, source, recorded_at"
)
# The annotation record's fields, as untrusted.KNOWN_COLUMNS["annotations"] reads them
# from a shared file (that module is not imported at start-up: issue 12).
_ANNOTATION_FIELDS = tuple(f.name for f in fields(Annotation))


def _value(record: Annotation | Conflict, field: str) -> str | None:
    if field == "deleted":
        return "deleted" if record.deleted_at else "live"
    if field == "passage":
        return f"{record.start}-{record.end}"
    value: str | None = getattr(record, field)
    return value


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


class ConflictsMixin(AnnotationsMixin):
    """The conflict and orphan lists of :class:`reader.store.Store`."""

    def _select(self, table: str, columns: str, order: str, article_id: str | None) -> list[tuple]:
        where, params = ("", []) if article_id is None else ("WHERE article_id = ?", [article_id])
        with translate_errors():
            return self._db.conn.execute(
                f"SELECT {columns} FROM {table} {where} ORDER BY {order}", params
            ).fetchall()

    def list_conflicts(self, article_id: str | None = None) -> list[Conflict]:
        """Recorded losing versions, newest first (of one article when ``article_id`` is
        given)."""
        rows = self._select(
            "conflicts",
            f"id, {CONFLICT_COLUMNS}",
            "recorded_at DESC, annotation_id, updated_at DESC, id",
            article_id,
        )
        from reader.store.listings import Conflict

        return [Conflict(*row) for row in rows]

    def list_orphans(self, article_id: str | None = None) -> list[Orphan]:
        """Annotations kept as orphans, by article then updated_at (newest first)."""
        fields = ", ".join(f'"{c}"' for c in _ANNOTATION_FIELDS[2:])  # start ... deleted_at
        columns = f"id, article_id, incoming_hash, {fields}, reason, source, recorded_at"
        rows = self._select("orphans", columns, "article_id, updated_at DESC, id", article_id)
        from reader.store.listings import Orphan

        return [Orphan(*row) for row in rows]

    def list_rechecks(self, article_id: str | None = None) -> list[Recheck]:
        """The live annotations whose status is ``needs-recheck`` (of one article when
        ``article_id`` is given), in text order, each with its re-check record if any."""
        where, params = "", [NEEDS_RECHECK]
        if article_id is not None:
            where, params = "AND n.article_id = ?", [NEEDS_RECHECK, article_id]
        with translate_errors():
            rows = self._db.conn.execute(
                f"""
                SELECT n.id, n.article_id, n.tag, n.author, n.start, n."end", n.exact,
                       r.old_exact, r.old_status, r.changes, r.kinds, r.source, r.recorded_at
                FROM annotations AS n LEFT JOIN rechecks AS r ON r.annotation_id = n.id
                WHERE n.status = ? AND n.deleted_at IS NULL {where}
                ORDER BY n.article_id, n.start, n."end", n.id
                """,
                params,
            ).fetchall()
        from reader.store.listings import Recheck

        return [Recheck(*row) for row in rows]

    # -- settling a conflict ---------------------------------------------------------------

    def _conflict_row(self, conflict_id: int) -> dict[str, Any]:
        row = self._one(
            "SELECT id, annotation_id, article_id, tag, speaker, status, note, deleted_at, "
            "author, updated_at FROM conflicts WHERE id = ?",
            [conflict_id],
        )
        if row is None:
            raise NotFoundError(f"no conflict with id {conflict_id}")
        return row

    def keep_current_version(self, conflict_id: int) -> None:
        """Settle a conflict for the current version: the recorded version is dropped."""
        with write_transaction(self._db.conn):
            self._conflict_row(conflict_id)
            self._db.execute("DELETE FROM conflicts WHERE id = ?", [conflict_id])

    def take_conflict(self, conflict_id: int) -> Annotation:
        """Settle a conflict for the recorded version: its tag, speaker, status, note and
        deleted state replace the annotation's (one undoable action), and the conflict
        row is dropped. Returns the annotation as it now is."""
        with write_transaction(self._db.conn):
            conflict = self._conflict_row(conflict_id)
            row = self._one(
                "SELECT id, article_id, tag, speaker, status, note, deleted_at, exact "
                "FROM annotations WHERE id = ?",
                [conflict["annotation_id"]],
            )
            if row is None:
                raise StoreError(
                    f"the annotation of conflict {conflict_id} is no longer in the database"
                )
            before = history.state_of(row)
            after = {
                "tag": self.ensure_tag(conflict["tag"]).name,
                "speaker": conflict["speaker"],
                "status": conflict["status"],
                "note": conflict["note"],
                "deleted": conflict["deleted_at"] is not None,
            }
            if after != before:
                now = utc_now()
                history.apply_state(self._db, row["id"], after, now)
                history.record(
                    self._db,
                    article_id=row["article_id"],
                    annotation_id=row["id"],
                    action="update",  # the history table allows four actions; an edit
                    description=f"take {conflict['author']}'s version of {row['exact'][:30]}",
                    before=before,
                    after=after,
                    author=self._author,
                    now=now,
                )
            self._db.execute("DELETE FROM conflicts WHERE id = ?", [conflict_id])
        return self.get_annotation(row["id"])
