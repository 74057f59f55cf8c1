"""Articles: import (deduplicated by content hash), look-up by id or prefix, listing."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from reader.model.article import Article, strip_wrapping_quotes
from reader.store.base import StoreBase
from reader.store.errors import NotFoundError, StoreError, translate_errors
from reader.store.records import ArticleSummary, StoredArticle
from reader.store.transactions import write_transaction
from reader.store.validation import check_length, utc_now

__all__ = ["ARTICLE_ID_LENGTH", "ArticlesMixin", "section_rows"]

#: Article ids are the first 12 hex characters of the content hash (longer on a clash).
ARTICLE_ID_LENGTH = 12
_MARKDOWN_SUFFIXES = (".md", ".markdown")


def _article_format(article: Article) -> str:
    """``metadata["format"]`` if the importer set it, else guessed from the source suffix."""
    given = article.metadata.get("format")
    if given:
        return given
    return "markdown" if article.source.lower().endswith(_MARKDOWN_SUFFIXES) else "text"


def _check_limits(row: dict[str, Any]) -> None:
    """``StoreError`` when a field of an article row is longer than its limit (a
    longer one would be skipped by the merge of whoever it is shared with)."""
    for field in ("text", "title", "source", "author", "published", "url", "metadata"):
        value = row[field]
        if isinstance(value, str):
            check_length(value, field, f"the article's {field}")


def section_rows(article_id: str, structure: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The ``sections`` rows of an article from its ``Article.to_structure()`` JSON.

    ``title`` is the display title as exports show it: wrapping quote marks
    removed, ``""`` for the lead (a section without a heading).
    """
    for position, section in enumerate(structure.get("sections", [])):
        start, end = section["span"]
        title = section.get("title")
        yield {
            "article_id": article_id,
            "position": position,
            "start": start,
            "end": end,
            "title": "" if title is None else strip_wrapping_quotes(title),
        }


