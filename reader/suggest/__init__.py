"""Rule-based suggestions: direct quotes with their speakers, and check-worthy claims.

Pure: depends only on ``reader.model`` (no SQL, no UI). ``suggest(article)``
returns :class:`Suggestion` records whose offsets index the article's
normalised text. The rules are described in docs/suggestions.md.
"""

from __future__ import annotations

import heapq
import importlib
from array import array
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from reader.model import Article
from reader.model.packed import U32
from reader.model.suggestion import (
    Suggestion,
    SuggestionTable,
    suggestion_order,
    suggestion_row_order,
)
from reader.suggest.version import rule_files, rules_version

if TYPE_CHECKING:
    from reader.suggest.attribution import (
        ATTRIBUTION_RULES,
        Attribution,
        attribute,
        echoes_of,
    )
    from reader.suggest.claims import score_claim
    from reader.suggest.guard import skipped_on_error
    from reader.suggest.quotes import find_quotes
    from reader.suggest.speakers import SpeakerResolver

__all__ = [
    "ATTRIBUTION_RULES",
    "RULES_VERSION",
    "Suggestion",
    "suggest",
    "suggest_quotes_with_rules",
    "suggest_table",
]

#: A hash of the rules' sources and data (see :mod:`reader.suggest.version`): a change
#: to any rule gives a new version, so cached suggestions are computed again. Computed
#: from the files, without importing the rules: the reader screen keys its cache by it.
RULES_VERSION = rules_version(rule_files())

# The rules themselves (84 regular expressions compiled at import, ~80 ms) are imported
# on first use (start-up, issue 12: reading the cache needs only RULES_VERSION). Their
# names become this module's globals then, so the functions below, and a test that
# replaces one of them here (monkeypatch.setattr(reader.suggest, "score_claim", ...)),
# work as if they had been imported at the top.
_RULE_NAMES = {
    "ATTRIBUTION_RULES": "reader.suggest.attribution",
    "Attribution": "reader.suggest.attribution",
    "attribute": "reader.suggest.attribution",
    "echoes_of": "reader.suggest.attribution",
    "score_claim": "reader.suggest.claims",
    "skipped_on_error": "reader.suggest.guard",
    "find_quotes": "reader.suggest.quotes",
    "SpeakerResolver": "reader.suggest.speakers",
}


def _load_rules() -> None:
    """Import the rules once; a name already set here (replaced by a test) is kept."""
    namespace = globals()
    for name, module in _RULE_NAMES.items():
        if name not in namespace:
            namespace[name] = getattr(importlib.import_module(module), name)


