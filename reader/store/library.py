"""The library: every article with what a list of them shows, in one query.

The library screen and ``reader articles`` read the whole list at once, so it is
one indexed query (no query per article) returning light records: no article text
or structure, the annotation counts per tag, the feed that brought the article and
how many versions of its page are stored.
"""

from __future__ import annotations

import json

from reader.store.base import StoreBase
from reader.store.errors import translate_errors
from reader.store.records import LibraryEntry

__all__ = ["LibraryMixin"]

# Live annotations per (article, tag), folded into one JSON object per article; the
# feed of an article is that of its first item seen (feed_items_article index); the
# versions of a page are the articles that share its canonical URL.
_LIBRARY_SELECT = """
    WITH per_tag AS (
        SELECT article_id, tag, count(*) AS n
        FROM annotations WHERE deleted_at IS NULL
        GROUP BY article_id, tag
    ), counts AS (
        SELECT article_id, json_group_object(tag, n) AS tags
        FROM per_tag GROUP BY article_id
    )
    SELECT a.id, a.title, a.source, coalesce(a.canonical_url, a.url) AS url, a.site, a.author,
           a.published, a.imported_at, a.read_at,
           (SELECT coalesce(f.title, f.url) FROM feed_items AS i
            JOIN feeds AS f ON f.id = i.feed_id
            WHERE i.article_id = a.id ORDER BY i.seen_at, i.feed_id LIMIT 1) AS feed,
           (SELECT group_concat(i.feed_id) FROM feed_items AS i
            WHERE i.article_id = a.id) AS feed_ids,
           count(*) OVER (PARTITION BY coalesce(a.canonical_url, a.id)) AS versions,
           c.tags
    FROM articles AS a
    LEFT JOIN counts AS c ON c.article_id = a.id
    ORDER BY a.imported_at, a.id
"""


def _entry(row: dict) -> LibraryEntry:
    tags = json.loads(row["tags"]) if row["tags"] else {}
    feed_ids = row["feed_ids"]
    return LibraryEntry(
        id=row["id"],
        title=row["title"],
        source=row["source"],
        url=row["url"],
        site=row["site"],
        author=row["author"],
        published=row["published"],
        imported_at=row["imported_at"],
        read_at=row["read_at"],
        feed=row["feed"],
        feed_ids=tuple(sorted({int(i) for i in feed_ids.split(",")})) if feed_ids else (),
        versions=row["versions"],
        tag_counts=tuple(sorted((str(tag), int(n)) for tag, n in tags.items())),
    )


class LibraryMixin(StoreBase):
    """The library methods of :class:`reader.store.Store`."""

    @translate_errors()
    def library_entries(self) -> list[LibraryEntry]:
        """Every article, oldest import first, as the library lists it (one query)."""
        return [_entry(row) for row in self._db.query(_LIBRARY_SELECT)]

    @translate_errors()
    def article_count(self) -> int:
        """How many articles the database holds."""
        row = self._one("SELECT count(*) AS n FROM articles")
        return int(row["n"]) if row else 0
