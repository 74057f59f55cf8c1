"""Suggestions in the store: the per-article cache, rejections, acceptance, undo.

The suggestion engine (``reader.suggest``) sits above the store, so the store
does not import it: both use the model's ``Suggestion`` record, and the store
tags a cache with the rules version it is given. A cache is valid while the
article's content hash and the rules version are unchanged.

A rejection is a row of ``suggestion_rejections`` that joins the article's
undo stack: undo and redo take the newest (oldest) step of either the history
table or the rejections, by time. Accepting makes an ordinary annotation
(``origin = 'suggestion'``) through the normal history, so undo removes it and
the suggestion shows again.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Sequence

from reader.model.suggestion import Suggestion, SuggestionTable
from reader.store import history
from reader.store.annotations import AnnotationsMixin
from reader.store.errors import StoreError, translate_errors
from reader.store.records import Annotation, SuggestionRecord
from reader.store.transactions import write_transaction
from reader.store.validation import utc_now

__all__ = ["SuggestionsMixin"]


_COLUMNS = 'kind, start, "end", exact, speaker, reason, score'


class SuggestionsMixin(AnnotationsMixin):
    """The suggestion methods of :class:`reader.store.Store`."""

    @translate_errors()
    def cached_suggestions(
        self, article_id: str, rules_version: int, *, include_hidden: bool = False
    ) -> list[SuggestionRecord] | None:
        """The article's cached suggestions made by ``rules_version``; ``None`` when there is
        no valid cache. Rejected suggestions and those already annotated (a live annotation
        with the same span and a tag equal to the kind) are left out unless
        ``include_hidden``."""
        resolved = self._resolve("articles", "article", article_id)
        if not self._cache_is_valid(resolved, rules_version):
            return None
        hidden = (
            ""
            if include_hidden
            else """
            AND NOT EXISTS (
                SELECT 1 FROM suggestion_rejections AS r
                WHERE r.article_id = s.article_id AND r.undone = 0 AND r.kind = s.kind
                  AND r.start = s.start AND r."end" = s."end")
            AND NOT EXISTS (
                SELECT 1 FROM annotations AS n
                WHERE n.article_id = s.article_id AND n.deleted_at IS NULL AND n.tag = s.kind
                  AND n.start = s.start AND n."end" = s."end")
            """
        )
        rows = self._rows(
            f"""
            SELECT {_COLUMNS} FROM suggestions AS s WHERE s.article_id = ? {hidden}
            ORDER BY start, kind != 'quote', "end"
            """,
            [resolved],
        )
        return [SuggestionRecord(**row) for row in rows]

    @translate_errors()
    def suggestion_table(
        self, article_id: str, rules_version: int, text: str
    ) -> SuggestionTable | None:
        """Every cached suggestion of the article (hidden ones too, as
        ``cached_suggestions(..., include_hidden=True)``) as a compact
        :class:`SuggestionTable` over ``text``, the article's current text; ``None`` when
        there is no valid cache. The rows are read one at a time into the table's arrays,
        so a 10 MB article's hundred thousand suggestions never exist as objects all at
        once (issue 12's memory target)."""
        resolved = self._resolve("articles", "article", article_id)
        if not self._cache_is_valid(resolved, rules_version):
            return None
        with self._small_page_cache():  # one pass: each page is read once
            rows = self._db.conn.execute(
                f"""
                SELECT {_COLUMNS} FROM suggestions WHERE article_id = ?
                ORDER BY start, kind != 'quote', "end"
                """,
                [resolved],
            )
            return SuggestionTable.from_rows(text, rows)

    def _cache_is_valid(self, article_id: str, rules_version: int) -> bool:
        """Whether the article's suggestion cache was made by ``rules_version`` on its
        current text (the run's content hash is the article's)."""
        run = self._one(
            """
            SELECT 1 AS ok FROM suggestion_runs AS r JOIN articles AS a ON a.id = r.article_id
            WHERE r.article_id = ? AND r.rules_version = ? AND r.content_hash = a.content_hash
            """,
            [article_id, rules_version],
        )
        return run is not None

    @translate_errors()
    def rejected_suggestions(self, article_id: str) -> set[tuple[str, int, int]]:
        """``(kind, start, end)`` of each suggestion of the article the user rejected
        (and did not undo): what :meth:`cached_suggestions` leaves out for rejections,
        for a screen that reads the cache once and hides suggestions itself."""
        resolved = self._resolve("articles", "article", article_id)
        rows = self._rows(
            'SELECT kind, start, "end" FROM suggestion_rejections '
            "WHERE article_id = ? AND undone = 0",
            [resolved],
        )
        return {(row["kind"], row["start"], row["end"]) for row in rows}

    def save_suggestions(
        self,
        article_id: str,
        rules_version: int,
        suggestions: Iterable[Suggestion],
        *,
        batch_size: int | None = None,
        stop: Callable[[], bool] | None = None,
        text_length: int | None = None,
    ) -> bool:
        """Replace the article's cached suggestions; True when they were all saved.

        Without ``batch_size``: one transaction. With it (a background save beside a
        screen that writes annotations): the old cache is dropped, then the rows are
        written ``batch_size`` to a transaction, so no write lock is held long, and the
        cache is marked valid last; ``stop()`` true between two batches gives up (False):
        the cache stays invalid (nothing half-saved is ever read) and is computed again.
        ``text_length``: the article text's length, when the caller holds the text (the
        reader screen): the suggestions are checked against it instead of SQLite reading
        the whole text to count it (on a 10 MB article, a ~15 MB peak: issue 12)."""
        # a table (or list) is read by batch as it is, never copied into one more list
        items = suggestions if isinstance(suggestions, Sequence) else list(suggestions)
        with write_transaction(self._db.conn):
            resolved = self._resolve("articles", "article", article_id)
            if text_length is None:
                row = self._one(
                    "SELECT content_hash, length(text) AS size FROM articles WHERE id = ?",
                    [resolved],
                )
            else:
                row = self._one("SELECT content_hash FROM articles WHERE id = ?", [resolved])
            assert row is not None
            size = row["size"] if text_length is None else text_length
            for s in items:
                if s.kind not in ("quote", "claim") or not 0 <= s.start < s.end <= size:
                    raise StoreError(f"invalid suggestion {s.kind} {s.start}..{s.end}")
            self._db.execute("DELETE FROM suggestions WHERE article_id = ?", [resolved])
            if batch_size is None:
                self._insert_suggestions(resolved, items)
                self._mark_suggestions_valid(resolved, row["content_hash"], rules_version)
                return True
            self._db.execute("DELETE FROM suggestion_runs WHERE article_id = ?", [resolved])
        # Each batch appends to the table and its indexes: the pages written are not read
        # again, and a default 2 MB cache would fill with them (issue 12's memory target).
        with self._small_page_cache():
            for first in range(0, len(items), max(batch_size, 1)):
                if stop is not None and stop():
                    return False
                with write_transaction(self._db.conn):
                    self._insert_suggestions(resolved, items[first : first + batch_size])
        with write_transaction(self._db.conn):
            self._mark_suggestions_valid(resolved, row["content_hash"], rules_version)
        return True

    def _insert_suggestions(self, resolved: str, items: Sequence[Suggestion]) -> None:
        self._db.conn.executemany(
            "INSERT OR REPLACE INTO suggestions "
            '(article_id, kind, start, "end", exact, speaker, reason, score) '
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                (resolved, s.kind, s.start, s.end, s.exact, s.speaker, s.reason, float(s.score))
                for s in items
            ),
        )

    def _mark_suggestions_valid(self, resolved: str, content_hash: str, rules_version: int) -> None:
        """The cache of ``resolved`` is valid for this text and rules version."""
        self._db.execute(
            """
            INSERT INTO suggestion_runs (article_id, content_hash, rules_version, computed_at)
            VALUES (?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
            ON CONFLICT (article_id) DO UPDATE SET content_hash = excluded.content_hash,
                rules_version = excluded.rules_version, computed_at = excluded.computed_at
            """,
            [resolved, content_hash, rules_version],
        )

    def reject_suggestion(self, article_id: str, suggestion: Suggestion) -> int:
        """Remember that the user rejected a suggestion: it is not shown again (undoable).
        Returns the id of the rejection."""
        with write_transaction(self._db.conn):
            resolved = self._resolve("articles", "article", article_id)
            history.clear_redo(self._db, resolved)
            table = self._db.table("suggestion_rejections")
            table.insert(
                {
                    "article_id": resolved,
                    "kind": suggestion.kind,
                    "start": suggestion.start,
                    "end": suggestion.end,
                    "exact": suggestion.exact,
                    "undone": 0,
                    "author": self._author,
                    "created_at": utc_now(),
                }
            )
            return int(table.last_rowid or 0)

    def accept_suggestions(
        self, article_id: str, suggestions: Iterable[Suggestion]
    ) -> list[Annotation]:
        """Turn suggestions into annotations (tag = kind, speaker filled in, origin
        ``suggestion``), in one transaction; undo takes them all back at once."""
        items = list(suggestions)
        batch = str(uuid.uuid4()) if len(items) > 1 else None
        with write_transaction(self._db.conn):
            return [
                self.add_annotation(
                    article_id,
                    s.start,
                    s.end,
                    s.kind,
                    speaker=s.speaker if s.kind == "quote" else None,
                    origin="suggestion",
                    batch=batch,
                )
                for s in items
            ]
