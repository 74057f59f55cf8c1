"""Records of the store's lists and reports: the article list and the library, search
hits, feeds, merge results (conflicts, orphans, re-checks), imports and refreshes (frozen
dataclasses, no database handles).

Imported by the store methods that make them, and by ``reader.store`` on first use of a
name (its ``__getattr__``): the first screen shows none of them, and a dataclass costs
~0.6 ms to make at every start (start-up, issue 12). The records of an open article are
in :mod:`reader.store.records`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = [
    "ArticleSummary",
    "ArticleVersion",
    "BatchImportResult",
    "Conflict",
    "Feed",
    "FeedItemResult",
    "ImportReport",
    "LibraryEntry",
    "Orphan",
    "Recheck",
    "RefreshReport",
    "SearchHit",
]


@dataclass(frozen=True, slots=True)
class ArticleSummary:
    """One line of the article list; ``annotation_count`` excludes deleted annotations."""

    id: str
    title: str
    source: str
    imported_at: str
    annotation_count: int


@dataclass(frozen=True, slots=True)
class Conflict:
    """A version of an annotation that lost a merge (last writer wins) and was kept.

    ``winner_updated_at`` is the ``updated_at`` of the version that won;
    ``source`` the file name of the merge that recorded it.
    """

    id: int
    annotation_id: str
    article_id: str
    start: int
    end: int
    exact: str
    tag: str
    speaker: str | None
    status: str
    note: str | None
    author: str
    created_at: str
    updated_at: str
    deleted_at: str | None
    winner_updated_at: str
    source: str
    recorded_at: str


@dataclass(frozen=True, slots=True)
class Orphan:
    """An incoming annotation that could not be placed in the local version of its
    article (``article_id``); ``start``/``end``/``exact`` refer to the incoming text,
    whose hash is ``incoming_hash``; ``reason`` says why it was not placed."""

    id: str
    article_id: str
    incoming_hash: str
    start: int
    end: int
    exact: str
    prefix: str
    suffix: str
    tag: str
    speaker: str | None
    status: str
    note: str | None
    author: str
    created_at: str
    updated_at: str
    deleted_at: str | None
    origin: str
    reason: str
    source: str
    recorded_at: str


@dataclass(frozen=True, slots=True)
class Recheck:
    """A live annotation whose status is ``needs-recheck``: where it is now (``start``,
    ``end``, ``exact``) and, from the record the merge kept, the text it was made on
    (``old_exact``), the verdict it had (``old_status``), what changed (``changes``,
    e.g. ``£212 → £198``; ``kinds`` e.g. ``figure``), from which file (``source``) and
    when. The record fields are ``None`` for an annotation that arrived already flagged
    (the record is not shared)."""

    annotation_id: str
    article_id: str
    tag: str
    author: str
    start: int
    end: int
    exact: str
    old_exact: str | None
    old_status: str | None
    changes: str | None
    kinds: str | None
    source: str | None
    recorded_at: str | None


@dataclass(slots=True)
class ImportReport:
    """What ``Store.import_annotations`` did.

    ``new``: annotations added; ``updated``: existing ids replaced by a newer
    version (later ``updated_at``); ``unchanged``: existing ids whose stored
    version is as new or newer; ``skipped``: rows left out, counted by reason;
    ``examples``: the first few skipped rows as ``"line 3: reason"``.
    """

    new: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    examples: list[str] = field(default_factory=list)

    @property
    def skipped_total(self) -> int:
        """How many rows were skipped, for every reason."""
        return sum(self.skipped.values())


@dataclass(frozen=True, slots=True)
class Feed:
    """A subscribed feed with its state: ``items`` seen, ``unread`` (items whose article is
    unread), the validators of its last answer and its last check and error."""

    id: int
    url: str
    title: str | None
    site_url: str | None
    added_at: str
    etag: str | None
    last_modified: str | None
    last_checked: str | None
    last_error: str | None
    items: int
    unread: int

    @property
    def name(self) -> str:
        """The title, else the URL."""
        return self.title or self.url


@dataclass(frozen=True, slots=True)
class FeedItemResult:
    """A feed item as stored: its article (``None`` when no text could be had), where the
    text came from (``page``, ``feed`` or ``none``) and whether the article is new."""

    guid: str
    article_id: str | None
    content_from: str
    created: bool


@dataclass(frozen=True, slots=True)
class LibraryEntry:
    """One article as the library lists it (without its text): where it came from,
    whether it is read, the feed that brought it and its live annotations per tag.

    ``url`` is the page's canonical URL, else the URL it was fetched from; ``feed`` the
    title (else URL) of the first feed whose item brought it, ``feed_ids`` every such
    feed; ``versions`` the number of stored articles of the same page (same canonical
    URL); ``tag_counts`` ``(tag, count)`` pairs in tag-name order; ``source`` where it
    was imported from (a file name or URL)."""

    id: str
    title: str
    source: str
    url: str | None
    site: str | None
    author: str | None
    published: str | None
    imported_at: str
    read_at: str | None
    feed: str | None
    feed_ids: tuple[int, ...]
    versions: int
    tag_counts: tuple[tuple[str, int], ...]

    @property
    def read(self) -> bool:
        """True once the article has been opened (or marked read)."""
        return self.read_at is not None

    @property
    def annotation_total(self) -> int:
        """Live annotations of every tag."""
        return sum(count for _, count in self.tag_counts)

    @property
    def date(self) -> str:
        """The publication date when known, else the import time (ISO text, sortable)."""
        return self.published or self.imported_at


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One full-text search result (``Store.search``): an article whose title or text
    matched (``kind == "article"``) or an annotation whose note or speaker did
    (``kind == "annotation"``, with ``annotation_id``).

    ``snippet`` is the matching passage as stored (not made safe: show it with
    ``reader.model.safe_text``), ``highlights`` the ``(start, end)`` spans of the matched
    words in it, ``cut_before``/``cut_after`` whether text was left out around it.
    ``offset`` is where the passage is in the article's text (the match itself for a
    text match, 0 for a title match, the annotation's start for an annotation);
    ``field`` names what matched: ``title``, ``text``, ``note`` or ``speaker``."""

    kind: str
    article_id: str
    title: str
    field: str
    snippet: str
    highlights: tuple[tuple[int, int], ...]
    offset: int
    cut_before: bool = False
    cut_after: bool = False
    annotation_id: str | None = None


@dataclass(frozen=True, slots=True)
class BatchImportResult:
    """What ``Store.import_articles`` did with one article of a batch: its id and whether
    it is new (``created``), or why it was refused (``error``: then ``article_id`` is
    ``None`` and nothing of it was written)."""

    source: str
    article_id: str | None
    created: bool
    error: str | None = None


@dataclass(frozen=True, slots=True)
class ArticleVersion:
    """One version of an article's text (``version`` 1 is the first import)."""

    article_id: str
    version: int
    content_hash: str
    title: str
    text: str
    fetched_at: str


@dataclass(frozen=True, slots=True)
class RefreshReport:
    """What refreshing one article did. ``changed`` is false when the text was the same
    (nothing written); then ``version`` is the current version number."""

    article_id: str
    title: str
    changed: bool
    version: int
    reanchored: int = 0
    orphans: int = 0
    rechecks: int = 0
