"""An article's sections, paragraphs and sentences as packed integer arrays.

This is how the store keeps an article's structure (``articles.structure``, schema 10):
one ``bytes`` value a few times smaller than the JSON of ``Article.to_structure()``
(a 10 MB article: about 1.5 MB instead of 5 MB) and read back with one ``frombytes``
instead of parsing one JSON object per sentence.

Format 1, all integers unsigned 32-bit little-endian:

- the 4 bytes ``b"RPS1"``;
- the byte length of the section titles, then the titles as a UTF-8 JSON list
  (``null`` for the lead);
- per section: heading start, heading end (both :data:`NO_HEADING` for a section
  without a heading), span start, span end, number of paragraphs;
- per paragraph (in text order): span start, span end, number of sentences;
- per sentence (in text order): start, end.

Offsets are Python ``str`` indices into the article's normalised text, as everywhere.
"""

from __future__ import annotations

import copy
import json
import sys
from array import array
from collections.abc import Iterator, Mapping, Sequence
from itertools import accumulate
from typing import Any, overload

from reader.model.article import Paragraph, Section, Span, sections_from_structure

__all__ = [
    "MAGIC",
    "NO_HEADING",
    "U32",
    "PackedSections",
    "SpanArray",
    "pack_sections",
    "sections_from_stored",
    "unpack_sections",
]

MAGIC = b"RPS1"
#: Stands for "no heading" in a section's heading start and end.
NO_HEADING = 0xFFFFFFFF
# The array type code of an unsigned 32-bit integer ("I" everywhere CPython runs).
U32 = _U32 = next(code for code in "IL" if array(code).itemsize == 4)
_SWAP = sys.byteorder == "big"
_SECTION_INTS = 5
_PARAGRAPH_INTS = 3


def pack_sections(sections: Sequence[Section]) -> bytes:
    """The packed form (format 1) of an article's sections; see the module docstring."""
    if isinstance(sections, PackedSections):
        return sections.packed  # unpacked from this very value: nothing to do again
    titles = json.dumps([section.title for section in sections], ensure_ascii=False)
    head, paragraphs, sentences = array(_U32), array(_U32), array(_U32)  # 4 bytes an int
    try:
        for section in sections:
            heading = section.heading
            if heading is None:
                head.extend((NO_HEADING, NO_HEADING))
            else:
                head.extend((heading.start, heading.end))
            head.extend((section.span.start, section.span.end, len(section.paragraphs)))
            for paragraph in section.paragraphs:
                paragraphs.extend(
                    (paragraph.span.start, paragraph.span.end, len(paragraph.sentences))
                )
                for sentence in paragraph.sentences:
                    sentences.extend((sentence.start, sentence.end))
    except OverflowError as error:
        raise ValueError("an offset is too large to pack") from error
    ints = head + paragraphs + sentences
    if _SWAP:  # pragma: no cover - no big-endian CI machine
        ints.byteswap()
    encoded = titles.encode("utf-8")
    return MAGIC + len(encoded).to_bytes(4, "little") + encoded + ints.tobytes()


def unpack_sections(data: bytes, text_length: int | None = None) -> Sequence[Section]:
    """The sections packed by :func:`pack_sections`.

    ``ValueError`` for data that is not a well-formed packed structure, or (given
    ``text_length``) one with an offset past the end of the text.
    """
    if data[:4] != MAGIC or len(data) < 8:
        raise ValueError("not a packed article structure")
    size = int.from_bytes(data[4:8], "little")
    if 8 + size > len(data):
        raise ValueError("packed structure: truncated")
    titles = json.loads(data[8 : 8 + size].decode("utf-8"))
    if not isinstance(titles, list) or not all(t is None or isinstance(t, str) for t in titles):
        raise ValueError("packed structure: bad section titles")
    ints = array(_U32)
    ints.frombytes(data[8 + size :])  # ValueError unless a whole number of integers
    if _SWAP:  # pragma: no cover - no big-endian CI machine
        ints.byteswap()
    head_end = _SECTION_INTS * len(titles)
    if len(ints) < head_end:
        raise ValueError("packed structure: truncated")
    paragraph_count = sum(ints[4:head_end:_SECTION_INTS])
    paragraphs_end = head_end + _PARAGRAPH_INTS * paragraph_count
    if len(ints) < paragraphs_end:
        raise ValueError("packed structure: truncated")
    sentence_count = sum(ints[head_end + 2 : paragraphs_end : _PARAGRAPH_INTS])
    if len(ints) != paragraphs_end + 2 * sentence_count:
        raise ValueError("packed structure: wrong length")
    if text_length is not None:
        offsets = ints[head_end:paragraphs_end]
        del offsets[2::_PARAGRAPH_INTS]  # the sentence counts
        heads = ints[:head_end]
        del heads[4::_SECTION_INTS]  # the paragraph counts
        if (
            max(offsets, default=0) > text_length
            or max(ints[paragraphs_end:], default=0) > text_length
            or any(i > text_length and i != NO_HEADING for i in heads)
        ):
            raise ValueError("packed structure: an offset is past the end of the text")
    # ``data`` is not kept: the arrays hold the same integers (on a 10 MB article, 1.7 MB
    # twice for the article's life: issue 12), and ``packed`` makes the same bytes again
    # (the titles' JSON is written by the one ``json.dumps`` call both use).
    return PackedSections(
        titles, ints[:head_end], ints[head_end:paragraphs_end], ints[paragraphs_end:]
    )


