"""Build an ``Article`` from normalised text and a flat list of heading/paragraph blocks.

Importers only find blocks (which lines are headings, which are paragraphs);
grouping into sections and sentence segmentation happen here, once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

from reader.model.article import Article, Paragraph, Section, Span
from reader.model.segment import split_sentences, trim_span

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
    sections: list[Section] = []
    heading: Span | None = None
    paragraphs: list[Paragraph] = []
    for block in blocks:
        span = trim_span(text, block.span.start, block.span.end)
        if span is None:
            continue
        if block.kind == "heading":
            _close_section(text, heading, paragraphs, sections)
            heading, paragraphs = span, []
        else:
            paragraphs.append(Paragraph(span, tuple(split_sentences(text, span.start, span.end))))
    _close_section(text, heading, paragraphs, sections)
    return Article(
        title=title,
        source=source,
        text=text,
        sections=tuple(sections),
        metadata=MappingProxyType(dict(metadata or {})),
    )


def _close_section(
    text: str, heading: Span | None, paragraphs: list[Paragraph], sections: list[Section]
) -> None:
    """Append the section being collected to ``sections`` (a lead only if it has paragraphs)."""
    if heading is None and not paragraphs:
        return
    first = heading if heading is not None else paragraphs[0].span
    last = paragraphs[-1].span if paragraphs else first
    sections.append(
        Section(
            title=heading.text_of(text) if heading is not None else None,
            heading=heading,
            span=Span(first.start, last.end),
            paragraphs=tuple(paragraphs),
        )
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
