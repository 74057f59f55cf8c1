"""Plain-text articles: find the title, byline, date, headings and paragraphs.

A *unit* is one non-blank line, or, in a hard-wrapped file (paragraphs
wrapped over several lines and separated by blank lines), one blank-line
separated block. Rules are documented in docs/segmentation.md.
"""

from __future__ import annotations

import re
from array import array
from collections import Counter
from collections.abc import Iterator
from itertools import pairwise

from reader.model.article import Article
from reader.model.build import build_article_from_bounds, make_title
from reader.model.normalise import normalise_text
from reader.model.packed import U32
from reader.model.segment import split_sentences

_CLOSING = "\"'\u201d\u2019\u00bb)]"
_OPENING_QUOTES = "\"'\u201c\u2018\u00ab"
_FINAL_PUNCT = ".!?;:,\u2026"
_BULLET = re.compile(r"^(?:[-*\u2022\u2013\u2014>]\s|\d+[.)]\s)")
_BYLINE = re.compile(r"^by\s+(?P<rest>[^\W\d_][^!?]*)$", re.IGNORECASE)
# Separates the author from a publication/date in a byline: "By Tom Reed | Millbrook Ledger".
_BYLINE_SEPARATOR = re.compile(r"\s+[|\u2022\u00b7/\u2014\u2013-]\s+")
# A name word with a dot: initials ("A.J.", "J."), or a short suffix/title ("Jr.", "St.").
_DOTTED_NAME_WORD = re.compile(r"(?:[A-Z]\.)+[A-Z]?|[A-Z][a-z]{0,2}\.")
_CREDIT = re.compile(r"^(?:photo(?:graph)?|image|picture|credit|source|video|file)\b", re.I)
_URL = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DATE = re.compile(
    rf"\b{_MONTH}\s+\d{{1,2}}\b|\b\d{{1,2}}\s+{_MONTH}\b|\b\d{{4}}-\d{{2}}-\d{{2}}\b"
    r"|\b\d{1,2}/\d{1,2}/\d{2,4}\b|\b(?:updated|published|posted)\b",
    re.IGNORECASE,
)
_NAME_JOINERS = frozenset(
    [
        "and",
        "&",
        "de",
        "van",
        "von",
        "der",
        "den",
        "da",
        "du",
        "la",
        "le",
        "al",
        "el",
        "bin",
        "ibn",
        "in",
        "for",
        "of",
        "the",
        "at",
    ]
)
_BOILERPLATE = frozenset(
    {
        "advertisement",
        "advertisement - scroll to continue",
        "story continues below advertisement",
        "continue reading",
        "read more",
        "related",
        "share",
        "share this article",
        "sponsored",
        "scroll to continue with content",
    }
)
HEADER_UNITS = 4  # bylines/dates/URLs are looked for in this many first lines
MAX_TITLE_WORDS = 20
MAX_HEADING_WORDS = 10
MAX_HEADING_CHARS = 80
MAX_QUESTION_HEADING_WORDS = 8
MIN_WRAP_WIDTH = 40  # wrapped prose lines are at least this long
WRAP_WIDTH_PERCENTILE = 0.9  # wrap width = this percentile of inner line lengths (URLs ignored)


class _Lines:
    """The text's non-blank lines, whole (from the line's start to its line break), in
    blank-line separated blocks: line ``i`` is ``text[starts[i]:ends[i]]``; block ``b`` is
    lines ``blocks[b]`` up to ``blocks[b + 1]``.

    Integer arrays, not a tuple per line and a list per block: a hard-wrapped 10 MB
    article's 232,000 lines were 42 MB at the parse's peak, and the pymalloc arenas of
    such small objects stay with the process after it (issue 12).
    """

    __slots__ = ("blocks", "ends", "starts")

    def __init__(self, text: str) -> None:
        self.starts, self.ends, self.blocks = array(U32), array(U32), array(U32)
        previous_end = -2
        for match in _NON_BLANK_LINE.finditer(text):
            start, end = match.span()
            if start != previous_end + 1:  # a blank line (or the text's start) before it
                self.blocks.append(len(self.starts))
            self.starts.append(start)
            self.ends.append(end)
            previous_end = end
        self.blocks.append(len(self.starts))

    def block_ranges(self) -> Iterator[range]:
        """Each block's line numbers."""
        return map(range, self.blocks, self.blocks[1:])

    def inner(self) -> Iterator[int]:
        """The number of every line that is followed by another line of its block."""
        for first, end in pairwise(self.blocks):
            yield from range(first, end - 1)

    def stripped(self, text: str, i: int) -> str:
        """Line ``i`` without surrounding whitespace."""
        return text[self.starts[i] : self.ends[i]].strip()


