"""Feeds in the store: subscriptions, their state (validators, last check, last error)
and the items seen, each linked to its article.

The store keeps what the feed layer (``reader.io.feeds``, above) found; it fetches
nothing. An item is known by (feed, guid): an update imports only items not yet
seen. An item whose link is an article already imported (by its canonical or
fetched URL) is linked to that article, not copied.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reader.model.article import Article
from reader.store.articles import ArticlesMixin
from reader.store.errors import NotFoundError, StoreError, translate_errors
from reader.store.transactions import write_transaction
from reader.store.validation import utc_now

if TYPE_CHECKING:
    from reader.store.listings import Feed, FeedItemResult

if TYPE_CHECKING:  # (its module is imported by the feed code, not at start-up: issue 12)
    from reader.model.feed import FeedEntry

__all__ = ["FeedsMixin"]

_CONTENT_FROM = ("page", "feed", "known", "none")
_FEED_SELECT = """
    SELECT f.id, f.url, f.title, f.site_url, f.added_at, f.etag, f.last_modified,
           f.last_checked, f.last_error,
           count(i.guid) AS items,
           count(i.guid) FILTER (WHERE i.article_id IS NOT NULL AND a.read_at IS NULL) AS unread
    FROM feeds AS f
    LEFT JOIN feed_items AS i ON i.feed_id = f.id
    LEFT JOIN articles AS a ON a.id = i.article_id
"""


class FeedsMixin(ArticlesMixin):
    """The feed methods of :class:`reader.store.Store`."""

    def add_feed(self, url: str, title: str | None = None) -> tuple[Feed, bool]:
        """Subscribe to the feed at ``url`` (a URL or a file path, as the caller gives it).

        Returns the feed and ``created`` (``False`` when already subscribed: nothing
        is written)."""
        if not url or not url.strip():
            raise StoreError("a feed needs a URL")
        with write_transaction(self._db.conn):
            row = self._one("SELECT id FROM feeds WHERE url = ?", [url])
            if row is not None:
                return self._feed(row["id"]), False
            cursor = self._db.execute(
                "INSERT INTO feeds (url, title, added_at) VALUES (?, ?, ?)",
                [url, title, utc_now()],
            )
            feed_id = cursor.lastrowid
        assert feed_id is not None
        return self._feed(feed_id), True

    @translate_errors()
    def list_feeds(self) -> list[Feed]:
        """Every feed, in the order they were added."""
        rows = self._rows(_FEED_SELECT + " GROUP BY f.id ORDER BY f.id")
        from reader.store.listings import Feed

        return [Feed(**row) for row in rows]

    @translate_errors()
    def get_feed(self, feed: str | int) -> Feed:
        """The feed with this number (as ``feed list`` shows), URL or title
        (``NotFoundError`` when none, or several, match)."""
        key = str(feed).strip()
        row = None
        if key.isdigit():
            row = self._one("SELECT id FROM feeds WHERE id = ?", [int(key)])
        if row is None:
            row = self._one("SELECT id FROM feeds WHERE url = ?", [key])
        if row is None:
            rows = self._rows("SELECT id FROM feeds WHERE title = ? LIMIT 2", [key])
            if len(rows) > 1:
                raise NotFoundError(f"several feeds are called '{key}'; give its number or URL")
            row = rows[0] if rows else None
        if row is None:
            raise NotFoundError(f"no feed '{key}' (see reader feed list)")
        return self._feed(row["id"])

    def remove_feed(self, feed: str | int) -> Feed:
        """Unsubscribe: the feed and its item list go; the imported articles stay."""
        with write_transaction(self._db.conn):
            found = self.get_feed(feed)
            self._db.execute("DELETE FROM feed_items WHERE feed_id = ?", [found.id])
            self._db.execute("DELETE FROM feeds WHERE id = ?", [found.id])
        return found

    @translate_errors()
    def feed_item_guids(self, feed_id: int) -> set[str]:
        """The guids of the items of this feed already seen."""
        rows = self._rows("SELECT guid FROM feed_items WHERE feed_id = ?", [feed_id])
        return {row["guid"] for row in rows}

    def record_feed_check(
        self,
        feed_id: int,
        *,
        error: str | None = None,
        title: str | None = None,
        site_url: str | None = None,
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> Feed:
        """Record a check of the feed. A failed one (``error``) keeps the feed's title and
        validators and records the error; a successful one stores the new title, site and
        validators (given ones only) and clears the error."""
        with write_transaction(self._db.conn):
            now = utc_now()
            if error is not None:
                self._db.execute(
                    "UPDATE feeds SET last_checked = ?, last_error = ? WHERE id = ?",
                    [now, error, feed_id],
                )
            else:
                self._db.execute(
                    """
                    UPDATE feeds SET last_checked = ?, last_error = NULL,
                        title = coalesce(?, title), site_url = coalesce(?, site_url),
                        etag = coalesce(?, etag), last_modified = coalesce(?, last_modified)
                    WHERE id = ?
                    """,
                    [now, title, site_url, etag, last_modified, feed_id],
                )
            return self._feed(feed_id)

    def add_feed_item(
        self,
        feed_id: int,
        entry: FeedEntry,
        article: Article | None,
        content_from: str,
        *,
        error: str | None = None,
        article_id: str | None = None,
    ) -> FeedItemResult:
        """Store an item of a feed with its article, in one transaction.

        ``article`` is imported (deduplicated by text and by URL, as ``import_article``);
        or ``article_id`` links the item to an article already there. ``content_from``
        says where the text came from: ``page`` (the item's page), ``feed`` (the feed's own
        content, when the page could not be had; ``error`` says why) or ``none``."""
        if content_from not in _CONTENT_FROM:
            raise StoreError(f"invalid content source '{content_from}'")
        with write_transaction(self._db.conn):
            created = False
            if article is not None:
                stored, created = self.import_article(article)
                article_id = stored.id
            elif article_id is not None:
                article_id = self._resolve("articles", "article", article_id)
            self._db.execute(
                """
                INSERT INTO feed_items (feed_id, guid, link, title, published, article_id,
                                        content_from, error, seen_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (feed_id, guid) DO UPDATE SET
                    link = excluded.link, title = excluded.title,
                    article_id = excluded.article_id, content_from = excluded.content_from,
                    error = excluded.error
                """,
                [
                    feed_id,
                    entry.guid,
                    entry.link,
                    entry.title,
                    entry.published,
                    article_id,
                    content_from,
                    error,
                    utc_now(),
                ],
            )
        from reader.store.listings import FeedItemResult

        return FeedItemResult(entry.guid, article_id, content_from, created)

    def _feed(self, feed_id: int) -> Feed:
        row = self._one(_FEED_SELECT + " WHERE f.id = ? GROUP BY f.id", [feed_id])
        if row is None:
            raise NotFoundError(f"no feed {feed_id}")
        from reader.store.listings import Feed

        return Feed(**row)
