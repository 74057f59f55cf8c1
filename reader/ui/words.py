"""Word motions for the reader's `w`/`b`/`e` keys, and trimming a phrase for tagging.

A word is a run of non-space characters (vim's WORD): "£212", "dividends," and
"“We" are one word each, so a motion never stops inside a figure or before a
comma. Punctuation around a phrase selected by words is left out when it is
tagged (:func:`trim_phrase`). Pure functions over the article text.
"""

from __future__ import annotations

import re

from reader.model import Span

__all__ = [
    "trim_phrase",
    "word_at_or_after",
    "word_before",
    "word_end_after",
    "word_end_before",
    "word_start_after",
    "word_start_before",
]

_WORD = re.compile(r"\S+")
_START = re.compile(r"(?<!\S)\S")  # the first character of a word
_LAST = re.compile(r"\S(?!\S)")  # the last character of a word
#: Left out at the end of a phrase selected by words.
_TRAILING = ",;:.!?…"
#: Brackets and quote marks, left out at an end of a phrase when unmatched in it.
_PAIRS = {"(": ")", "[": "]", "{": "}", "“": "”", "‘": "’", "«": "»"}
_CLOSERS = {close: open_ for open_, close in _PAIRS.items()}
_STRAIGHT = "\"'"


def word_at_or_after(text: str, offset: int) -> Span | None:
    """The word holding ``offset``, or else the first one after it."""
    start = word_start_before(text, offset + 1)
    if start is not None:
        match = _WORD.match(text, start)
        if match and match.end() > offset:
            return Span(match.start(), match.end())
    match = _WORD.search(text, offset)
    return Span(match.start(), match.end()) if match else None


def word_before(text: str, offset: int) -> Span | None:
    """The last word that starts before ``offset``."""
    start = word_start_before(text, offset)
    if start is None:
        return None
    match = _WORD.match(text, start)
    assert match is not None
    return Span(match.start(), match.end())


def word_start_after(text: str, offset: int) -> int | None:
    """The start of the first word starting after ``offset``."""
    match = _START.search(text, offset + 1)
    return match.start() if match else None


def word_end_after(text: str, offset: int) -> int | None:
    """The end of the first word ending after ``offset``."""
    match = _LAST.search(text, offset)
    return match.end() if match else None


def word_start_before(text: str, offset: int) -> int | None:
    """The start of the last word starting before ``offset``."""
    i = min(offset, len(text)) - 1
    while i >= 0 and text[i].isspace():
        i -= 1
    if i < 0:
        return None
    while i > 0 and not text[i - 1].isspace():
        i -= 1
    return i


def word_end_before(text: str, offset: int) -> int | None:
    """The end of the last word ending before ``offset``."""
    i = min(offset, len(text)) - 2  # the word's last character is at most offset - 2
    while i >= 0 and (text[i].isspace() or not text[i + 1].isspace()):
        i -= 1
    return i + 1 if i >= 0 else None


def trim_phrase(text: str, span: Span) -> Span:
    """``span`` without surrounding spaces, trailing punctuation (``, ; : . ! ? …``)
    and brackets or quote marks whose partner is not inside it."""
    start, end = span.start, span.end
    while start < end:
        inside = text[start:end]
        first, last = inside[0], inside[-1]
        if first.isspace():
            start += 1
        elif last.isspace() or last in _TRAILING:
            end -= 1
        elif first in _PAIRS and _PAIRS[first] not in inside[1:]:
            start += 1
        elif last in _CLOSERS and _CLOSERS[last] not in inside[:-1]:
            end -= 1
        elif first in _STRAIGHT and inside.count(first) == 1:
            start += 1
        elif last in _STRAIGHT and inside.count(last) == 1:
            end -= 1
        else:
            break
    return Span(start, end) if end > start else span