class _Units:
    """Candidate paragraphs: unit ``i`` is ``text[starts[i]:ends[i]]``; ``multi_line[i]``:
    it is more than one line (an unwrapped paragraph); ``block_start[i]``: it is the
    first of its blank-line block (or a line alone).

    Parallel arrays, not an object per unit (issue 12: a 10 MB article's 59,000 units and
    their 118,000 offsets left their pymalloc arenas behind). A unit's folded text
    (:meth:`line`) is made when asked for, not kept (the lines were a 20 MB copy).
    """

    __slots__ = ("block_start", "ends", "multi_line", "starts")

    def __init__(self) -> None:
        self.starts, self.ends = array(U32), array(U32)
        self.multi_line, self.block_start = bytearray(), bytearray()

    def __len__(self) -> int:
        return len(self.starts)

    def append(
        self, start: int, end: int, multi_line: bool = False, block_start: bool = True
    ) -> None:
        """Add a unit at the end."""
        self.starts.append(start)
        self.ends.append(end)
        self.multi_line.append(multi_line)
        self.block_start.append(block_start)

    def remove(self, i: int) -> None:
        """Drop unit ``i`` (the ones after it move up)."""
        del self.starts[i], self.ends[i], self.multi_line[i], self.block_start[i]

    def line(self, text: str, i: int) -> str:
        """Unit ``i``'s text folded (:func:`_folded`)."""
        return _folded(text, self.starts[i], self.ends[i])


def parse_plain_text(text: str, *, source: str) -> Article:
    """Parse a plain-text article (see module docstring) into an ``Article``."""
    text = normalise_text(text)
    units = _units(text)
    metadata: dict[str, str] = {}
    _take_header_metadata(text, units, metadata)
    title = None
    if len(units) > 1 and _is_title_like(units.line(text, 0), bool(units.multi_line[0])):
        title = units.line(text, 0)
        units.remove(0)
    headings = _headings(text, units)
    if title is None:
        first = headings.find(False)  # the first paragraph (-1: none)
        title = "" if first < 0 else make_title(text[units.starts[first] : units.ends[first]])
    # The blocks, (is a heading, start, end), made one at a time as they are built.
    blocks = zip(map(bool, headings), units.starts, units.ends, strict=True)
    return build_article_from_bounds(text, blocks, title=title, source=source, metadata=metadata)


# A whole line with a character in it that strip() keeps (\S: not str.isspace()).
_NON_BLANK_LINE = re.compile(r"^[^\n]*\S[^\n]*", re.MULTILINE)
# A letter or digit (str.isalnum(): \w is that and "_").
_ALNUM = re.compile(r"[^\W_]")
# The first and last characters of the boilerplate lines: a line is folded and compared
# with them only when its own first and last (but spaces and dots) are among these.
_BOILERPLATE_FIRST = frozenset(line[0] for line in _BOILERPLATE)
_BOILERPLATE_LAST = frozenset(line[-1] for line in _BOILERPLATE)
_SPACE_OR_DOT = " ."


def _folded(text: str, start: int, end: int) -> str:
    """``text[start:end]`` with every run of whitespace one space, none at either end."""
    return " ".join(text[start:end].split())