class _LazyTuple(Sequence[Any]):
    """A sequence that compares and hashes as the tuple of its items, so a model built
    lazily equals (and hashes as) the same model built eagerly of tuples."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        if isinstance(other, _LazyTuple | tuple):  # as a tuple: never equal to a list
            return len(self) == len(other) and tuple(self) == tuple(other)
        return NotImplemented

    def __ne__(self, other: object) -> bool:
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return repr(tuple(self))

    def __add__(self, other: object) -> tuple[Any, ...]:
        if isinstance(other, _LazyTuple | tuple):
            return (*self, *other)
        return NotImplemented

    def __radd__(self, other: object) -> tuple[Any, ...]:
        if isinstance(other, tuple):
            return (*other, *self)
        return NotImplemented


class SpanArray(_LazyTuple, Sequence[Span]):
    """Spans kept as two arrays of integers, their starts and their ends; a :class:`Span`
    is made when an item is read. ``starts`` and ``ends`` are those arrays themselves (not
    copies: read them, never change them), so asking for them makes nothing."""

    __slots__ = ("_ends", "_starts")

    def __init__(self, starts: array[int], ends: array[int]) -> None:
        self._starts = starts
        self._ends = ends

    def __len__(self) -> int:
        return len(self._starts)

    @overload
    def __getitem__(self, index: int) -> Span: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[Span, ...]: ...

    def __getitem__(self, index: int | slice) -> Span | tuple[Span, ...]:
        if isinstance(index, slice):
            return tuple(self[i] for i in range(*index.indices(len(self))))
        count = len(self._starts)
        if index < 0:
            index += count
        if not 0 <= index < count:
            raise IndexError("span index out of range")
        return Span(self._starts[index], self._ends[index])

    def __iter__(self) -> Iterator[Span]:
        return map(Span, self._starts, self._ends)

    @property
    def starts(self) -> array[int]:
        """Every span's start, in order."""
        return self._starts

    @property
    def ends(self) -> array[int]:
        """Every span's end, in order."""
        return self._ends


class _SectionParagraphs(_LazyTuple, Sequence[Paragraph]):
    """One section's paragraphs, made (with their sentences) the first time one is read."""

    __slots__ = ("_built", "_index", "_owner")

    def __init__(self, owner: PackedSections, index: int) -> None:
        self._owner = owner
        self._index = index
        self._built: tuple[Paragraph, ...] | None = None

    def _items(self) -> tuple[Paragraph, ...]:
        if self._built is None:
            self._built = self._owner._paragraphs_of(self._index)
        return self._built

    def __len__(self) -> int:
        return self._owner._paragraph_count(self._index)

    @overload
    def __getitem__(self, index: int) -> Paragraph: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[Paragraph, ...]: ...

    def __getitem__(self, index: int | slice) -> Paragraph | tuple[Paragraph, ...]:
        return self._items()[index]

    def __iter__(self) -> Iterator[Paragraph]:
        return iter(self._items())


