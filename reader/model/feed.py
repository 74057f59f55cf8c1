"""Feed records shared by ``reader.io`` (which parses feeds) and ``reader.store`` (which
keeps them): plain frozen dataclasses, no I/O."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["FeedEntry", "FeedInfo"]


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One item of a feed. ``guid`` identifies it (the feed's id/guid, else its link, else
    a hash of title and content); ``content`` is the feed's own HTML for it (may be "")."""

    guid: str
    link: str | None
    title: str
    published: str | None
    author: str | None
    content: str


@dataclass(frozen=True, slots=True)
class FeedInfo:
    """A parsed feed: its title, its site's link and its entries in feed order."""

    title: str
    link: str | None
    entries: tuple[FeedEntry, ...]
