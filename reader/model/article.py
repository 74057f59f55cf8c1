"""The article model: an article's normalised text and its structure as spans.

Every offset is a Python ``str`` index into ``Article.text`` (the normalised
text: LF line endings, Unicode NFC). A span is half-open: ``text[start:end]``.
"""

from __future__ import annotations

import bisect
import hashlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from typing import Any

# Quote marks stripped from a heading for display ("'Alive and kicking'" -> "Alive and kicking").
_WRAPPING_QUOTES = {
    "'": "'",
    '"': '"',
    "\u2018": "\u2019",
    "\u201c": "\u201d",
    "\u00ab": "\u00bb",
}


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """A half-open range ``[start, end)`` of str offsets into the article text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"invalid span {self.start}..{self.end}")

    def __len__(self) -> int:
        return self.end - self.start

    def text_of(self, text: str) -> str:
        """Return the slice of ``text`` this span covers."""
        return text[self.start : self.end]

    def contains(self, offset: int) -> bool:
        """True when ``offset`` lies inside the span (start inclusive, end exclusive)."""
        return self.start <= offset < self.end

    def overlaps(self, other: Span) -> bool:
        """True when the two spans share at least one character."""
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph: its span and the spans of its sentences, in order."""

    span: Span
    sentences: tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class Section:
    """A section of an article.

    ``title`` is the heading exactly as in the text (quote marks kept), or
    ``None`` for the lead before the first heading. ``heading`` is the span of
    the heading line in the text, if any. ``span`` runs from the start of the
    heading (or first paragraph) to the end of the last paragraph.
    """

    title: str | None
    heading: Span | None
    span: Span
    #: A tuple, or (read from the store) a sequence that makes them when first read.
    paragraphs: Sequence[Paragraph]

    @property
    def display_title(self) -> str:
        """The title as shown in the sidebar: wrapping quote marks removed; "Lead" for the lead."""
        if self.title is None:
            return "Lead"
        return strip_wrapping_quotes(self.title)

    @property
    def sentences(self) -> tuple[Span, ...]:
        """All sentence spans of the section, in order."""
        return tuple(s for p in self.paragraphs for s in p.sentences)


def strip_wrapping_quotes(title: str) -> str:
    """Remove one pair of quote marks wrapping the whole of ``title``."""
    t = title.strip()
    if len(t) >= 2 and _WRAPPING_QUOTES.get(t[0]) == t[-1]:
        inner = t[1:-1].strip()
        if inner:
            return inner
    return t