def _has_text(text: str, start: int, end: int) -> bool:
    """The unit ``text[start:end]`` is not boilerplate ("Advertisement"), not a separator
    line ("___", "* * *": no letter or digit)."""
    if not text[start].isalnum() and not _ALNUM.search(text, start, end):
        return False
    # The folded line's first and last characters but spaces and dots, lower-cased, told
    # from the text (a line of 10 MB was folded for this; strip(" .") keeps other spaces).
    first, last = start, end - 1
    while text[first] in _SPACE_OR_DOT or text[first].isspace():
        first += 1  # (the line has a letter or digit: the loops stop)
    while text[last] in _SPACE_OR_DOT or text[last].isspace():
        last -= 1
    if (
        text[first].lower()[:1] not in _BOILERPLATE_FIRST
        or text[last].lower()[-1:] not in _BOILERPLATE_LAST
    ):
        return True
    return _folded(text, start, end).lower().strip(" .") not in _BOILERPLATE


def _ends_like_a_sentence(text: str, start: int, end: int) -> bool:
    """The unit ``text[start:end]``'s folded line ends with sentence punctuation (closing
    marks after it allowed), told from the text: ``line.rstrip(_CLOSING)[-1:] in
    _FINAL_PUNCT``, False when that needs the line folded."""
    last = end - 1
    while last > start and text[last] in _CLOSING:
        last -= 1
    return text[last] in _FINAL_PUNCT


def _units(text: str) -> _Units:
    """The lines (or unwrapped paragraphs in a hard-wrapped file) that hold text
    (:func:`_has_text`)."""
    lines = _Lines(text)
    units = _Units()
    if _is_hard_wrapped(text, lines):
        width = _wrap_width(text, lines)
        for b, block in enumerate(lines.block_ranges()):
            paragraphs = _unwrap(text, lines, block, width, title_block=b == 0)
            for p, (first, last) in enumerate(paragraphs):
                start, end = lines.starts[first], lines.ends[last]
                if _has_text(text, start, end):
                    units.append(start, end, last > first, block_start=p == 0)
    else:
        for start, end in zip(lines.starts, lines.ends, strict=True):
            if _has_text(text, start, end):
                units.append(start, end)
    return units


def _wrap_width(text: str, lines: _Lines) -> int:
    """The wrap width: a high percentile of the lengths of inner lines that contain spaces.

    Not the maximum, so that one long unbreakable line (a URL) does not set it.
    """
    lengths: Counter[int] = Counter()  # (not a list of 232,000 lengths)
    for i in lines.inner():
        line = lines.stripped(text, i)
        if " " in line:
            lengths[len(line)] += 1
    if not lengths:
        return max(len(lines.stripped(text, i)) for i in lines.inner())
    return _percentile(lengths, WRAP_WIDTH_PERCENTILE)


def _percentile(counts: Counter[int], fraction: float) -> int:
    """``values[int(fraction * (len(values) - 1))]`` of the sorted values ``counts`` counts."""
    index = int(fraction * (counts.total() - 1))
    for value in sorted(counts):
        index -= counts[value]
        if index < 0:
            return value
    return max(counts)  # (not reached: the index is below the total)


def _unwrap(
    text: str, lines: _Lines, block: range, width: int, *, title_block: bool
) -> Iterator[tuple[int, int]]:
    """Split a blank-line block (its line numbers) into paragraphs, (first line, last
    line), at each line that ends one.

    Besides deliberate breaks, a header line (one of the first lines of the file) that
    is a byline/date/URL, or a title-like line in the first block, stands alone.
    """
    first = block.start
    line = lines.stripped(text, first)
    for i in block[1:]:
        following = lines.stripped(text, i)
        if _break_is_deliberate(line, following, width) or (
            first == i - 1  # a paragraph of one line so far
            and first < HEADER_UNITS
            and _is_header_line(line, following, title_block=title_block)
        ):
            yield first, i - 1
            first = i
        line = following
    yield first, block[-1]


