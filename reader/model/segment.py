"""Sentence segmentation: rule-based, offset-preserving, fast.

``split_sentences`` returns spans (absolute offsets into the text it is given)
with surrounding whitespace trimmed. The rules, and the measurements that chose
them over pysbd and syntok, are described in ``docs/segmentation.md``.

A candidate boundary is terminal punctuation (``. ! ? …``) plus any closing
quotes/brackets glued to it, followed by whitespace. Whether it splits depends
on the word before the punctuation (abbreviation classes below) and on the
word after it (lowercase never starts a sentence; after name-like
abbreviations such as "U.S." only a typical sentence opener does). Never
before a dash (wire datelines), and not after ``?"``/``!"`` when a speech-verb
attribution follows ("Haugen asked"). A blank
line always ends a sentence; a single newline is ordinary whitespace, so
hard-wrapped paragraphs segment correctly.
"""

from __future__ import annotations

import re
from collections.abc import MutableSequence

from reader.model.article import Span
from reader.model.lexicon import QUESTION_ATTRIBUTION_VERBS, alternation

# Terminal punctuation, closing quotes/brackets glued to it, then whitespace (group 3).
# Every run of punctuation matches, followed by whitespace or not (group 3 then empty,
# not a candidate): the possessive quantifiers and the consumed run make the scan linear.
# Requiring the whitespace instead retried the match from every character of a run
# with none after it ("!!!!…x"): quadratic, 64k characters took a minute.
_CANDIDATE = re.compile(r"""([.!?\u2026]++)(["'\u201d\u2019\u00bb)\]]*+)(\s*+)""")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_WORD_WINDOW = 48  # characters before a candidate looked at for the word before it
_OPENERS = "\"'\u201c\u2018\u00ab([{"
_OPENING_QUOTES = "\"'\u201c\u2018\u00ab"
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_DOTTED = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]")  # U.S / e.g / a.m (last dot excluded)


def _words(spaced: str) -> frozenset[str]:
    """A set of words written space-separated (keeps the long lists readable)."""
    return frozenset(spaced.split())


# Titles and the like: always followed by (part of) a name, never end a sentence.
_NEVER_END = _words(
    "mr mrs ms mx dr prof sen rep gov gen col lt sgt capt cmdr adm maj rev hon pres supt insp "
    "cllr det fr pvt cpl atty rt ald adv engr smt asst "
    "reps sens govs "  # plural titles: "flanked by Reps. X and Y"
    "ste mt ft messrs mme mlle e.g i.e vs cf viz approx"
)
# "St." is a saint before a name ("St. Anne's") but often ends a sentence as "Street"
# ("on Main St. The owner said"): name-like, split only before a sentence opener.
_STREET = _words("st")
# Only abbreviations before a number ("No. 5", "p. 12", "Art. 3").
_BEFORE_NUMBER = _words("no nos art vol vols p pp fig figs ch sec para op")
# Months: never split before a number; otherwise behave like name-like abbreviations.
_MONTHS = _words("jan feb mar apr jun jul aug sep sept oct nov dec")
# Abbreviations that often end a sentence: split before any capitalised word.
_OFTEN_END = _words("etc jr sr al")
# AP state abbreviations (case-sensitive: "Calif.", "Ore.", "Mass."; dotted ones such
# as "N.Y." are name-like anyway): like "U.S.", split only before a sentence opener.
_STATES = _words(
    "Ala Ariz Ark Calif Colo Conn Del Fla Ga Ill Ind Kan Ky La Md Mass Mich Minn Miss Mo Mont "
    "Neb Nev Okla Ore Pa Tenn Vt Va Wash W.Va Wis Wyo"
)
# After a dateline ("FRESNO, Calif. (AP) — Farmers ..."): a dash, or a short
# parenthesised agency name followed by a dash, never starts a new sentence.
_DASH_STARTS = "\u2014\u2013-("
_DASH_NEXT = re.compile(r"[\u2014\u2013-]|\([A-Z][\w.&' -]{0,24}\)\s*[\u2014\u2013-]")
# After a closing quote ending in "?"/"!", a capitalised attribution ("Haugen asked.",
# "Centre Party leader Olav Dahl asked reporters", "Mr. Ortiz shouted") continues the
# sentence: a speech verb within the next six words, no punctuation but dots in between,
# not opened by a pronoun/article (`"Why?" He left.` still splits).
_SPEECH_VERBS = f"{alternation(QUESTION_ATTRIBUTION_VERBS)}|according"
# A word of an attribution: a short title with its dot ("Mr.", "Gen."), initials
# ("A.J."), or a word without punctuation. The first one must be capitalised.
_ATTR_WORD = r"(?:[A-Z][a-z]{0,3}\.|(?:[A-Z]\.)+|[\w'\u2019-]+)"
_ATTRIBUTION = re.compile(
    r"(?=[A-Z])(?!(?:He|She|They|It|I|We|You|The|This|That|These|Those|A|An|But|And|Then)"
    r"(?![\w.]))"
    rf"(?:{_ATTR_WORD}\s+){{1,5}}(?:{_SPEECH_VERBS})\b"
)
_QUOTES = "\"'\u201d\u2019\u00bb"
# Company suffixes: like "U.S.", split only before a sentence opener
# ("Tesla Inc. Chief Executive Elon Musk" vs "shares of Tesla Inc. The company").
_COMPANY = _words("inc ltd co corp plc llc bros")

