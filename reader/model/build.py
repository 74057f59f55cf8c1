"""Build an ``Article`` from normalised text and a flat list of heading/paragraph blocks.

Importers only find blocks (which lines are headings, which are paragraphs);
grouping into sections and sentence segmentation happen here, once.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

from reader.model.article import Article, Span
from reader.model.packed import NO_HEADING, U32, PackedSections
from reader.model.segment import split_sentences, split_sentences_into, trim_span

BlockKind = Literal["heading", "paragraph"]
_ELLIPSIS = "\u2026"
TITLE_SCAN_CHARS = 2000  # make_title looks for the first sentence in this many characters
# A wire-story dateline: an upper-case place, optionally ", State/Country", optionally an
# agency in parentheses, then a dash ("KYIV, Ukraine (AP) — ", "FRESNO, Calif. — ").
_DATELINE = re.compile(
    r"[A-Z][A-Z'\u2019.-]+(?:\s+[A-Z][A-Z'\u2019.-]+)*"
    r"(?:,\s+[A-Z][\w.'\u2019]*(?:\s+[A-Z][\w.'\u2019]*){0,3})?"
    r"\s+(?:\([^()\n]{1,30}\)\s+)?[\u2014\u2013-]{1,2}\s+(?=[\"'\u201c\u2018]?[A-Z0-9])"
)


@dataclass(frozen=True, slots=True)
class Block:
    """A heading line or a paragraph of the article text, by span."""

    kind: BlockKind
    span: Span


def build_article(
    text: str,
    blocks: Iterable[Block],
    *,
    title: str,
    source: str,
    metadata: Mapping[str, str] | None = None,
) -> Article:
    """Group ``blocks`` into sections and segment each paragraph into sentences.

    Paragraphs before the first heading form the lead (title ``None``); a lead
    without paragraphs is omitted. Block spans are trimmed of whitespace and
    blank blocks dropped.
    """
    bounds = ((b.kind == "heading", b.span.start, b.span.end) for b in blocks)
    return build_article_from_bounds(text, bounds, title=title, source=source, metadata=metadata)


def build_article_from_bounds(
    text: str,
    blocks: Iterable[tuple[bool, int, int]],
    *,
    title: str,
    source: str,
    metadata: Mapping[str, str] | None = None,
) -> Article:
    """:func:`build_article` of blocks given as (is a heading, start, end): no ``Block``
    or ``Span`` made per paragraph (the plain-text parser's 59,000 in 10 MB: issue 12)."""
    # Built straight into packed integer arrays (reader.model.packed): a 10 MB article's
    # 117,000 sentences are not 117,000 Span objects (time, and ~30 MB: issue 12).
    titles: list[str | None] = []
    heads, paragraph_ints, sentence_ints = array(U32), array(U32), array(U32)
    heading: tuple[int, int] | None = None
    first = last = -1  # the first paragraph's start, the last one's end (-1: none yet)
    count = 0  # paragraphs in the section being collected

    def close() -> None:
        if heading is None and not count:
            return  # a lead without paragraphs
        if heading is None:
            titles.append(None)
            heads.extend((NO_HEADING, NO_HEADING, first, last, count))
        else:
            titles.append(text[heading[0] : heading[1]])
            end = last if count else heading[1]
            heads.extend((heading[0], heading[1], heading[0], end, count))

    add_paragraph = paragraph_ints.extend
    for is_heading, start, end in blocks:
        if start < end and (text[start].isspace() or text[end - 1].isspace()):
            span = trim_span(text, start, end)
            if span is None:
                continue
            start, end = span.start, span.end
        elif start >= end:
            continue
        if is_heading:
            close()
            heading, count, first = (start, end), 0, -1
        else:
            add_paragraph((start, end, split_sentences_into(sentence_ints, text, start, end)))
            if not count:
                first = start
            last = end
            count += 1
    close()
    return Article(
        title=title,
        source=source,
        text=text,
        sections=PackedSections(titles, heads, paragraph_ints, sentence_ints),
        metadata=MappingProxyType(dict(metadata or {})),
    )


def make_title(text: str, max_len: int = 80) -> str:
    """A title made from the first sentence of ``text``, shortened at a word boundary.

    A wire-story dateline ("KYIV, Ukraine (AP) — ") is dropped, and so is a final full
    stop; line breaks of a hard-wrapped paragraph become spaces; a sentence longer than
    ``max_len`` is cut at the last whole word that fits and ends with an ellipsis. Returns
    "" for blank text. Only the first ``TITLE_SCAN_CHARS`` characters are segmented.
    """
    stripped = text.lstrip()
    offset = len(text) - len(stripped)
    sentences = split_sentences(text, offset, min(len(text), offset + TITLE_SCAN_CHARS))
    if not sentences:
        return ""
    first = " ".join(sentences[0].text_of(text).split())
    dateline = _DATELINE.match(first)
    if dateline:
        first = first[dateline.end() :]
    if first.endswith(".") and not first.endswith(".."):
        first = first[:-1]
    if len(first) <= max_len:
        return first
    cut = first[: max_len - 1]
    if not first[max_len - 1].isspace() and " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:\u2013\u2014-") + _ELLIPSIS


def title_from_blocks(text: str, blocks: Iterable[Block]) -> str:
    """``make_title`` of the first paragraph block ("" when there is none)."""
    first = next((b.span for b in blocks if b.kind == "paragraph"), None)
    return make_title(first.text_of(text)) if first else ""
