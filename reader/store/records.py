"""Plain records returned by the store (frozen dataclasses, no database handles)."""

from __future__ import annotations

from dataclasses import dataclass, field

from reader.model.article import Article
from reader.model.records import EXPORT_COLUMNS  # keys of Store.iter_export_rows dicts, in order
from reader.model.suggestion import Suggestion

#: The store keeps and returns the model's suggestion record as it is.
SuggestionRecord = Suggestion

__all__ = [
    "EXPORT_COLUMNS",
    "NEEDS_RECHECK",
    "STATUSES",
    "VERDICTS",
    "Annotation",
    "ArticleSummary",
    "BatchImportResult",
    "Conflict",
    "Feed",
    "FeedItemResult",
    "HistoryStep",
    "ImportReport",
    "LibraryEntry",
    "Orphan",
    "Recheck",
    "SearchHit",
    "StoredArticle",
    "SuggestionRecord",
    "Tag",
    "parse_status",
]

#: The verification states a reader gives, in the order ``cycle_status`` walks them.
VERDICTS: tuple[str, ...] = ("unverified", "supported", "disputed", "false")
#: The status of an annotation a merge moved onto different words: its verdict is
#: suspended until someone looks again (docs/sharing.md, "Re-checks"). Not a verdict.
NEEDS_RECHECK = "needs-recheck"
#: Every status an annotation may have.
STATUSES: tuple[str, ...] = (*VERDICTS, NEEDS_RECHECK)


def _status_key(text: str) -> str:
    return "".join(c for c in text.casefold() if c.isalnum())


def parse_status(text: str) -> str | None:
    """The status a person (or a spreadsheet) wrote, or None if it names none.

    Case, surrounding spaces, and spaces, hyphens or underscores inside do not
    matter: ``Supported``, `` SUPPORTED ``, ``needs re-check`` and ``Needs_Recheck``
    all name a status of :data:`STATUSES` (whatever values it holds).
    """
    if text in STATUSES:
        return text
    key = _status_key(text)
    return next((status for status in STATUSES if _status_key(status) == key), None)


@dataclass(frozen=True, slots=True)
class StoredArticle:
    """An article as kept in the database; ``article`` is the rebuilt model."""

    id: str
    title: str
    source: str
    content_hash: str
    imported_at: str
    article: Article


@dataclass(frozen=True, slots=True)
class ArticleSummary:
    """One line of the article list; ``annotation_count`` excludes deleted annotations."""

    id: str
    title: str
    source: str
    imported_at: str
    annotation_count: int


@dataclass(frozen=True, slots=True)
class Annotation:
    """A tagged span ``[start, end)`` of an article's text.

    ``exact`` is ``text[start:end]``; ``prefix``/``suffix`` are up to 32
    characters either side (for re-anchoring when sharing). ``deleted_at`` is
    set when the annotation is (soft) deleted.
    """

    id: str
    article_id: str
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
    origin: str = "manual"  # "suggestion" when accepted from a suggestion

    @property
    def is_deleted(self) -> bool:
        """True once the annotation has been soft-deleted."""
        return self.deleted_at is not None


@dataclass(frozen=True, slots=True)
class Tag:
    """A tag name with its display colour (``#rrggbb``) and an optional description."""

    name: str
    colour: str
    description: str | None


@dataclass(frozen=True, slots=True)
class HistoryStep:
    """An undone or redone action: ``add``, ``update``, ``cycle_status`` or ``delete``."""

    action: str
    annotation_id: str
    description: str


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
