"""Articles that change: a new version of an article's text under the same id
(``reader refresh``; docs/web.md, "Articles that change").

``articles`` holds the current version; ``article_versions`` every version, the current
one included. A refresh with a changed text, in ONE transaction:

- stores the new version and makes it current (text, structure, sections, metadata);
- re-anchors every annotation of the article into the new text with the rule merges use
  (:func:`reader.store.reanchoring.reanchor_annotation`): placed on the same words it
  moves; placed on different words it becomes ``needs-recheck`` with a ``rechecks``
  record; not placed it becomes an orphan (``orphans``, with its old offsets and
  context, the old text's hash) and leaves ``annotations``;
- drops what depended on the old offsets: the article's undo history (a refresh is not
  undoable, like a merge), its cached suggestions (recomputed for the new hash) and the
  rejections of suggestions whose words cannot be found again.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from reader.model.article import Article
from reader.model.packed import pack_sections
from reader.store.annotations import AnnotationsMixin
from reader.store.articles import TEXT_FUNCTION, ArticlesMixin, section_rows, text_function
from reader.store.errors import StoreError, translate_errors
from reader.store.records import NEEDS_RECHECK
from reader.store.transactions import write_transaction
from reader.store.validation import utc_now

if TYPE_CHECKING:
    from reader.store.listings import ArticleVersion, RefreshReport

__all__ = ["REFRESH_SOURCE", "VersionsMixin"]

#: The ``source`` of the orphans and re-check records a refresh writes.
REFRESH_SOURCE = "refresh"
# Placing annotations in a new text (reader.store.reanchoring, reader.model.anchor and
# reader.model.recheck) is imported by a refresh: opening the reader never does one
# (~3 ms of start-up, issue 12).


class VersionsMixin(ArticlesMixin, AnnotationsMixin):
    """The versions of :class:`reader.store.Store`'s articles, and refreshing them."""

    @translate_errors()
    def list_versions(self, article_id: str) -> list[ArticleVersion]:
        """Every version of the article (id or prefix), oldest first; an article that
        never had a version row (added by a merge) has its current text as version 1."""
        resolved = self._resolve("articles", "article", article_id)
        rows = self._rows(
            """
            SELECT article_id, version, content_hash, title, text, fetched_at
            FROM article_versions WHERE article_id = ? ORDER BY version
            """,
            [resolved],
        )
        if not rows:
            rows = self._rows(
                """
                SELECT id AS article_id, 1 AS version, content_hash, title, text,
                       imported_at AS fetched_at
                FROM articles WHERE id = ?
                """,
                [resolved],
            )
        from reader.store.listings import ArticleVersion

        return [ArticleVersion(**row) for row in rows]

    @translate_errors()
    def annotated_version(self, article_id: str) -> tuple[int, int]:
        """(the version that was current when this store's author first annotated the
        article, the current version). Without such an annotation both are the current
        version. The app says "updated since you annotated it" when they differ."""
        resolved = self._resolve("articles", "article", article_id)
        row = self._one(
            """
            SELECT
                (SELECT max(version) FROM article_versions WHERE article_id = :id) AS current,
                (SELECT max(v.version) FROM article_versions AS v
                 WHERE v.article_id = :id AND v.fetched_at <= (
                     SELECT min(created_at) FROM annotations
                     WHERE article_id = :id AND author = :author)) AS annotated,
                (SELECT count(*) FROM annotations
                 WHERE article_id = :id AND author = :author) AS mine
            """,
            {"id": resolved, "author": self._author},
        )
        assert row is not None
        current = int(row["current"] or 1)
        if not row["mine"]:
            return current, current
        return int(row["annotated"] or 1), current

    @translate_errors()
    def refresh_article(self, article_id: str, article: Article) -> RefreshReport:
        """Make ``article`` (the text fetched again) the current version of the article
        ``article_id`` (id or prefix) and re-anchor its annotations; see the module.
        ``StoreError`` when another article already has exactly this text."""
        from reader.store.listings import RefreshReport

        resolved = self._resolve("articles", "article", article_id)
        conn = self._db.conn
        with write_transaction(conn):
            row = self._one("SELECT title, content_hash FROM articles WHERE id = ?", [resolved])
            assert row is not None
            self._ensure_first_version(resolved)
            current = self._one(
                "SELECT max(version) AS v FROM article_versions WHERE article_id = ?", [resolved]
            )
            number = int(current["v"]) if current and current["v"] else 1
            digest = article.content_hash
            if digest == row["content_hash"]:
                return RefreshReport(resolved, row["title"], changed=False, version=number)
            twin = self._one("SELECT id FROM articles WHERE content_hash = ?", [digest])
            if twin is not None:
                raise StoreError(
                    f"cannot refresh article {resolved}: its new text is that of article "
                    f"{twin['id']}"
                )
            now = utc_now()
            number += 1
            structure = pack_sections(article.sections)
            metadata = dict(article.metadata)
            text = f"CAST({TEXT_FUNCTION}() AS TEXT)"  # (not bound: text_function)
            with text_function(conn, article.text):
                conn.execute(
                    f"""
                    INSERT INTO article_versions (article_id, version, content_hash, title,
                        metadata, text, structure, fetched_at)
                    VALUES (?, ?, ?, ?, ?, {text}, ?, ?)
                    """,
                    [
                        resolved,
                        number,
                        digest,
                        article.title,
                        json.dumps(metadata, ensure_ascii=False),
                        structure,
                        now,
                    ],
                )
                conn.execute(
                    f"""
                    UPDATE articles SET content_hash = ?, title = ?, text = {text},
                        structure = ?, metadata = ?, author = coalesce(?, author),
                        published = coalesce(?, published), url = coalesce(?, url),
                        canonical_url = coalesce(?, canonical_url), site = coalesce(?, site),
                        source_hash = NULL
                    WHERE id = ?
                    """,
                    [
                        digest,
                        article.title,
                        structure,
                        json.dumps(metadata, ensure_ascii=False),
                        metadata.get("author"),
                        metadata.get("published") or metadata.get("date"),
                        metadata.get("url"),
                        metadata.get("canonical_url"),
                        metadata.get("site"),
                        resolved,
                    ],
                )
            conn.execute("DELETE FROM sections WHERE article_id = ?", [resolved])
            self._db.table("sections").insert_all(section_rows(resolved, article.sections))
            conn.execute("DELETE FROM suggestions WHERE article_id = ?", [resolved])
            conn.execute("DELETE FROM suggestion_runs WHERE article_id = ?", [resolved])
            self._move_rejections(resolved, article.text)
            conn.execute("DELETE FROM history WHERE article_id = ?", [resolved])
            counts = self._reanchor_all(resolved, row["content_hash"], article.text, now)
        return RefreshReport(resolved, article.title, True, number, *counts)

    def _ensure_first_version(self, article_id: str) -> None:
        """Version 1 for an article that has no version row yet (added by a merge or a
        share file): its current text, copied by SQLite (a 10 MB text read into Python
        and bound back would be held three times: issue 12)."""
        self._db.conn.execute(
            """
            INSERT INTO article_versions
                (article_id, version, content_hash, title, metadata, text, structure,
                 fetched_at)
            SELECT id, 1, content_hash, title, metadata, text, structure, imported_at
            FROM articles
            WHERE id = ? AND NOT EXISTS (SELECT 1 FROM article_versions WHERE article_id = ?)
            """,
            [article_id, article_id],
        )

    def _move_rejections(self, article_id: str, text: str) -> None:
        """Rejected suggestions follow their words when those occur once in the new text
        (a rejection has no context); the others are dropped."""
        conn = self._db.conn
        rows = conn.execute(
            "SELECT id, exact FROM suggestion_rejections WHERE article_id = ?", [article_id]
        ).fetchall()
        from reader.model.anchor import reanchor

        for rejection_id, exact in rows:
            where = reanchor(text, exact)
            if where.how == "exact":
                conn.execute(
                    'UPDATE suggestion_rejections SET start = ?, "end" = ? WHERE id = ?',
                    [where.start, where.end, rejection_id],
                )
            else:
                conn.execute("DELETE FROM suggestion_rejections WHERE id = ?", [rejection_id])

    def _reanchor_all(
        self, article_id: str, old_hash: str, text: str, now: str
    ) -> tuple[int, int, int]:
        """Place every annotation of the article (tombstones too) in ``text``; returns
        (re-anchored, orphans, to re-check)."""
        from reader.store.reanchoring import (
            ORPHAN_FIELDS,
            reanchor_annotation,
            record_orphan,
            record_recheck,
        )

        conn = self._db.conn
        columns = ", ".join(f'"{c}"' for c in ORPHAN_FIELDS)
        rows = conn.execute(
            f"SELECT {columns} FROM annotations WHERE article_id = ? ORDER BY start, id",
            [article_id],
        ).fetchall()
        placed = orphaned = flagged = 0
        for values in rows:
            row = dict(zip(ORPHAN_FIELDS, values, strict=True))
            moved = reanchor_annotation(
                text, row["exact"], row["prefix"], row["suffix"], row["status"]
            )
            if not moved.placed:
                record_orphan(
                    conn,
                    list(values),
                    incoming_hash=old_hash,
                    reason=moved.placement.how,
                    source=REFRESH_SOURCE,
                    now=now,
                )
                conn.execute("DELETE FROM rechecks WHERE annotation_id = ?", [row["id"]])
                conn.execute("DELETE FROM annotations WHERE id = ?", [row["id"]])
                orphaned += 1
                continue
            placed += 1
            conn.execute(
                'UPDATE annotations SET start = ?, "end" = ?, exact = ?, prefix = ?, '
                "suffix = ?, status = ? WHERE id = ?",
                [
                    moved.start,
                    moved.end,
                    moved.exact,
                    moved.prefix,
                    moved.suffix,
                    moved.status,
                    row["id"],
                ],
            )
            if self._new_recheck(moved.needs_recheck, row):
                record_recheck(
                    conn,
                    annotation_id=row["id"],
                    article_id=article_id,
                    old_exact=row["exact"],
                    old_status=row["status"],
                    moved=moved,
                    source=REFRESH_SOURCE,
                    now=now,
                )
                flagged += 1
            else:  # an earlier record (if any) keeps the first verdict, follows the words
                conn.execute(
                    "UPDATE rechecks SET new_start = ?, new_end = ?, new_exact = ? "
                    "WHERE annotation_id = ?",
                    [moved.start, moved.end, moved.exact, row["id"]],
                )
        return placed, orphaned, flagged

    def _new_recheck(self, needs_recheck: bool, row: dict) -> bool:
        """Whether a placement on different words gets a new ``rechecks`` record: not for
        a tombstone, nor for an annotation already flagged with a record (that record
        keeps the verdict it had before the first change)."""
        if not needs_recheck or row["deleted_at"] is not None:
            return False
        if row["status"] != NEEDS_RECHECK:
            return True
        return self._one("SELECT 1 AS x FROM rechecks WHERE annotation_id = ?", [row["id"]]) is None
