"""The library: every article with what a list of them shows, in one query.

The library screen and ``reader articles`` read the whole list at once, so it is
one indexed query (no query per article) returning light records: no article text
or structure, the annotation counts per tag, the feed that brought the article and
how many versions of its page are stored.
"""

from __future__ import annotations

from collections import Counter

from reader.store.base import StoreBase
from reader.store.errors import translate_errors
from reader.store.records import LibraryEntry

__all__ = ["LibraryMixin"]

# Three indexed reads, put together in Python (a correlated subquery per article and a
# window over 10,000 rows cost more than the rows themselves): the articles' light
# columns from the covering index ``articles_library`` (never the rows with their text),
# the live annotations per (article, tag) from ``annotation_counts`` (kept by triggers,
# schema version 10), and the feed items that brought articles. The feed of an article is
# that of its first item seen; its versions are the articles sharing its canonical URL.
_ARTICLES_SELECT = """
    SELECT id, title, source, coalesce(canonical_url, url), canonical_url, site, author,
           published, imported_at, read_at
    FROM articles INDEXED BY articles_library ORDER BY imported_at, id
"""
_COUNTS_SELECT = "SELECT article_id, tag, n FROM annotation_counts WHERE n > 0"
_FEEDS_SELECT = """
    SELECT i.article_id, i.feed_id, coalesce(f.title, f.url)
    FROM feed_items AS i JOIN feeds AS f ON f.id = i.feed_id
    WHERE i.article_id IS NOT NULL
    ORDER BY i.seen_at DESC, i.feed_id DESC
"""


class LibraryMixin(StoreBase):
    """The library methods of :class:`reader.store.Store`."""

    @translate_errors()
    def library_entries(self) -> list[LibraryEntry]:
        """Every article, oldest import first, as the library lists it (one query)."""
        conn = self._db.conn
        counts: dict[str, list[tuple[str, int]]] = {}
        for article_id, tag, n in conn.execute(_COUNTS_SELECT):
            counts.setdefault(article_id, []).append((tag, n))
        feeds: dict[str, str] = {}
        feed_ids: dict[str, set[int]] = {}
        for article_id, feed_id, name in conn.execute(_FEEDS_SELECT):
            feeds[article_id] = name  # the last one written is the first one seen
            feed_ids.setdefault(article_id, set()).add(feed_id)
        rows = conn.execute(_ARTICLES_SELECT).fetchall()
        pages = Counter(row[4] for row in rows if row[4] is not None)
        return [
            LibraryEntry(
                id=article_id,
                title=title,
                source=source,
                url=url,
                site=site,
                author=author,
                published=published,
                imported_at=imported_at,
                read_at=read_at,
                feed=feeds.get(article_id),
                feed_ids=tuple(sorted(feed_ids[article_id])) if article_id in feed_ids else (),
                versions=pages[canonical] if canonical is not None else 1,
                tag_counts=tuple(sorted(counts[article_id])) if article_id in counts else (),
            )
            for (
                article_id,
                title,
                source,
                url,
                canonical,
                site,
                author,
                published,
                imported_at,
                read_at,
            ) in rows
        ]

    @translate_errors()
    def article_count(self) -> int:
        """How many articles the database holds."""
        row = self._one("SELECT count(*) AS n FROM articles")
        return int(row["n"]) if row else 0