# Every word a "." after which _period_splits does not simply split (lower-cased; besides
# _STATES, case-sensitive, and initials or dotted abbreviations).
_PERIOD_RULED = _NEVER_END | _BEFORE_NUMBER | _MONTHS | _OFTEN_END | _COMPANY | _STREET

# Words that typically open a sentence; after "U.S.", "a.m.", an initial or a
# month only these cause a split ("in the U.S. The next day" vs "U.S. President").
_STARTERS = _words(
    """
    A An The This That These Those It Its He She They We I You His Her Their Our My Your
    There Here Then Now But And Or So Yet Nor Still Also However Meanwhile Moreover Furthermore
    In On At By For From With Without After Before During Since Until Unless When While Where
    Why How What Who Whom Whose Which If As Although Though Because Despite Under Over Among
    Some Many Most Several Both All Any Each Every Such Other Others No Not None Nothing One
    Last Earlier Later Today Yesterday Tomorrow Tonight According Instead Indeed Even Only
    Mr Mrs Ms Dr Prof Officials Police Asked Speaking Separately Elsewhere Overall Neither Either
    """
)


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Sentence spans of ``text[start:end]``, as absolute offsets into ``text``.

    Each span is trimmed of surrounding whitespace; spans are in order, do not
    overlap and together cover every non-whitespace character of the range.
    """
    bounds: list[int] = []
    split_sentences_into(bounds, text, start, end)
    pairs = iter(bounds)
    return list(map(Span, pairs, pairs))


def split_sentences_into(
    out: MutableSequence[int], text: str, start: int = 0, end: int | None = None
) -> int:
    """:func:`split_sentences` as (start, end) pairs appended to ``out`` (a list, or an
    ``array`` of integers: no ``Span`` object made); returns how many sentences."""
    stop = len(text) if end is None else end
    before = len(out)
    block_start = start
    if text.find("\n", start, stop) >= 0:  # (no blank line without a line break)
        for blank in _BLANK_LINE.finditer(text, start, stop):
            _block_bounds(out, text, block_start, blank.start())
            block_start = blank.end()
    _block_bounds(out, text, block_start, stop)
    return (len(out) - before) // 2


def _block_bounds(out: MutableSequence[int], text: str, start: int, end: int) -> None:
    """Trimmed sentence (start, end) pairs of one block of text with no blank line in it."""
    piece_start = start
    for match in _CANDIDATE.finditer(text, start, end):
        after = match.end()
        if (
            after < end
            and match.start(3) < after  # whitespace follows
            and not text[after].islower()  # (never before a lower-case word: told first)
            and _is_boundary(text, after, end, match[1], match[2], match.start())
        ):
            cut = match.end(2)
            if piece_start == start:
                _trimmed_into(out, text, start, cut)
            else:  # from a candidate's end to the next: no whitespace on either side
                out.append(piece_start)
                out.append(cut)
            piece_start = after
    _trimmed_into(out, text, piece_start, end)


def _trimmed_into(out: MutableSequence[int], text: str, start: int, end: int) -> None:
    """Append ``text[start:end]`` without surrounding whitespace, unless it is blank."""
    if start < end and not text[start].isspace() and not text[end - 1].isspace():
        out.append(start)  # nothing to trim (most sentences): no copy made
        out.append(end)
        return
    piece = text[start:end]
    stripped = piece.lstrip()
    if stripped:
        first = start + len(piece) - len(stripped)
        out.append(first)
        out.append(first + len(stripped.rstrip()))


def trim_span(text: str, start: int, end: int) -> Span | None:
    """The span of ``text[start:end]`` without surrounding whitespace (``None`` if blank)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end) if start < end else None


