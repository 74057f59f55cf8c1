"""The library: every article with what a list of them shows, in three queries.

The library screen and ``reader articles`` read the whole list at once: three indexed
queries however many articles (none per article), returning light records: no article
text or structure, the annotation counts per tag, the feed that brought the article and
how many versions of its page are stored. ``newest=N`` reads only the first screenful
(the newest N articles), so the library shows its first rows before the rest is read.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from reader.store.base import StoreBase
from reader.store.errors import translate_errors

if TYPE_CHECKING:
    from reader.store.listings import LibraryEntry

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
_NEWEST_SELECT = """
    SELECT id, title, source, coalesce(canonical_url, url), canonical_url, site, author,
           published, imported_at, read_at
    FROM articles INDEXED BY articles_by_date
    ORDER BY coalesce(nullif(published, ''), imported_at) DESC, imported_at DESC, id DESC
    LIMIT ?
"""
_COUNTS_SELECT = "SELECT article_id, tag, n FROM annotation_counts WHERE n > 0"
_FEEDS_SELECT = """
    SELECT i.article_id, i.feed_id, coalesce(f.title, f.url)
    FROM feed_items AS i JOIN feeds AS f ON f.id = i.feed_id
    WHERE i.article_id IS NOT NULL
    ORDER BY i.seen_at DESC, i.feed_id DESC
"""
# The same for some articles only (their ids as a JSON array).
_SOME = "(SELECT value FROM json_each(?))"
_SOME_ARTICLES_SELECT = _ARTICLES_SELECT.replace("ORDER BY", f"WHERE id IN {_SOME} ORDER BY")
_SOME_COUNTS_SELECT = f"{_COUNTS_SELECT} AND article_id IN {_SOME}"
_SOME_FEEDS_SELECT = _FEEDS_SELECT.replace(
    "WHERE i.article_id IS NOT NULL", f"WHERE i.article_id IN {_SOME}"
)
_SOME_PAGES_SELECT = f"""
    SELECT canonical_url, count(*) FROM articles
    WHERE canonical_url IN {_SOME} GROUP BY canonical_url
"""

_Row = tuple[
    str, str, str, str | None, str | None, str | None, str | None, str | None, str, str | None
]


class LibraryMixin(StoreBase):
    """The library methods of :class:`reader.store.Store`."""

    @translate_errors()
    def library_entries(
        self, *, newest: int | None = None, ids: Sequence[str] | None = None
    ) -> list[LibraryEntry]:
        """Every article, oldest import first, as the library lists it (three queries,
        none per article). With ``newest``, only that many of the newest articles (by
        date: published, else imported), newest first: what the library's first screen
        shows while the rest is read. With ``ids``, only the articles with these ids
        (full ids; unknown ones left out), oldest import first: rows read again after
        they changed."""
        from reader.store.listings import LibraryEntry

        conn = self._db.conn
        if newest is None and ids is None:
            rows: list[_Row] = conn.execute(_ARTICLES_SELECT).fetchall()
            counts_rows = conn.execute(_COUNTS_SELECT)
            feed_rows = conn.execute(_FEEDS_SELECT)
            pages = Counter(row[4] for row in rows if row[4] is not None)
        else:
            if ids is not None:
                rows = conn.execute(_SOME_ARTICLES_SELECT, [json.dumps(list(ids))]).fetchall()
            else:
                rows = conn.execute(_NEWEST_SELECT, [max(newest or 0, 0)]).fetchall()
            ids = json.dumps([row[0] for row in rows])
            urls = json.dumps(sorted({row[4] for row in rows if row[4] is not None}))
            counts_rows = conn.execute(_SOME_COUNTS_SELECT, [ids])
            feed_rows = conn.execute(_SOME_FEEDS_SELECT, [ids])
            pages = Counter(dict(conn.execute(_SOME_PAGES_SELECT, [urls]).fetchall()))
        counts: dict[str, list[tuple[str, int]]] = {}
        for article_id, tag, n in counts_rows:
            counts.setdefault(article_id, []).append((tag, n))
        feeds: dict[str, str] = {}
        feed_ids: dict[str, set[int]] = {}
        for article_id, feed_id, name in feed_rows:
            feeds[article_id] = name  # the last one written is the first one seen
            feed_ids.setdefault(article_id, set()).add(feed_id)
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