def _break_is_deliberate(line: str, following: str, width: int) -> bool:
    """In wrapped text, a line ends its paragraph only when the next line's first word would
    have fitted on it (a wrapping program would have put it there)."""
    next_word = following.split(maxsplit=1)[0]
    return len(line) + 1 + len(next_word) <= width


def _is_header_line(line: str, following: str, *, title_block: bool) -> bool:
    """A byline/date/URL line directly above a capitalised line, or, in the first block,
    a title-like line directly above a byline/date/URL line.

    (A title above body text needs no rule of its own: it is short, so the body's first
    word would have fitted. A long first line above body text is wrapped prose.)
    """
    if header_field(line)[0] is not None:
        return _starts_like_heading(following)
    return title_block and _is_title_like(line) and header_field(following)[0] is not None


def _is_hard_wrapped(text: str, lines: _Lines) -> bool:
    """True when most line breaks inside blocks fall mid-sentence (wrapped prose).

    One-paragraph-per-line files end almost every line with punctuation; a
    wrapped file breaks lines between words.
    """
    inner = 0
    mid_sentence = 0
    final = _FINAL_PUNCT + _CLOSING
    for i in lines.inner():
        start, end = lines.starts[i], lines.ends[i]
        inner += 1
        while text[end - 1].isspace():  # (a line holds a non-space character)
            end -= 1
        if end - start >= MIN_WRAP_WIDTH and text[end - 1] not in final:
            mid_sentence += 1
    if inner < 3:
        return False
    return mid_sentence / inner >= 0.5


def _take_header_metadata(text: str, units: _Units, metadata: dict[str, str]) -> None:
    """Move a byline, date line and URL line near the top of the article into ``metadata``
    (out of ``units``)."""
    taken: list[int] = []
    for i in range(min(HEADER_UNITS, len(units))):
        fields = {} if units.multi_line[i] else header_fields(units.line(text, i))
        if fields and not any(key in metadata for key in fields):
            metadata.update(fields)
            taken.append(i)
    for i in reversed(taken):
        units.remove(i)


def header_field(line: str) -> tuple[str | None, str]:
    """("author" | "date" | "url", value) for a byline/dateline/URL line, else (None, "").

    For a byline that also carries a date, this is the author (see ``header_fields``).
    """
    fields = header_fields(line)
    return next(iter(fields.items()), (None, ""))


def header_fields(line: str) -> dict[str, str]:
    """The metadata a header line holds: {"author": ..., maybe "date": ...} for a byline,
    {"url": ...} for a bare URL, {"date": ...} for a date line; {} for anything else."""
    byline = _byline_fields(line)
    if byline:
        return byline
    if _URL.match(line):
        return {"url": line}
    if _is_date_line(line):
        return {"date": line}
    return {}


def _byline_fields(line: str) -> dict[str, str]:
    """Author (and date) of a byline: "By Jane Doe, Feb. 20, 2025", "By A.J. Hernandez",
    "By Tom Reed | Millbrook Ledger" (the publication after a separator is dropped)."""
    byline = _BYLINE.match(line)
    if not byline or len(line.split()) > 12:
        return {}
    name, *others = _BYLINE_SEPARATOR.split(byline.group("rest").strip())
    fields: dict[str, str] = {}
    date = _DATE.search(name)
    if date and any(c.isdigit() for c in name[date.start() :]):
        fields["date"] = name[date.start() :].strip()
        name = name[: date.start()]
    else:
        dates = [part for part in others if _is_date_line(part)]
        if dates:
            fields["date"] = dates[0]
    name = name.strip().rstrip(",;")
    if not _is_name_list(name):
        return {}
    return {"author": name, **fields}


def _is_name_list(names: str) -> bool:
    """Capitalised words ("Jane Doe and Ali Khan, Reuters", "A.J. Hernandez",
    "Martin Luther King Jr."), not prose ("the way", "Tuesday. Officials")."""
    words = names.replace(",", " ").split()
    if not words or not words[0][0].isupper():
        return False
    return all(
        (w[0].isupper() or w.lower() in _NAME_JOINERS)
        and ("." not in w or _DOTTED_NAME_WORD.fullmatch(w) is not None)
        for w in words
    )