class ArticlesMixin(StoreBase):
    """The article methods of :class:`reader.store.Store`."""

    def import_article(self, article: Article) -> tuple[StoredArticle, bool]:
        """Store ``article`` unless one with the same content hash exists.

        Returns the stored article and ``created`` (``False`` when it was
        already there, in which case nothing is written).
        """
        digest = article.content_hash
        with write_transaction(self._db.conn):
            existing = self._one("SELECT id FROM articles WHERE content_hash = ?", [digest])
            if existing is None:
                existing = self._same_page(article)
            created = existing is None
            if existing is None:
                article_id = self.new_article_id(digest)
                metadata = dict(article.metadata)
                structure = article.to_structure()
                row = {
                    "id": article_id,
                    "content_hash": digest,
                    "title": article.title,
                    "source": article.source,
                    "format": _article_format(article),
                    "author": metadata.get("author"),
                    "published": metadata.get("published") or metadata.get("date"),
                    "url": metadata.get("url"),
                    "canonical_url": metadata.get("canonical_url"),
                    "site": metadata.get("site"),
                    "metadata": json.dumps(metadata, ensure_ascii=False),
                    "text": article.text,
                    "structure": json.dumps(structure),
                    "imported_at": utc_now(),
                    "imported_by": self._author,
                }
                _check_limits(row)
                self._db.table("articles").insert(row)
                self._db.table("sections").insert_all(section_rows(article_id, structure))
                self._db.table("article_versions").insert(
                    {
                        "article_id": article_id,
                        "version": 1,
                        "content_hash": digest,
                        "title": article.title,
                        "metadata": json.dumps(metadata, ensure_ascii=False),
                        "text": article.text,
                        "structure": json.dumps(structure),
                        "fetched_at": utc_now(),
                    }
                )
            else:
                article_id = existing["id"]
        return self.get_article(article_id), created

    def _same_page(self, article: Article) -> dict | None:
        """The article already imported from the same page (its canonical URL or the URL
        it was fetched from), the newest first; ``None`` for an article without a URL."""
        given = (article.metadata.get("canonical_url"), article.metadata.get("url"))
        urls = [u for u in given if u]
        if not urls:
            return None
        marks = ", ".join("?" * len(urls))
        return self._one(
            f"""
            SELECT id FROM articles WHERE canonical_url IN ({marks}) OR url IN ({marks})
            ORDER BY imported_at DESC, id LIMIT 1
            """,
            urls + urls,
        )

    @translate_errors()
    def find_article_by_url(self, *urls: str | None) -> str | None:
        """The id of the article imported from one of ``urls`` (compared with its
        canonical URL, the URL it was fetched from and the links of the feed items that
        brought it; as given: normalised by the caller), or ``None``."""
        wanted = [u for u in urls if u]
        if not wanted:
            return None
        marks = ", ".join("?" * len(wanted))
        row = self._one(
            f"""
            SELECT id FROM articles
            WHERE canonical_url IN ({marks}) OR url IN ({marks}) OR id IN (
                SELECT article_id FROM feed_items WHERE link IN ({marks}))
            ORDER BY imported_at DESC, id LIMIT 1
            """,
            wanted * 3,
        )
        return row["id"] if row else None

    @translate_errors()
    def mark_read(self, article_id: str, read: bool = True) -> None:
        """Mark the article read (now, unless it already was) or unread."""
        resolved = self._resolve("articles", "article", article_id)
        with write_transaction(self._db.conn):
            if read:
                self._db.execute(
                    "UPDATE articles SET read_at = ? WHERE id = ? AND read_at IS NULL",
                    [utc_now(), resolved],
                )
            else:
                self._db.execute("UPDATE articles SET read_at = NULL WHERE id = ?", [resolved])

    @translate_errors()
    def get_article(self, id_or_prefix: str) -> StoredArticle:
        """The article with this id or unique id prefix; ``StoreError`` if none or several."""
        return self._load_article(self._resolve("articles", "article", id_or_prefix))

    @translate_errors()
    def resolve_article_id(self, id_or_prefix: str) -> str:
        """The full id of the article with this id or unique id prefix
        (``NotFoundError`` if none or several)."""
        return self._resolve("articles", "article", id_or_prefix)

    @translate_errors()
    def list_articles(self) -> list[ArticleSummary]:
        """All articles, oldest import first, with their live annotation counts."""
        rows = self._rows(
            """
            SELECT a.id, a.title, a.source, a.imported_at, count(n.id) AS annotation_count
            FROM articles AS a
            LEFT JOIN annotations AS n ON n.article_id = a.id AND n.deleted_at IS NULL
            GROUP BY a.id
            ORDER BY a.imported_at, a.id
            """
        )
        return [ArticleSummary(**row) for row in rows]

    @translate_errors()
    def new_article_id(self, digest: str) -> str:
        """The id a new article with this content hash gets: the shortest free prefix
        of ``digest``, at least :data:`ARTICLE_ID_LENGTH` characters."""
        for length in range(ARTICLE_ID_LENGTH, len(digest) + 1):
            candidate = digest[:length]
            if self._one("SELECT 1 AS x FROM articles WHERE id = ?", [candidate]) is None:
                return candidate
        raise StoreError("cannot allocate an article id")  # pragma: no cover - needs a collision

    def _load_article(self, article_id: str) -> StoredArticle:
        row = self._one("SELECT * FROM articles WHERE id = ?", [article_id])
        if row is None:
            raise NotFoundError(f"no article with id '{article_id}'")
        # the text the screen holds is the one add_annotation uses (no second copy)
        self._kept_text = (article_id, row["content_hash"], row["text"])
        article = Article.from_structure(
            title=row["title"],
            source=row["source"],
            text=row["text"],
            structure=json.loads(row["structure"]),
            metadata=json.loads(row["metadata"]),
        )
        return StoredArticle(
            id=row["id"],
            title=row["title"],
            source=row["source"],
            content_hash=row["content_hash"],
            imported_at=row["imported_at"],
            article=article,
        )
