"""Plain-text articles: find the title, byline, date, headings and paragraphs.

A *unit* is one non-blank line, or, in a hard-wrapped file (paragraphs
wrapped over several lines and separated by blank lines), one blank-line
separated block. Rules are documented in docs/segmentation.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from reader.model.article import Article, Span
from reader.model.build import Block, build_article, title_from_blocks
from reader.model.normalise import normalise_text
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
_Lines = list[tuple[int, int]]  # (start, end) of non-blank lines


@dataclass(frozen=True, slots=True)
class _Unit:
    """A candidate paragraph: its span and its text with newlines folded."""

    span: Span
    line: str
    multi_line: bool = False
    block_start: bool = True  # first line of a blank-line block (or a line of its own)


def parse_plain_text(text: str, *, source: str) -> Article:
    """Parse a plain-text article (see module docstring) into an ``Article``."""
    text = normalise_text(text)
    units = [
        u
        for u in _units(text)
        if u.line.lower().strip(" .") not in _BOILERPLATE and any(c.isalnum() for c in u.line)
    ]  # separator lines ("___", "* * *") have no letter or digit
    metadata: dict[str, str] = {}
    units = _take_header_metadata(units, metadata)
    title = None
    if len(units) > 1 and _is_title_like(units[0]):
        title, units = units[0].line, units[1:]
    blocks = list(_blocks(units))
    if title is None:
        title = title_from_blocks(text, blocks)
    return build_article(text, blocks, title=title, source=source, metadata=metadata)


# A whole line with a character in it that strip() keeps (\S: not str.isspace()).
_NON_BLANK_LINE = re.compile(r"^[^\n]*\S[^\n]*", re.MULTILINE)


def _units(text: str) -> Iterator[_Unit]:
    """Lines (or unwrapped paragraphs in a hard-wrapped file) with their spans."""
    lines = [match.span() for match in _NON_BLANK_LINE.finditer(text)]
    groups = _blank_line_groups(text, lines)
    if _is_hard_wrapped(text, groups):
        width = _wrap_width(text, groups)
        header = set(lines[:HEADER_UNITS])
        for g, group in enumerate(groups):
            for i, para in enumerate(_unwrap(text, group, width, header, title_block=g == 0)):
                span = Span(para[0][0], para[-1][1])
                line = " ".join(span.text_of(text).split())
                yield _Unit(span, line, len(para) > 1, block_start=i == 0)
    else:
        for start, end in lines:
            yield _Unit(Span(start, end), " ".join(text[start:end].split()))


def _wrap_width(text: str, groups: list[_Lines]) -> int:
    """The wrap width: a high percentile of the lengths of inner lines that contain spaces.

    Not the maximum, so that one long unbreakable line (a URL) does not set it.
    """
    lengths = sorted(
        len(line) for a, b in _inner_lines(groups) if " " in (line := text[a:b].strip())
    )
    if not lengths:
        return max(len(text[a:b].strip()) for a, b in _inner_lines(groups))
    return lengths[int(WRAP_WIDTH_PERCENTILE * (len(lengths) - 1))]


def _unwrap(
    text: str, group: _Lines, width: int, header: set[tuple[int, int]], *, title_block: bool
) -> Iterator[_Lines]:
    """Split a blank-line block into paragraphs at each line that ends one.

    Besides deliberate breaks, a header line (one of the first lines of the file) that
    is a byline/date/URL, or a title-like line in the first block, stands alone.
    """
    current = [group[0]]
    for start, end in group[1:]:
        previous = current[-1]
        line, following = text[slice(*previous)].strip(), text[start:end].strip()
        if _break_is_deliberate(line, following, width) or (
            len(current) == 1
            and previous in header
            and _is_header_line(line, following, title_block=title_block)
        ):
            yield current
            current = []
        current.append((start, end))
    yield current


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
    unit = _Unit(Span(0, len(line)), line)
    return title_block and _is_title_like(unit) and header_field(following)[0] is not None


def _inner_lines(groups: list[_Lines]) -> _Lines:
    """Every line that is followed by another line of the same block."""
    return [line for group in groups for line in group[:-1]]


def _blank_line_groups(text: str, lines: _Lines) -> list[_Lines]:
    """Group consecutive non-blank lines (no blank line between them)."""
    groups: list[_Lines] = []
    for start, end in lines:
        if groups and text.count("\n", groups[-1][-1][1], start) == 1:
            groups[-1].append((start, end))
        else:
            groups.append([(start, end)])
    return groups


def _is_hard_wrapped(text: str, groups: list[_Lines]) -> bool:
    """True when most line breaks inside blocks fall mid-sentence (wrapped prose).

    One-paragraph-per-line files end almost every line with punctuation; a
    wrapped file breaks lines between words.
    """
    inner = [text[a:b].rstrip() for a, b in _inner_lines(groups)]
    if len(inner) < 3:
        return False
    mid_sentence = sum(
        1
        for line in inner
        if len(line) >= MIN_WRAP_WIDTH and line[-1] not in _FINAL_PUNCT + _CLOSING
    )
    return mid_sentence / len(inner) >= 0.5


def _take_header_metadata(units: list[_Unit], metadata: dict[str, str]) -> list[_Unit]:
    """Move a byline, date line and URL line near the top of the article into ``metadata``."""
    rest: list[_Unit] = []
    for i, unit in enumerate(units):
        fields = {} if i >= HEADER_UNITS or unit.multi_line else header_fields(unit.line)
        if not fields or any(key in metadata for key in fields):
            rest.append(unit)
        else:
            metadata.update(fields)
    return rest


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


def _is_title_like(unit: _Unit) -> bool:
    """The first line can be the article title: short, no sentence-final full stop."""
    line = unit.line
    words = len(line.split())
    if unit.multi_line or words > MAX_TITLE_WORDS or not _starts_like_heading(line):
        return False
    last = line.rstrip(_CLOSING)[-1:]
    if last in "!?":
        return words <= 12
    return last not in _FINAL_PUNCT and header_field(line)[0] is None


def _is_heading_like(unit: _Unit) -> bool:
    """A short line of a few words without final punctuation (a section heading)."""
    line = unit.line
    if unit.multi_line or len(line) > MAX_HEADING_CHARS or len(line.split()) > MAX_HEADING_WORDS:
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


def _blocks(units: list[_Unit]) -> Iterator[Block]:
    """Classify units: a heading needs a paragraph after it (so never the last unit).

    In a hard-wrapped file a heading must also start a blank-line block (a line split
    off the end of a wrapped paragraph is never a heading).
    """
    for i, unit in enumerate(units):
        nxt = units[i + 1] if i + 1 < len(units) else None
        heading = (
            unit.block_start
            and _is_heading_like(unit)
            and nxt is not None
            and not _is_heading_like(nxt)
        ) or _is_question_heading(units, i)
        yield Block("heading" if heading else "paragraph", unit.span)


def _is_question_heading(units: list[_Unit], i: int) -> bool:
    """A short one-sentence question standing alone between two prose paragraphs
    ("Where has the money gone?"), not a quotation."""
    unit = units[i]
    if i == 0 or i + 1 >= len(units) or unit.multi_line or not unit.block_start:
        return False
    line = unit.line
    if (
        not line.endswith("?")
        or len(line.split()) > MAX_QUESTION_HEADING_WORDS
        or not _starts_like_heading(line)
        or line[0] in _OPENING_QUOTES
        or len(split_sentences(line)) != 1
    ):
        return False
    return _is_prose(units[i - 1]) and _is_prose(units[i + 1])


def _is_prose(unit: _Unit) -> bool:
    """A paragraph of running text: more words than a heading, ending like a sentence."""
    line = unit.line
    return len(line.split()) > MAX_HEADING_WORDS and line.rstrip(_CLOSING)[-1:] in ".!?\u2026"
