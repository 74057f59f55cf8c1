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

import gc
import json
import sys
from array import array
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from itertools import islice
from typing import Any

from reader.model.article import Paragraph, Section, Span, sections_from_structure

__all__ = ["MAGIC", "NO_HEADING", "pack_sections", "sections_from_stored", "unpack_sections"]

MAGIC = b"RPS1"
#: Stands for "no heading" in a section's heading start and end.
NO_HEADING = 0xFFFFFFFF
# The array type code of an unsigned 32-bit integer ("I" everywhere CPython runs).
_U32 = next(code for code in "IL" if array(code).itemsize == 4)
_SWAP = sys.byteorder == "big"
_SECTION_INTS = 5
_PARAGRAPH_INTS = 3


def pack_sections(sections: Sequence[Section]) -> bytes:
    """The packed form (format 1) of an article's sections; see the module docstring."""
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


def unpack_sections(data: bytes, text_length: int | None = None) -> tuple[Section, ...]:
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
    with _collector_paused():
        return _build(titles, ints, head_end, paragraphs_end)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off while the model's objects are made: they hold no
    cycles, and the collections their number would set off cost more than half the time."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _build(
    titles: list[str | None], ints: array[int], head_end: int, paragraphs_end: int
) -> tuple[Section, ...]:
    """The sections of checked packed integers (see :func:`unpack_sections`)."""
    sentence_ints = iter(ints[paragraphs_end:])
    sentence_spans = list(map(Span, sentence_ints, sentence_ints))  # pairs (start, end)
    built: list[Section] = []
    paragraph_ints = iter(ints[head_end:paragraphs_end])
    taken = 0
    for index, title in enumerate(titles):
        a, b, start, end, count = ints[5 * index : 5 * index + 5]
        paragraphs = []
        for p_start, p_end, n in islice(zip(*(paragraph_ints,) * 3, strict=False), count):
            sentences = tuple(sentence_spans[taken : taken + n])
            paragraphs.append(Paragraph(Span(p_start, p_end), sentences))
            taken += n
        heading = None if a == NO_HEADING and b == NO_HEADING else Span(a, b)
        built.append(Section(title, heading, Span(start, end), tuple(paragraphs)))
    return tuple(built)


def sections_from_stored(value: bytes | str | Mapping[str, Any]) -> tuple[Section, ...]:
    """The sections of a stored structure: packed ``bytes`` (schema 10 on), or the JSON of
    ``Article.to_structure()`` (as text or parsed) that older databases, shared files and
    the team server hold. ``ValueError``/``TypeError``/``KeyError`` when malformed."""
    if isinstance(value, bytes | bytearray | memoryview):
        return unpack_sections(bytes(value))
    structure = json.loads(value) if isinstance(value, str) else value
    return sections_from_structure(structure)