def _is_date_line(line: str) -> bool:
    """A short line that is mostly a date or a "Published/Updated ..." stamp."""
    if len(line) > 60 or len(line.split()) > 9 or not any(c.isdigit() for c in line):
        return False
    return _DATE.search(line) is not None


def _is_title_like(line: str, multi_line: bool = False) -> bool:
    """The first line can be the article title: short, no sentence-final full stop."""
    words = len(line.split())
    if multi_line or words > MAX_TITLE_WORDS or not _starts_like_heading(line):
        return False
    last = line.rstrip(_CLOSING)[-1:]
    if last in "!?":
        return words <= 12
    return last not in _FINAL_PUNCT and header_field(line)[0] is None


def _is_heading_like(text: str, start: int, end: int) -> bool:
    """The unit ``text[start:end]`` (one line) is a short line of a few words without final
    punctuation (a section heading)."""
    if _ends_like_a_sentence(text, start, end):
        return False  # (most paragraphs: told without folding the line)
    line = _folded(text, start, end)
    if len(line) > MAX_HEADING_CHARS or len(line.split()) > MAX_HEADING_WORDS:
        return False
    if (
        not _starts_like_heading(line)
        or line[0] in "(["
        or _BULLET.match(line)
        or _CREDIT.match(line)
    ):
        return False
    if line.rstrip(_CLOSING)[-1:] in _FINAL_PUNCT or _mostly_digits(line):
        return False
    return header_field(line)[0] is None


def _starts_like_heading(line: str) -> bool:
    """Starts with a capital letter or digit, possibly after an opening quote."""
    first = line.lstrip("\"'\u201c\u2018\u00ab")[:1]
    return first.isupper() or first.isdigit()


def _mostly_digits(line: str) -> bool:
    """More digits than letters (scores, tables, phone numbers, times)."""
    digits = sum(c.isdigit() for c in line)
    return digits > sum(c.isalpha() for c in line)


def _headings(text: str, units: _Units) -> bytearray:
    """Which units are headings (1) and which paragraphs (0): a heading needs a paragraph
    after it (so never the last unit).

    In a hard-wrapped file a heading must also start a blank-line block (a line split
    off the end of a wrapped paragraph is never a heading).
    """
    count = len(units)
    heading_like = bytearray(
        not units.multi_line[i] and _is_heading_like(text, units.starts[i], units.ends[i])
        for i in range(count)
    )
    heading_like.append(False)  # (after the last unit)
    return bytearray(
        (units.block_start[i] and heading_like[i] and not heading_like[i + 1] and i + 1 < count)
        or _is_question_heading(text, units, i)
        for i in range(count)
    )


def _is_question_heading(text: str, units: _Units, i: int) -> bool:
    """A short one-sentence question standing alone between two prose paragraphs
    ("Where has the money gone?"), not a quotation."""
    if i == 0 or i + 1 >= len(units) or units.multi_line[i] or not units.block_start[i]:
        return False
    last = text[units.ends[i] - 1]  # (the last character of its folded line, or whitespace)
    if last != "?" and not last.isspace():
        return False
    line = units.line(text, i)
    if (
        not line.endswith("?")
        or len(line.split()) > MAX_QUESTION_HEADING_WORDS
        or not _starts_like_heading(line)
        or line[0] in _OPENING_QUOTES
        or len(split_sentences(line)) != 1
    ):
        return False
    return _is_prose(units.line(text, i - 1)) and _is_prose(units.line(text, i + 1))


def _is_prose(line: str) -> bool:
    """A paragraph of running text: more words than a heading, ending like a sentence."""
    return len(line.split()) > MAX_HEADING_WORDS and line.rstrip(_CLOSING)[-1:] in ".!?\u2026"