def __getattr__(name: str) -> Any:
    if name in _RULE_NAMES:
        _load_rules()
        return globals()[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def suggest(article: Article) -> list[Suggestion]:
    """Quotes and claims of ``article``, ordered by start, then quotes before claims."""
    _load_rules()
    return sorted(
        [*suggest_quotes(article), *suggest_claims(article)],
        key=suggestion_order,
    )


def suggest_quotes(article: Article) -> list[Suggestion]:
    """Direct quotes (scare quotes left out) with their speakers."""
    return [suggestion for suggestion, _rule in suggest_quotes_with_rules(article)]


def suggest_quotes_with_rules(article: Article) -> list[tuple[Suggestion, str | None]]:
    """The quote suggestions, each with the name of the attribution rule that found its
    speaker (``None``: none did), for the bench and for debugging: the rule name is not
    part of the suggestion (which is cached and exported)."""
    _load_rules()
    text = article.text
    found: list[tuple[Suggestion, str | None]] = []
    for attribution in attributions(article):
        start, end, speaker, reason, score = _quote_fields(attribution)
        suggestion = Suggestion("quote", start, end, text[start:end], speaker, reason, score)
        found.append((suggestion, attribution.rule))
    return found


def _quote_fields(attribution: Attribution) -> tuple[int, int, str | None, str, float]:
    """The (start, end, speaker, reason, score) of a quote's suggestion (its ``exact`` is
    ``text[start:end]``)."""
    quote, speaker, how = attribution.quote, attribution.speaker, attribution.how
    score = 0.9 if speaker else 0.6
    if not quote.closed:
        score -= 0.2
    reason = f"quote: {speaker}" if speaker else "quote: speaker unknown"
    if how:
        reason += f" ({how})"
    return quote.start, quote.end, speaker, reason, round(score, 3)


def attributions(article: Article) -> list[Attribution]:
    """Every direct quote of the article with its speaker and the rule that found it: the
    headline's echoes, then the body's quotes (:func:`_attributed`)."""
    _load_rules()
    echoes, found = _attributed(article, _Attributions)
    return echoes + found


class _Found(Protocol):
    """Where :func:`_attributed` keeps the body's quotes, each as it is attributed."""

    def add(self, attribution: Attribution) -> None: ...

    def said(self) -> Iterable[tuple[int, int, str | None]]:
        """(start, end, speaker) of each quote, in the order added."""
        ...


_FoundT = TypeVar("_FoundT", bound=_Found)


class _Attributions(list["Attribution"]):
    """The body's quotes as their attributions (:func:`attributions`)."""

    def add(self, attribution: Attribution) -> None:
        self.append(attribution)

    def said(self) -> Iterator[tuple[int, int, str | None]]:
        return ((a.quote.start, a.quote.end, a.speaker) for a in self)


def _attributed(article: Article, new: Callable[[], _FoundT]) -> tuple[list[Attribution], _FoundT]:
    """The headline's echoes (:func:`echoes_of`), and the body's quotes with their
    speakers, added to a ``new()`` as each is attributed.

    A rule that fails on one quote skips that quote; a failure in the steps every quote
    needs (finding the quotes, the registry of speakers) skips the quotes, not the
    claims; one in the headline's echoes skips those (see :mod:`reader.suggest.guard`)."""
    found = new()
    with skipped_on_error("every quote", 0):
        quotes = find_quotes(article)
        if not quotes:
            return [], found
        body = new()  # (kept only when every quote was attributed)
        for attribution in attribute(SpeakerResolver(article, quotes.strong()), quotes, article):
            body.add(attribution)
        found = body
    echoes: list[Attribution] = []
    with skipped_on_error("the headline's quotes", 0):
        echoes = echoes_of(article, found.said())
    return echoes, found


def suggest_table(article: Article) -> SuggestionTable:
    """:func:`suggest` as a compact table (the same suggestions, in the same order), made
    without a record per suggestion: on a 10 MB article the claims are ~90,000 records
    and their sentences' text, the quotes ~20,000 attributions, records and their text,
    which the table does not keep (issue 12: the rules' peak memory). Each quote is kept
    as a few numbers as it is attributed (:class:`_QuoteColumns`), then merged in."""
    _load_rules()
    quote_rows = _quote_columns(article).rows()
    # the claims come in text order (sentences do not overlap), already sorted
    claim_rows = (
        ("claim", start, end, None, None, reason, score)
        for start, end, reason, score in _claims(article)
    )
    # ``merge`` is stable (on a tie, the quotes' row first), as ``sorted`` in ``suggest`` is
    rows = heapq.merge(quote_rows, claim_rows, key=suggestion_row_order)
    return SuggestionTable.from_rows(article.text, rows)


class _QuoteColumns:
    """Quote suggestions as :func:`_quote_fields` gives them, kept as columns: start and
    end in arrays, and the number of their (speaker, reason, score), which repeat (12
    bytes a quote, not a record, its text and its reason)."""

    __slots__ = ("_ends", "_starts", "_tail_ids", "_tails")

    def __init__(self) -> None:
        self._starts = array(U32)
        self._ends = array(U32)
        self._tail_ids = array(U32)
        self._tails: dict[tuple[str | None, str, float], int] = {}

    def add(self, attribution: Attribution) -> None:
        """Add the suggestion of ``attribution``."""
        start, end, speaker, reason, score = _quote_fields(attribution)
        self._add(start, end, (speaker, reason, score))

    def extend(self, other: _QuoteColumns) -> None:
        """Add ``other``'s suggestions after these."""
        tails = list(other._tails)
        for start, end, tail_id in zip(other._starts, other._ends, other._tail_ids, strict=True):
            self._add(start, end, tails[tail_id])

    def _add(self, start: int, end: int, tail: tuple[str | None, str, float]) -> None:
        self._starts.append(start)
        self._ends.append(end)
        self._tail_ids.append(self._tails.setdefault(tail, len(self._tails)))

    def said(self) -> Iterator[tuple[int, int, str | None]]:
        """(start, end, speaker) of each quote, in the order added."""
        speakers = [speaker for speaker, _reason, _score in self._tails]
        for start, end, tail_id in zip(self._starts, self._ends, self._tail_ids, strict=True):
            yield start, end, speakers[tail_id]

    def rows(self) -> Iterator[tuple[str, int, int, None, str | None, str, float]]:
        """:meth:`SuggestionTable.from_rows` rows of the quotes, sorted by
        :func:`suggestion_order` (stable: as ``sorted`` in :func:`suggest_table` was)."""
        starts, ends = self._starts, self._ends
        order: Iterable[int] = range(len(starts))
        if any((starts[i], ends[i]) > (starts[i + 1], ends[i + 1]) for i in range(len(starts) - 1)):
            order = sorted(order, key=lambda i: (starts[i], ends[i]))
        tails = list(self._tails)
        for i in order:
            speaker, reason, score = tails[self._tail_ids[i]]
            yield "quote", starts[i], ends[i], None, speaker, reason, score


def _quote_columns(article: Article) -> _QuoteColumns:
    """:func:`suggest_quotes` as :class:`_QuoteColumns`, in the order of
    :func:`attributions` (the headline's echoes, then the body's quotes), each quote
    kept as it is attributed: no list of attributions, records or speakers' strings."""
    echoes, found = _attributed(article, _QuoteColumns)
    ordered = _QuoteColumns()
    for echo in echoes:
        ordered.add(echo)
    ordered.extend(found)
    return ordered


def suggest_claims(article: Article) -> list[Suggestion]:
    """One suggestion per check-worthy sentence."""
    text = article.text
    return [
        Suggestion("claim", start, end, text[start:end], None, reason, score)
        for start, end, reason, score in _claims(article)
    ]


def _claims(article: Article) -> Iterator[tuple[int, int, str, float]]:
    """(start, end, reason, score) of each check-worthy sentence, in text order, one at
    a time (no ``Span`` made for packed sections)."""
    _load_rules()
    text = article.text
    for start, end in zip(article.sentence_starts, article.sentence_ends, strict=True):
        found = None
        with skipped_on_error("the claim", start):  # a failing rule: that sentence only
            scored = score_claim(text[start:end])
            if scored is not None:
                score, reason, _kinds = scored
                found = (start, end, reason, score)
        if found is not None:
            yield found
