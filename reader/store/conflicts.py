"""What merges left to look at: the losing versions of merged annotations
(``conflicts``), incoming annotations that could not be re-anchored (``orphans``) and
annotations re-anchored onto changed words (``needs-recheck``, with their ``rechecks`` record).
See docs/sharing.md."""

from __future__ import annotations

from reader.store.base import StoreBase
from reader.store.errors import translate_errors
from reader.store.records import NEEDS_RECHECK, Conflict, Orphan, Recheck
from reader.store.untrusted import KNOWN_COLUMNS

__all__ = ["CONFLICT_COLUMNS", "ConflictsMixin"]

#: The columns of a ``conflicts`` row after its id, in ``Conflict`` field order.
CONFLICT_COLUMNS = (
    'annotation_id, article_id, start, "end", exact, tag, speaker, status, note, author, '
    "created_at, updated_at, deleted_at, winner_updated_at, source, recorded_at"
)
_ANNOTATION_FIELDS = KNOWN_COLUMNS["annotations"]


class ConflictsMixin(StoreBase):
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
        return [Conflict(*row) for row in rows]

    def list_orphans(self, article_id: str | None = None) -> list[Orphan]:
        """Annotations kept as orphans, by article then updated_at (newest first)."""
        fields = ", ".join(f'"{c}"' for c in _ANNOTATION_FIELDS[2:])  # start ... deleted_at
        columns = f"id, article_id, incoming_hash, {fields}, reason, source, recorded_at"
        rows = self._select("orphans", columns, "article_id, updated_at DESC, id", article_id)
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
        return [Recheck(*row) for row in rows]
