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
   inside a word); a quote over 256 characters is compared (``ratio``) only where its
   sampled 12-character pieces place it (bounded work);
3. anything else is *not placed*: the caller keeps the annotation as an orphan.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

__all__ = ["FUZZY_MIN_LENGTH", "FUZZY_THRESHOLD", "Placement", "reanchor"]

#: Minimum rapidfuzz ``partial_ratio`` (0-100) for a fuzzy placement.
FUZZY_THRESHOLD = 90.0
#: Shorter quotes are only placed by an exact match (a short string matches anywhere).
FUZZY_MIN_LENGTH = 12
_MAX_CANDIDATES = 1000


def _fuzz() -> Any:
    """rapidfuzz's ``fuzz``, imported on first use: opening an article never needs it
    (start-up, issue 12). A test may replace the module attribute ``fuzz``."""
    found = globals().get("fuzz")
    if found is None:
        from rapidfuzz import fuzz as found

        globals()["fuzz"] = found
    return found


def __getattr__(name: str) -> Any:
    if name == "fuzz":
        return _fuzz()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


_MAX_SLACK = 40
# Long quotes (issue 13): bounded work instead of time quadratic in the quote's length.
_LONG_QUOTE = 256  # longer quotes are looked for in candidate windows only
_END_WINDOW = 256  # characters compared when moving a long quote's ends
_SHINGLE = 12  # characters of each sampled piece of a long quote
_SAMPLES = 64  # pieces sampled from a long quote
_MAX_PIECE_HITS = 64  # a piece found more often than this does not vote
_MAX_WINDOWS = 8  # candidate starts compared


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
        if found != -1 and _fuzz().ratio(exact, text[start : found + len(last)]) >= FUZZY_THRESHOLD:
            end = found + len(last)
    if not text[start:end].startswith(first):
        found = text.rfind(first, max(0, start - reach), min(end, start + len(first) - 1))
        if found != -1 and _fuzz().ratio(exact, text[found:end]) >= FUZZY_THRESHOLD:
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
    fits best: the changed text may be longer or shorter than the quote.

    A quote longer than :data:`_END_WINDOW` is compared by its ends only (its last
    characters for the end, its first for the start): moving an end changes nothing
    else, and the whole-quote ratio would cost quadratic time in the quote's length."""
    slack = min(_MAX_SLACK, max(4, len(exact) // 8))
    window = len(exact) if len(exact) <= _END_WINDOW else _END_WINDOW
    head, tail = exact[:window], exact[-window:]
    for _round in range(2):
        # The end moves, the start of the compared text stays (the whole quote's start
        # when it is short): only the quote's last ``window`` characters are compared.
        left = start if window == len(exact) else max(start, end - window)
        end = max(
            range(max(start + 1, end - slack), min(len(text), end + slack) + 1),
            key=lambda e: (_fuzz().ratio(tail, text[left:e]), -abs(e - end)),
        )
        right = end if window == len(exact) else min(end, start + window)
        start = max(
            range(max(0, start - slack), min(end - 1, start + slack) + 1),
            key=lambda b: (_fuzz().ratio(head, text[b:right]), -abs(b - start)),
        )
    return start, end


def _candidate_starts(text: str, exact: str) -> list[int]:
    """Where in ``text`` a long quote may start (bounded work): its sampled
    :data:`_SHINGLE`-character pieces are found in the text, each occurrence votes
    for the quote start it implies, and the most voted starts are returned."""
    length = len(exact)
    step = max(1, (length - _SHINGLE) // _SAMPLES)
    votes: Counter[int] = Counter()
    for offset in range(0, length - _SHINGLE + 1, step):
        piece = exact[offset : offset + _SHINGLE]
        found: list[int] = []
        i = text.find(piece)
        while i != -1 and len(found) <= _MAX_PIECE_HITS:
            found.append(i)
            i = text.find(piece, i + 1)
        if len(found) > _MAX_PIECE_HITS:
            continue  # not distinctive: it would vote everywhere
        for position in found:
            votes[max(0, min(position - offset, len(text) - 1))] += 1
    starts: list[int] = []
    for start, _count in votes.most_common():
        if all(abs(start - other) > _MAX_SLACK for other in starts):
            starts.append(start)
            if len(starts) == _MAX_WINDOWS:
                break
    return starts


def _long_scores(text: str, exact: str) -> list[tuple[float, int]]:
    """``(ratio, start)`` of a long quote against the text as long as it at each
    :func:`_candidate_starts` start."""
    return [
        (_fuzz().ratio(exact, text[start : start + len(exact)]), start)
        for start in _candidate_starts(text, exact)
    ]


def _fuzzy_match(text: str, exact: str) -> tuple[int, int, float] | None:
    """The best fuzzy window ``(start, end, score)`` of ``exact`` in ``text`` with a
    score of at least :data:`FUZZY_THRESHOLD`, else ``None``. A quote longer than
    :data:`_LONG_QUOTE` is compared (``ratio``) at its :func:`_candidate_starts` only:
    rapidfuzz's ``partial_ratio`` over the whole text takes time quadratic in the
    quote's length (57 s for 8,000 characters against 1 MB)."""
    if len(exact) <= _LONG_QUOTE:
        match = _fuzz().partial_ratio_alignment(exact, text, score_cutoff=FUZZY_THRESHOLD)
        return None if match is None else (match.dest_start, match.dest_end, match.score)
    scored = [(score, -start) for score, start in _long_scores(text, exact)]
    if not scored:
        return None
    score, negative_start = max(scored)
    if score < FUZZY_THRESHOLD:
        return None
    start = -negative_start
    return start, min(len(text), start + len(exact)), score


def _best_score(text: str, exact: str) -> float:
    """The best ``partial_ratio`` of ``exact`` in ``text`` (for the "not found"
    message); for a long quote, the best ratio at its candidate starts."""
    if len(exact) <= _LONG_QUOTE:
        return float(_fuzz().partial_ratio(exact, text))
    return float(max((score for score, _ in _long_scores(text, exact)), default=0.0))


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
    match = _fuzzy_match(text, exact)
    if match is None:
        best = _best_score(text, exact)
        return Placement(None, None, f"quote not found (best match {best:.0f}%)", best)
    start, end = _refine(text, exact, match[0], match[1])
    start, end = _whole_words(text, *_reach_edge_words(text, exact, start, end))
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end <= start:
        return Placement(None, None, "quote not found", match[2])
    return Placement(start, end, "fuzzy", match[2])
