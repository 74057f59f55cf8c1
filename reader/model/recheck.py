"""Did a re-anchored quote keep its words? Comparing an annotation's old exact text with
the text it was placed on.

A verdict (``supported``, ``false`` …) was checked against particular words. When
re-anchoring moves an annotation onto text that is not the same, :func:`compare_quotes`
says whether the change may pass silently or the verdict must be suspended
(docs/sharing.md, "Re-checks"):

- ``identical``: the same characters;
- ``typographic``: the same *tokens* once typography is normalised (curly and straight
  quotes, dashes, spaces of every kind including NBSP and line breaks, the ellipsis,
  ligatures, soft hyphens and zero-width characters) and punctuation between words is
  ignored: the annotation may move silently;
- ``substantive``: any token differs. Deliberately conservative: a token is a word of
  letters and digits (``\\w+``) with the apostrophes inside it (``didn't``) and the
  punctuation between two digits (``2.12`` is not ``212``, ``212million`` is not
  ``212 million``), a minus sign before a number, or a symbol (``£``, ``%``, ``+`` …);
  case counts (``US`` is not ``us``). Each difference is reported with the
  words around it (``£212 → £198``) and its kinds: ``figure``, ``name``, ``negation``,
  ``quoted`` (inside quote marks) or ``word``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher

__all__ = [
    "IDENTICAL",
    "SUBSTANTIVE",
    "TYPOGRAPHIC",
    "Difference",
    "QuoteChange",
    "compare_quotes",
    "normalise_typography",
    "tokens",
]

IDENTICAL = "identical"
TYPOGRAPHIC = "typographic"
SUBSTANTIVE = "substantive"

#: Differences listed in a description; the rest are counted.
MAX_DIFFERENCES = 5
#: Characters of each side of a difference in its description.
MAX_SIDE_CHARS = 60
#: Quotes longer than this (in tokens) are compared whole, without a word-level diff.
MAX_DIFF_TOKENS = 5000

_TYPOGRAPHY: dict[str, str] = {
    **dict.fromkeys("‘’‚‛′‹›`´＇", "'"),
    **dict.fromkeys("“”„‟″«»〝〞＂", '"'),
    **dict.fromkeys("‐‑‒–—―⁃−﹘﹣－", "-"),
    **dict.fromkeys("\u00ad\u200b\u200c\u200d\u2060\ufeff", ""),
    "…": "...",
    "ﬀ": "ff",
    "ﬁ": "fi",
    "ﬂ": "fl",
    "ﬃ": "ffi",
    "ﬄ": "ffl",
}
_TOKEN_RE = re.compile(
    # a word: letters and digits, with apostrophes inside (didn't) and the punctuation
    # between two digits (2.12, 1,000, 10:30) kept inside
    r"(?P<word>\w+(?:(?:'|(?<=\d)[.,:/](?=\d))\w+)*)"
    r"|(?P<minus>(?<![\w.,])-(?=\d))"  # a minus sign
    r"|(?P<other>[^\w\s])"  # any other character: kept only when it is a symbol (below)
)
#: Punctuation (Unicode P*) that still changes what a figure says.
_MEANINGFUL_PUNCTUATION = frozenset("%‰‱#&@§†")
_NEGATIONS = frozenset(
    {"not", "no", "never", "none", "nobody", "nothing", "nowhere", "neither", "nor", "cannot"}
)


def normalise_typography(text: str) -> str:
    """``text`` in NFC with typographic variants replaced by plain ASCII ones and every
    run of whitespace made one space (what :func:`compare_quotes` compares)."""
    nfc = unicodedata.normalize("NFC", text)
    plain = "".join(_TYPOGRAPHY.get(c, c) for c in nfc)
    return " ".join(plain.split())


def _is_token(match: re.Match[str]) -> bool:
    if match.lastgroup != "other":
        return True
    value = match.group()
    return unicodedata.category(value).startswith("S") or value in _MEANINGFUL_PUNCTUATION


def tokens(text: str) -> list[str]:
    """The tokens of ``text`` after :func:`normalise_typography` (see the module rules)."""
    return [m.group() for m in _spans(normalise_typography(text))]


def _spans(text: str) -> list[re.Match[str]]:
    return [m for m in _TOKEN_RE.finditer(text) if _is_token(m)]


def _quoted_positions(text: str) -> list[tuple[int, int]]:
    """Spans of ``text`` (typography normalised) between quote marks. A closing mark
    before any opening one means the text began inside a quotation."""
    marks: list[tuple[int, bool]] = []  # (position, opens)
    for i, c in enumerate(text):
        if c not in "\"'":
            continue
        before = text[i - 1] if i else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        if c == "'" and before.isalnum() and after.isalnum():
            continue  # an apostrophe
        if before.isspace() or before in "([" or not i:
            marks.append((i, True))
        elif after.isspace() or not after.isalnum():
            marks.append((i, False))
    spans: list[tuple[int, int]] = []
    open_at: int | None = 0 if marks and not marks[0][1] else None
    for position, opens in marks:
        if opens and open_at is None:
            open_at = position
        elif not opens and open_at is not None:
            spans.append((open_at, position))
            open_at = None
    if open_at is not None:
        spans.append((open_at, len(text)))
    return spans


@dataclass(frozen=True, slots=True)
class Difference:
    """One changed stretch: the words before (``old``) and after (``new``), either
    possibly empty, and what kinds of token changed."""

    old: str
    new: str
    kinds: tuple[str, ...]

    def describe(self) -> str:
        """``£212 → £198``, ``added: not``, ``removed: not``."""
        if not self.old:
            return f"added: {self.new}"
        if not self.new:
            return f"removed: {self.old}"
        return f"{self.old} → {self.new}"


@dataclass(frozen=True, slots=True)
class QuoteChange:
    """How a placed text differs from the old exact text (see the module rules)."""

    kind: str
    differences: tuple[Difference, ...] = ()
    more: int = 0  # differences not listed (beyond MAX_DIFFERENCES)

    @property
    def substantive(self) -> bool:
        """True when the words changed: the annotation needs a re-check."""
        return self.kind == SUBSTANTIVE

    @property
    def kinds(self) -> tuple[str, ...]:
        """The kinds of every listed difference, each once, in a fixed order."""
        seen = {k for d in self.differences for k in d.kinds}
        return tuple(k for k in _KIND_ORDER if k in seen)

    def describe(self) -> str:
        """The differences on one line (``""`` when not substantive)."""
        text = "; ".join(d.describe() for d in self.differences)
        if self.more:
            text += f"; and {self.more} more"
        return text


_KIND_ORDER = ("figure", "negation", "name", "quoted", "word")


def _kinds_of(values: list[str], inside_quotes: list[bool]) -> set[str]:
    kinds: set[str] = set()
    for value, quoted in zip(values, inside_quotes, strict=True):
        lower = value.lower()
        if any(c.isdigit() for c in value) or not (value[0].isalnum() or value[0] == "_"):
            kinds.add("figure")  # numbers, signs, currency and other symbols
        elif lower in _NEGATIONS or lower.endswith("n't"):
            kinds.add("negation")
        elif value[0].isupper():
            kinds.add("name")
        else:
            kinds.add("word")
        if quoted:
            kinds.add("quoted")
    return kinds


def _shorten(text: str) -> str:
    return text if len(text) <= MAX_SIDE_CHARS else text[: MAX_SIDE_CHARS - 1] + "…"


def _is_loose_punctuation(c: str) -> bool:
    return unicodedata.category(c).startswith("P") and c not in _MEANINGFUL_PUNCTUATION


def _trim(chunk: str) -> str:
    """A word without the punctuation wrapping it (``“fine”,`` -> ``fine``); a minus
    sign before a number stays."""
    start, end = 0, len(chunk)
    while start < end and _is_loose_punctuation(chunk[start]):
        if chunk[start] == "-" and start + 1 < end and chunk[start + 1].isdigit():
            break
        start += 1
    while end > start and _is_loose_punctuation(chunk[end - 1]):
        end -= 1
    return chunk[start:end]


@dataclass(frozen=True, slots=True)
class _Word:
    """A space-separated word of a text with its tokens and which are quoted."""

    text: str
    tokens: tuple[str, ...]
    quoted: tuple[bool, ...]


class _Side:
    """One text's words (those with at least one token) and its tokens."""

    def __init__(self, text: str) -> None:
        self.text = normalise_typography(text)
        quoted = _quoted_positions(self.text)
        self.words: list[_Word] = []
        for chunk in re.finditer(r"\S+", self.text):
            found = _spans(chunk.group())
            if not found:
                continue
            at = chunk.start()
            self.words.append(
                _Word(
                    chunk.group(),
                    tuple(m.group() for m in found),
                    tuple(any(a <= at + m.start() < b for a, b in quoted) for m in found),
                )
            )
        self.values = [t for w in self.words for t in w.tokens]

    def stretch(self, i: int, j: int) -> str:
        return _shorten(_trim(" ".join(w.text for w in self.words[i:j])))

    def kinds(self, i: int, j: int) -> set[str]:
        words = self.words[i:j]
        return _kinds_of([t for w in words for t in w.tokens], [q for w in words for q in w.quoted])


def compare_quotes(old: str, new: str) -> QuoteChange:
    """Compare an annotation's old exact text with the text it is now placed on."""
    if old == new:
        return QuoteChange(IDENTICAL)
    a, b = _Side(old), _Side(new)
    if a.values == b.values:
        return QuoteChange(TYPOGRAPHIC)
    if max(len(a.values), len(b.values)) > MAX_DIFF_TOKENS:
        whole = Difference(_shorten(a.text), _shorten(b.text), ("word",))
        return QuoteChange(SUBSTANTIVE, (whole,))
    differences: list[Difference] = []
    matcher = SequenceMatcher(
        None, [w.tokens for w in a.words], [w.tokens for w in b.words], autojunk=False
    )
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        kinds = a.kinds(i1, i2) | b.kinds(j1, j2)
        ordered = tuple(k for k in _KIND_ORDER if k in kinds)
        differences.append(Difference(a.stretch(i1, i2), b.stretch(j1, j2), ordered))
    listed = tuple(differences[:MAX_DIFFERENCES])
    return QuoteChange(SUBSTANTIVE, listed, len(differences) - len(listed))