def content_hash(text: str) -> str:
    """SHA-256 hex digest of the normalised text: an article's identity."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def keep_content_hash(article: Article, text: str, digest: str) -> Article:
    """``article``, its ``content_hash`` set to ``digest`` when its text is ``text`` itself
    (the same object: nothing compared) and ``digest`` is ``content_hash(text)``, which
    the caller computed already: storing a 10 MB article does not encode and hash its
    text a second time (~18 ms, issue 12). Another article is returned unchanged."""
    if article.text is text:
        article.__dict__["content_hash"] = digest  # where the cached_property keeps it
    return article


@dataclass(frozen=True)
class Article:
    """An imported article: title, source, normalised text and ordered sections.

    ``metadata`` holds optional fields read from the source (author, date, url).
    """

    title: str
    source: str
    text: str
    #: A tuple, or (read from the store: ``reader.model.packed.PackedSections``) a
    #: sequence equal to it that makes each section, paragraph and sentence when read.
    sections: Sequence[Section]
    metadata: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    @cached_property
    def content_hash(self) -> str:
        """SHA-256 of the normalised text."""
        return content_hash(self.text)

    @cached_property
    def sentences(self) -> Sequence[Span]:
        """Every sentence span of the article, in text order (packed sections give them
        from their array, each ``Span`` made when read)."""
        packed: Sequence[Span] | None = getattr(self.sections, "sentences", None)
        if packed is not None:
            return packed
        return tuple(s for sec in self.sections for s in sec.sentences)

    @cached_property
    def sentence_starts(self) -> Sequence[int]:
        """The start of every sentence, in order (no ``Span`` made for packed sections)."""
        starts: Sequence[int] | None = getattr(self.sentences, "starts", None)
        return starts if starts is not None else [s.start for s in self.sentences]

    @cached_property
    def sentence_ends(self) -> Sequence[int]:
        """The end of every sentence, in order (no ``Span`` made for packed sections)."""
        ends: Sequence[int] | None = getattr(self.sentences, "ends", None)
        return ends if ends is not None else [s.end for s in self.sentences]

    def paragraph_offsets(self, section_index: int) -> Sequence[int]:
        """The paragraphs of a section as flat (start, end) pairs: ``[s0, e0, s1, e1, ...]``
        (no ``Paragraph`` made for packed sections)."""
        offsets = getattr(self.sections, "paragraph_offsets", None)
        if offsets is not None:
            found: Sequence[int] = offsets(section_index)
            return found
        return [
            i for p in self.sections[section_index].paragraphs for i in (p.span.start, p.span.end)
        ]

    def heading_spans(self) -> Sequence[Span]:
        """The heading of every section that has one, in order (no ``Section`` made for
        packed sections)."""
        headings = getattr(self.sections, "headings", None)
        if headings is not None:
            found: Sequence[Span] = headings()
            return found
        return [sec.heading for sec in self.sections if sec.heading is not None]

    @cached_property
    def _section_starts(self) -> list[int]:
        return [sec.span.start for sec in self.sections]

    def sentence_index_at(self, offset: int) -> int | None:
        """Index into ``sentences`` of the sentence containing ``offset``, or the
        nearest one before it; ``None`` when the article has no sentences."""
        if not self.sentences:
            return None
        i = bisect.bisect_right(self.sentence_starts, offset) - 1
        return max(i, 0)

    def section_index_at(self, offset: int) -> int | None:
        """Index of the section containing ``offset`` (or the nearest one before it)."""
        if not self.sections:
            return None
        i = bisect.bisect_right(self._section_starts, offset) - 1
        return max(i, 0)

    def section_of_sentence(self, sentence_index: int) -> int:
        """Index of the section that holds the sentence with this index."""
        idx = self.section_index_at(self.sentences[sentence_index].start)
        return idx or 0

    def first_sentence_of_section(self, section_index: int) -> int | None:
        """Index into ``sentences`` of the first sentence of a section, if it has one."""
        sec = self.sections[section_index]
        if not sec.sentences:
            return None
        return bisect.bisect_left(self.sentence_starts, sec.sentences[0].start)

    def iter_sentence_texts(self) -> Iterator[str]:
        """The text of each sentence, in order."""
        for s in self.sentences:
            yield s.text_of(self.text)

    def to_structure(self) -> dict[str, Any]:
        """A JSON-ready description of the sections, paragraphs and sentences (spans only)."""
        return sections_to_structure(self.sections)

    @classmethod
    def from_structure(
        cls,
        *,
        title: str,
        source: str,
        text: str,
        structure: Mapping[str, Any],
        metadata: Mapping[str, str] | None = None,
    ) -> Article:
        """Rebuild an article from ``to_structure()`` output and its text."""
        return cls(
            title=title,
            source=source,
            text=text,
            sections=sections_from_structure(structure),
            metadata=MappingProxyType(dict(metadata or {})),
        )


def sections_to_structure(sections: Sequence[Section]) -> dict[str, Any]:
    """``Article.to_structure()`` of an article with these sections."""
    return {
        "sections": [
            {
                "title": sec.title,
                "heading": None if sec.heading is None else [sec.heading.start, sec.heading.end],
                "span": [sec.span.start, sec.span.end],
                "paragraphs": [
                    {
                        "span": [p.span.start, p.span.end],
                        "sentences": [[s.start, s.end] for s in p.sentences],
                    }
                    for p in sec.paragraphs
                ],
            }
            for sec in sections
        ]
    }


def sections_from_structure(structure: Mapping[str, Any]) -> tuple[Section, ...]:
    """The sections described by ``Article.to_structure()`` output."""
    return tuple(
        Section(
            title=sec["title"],
            heading=None if sec["heading"] is None else Span(*sec["heading"]),
            span=Span(*sec["span"]),
            paragraphs=tuple(
                Paragraph(
                    span=Span(*p["span"]),
                    sentences=tuple(Span(a, b) for a, b in p["sentences"]),
                )
                for p in sec["paragraphs"]
            ),
        )
        for sec in structure["sections"]
    )
