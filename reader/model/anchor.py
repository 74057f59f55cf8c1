"""Re-anchoring a quote (exact text + prefix + suffix) in another version of a text.

Used when a shared annotation refers to a different version of a local article.
The rules (docs/sharing.md, "Re-anchoring"):

1. every exact occurrence of ``exact`` is a candidate; one candidate is taken;
   several are ranked by how much of ``prefix``/``suffix`` surrounds them, and
   the best is taken only when it is strictly better than the runner-up;
2. with no exact occurrence, a fuzzy match (rapidfuzz ``partial_ratio``) of a
   quote of at least :data:`FUZZY_MIN_LENGTH` characters is taken when its score
   is at least :data:`FUZZY_THRESHOLD` (its ends widened to the quote's first and
   last words when words were inserted near them, and never starting or ending
   inside a word);
3. anything else is *not placed*: the caller keeps the annotation as an orphan.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

__all__ = ["FUZZY_MIN_LENGTH", "FUZZY_THRESHOLD", "Placement", "reanchor"]

#: Minimum rapidfuzz ``partial_ratio`` (0-100) for a fuzzy placement.
FUZZY_THRESHOLD = 90.0
#: Shorter quotes are only placed by an exact match (a short string matches anywhere).
FUZZY_MIN_LENGTH = 12
_MAX_CANDIDATES = 1000
_MAX_SLACK = 40


@dataclass(frozen=True, slots=True)
class Placement:
    """Where a quote was found (``start``/``end``) and how: ``exact``,
    ``context`` (one of several exact matches, chosen by prefix/suffix) or
    ``fuzzy``; ``None`` start means not placed, with the reason in ``how``."""

    start: int | None
    end: int | None
    how: str
    score: float = 100.0

    @property
    def placed(self) -> bool:
        return self.start is not None


def _common_suffix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(reversed(a), reversed(b), strict=False):
        if x != y:
            break
        n += 1
    return n


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _occurrences(text: str, exact: str) -> list[int]:
    found: list[int] = []
    i = text.find(exact)
    while i != -1 and len(found) < _MAX_CANDIDATES:
        found.append(i)
        i = text.find(exact, i + 1)
    return found


def _reach_edge_words(text: str, exact: str, start: int, end: int) -> tuple[int, int]:
    """Widen a fuzzy window that stops short of the quote's last word (or starts after
    its first) to take that word in, when it is near and the score stays above the
    threshold: words inserted near an end of the quote would otherwise cut it there
    (``ratio`` prefers a shorter window to one with the inserted words)."""
    words = exact.split()
    if not words:
        return start, end
    reach = max(_MAX_SLACK, len(exact) // 3)
    first, last = words[0], words[-1]
    if not text[start:end].endswith(last):
        found = text.find(last, max(start, end - len(last) + 1), end + reach)
        if found != -1 and fuzz.ratio(exact, text[start : found + len(last)]) >= FUZZY_THRESHOLD:
            end = found + len(last)
    if not text[start:end].startswith(first):
        found = text.rfind(first, max(0, start - reach), min(end, start + len(first) - 1))
        if found != -1 and fuzz.ratio(exact, text[found:end]) >= FUZZY_THRESHOLD:
            start = found
    return start, end


def _whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """A fuzzy window never starts or ends inside a word: a start inside one moves on
    to the next word, an end inside one moves to the end of that word."""
    if 0 < start < end and text[start - 1].isalnum() and text[start].isalnum():
        while start < end and not text[start - 1].isspace():
            start += 1
    if start < end < len(text) and text[end - 1].isalnum() and text[end].isalnum():
        while end < len(text) and text[end].isalnum():
            end += 1
    return start, end


def _refine(text: str, exact: str, start: int, end: int) -> tuple[int, int]:
    """Move the ends of a fuzzy window (as long as the quote) to where the whole quote
    fits best: the changed text may be longer or shorter than the quote."""
    slack = min(_MAX_SLACK, max(4, len(exact) // 8))
    for _round in range(2):
        end = max(
            range(max(start + 1, end - slack), min(len(text), end + slack) + 1),
            key=lambda e: (fuzz.ratio(exact, text[start:e]), -abs(e - end)),
        )
        start = max(
            range(max(0, start - slack), min(end - 1, start + slack) + 1),
            key=lambda b: (fuzz.ratio(exact, text[b:end]), -abs(b - start)),
        )
    return start, end


def reanchor(text: str, exact: str, prefix: str = "", suffix: str = "") -> Placement:
    """Find ``exact`` in ``text`` with the help of its context; see the module rules."""
    if not exact:
        return Placement(None, None, "empty quote", 0.0)
    starts = _occurrences(text, exact)
    if len(starts) == 1:
        return Placement(starts[0], starts[0] + len(exact), "exact")
    if starts:
        scored = sorted(
            (
                (
                    _common_suffix(text[max(0, s - len(prefix)) : s], prefix)
                    + _common_prefix(text[s + len(exact) : s + len(exact) + len(suffix)], suffix),
                    s,
                )
                for s in starts
            ),
            reverse=True,
        )
        if scored[0][0] > scored[1][0]:
            start = scored[0][1]
            return Placement(start, start + len(exact), "context")
        return Placement(None, None, f"the quote occurs {len(starts)} times", 100.0)
    if len(exact) < FUZZY_MIN_LENGTH:
        return Placement(None, None, "short quote not found", 0.0)
    match = fuzz.partial_ratio_alignment(exact, text, score_cutoff=FUZZY_THRESHOLD)
    if match is None:
        best = fuzz.partial_ratio(exact, text)
        return Placement(None, None, f"quote not found (best match {best:.0f}%)", best)
    start, end = _refine(text, exact, match.dest_start, match.dest_end)
    start, end = _whole_words(text, *_reach_edge_words(text, exact, start, end))
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end <= start:
        return Placement(None, None, "quote not found", match.score)
    return Placement(start, end, "fuzzy", match.score)