class PackedSections(_LazyTuple, Sequence[Section]):
    """An article's sections read from their packed form without building the model: a
    :class:`Section` is made when read, and its paragraphs and sentences when they are
    read; the offsets stay in arrays (4 bytes each, not a 56-byte object). Equal to (and
    hashed as) the tuple of the same sections built eagerly."""

    __slots__ = (
        "_first_paragraph",
        "_first_sentence",
        "_heads",
        "_packed",
        "_paragraph_ints",
        "_sections",
        "_sentence_ends",
        "_sentence_starts",
        "_titles",
    )

    def __init__(
        self,
        titles: list[str | None],
        heads: array[int],
        paragraph_ints: array[int],
        sentence_ints: array[int],
        packed: bytes | None = None,
    ) -> None:
        """Sections of checked integers: per section (heading start, heading end, start,
        end, paragraph count), per paragraph (start, end, sentence count), per sentence
        (start, end); ``packed``: the value they were read from, if they were."""
        self._packed = packed
        self._titles = titles
        self._heads = heads
        self._paragraph_ints = paragraph_ints
        # The sentences' starts and ends in two arrays, not the (start, end) pairs of the
        # packed form: the article's sentence_starts and sentence_ends are these arrays,
        # not two more copies (0.9 MB on a 10 MB article, twice while the rules run).
        self._sentence_starts = sentence_ints[0::2]
        self._sentence_ends = sentence_ints[1::2]
        # Where each section's paragraphs and each paragraph's sentences begin.
        self._first_paragraph = array(_U32, accumulate(heads[4::_SECTION_INTS], initial=0))
        self._first_sentence = array(
            _U32, accumulate(paragraph_ints[2::_PARAGRAPH_INTS], initial=0)
        )
        self._sections: list[Section | None] = [None] * len(titles)

    def detached(self) -> PackedSections:
        """The same sections (sharing the arrays, which are never changed) with a cache of
        their own: a pass that reads every section, paragraph and sentence (the suggestion
        rules) makes its objects there, and they go when it is dropped, not kept with the
        article's."""
        twin = copy.copy(self)
        twin._sections = [None] * len(self._titles)
        return twin

    @property
    def packed(self) -> bytes:
        """The packed form (:func:`pack_sections`) of these sections: the value they were
        read from, else made anew on each call and not kept (a 10 MB article's parse is
        stored once, and its 1.7 MB packed form would stay with the article the reader
        shows for the whole session: issue 12)."""
        if self._packed is not None:
            return self._packed
        titles = json.dumps(self._titles, ensure_ascii=False).encode("utf-8")
        sentence_ints = array(_U32, bytes(8 * len(self._sentence_starts)))
        sentence_ints[0::2] = self._sentence_starts
        sentence_ints[1::2] = self._sentence_ends
        ints = self._heads + self._paragraph_ints + sentence_ints
        if _SWAP:  # pragma: no cover - no big-endian CI machine
            ints.byteswap()
        return MAGIC + len(titles).to_bytes(4, "little") + titles + ints.tobytes()

    def __len__(self) -> int:
        return len(self._titles)

    @overload
    def __getitem__(self, index: int) -> Section: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[Section, ...]: ...

    def __getitem__(self, index: int | slice) -> Section | tuple[Section, ...]:
        if isinstance(index, slice):
            return tuple(self[i] for i in range(*index.indices(len(self))))
        if index < 0:
            index += len(self._titles)
        if not 0 <= index < len(self._titles):
            raise IndexError("section index out of range")
        section = self._sections[index]
        if section is None:
            a, b, start, end = self._heads[5 * index : 5 * index + 4]
            heading = None if a == NO_HEADING and b == NO_HEADING else Span(a, b)
            paragraphs = _SectionParagraphs(self, index)
            section = Section(self._titles[index], heading, Span(start, end), paragraphs)
            self._sections[index] = section
        return section

    def __iter__(self) -> Iterator[Section]:
        return (self[i] for i in range(len(self._titles)))

    def _paragraph_count(self, index: int) -> int:
        return self._heads[5 * index + 4]

    def _paragraphs_of(self, index: int) -> tuple[Paragraph, ...]:
        first, last = self._first_paragraph[index], self._first_paragraph[index + 1]
        ints = self._paragraph_ints
        starts, ends = self._sentence_starts, self._sentence_ends
        built = []
        for number in range(first, last):
            start, end = ints[3 * number], ints[3 * number + 1]
            a, b = self._first_sentence[number], self._first_sentence[number + 1]
            built.append(Paragraph(Span(start, end), tuple(map(Span, starts[a:b], ends[a:b]))))
        return tuple(built)

    def headings(self) -> list[Span]:
        """The heading of every section that has one, in order, without making the
        sections (the rules' look-up of headings, issue 12)."""
        heads = self._heads
        return [
            Span(heads[i], heads[i + 1])
            for i in range(0, len(heads), 5)  # (a, b, start, end, paragraphs) a section
            if not (heads[i] == NO_HEADING and heads[i + 1] == NO_HEADING)
        ]

    def paragraph_offsets(self, index: int) -> array[int]:
        """Section ``index``'s paragraphs as (start, end) pairs, without making them."""
        first, last = self._first_paragraph[index], self._first_paragraph[index + 1]
        offsets = self._paragraph_ints[3 * first : 3 * last]
        del offsets[2::_PARAGRAPH_INTS]
        return offsets

    @property
    def sentences(self) -> SpanArray:
        """Every sentence of the article, in order, without making the model."""
        return SpanArray(self._sentence_starts, self._sentence_ends)


def sections_from_stored(value: bytes | str | Mapping[str, Any]) -> Sequence[Section]:
    """The sections of a stored structure: packed ``bytes`` (schema 10 on), or the JSON of
    ``Article.to_structure()`` (as text or parsed) that older databases, shared files and
    the team server hold. ``ValueError``/``TypeError``/``KeyError`` when malformed."""
    if isinstance(value, bytes | bytearray | memoryview):
        return unpack_sections(bytes(value))
    structure = json.loads(value) if isinstance(value, str) else value
    return sections_from_structure(structure)