def _is_boundary(text: str, after: int, end: int, punct: str, closers: str, dot: int) -> bool:
    """Decide whether a candidate ends a sentence: ``punct`` (at ``dot``) and the
    ``closers`` glued to it, then whitespace up to ``after`` (before ``end``)."""
    nxt_kind, nxt_at = _next_token_at(text, after, end)
    if nxt_kind == "lower":
        return False
    first = text[after]  # the candidate regex ends at a non-space character (or ``end``)
    if first in _DASH_STARTS and _DASH_NEXT.match(text, after, end):
        return False
    if punct != ".":
        # "!", "?", "…" or "..." before a non-lowercase word, unless it is a quotation
        # ending in ?/! followed by its attribution
        return not (
            punct[-1] in "?!"
            and closers
            and any(q in closers for q in _QUOTES)
            and _ATTRIBUTION.match(text, after, end)
        )
    word = _word_before(text, dot).lstrip(_OPENERS)
    plain = len(word) > 1 and "." not in word and word.lower() not in _PERIOD_RULED
    if plain and word not in _STATES:
        return True  # a plain word (most sentences): _period_splits says so
    word_after = _WORD.match(text, nxt_at) if nxt_kind == "upper" else None
    nxt_word = word_after.group(0) if word_after else ""
    return _period_splits(word, nxt_kind, nxt_word, first in _OPENING_QUOTES)


def _period_splits(word: str, nxt_kind: str, nxt_word: str, quoted: bool = False) -> bool:
    """Whether a single "." after ``word`` ends the sentence, given the next token
    (``quoted``: it opens with a quotation mark)."""
    key = word.lower()
    if key in _NEVER_END:
        return False
    if key in _BEFORE_NUMBER or key in _MONTHS:
        if nxt_kind == "digit":
            return False
        if key in _BEFORE_NUMBER:
            return True
    elif key in _OFTEN_END:
        return True
    if quoted and word.islower() and _DOTTED.fullmatch(word):
        return True  # 'at 5:40 a.m. "Fine," he said' (but 'the U.S. "Star Wars" plan')
    if (
        key in _MONTHS
        or key in _COMPANY
        or key in _STREET
        or word in _STATES
        or _is_name_like(word)
    ):
        return nxt_word in _STARTERS
    return True


def _is_name_like(word: str) -> bool:
    """An initial ("J") or a dotted abbreviation ("U.S", "a.m") that usually continues."""
    if len(word) == 1 and word.isalpha():
        return True
    return _DOTTED.fullmatch(word) is not None


def _word_before(text: str, dot: int) -> str:
    """The token that ends at ``dot`` (from the whitespace before it, or the text's start)."""
    if dot == 0 or text[dot - 1].isspace():
        return ""
    window = max(0, dot - _WORD_WINDOW)
    parts = text[window:dot].rsplit(None, 1)  # (in C: a loop here cost 0.15 s in 10 MB)
    if len(parts) == 2 or window == 0:
        return parts[-1]
    i = dot  # a token longer than the window
    while i > 0 and not text[i - 1].isspace():
        i -= 1
    return text[i:dot]


def _next_token_at(text: str, pos: int, end: int) -> tuple[str, int]:
    """Classify what follows a candidate: ("lower"|"digit"|"upper", where its first word
    starts; ``end``: none)."""
    while pos < end and text[pos] in _OPENERS:
        pos += 1
    if pos >= end:
        return "upper", end
    first = text[pos]
    if first.islower():
        return "lower", pos
    if first.isdigit() or first in "$£€¥":
        return "digit", pos
    return "upper", pos
