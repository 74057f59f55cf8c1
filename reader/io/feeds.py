"""Feeds (RSS 0.9x, 1.0 and 2.0, Atom) parsed with feedparser from bytes we fetched.

feedparser never fetches here: ``reader.io.http`` does (timeouts, size cap,
conditional requests), and the bytes are handed over. An entry is identified by
its ``id``/``guid``, else its link, else a hash of its title and content.
"""

from __future__ import annotations

import hashlib
import time
from typing import Any

from reader.io.http import normalise_url
from reader.model.feed import FeedEntry, FeedInfo

__all__ = ["FeedError", "parse_feed"]


class FeedError(Exception):
    """Bytes that hold no feed; the message is one line naming the source."""


def parse_feed(data: bytes, *, source: str, base: str | None = None) -> FeedInfo:
    """The feed in ``data`` (``FeedError`` when it is no RSS or Atom feed); relative item
    links are resolved against ``base`` (the URL the feed came from)."""
    headers = {"content-location": base} if base else None
    import feedparser  # here: it costs start-up (issue 12)

    parsed: Any = feedparser.parse(
        data, sanitize_html=True, resolve_relative_uris=False, response_headers=headers
    )
    version = parsed.get("version") or ""
    feed = parsed.get("feed", {})
    if not version and not parsed.entries:
        reason = parsed.get("bozo_exception")
        detail = f" ({' '.join(str(reason).split())})" if reason else ""
        raise FeedError(f"{source}: not an RSS or Atom feed{detail}")
    entries = tuple(_entry(e) for e in parsed.entries)
    link = feed.get("link")
    return FeedInfo(
        title=" ".join(str(feed.get("title", "")).split()) or source,
        link=normalise_url(link) if link else None,
        entries=entries,
    )


def _entry(entry: Any) -> FeedEntry:
    link = entry.get("link")
    link = normalise_url(link) if link else None
    title = " ".join(str(entry.get("title", "")).split())
    content = ""
    if entry.get("content"):
        content = "\n".join(str(c.get("value", "")) for c in entry["content"])
    elif entry.get("summary"):
        content = str(entry["summary"])
    guid = str(entry.get("id") or "").strip() or link
    if not guid:
        guid = "sha256:" + hashlib.sha256(f"{title}\n{content}".encode()).hexdigest()[:32]
    return FeedEntry(
        guid=guid,
        link=link,
        title=title,
        published=_date(entry),
        author=" ".join(str(entry.get("author", "")).split()) or None,
        content=content,
    )


def _date(entry: Any) -> str | None:
    """The entry's publication (else update) date as YYYY-MM-DD, if it has one."""
    for key in ("published_parsed", "updated_parsed"):
        value = entry.get(key)
        if value:
            return time.strftime("%Y-%m-%d", value)
    return None
