"""Annotations and their per-article undo/redo history."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from reader.store import history
from reader.store.errors import StoreError, translate_errors
from reader.store.ownership import change_refusal
from reader.store.records import NEEDS_RECHECK, VERDICTS, Annotation, HistoryStep
from reader.store.tags import TagsMixin
from reader.store.transactions import write_transaction
from reader.store.validation import (
    CONTEXT_CHARS,
    check_status,
    normalise_tag_name,
    optional_text,
    snippet,
    utc_now,
)

if TYPE_CHECKING:  # imported when the store first needs it (start-up, issue 12)
    from sqlite_utils import Database

__all__ = ["ANNOTATION_COLUMNS", "AnnotationsMixin"]

_UPDATABLE_FIELDS = frozenset(history.MUTABLE_FIELDS)
ANNOTATION_COLUMNS = (
    'id, article_id, start, "end", exact, prefix, suffix, tag, speaker, status, note, '
    "author, created_at, updated_at, deleted_at, origin"
)


class AnnotationsMixin(TagsMixin):
    """The annotation and undo/redo methods of :class:`reader.store.Store`."""

    def _annotation_row(self, annotation_id: str) -> dict[str, Any]:
        resolved = self._resolve("annotations", "annotation", annotation_id)
        row = self._one(f"SELECT {ANNOTATION_COLUMNS} FROM annotations WHERE id = ?", [resolved])
        assert row is not None
        return row

    def _change(
        self,
        annotation_id: str,
        action: str,
        new_state: Callable[[dict[str, Any]], dict[str, Any]],
        describe: Callable[[dict[str, Any], dict[str, Any]], str],
    ) -> Annotation:
        """Apply one recorded change to a live annotation, in one transaction.

        ``new_state(row)`` gives the wanted state; when it equals the current
        state nothing is written and no history is recorded.
        """
        with write_transaction(self._db.conn):
            row = self._annotation_row(annotation_id)
            if row["deleted_at"] is not None:
                raise StoreError(f"annotation '{row['id']}' is deleted")
            refusal = change_refusal(self._db.conn, row["author"], self._author)
            if refusal is not None:
                raise StoreError(refusal)
            before = history.state_of(row)
            after = new_state(row)
            if after != before:
                now = utc_now()
                history.apply_state(self._db, row["id"], after, now)
                history.record(
                    self._db,
                    article_id=row["article_id"],
                    annotation_id=row["id"],
                    action=action,
                    description=describe(row, after),
                    before=before,
                    after=after,
                    author=self._author,
                    now=now,
                )
        return self.get_annotation(row["id"])

    # -- annotations -----------------------------------------------------------------------

    @translate_errors()
    def annotations(self, article_id: str, include_deleted: bool = False) -> list[Annotation]:
        """The article's annotations ordered by start, end, id (deleted ones only on request)."""
        resolved = self._resolve("articles", "article", article_id)
        live = "" if include_deleted else "AND deleted_at IS NULL"
        rows = self._rows(
            f"""
            SELECT {ANNOTATION_COLUMNS} FROM annotations
            WHERE article_id = ? {live}
            ORDER BY start, "end", id
            """,
            [resolved],
        )
        return [Annotation(**row) for row in rows]

    @translate_errors()
    def get_annotation(self, annotation_id: str) -> Annotation:
        """The annotation with this id or unique id prefix, deleted or not."""
        return Annotation(**self._annotation_row(annotation_id))

    def _article_text(self, resolved: str) -> str:
        """The text of article ``resolved``: that of the article last loaded or imported
        (``ArticlesMixin._last_article``, the one the screen holds) while its content hash
        (which is the text's) is the stored one, so a tag on a 10 MB article does not read
        10 MB again (15 ms a key); else read from the database."""
        row = self._one("SELECT content_hash FROM articles WHERE id = ?", [resolved])
        if row is None:
            raise StoreError(f"no article with id '{resolved}'")
        last = getattr(self, "_last_article", None)
        if last is not None and (last.id, last.content_hash) == (resolved, row["content_hash"]):
            return str(last.article.text)
        found = self._one("SELECT text FROM articles WHERE id = ?", [resolved])
        assert found is not None
        return str(found["text"])

    def add_annotation(
        self,
        article_id: str,
        start: int,
        end: int,
        tag: str,
        *,
        speaker: str | None = None,
        status: str = "unverified",
        note: str | None = None,
        origin: str = "manual",
        batch: str | None = None,
    ) -> Annotation:
        """Annotate ``text[start:end]`` of an article; creates ``tag`` if it is new.

        ``exact``, ``prefix`` and ``suffix`` are taken from the stored text.
        ``StoreError`` unless ``0 <= start < end <= len(text)``. ``origin`` is
        ``"suggestion"`` for an accepted suggestion; history rows sharing a
        ``batch`` are undone and redone together.

        Never twice the same annotation: when a live annotation by this store's
        author already has this article, span and tag, that one is returned and
        nothing is written (no undo step either). :meth:`same_annotation` tells
        beforehand which call would do so.
        """
        with write_transaction(self._db.conn):
            if any(isinstance(v, bool) or not isinstance(v, int) for v in (start, end)):
                raise StoreError("start and end must be integers")
            if origin not in ("manual", "suggestion"):
                raise StoreError(f"invalid origin '{origin}': use manual or suggestion")
            resolved = self._resolve("articles", "article", article_id)
            text = self._article_text(resolved)
            if not 0 <= start < end <= len(text):
                raise StoreError(
                    f"invalid span {start}..{end} for an article of {len(text)} characters"
                )
            tag_name = self.ensure_tag(tag).name
            existing = self._same_annotation(resolved, start, end, tag_name, self._author)
            if existing is not None:
                return existing  # never twice the same: nothing written, no undo step
            now = utc_now()
            record: dict[str, Any] = {
                "id": str(uuid.uuid4()),
                "article_id": resolved,
                "start": start,
                "end": end,
                "exact": text[start:end],
                "prefix": text[max(0, start - CONTEXT_CHARS) : start],
                "suffix": text[end : end + CONTEXT_CHARS],
                "tag": tag_name,
                "speaker": optional_text(speaker, "speaker"),
                "status": check_status(status),
                "note": optional_text(note, "note"),
                "author": self._author,
                "created_at": now,
                "updated_at": now,
                "deleted_at": None,
                "origin": origin,
            }
            self._db.table("annotations").insert(record)
            history.record(
                self._db,
                article_id=resolved,
                annotation_id=record["id"],
                action="add",
                description=f"add {record['tag']} {snippet(record['exact'])}",
                before=history.state_of(record, deleted=True),
                after=history.state_of(record),
                author=self._author,
                now=now,
                batch=batch,
            )
            return Annotation(**record)

    def _same_annotation(
        self,
        article_id: str,
        start: int,
        end: int,
        tag: str,
        author: str,
        *,
        other_than: str | None = None,
    ) -> Annotation | None:
        """The oldest live annotation by ``author`` with this span and (normalised) tag."""
        row = self._one(
            f"""
            SELECT {ANNOTATION_COLUMNS} FROM annotations
            WHERE article_id = ? AND start = ? AND "end" = ? AND tag = ? AND author = ?
              AND deleted_at IS NULL AND id IS NOT ?
            ORDER BY created_at, id LIMIT 1
            """,
            [article_id, start, end, tag, author, other_than],
        )
        return None if row is None else Annotation(**row)

    @translate_errors()
    def same_annotation(self, article_id: str, start: int, end: int, tag: str) -> Annotation | None:
        """The live annotation that :meth:`add_annotation` with these arguments would
        return instead of creating one: same article, span and tag, by this store's
        author (``None`` when there is none, so an add would create a new one)."""
        resolved = self._resolve("articles", "article", article_id)
        return self._same_annotation(resolved, start, end, normalise_tag_name(tag), self._author)

    def update_annotation(self, annotation_id: str, **changes: str | None) -> Annotation:
        """Change ``tag``, ``speaker``, ``status`` and/or ``note`` of a live annotation.

        Blank ``speaker``/``note`` clear the field; a new tag is created.
        Nothing is recorded when no value actually changes.
        """
        unknown = sorted(set(changes) - _UPDATABLE_FIELDS)
        if unknown:
            raise StoreError(
                f"cannot change {', '.join(unknown)} of an annotation "
                f"(only {', '.join(history.MUTABLE_FIELDS)})"
            )

        def new_state(row: dict[str, Any]) -> dict[str, Any]:
            state = history.state_of(row)
            for field, value in changes.items():
                if field == "tag":
                    state["tag"] = self.ensure_tag(value or "").name
                    if state["tag"] != row["tag"]:
                        self._refuse_duplicate(row, state["tag"])
                elif field == "status":
                    state["status"] = check_status(value or "")
                else:
                    state[field] = optional_text(value, field)
            return state

        def describe(row: dict[str, Any], after: dict[str, Any]) -> str:
            fields = [f for f in history.MUTABLE_FIELDS if after[f] != row[f]]
            return f"edit {', '.join(fields)} of {row['tag']} {snippet(row['exact'])}"

        return self._change(annotation_id, "update", new_state, describe)

    def _refuse_duplicate(self, row: dict[str, Any], tag: str) -> None:
        """``StoreError`` when retagging ``row`` as ``tag`` would make it the same
        annotation (span, tag, author) as another live one."""
        if self._same_annotation(
            row["article_id"], row["start"], row["end"], tag, row["author"], other_than=row["id"]
        ):
            raise StoreError(f"Already tagged {tag}: that passage has the tag already")

    def cycle_status(self, annotation_id: str) -> Annotation:
        """Move the status on: unverified -> supported -> disputed -> false -> unverified.
        ``needs-recheck`` (not a verdict) goes to ``unverified``: the re-check is done,
        the verdict is to be given again."""

        def new_state(row: dict[str, Any]) -> dict[str, Any]:
            if row["status"] == NEEDS_RECHECK:
                following = VERDICTS[0]
            else:
                following = VERDICTS[(VERDICTS.index(row["status"]) + 1) % len(VERDICTS)]
            return {**history.state_of(row), "status": following}

        def describe(row: dict[str, Any], after: dict[str, Any]) -> str:
            return f"status {row['status']} → {after['status']} of {snippet(row['exact'])}"

        return self._change(annotation_id, "cycle_status", new_state, describe)

    def delete_annotation(self, annotation_id: str) -> Annotation:
        """Soft-delete an annotation (sets ``deleted_at``); undo brings it back."""
        return self._change(
            annotation_id,
            "delete",
            lambda row: {**history.state_of(row), "deleted": True},
            lambda row, _after: f"delete {row['tag']} {snippet(row['exact'])}",
        )

    @translate_errors()
    def annotation_authors(self, article_id: str) -> list[str]:
        """The distinct authors of the article's live annotations, by name."""
        resolved = self._resolve("articles", "article", article_id)
        rows = self._rows(
            "SELECT DISTINCT author FROM annotations "
            "WHERE article_id = ? AND deleted_at IS NULL ORDER BY author",
            [resolved],
        )
        return [row["author"] for row in rows]

    # -- undo / redo -----------------------------------------------------------------------

    def undo(self, article_id: str) -> HistoryStep | None:
        """Revert the article's latest action (persisted); ``None`` when there is none."""
        return self._history_step(
            article_id, lambda db, a, now: history.history_step(db, a, now, undo=True)
        )

    def redo(self, article_id: str) -> HistoryStep | None:
        """Re-apply the article's last undone action; ``None`` when there is none."""
        return self._history_step(
            article_id, lambda db, a, now: history.history_step(db, a, now, undo=False)
        )

    def _history_step(
        self, article_id: str, step: Callable[[Database, str, str], HistoryStep | None]
    ) -> HistoryStep | None:
        with write_transaction(self._db.conn):
            resolved = self._resolve("articles", "article", article_id)
            return step(self._db, resolved, utc_now())
