"""The library's rows, without Textual: sorting, filtering, and the cells of each column
for a given width (pure functions of ``LibraryEntry`` records).

Every text from the web (titles, sites, feed names, tags) is made visible and one-line
by ``one_line`` here, so the table draws it literally.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from reader.model.safe_text import one_line
from reader.store import LibraryEntry

__all__ = [
    "SORTS",
    "Column",
    "cells",
    "filter_entries",
    "layout_columns",
    "next_sort",
    "sort_entries",
    "tag_detail",
    "tag_summary",
]

#: The orders ``s`` cycles through, with how the status line names them.
SORTS: dict[str, str] = {
    "date": "newest first",
    "title": "title A-Z",
    "site": "site A-Z",
    "annotations": "most annotated first",
    "unread": "unread first",
}


def next_sort(sort: str) -> str:
    """The sort after ``sort`` in :data:`SORTS` (round)."""
    names = list(SORTS)
    return names[(names.index(sort) + 1) % len(names)] if sort in names else names[0]


def _newest_first(entries: Iterable[LibraryEntry]) -> list[LibraryEntry]:
    return sorted(entries, key=lambda e: (e.date, e.imported_at, e.id), reverse=True)


def sort_entries(
    entries: Iterable[LibraryEntry], sort: str, *, newest_first: bool = False
) -> list[LibraryEntry]:
    """``entries`` in the order ``sort`` names; ties (and the secondary order of every
    sort) are newest first. Articles without a site come last when sorted by site.
    ``newest_first``: ``entries`` are already newest first (``sort_entries(e, "date")``),
    so only the one key of ``sort`` is sorted on (a sort of 10,000 rows costs one key)."""
    # sorted() is stable: the later keys keep this order
    ordered = list(entries) if newest_first else _newest_first(entries)
    if sort == "title":
        ordered.sort(key=lambda e: e.title.casefold())
    elif sort == "site":
        ordered.sort(key=lambda e: (e.site is None, (e.site or "").casefold()))
    elif sort == "annotations":
        ordered.sort(key=lambda e: -e.annotation_total)
    elif sort == "unread":
        ordered.sort(key=lambda e: e.read)
    return ordered


def haystack(entry: LibraryEntry) -> str:
    """What the filter looks in: title, site, feed, author and tags, case-folded."""
    parts = [entry.title, entry.site, entry.feed, entry.author, entry.url or entry.source]
    parts.extend(tag for tag, _ in entry.tag_counts)
    return " ".join(p for p in parts if p).casefold()


def filter_entries(
    entries: Iterable[LibraryEntry],
    query: str,
    feed_id: int | None = None,
    text_of: Callable[[LibraryEntry], str] = haystack,
) -> list[LibraryEntry]:
    """The entries whose text holds every word of ``query`` (any case, any order) and,
    when ``feed_id`` is given, that came from that feed. ``text_of`` may cache
    :func:`haystack`."""
    words = query.casefold().split()
    chosen = entries if feed_id is None else (e for e in entries if feed_id in e.feed_ids)
    if not words:
        return list(chosen)
    return [e for e in chosen if all(w in text_of(e) for w in words)]


def tag_glyph(tag: str) -> str:
    """A tag's initial, as the reader's gutter shows it (``C`` claim, ``Q`` quote)."""
    first = next((ch for ch in tag if ch.isalnum() and ch.isascii()), "")
    return first.upper() or "•"


def tag_summary(tag_counts: Sequence[tuple[str, int]]) -> str:
    """Counts per tag in a few cells: ``C2 Q1`` (empty when none)."""
    return " ".join(f"{tag_glyph(tag)}{count}" for tag, count in tag_counts)


def tag_detail(tag_counts: Sequence[tuple[str, int]]) -> str:
    """Counts per tag in words: ``claim 2 · quote 1``, or ``no annotations``."""
    if not tag_counts:
        return "no annotations"
    return " · ".join(f"{one_line(tag, 20)} {count}" for tag, count in tag_counts)


@dataclass(frozen=True, slots=True)
class Column:
    """A column of the table: its key, heading and width in cells."""

    key: str
    heading: str
    width: int


#: The columns besides the title, in display order, with their widths in cells.
_OPTIONAL = (
    Column("date", "Date", 10),
    Column("site", "Site", 12),
    Column("notes", "Notes", 7),
    Column("feed", "Feed", 14),
)
#: Which of them go first when the room runs out: the feed (the feeds list and the
#: line under the table name it), then the site, the notes, the date.
_PRIORITY = ("date", "notes", "site", "feed")
_MARK = Column("mark", "", 1)
_GAP = 1


def _title_min(width: int) -> int:
    """The least room the title keeps: 18 cells, or two fifths of a wide table."""
    return max(18, width * 2 // 5)


def layout_columns(width: int) -> list[Column]:
    """The columns that fit in ``width`` cells, in display order: the read mark, the
    title (all the room left), then date, site, notes and feed as room allows (taken in
    the order of ``_PRIORITY``)."""
    by_key = {c.key: c for c in _OPTIONAL}
    chosen: set[str] = set()
    used = _MARK.width + _GAP
    for key in _PRIORITY:
        column = by_key[key]
        if used + column.width + _GAP + _title_min(width) <= width:
            chosen.add(key)
            used += column.width + _GAP
    title = Column("title", "Title", max(width - used, 1))
    return [_MARK, title, *(c for c in _OPTIONAL if c.key in chosen)]


def cells(entry: LibraryEntry, columns: Sequence[Column]) -> list[str]:
    """The text of each column for ``entry``, made safe and cut to the column's width."""
    values = {
        "mark": "●" if not entry.read else " ",
        "title": entry.title,
        "date": entry.date[:10],
        "notes": tag_summary(entry.tag_counts),
        "site": entry.site or "",
        "feed": entry.feed or "",
    }
    return [one_line(values[c.key], c.width) for c in columns]
