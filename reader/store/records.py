"""Plain records returned by the store (frozen dataclasses, no database handles).

Those of an open article (the article, its annotations, tags, undo steps); the records
of lists and reports (the library, search, feeds, merges, imports) are in
:mod:`reader.store.listings`, imported when first used: a dataclass costs ~0.6 ms to
make, at every start (issue 12).
"""

from __future__ import annotations

from dataclasses import dataclass

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
    "HandedOver",
    "HistoryStep",
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


class HandedOver:
    """An article given to :meth:`reader.store.Store.import_article` with the only
    reference to it (the caller keeps none): the store takes it, and can let go of its
    text while it writes it (a 10 MB text is 20 MB as a ``str``, issue 12). Made with
    the article as an argument (``HandedOver(parse(...))``), not from a variable the
    caller still holds. When the article was not stored (one with its text or its page
    was there), it is handed back here, for the caller to refresh with."""

    __slots__ = ("_article",)

    def __init__(self, article: Article) -> None:
        self._article: Article | None = article

    def take(self) -> Article:
        """The article, which this no longer holds; ``ValueError`` if taken already."""
        article, self._article = self._article, None
        if article is None:
            raise ValueError("the article was taken already")
        return article

    def give_back(self, article: Article) -> None:
        """Hold ``article`` again (an article taken and not stored)."""
        self._article = article


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
