"""Search matches found as they are read, not listed up front (issue 12).

A one-letter search in a 10 MB article has nearly a million matches: making a ``Span``
for each took most of a second, at every key typed in the search bar. ``TextMatches``
is the same sequence of matches (``re.finditer`` order, non-overlapping) made from
``str.count`` and ``str.find``, which run in C: its length, the index of the first match
at or after an offset, the matches on a line and the neighbours of a match read cost
one pass over the text at most, and only the matches read become ``Span`` objects.

It holds for a needle that cannot overlap itself (no proper prefix is also a suffix:
"e", "copy 3001", not "aa"): then every occurrence is a match, wherever a scan starts.
:func:`literal_matches` falls back to a list for the others.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import overload

from reader.model import Span

__all__ = ["TextMatches", "literal_matches", "overlaps_itself"]


def overlaps_itself(needle: str) -> bool:
    """Whether two occurrences of ``needle`` can overlap ("aa" in "aaa")."""
    return any(needle[:k] == needle[-k:] for k in range(1, len(needle)))


def literal_matches(text: str, needle: str) -> Sequence[Span]:
    """Every non-overlapping occurrence of ``needle`` in ``text``, in order (as
    ``re.finditer`` finds them): a :class:`TextMatches` when the needle cannot overlap
    itself, else a list."""
    if not needle:
        return []
    if overlaps_itself(needle):
        return [Span(m.start(), m.end()) for m in re.finditer(re.escape(needle), text)]
    return TextMatches(text, needle)


class TextMatches(Sequence[Span]):
    """The occurrences of a needle that cannot overlap itself, read on demand."""

    #: Matches stepped over one by one to reach an index from the nearest one known;
    #: further than that, the matches are listed once (then read from the list).
    STEP_LIMIT = 10_000

    def __init__(self, text: str, needle: str) -> None:
        assert needle and not overlaps_itself(needle)
        self.text = text
        self.needle = needle
        self.length = len(needle)
        self._count: int | None = None
        self._known: dict[int, int] = {}  # index -> start of the matches found so far
        self._all: list[int] | None = None

    def __len__(self) -> int:
        if self._count is None:
            self._count = self.text.count(self.needle)
        return self._count

    def __bool__(self) -> bool:
        return self._count != 0 if self._count is not None else self._first() != -1

    def _first(self) -> int:
        return self.text.find(self.needle)

    def index_from(self, offset: int) -> int:
        """The index of the first match that starts at or after ``offset`` (``len(self)``
        when none does): one pass over the text, which also counts them all."""
        offset = max(offset, 0)
        before = self.text.count(self.needle, 0, offset + self.length - 1)
        start = self.text.find(self.needle, offset)
        if self._count is None:
            after = self.text.count(self.needle, offset) if start != -1 else 0
            self._count = before + after
        if start != -1:
            self._known[before] = start
        return before

    def between(self, start: int, end: int) -> list[Span]:
        """The matches that overlap ``[start, end)``."""
        found = []
        text, needle, length = self.text, self.needle, self.length
        stop = end + length - 1  # a match starting before ``end`` ends by then
        at = text.find(needle, max(start - length + 1, 0), stop)
        while at != -1:
            found.append(Span(at, at + length))
            at = text.find(needle, at + length, stop)
        return found

    def _start(self, index: int) -> int:
        if self._all is not None:
            return self._all[index]
        known = self._known.get(index)
        if known is not None:
            return known
        # step from the nearest match known (the first and the last are, once looked at)
        anchors = self._known
        if 0 not in anchors:
            anchors[0] = self._first()
        last = len(self) - 1
        if last not in anchors:
            anchors[last] = self.text.rfind(self.needle)
        nearest = min(anchors, key=lambda i: abs(i - index))
        if abs(nearest - index) > self.STEP_LIMIT:
            self._all = [m.start() for m in re.finditer(re.escape(self.needle), self.text)]
            return self._all[index]
        at = anchors[nearest]
        text, needle, length = self.text, self.needle, self.length
        for _ in range(index - nearest):
            at = text.find(needle, at + length)
        for _ in range(nearest - index):
            at = text.rfind(needle, 0, at)
        self._known[index] = at
        return at

    @overload
    def __getitem__(self, index: int) -> Span: ...

    @overload
    def __getitem__(self, index: slice) -> list[Span]: ...

    def __getitem__(self, index: int | slice) -> Span | list[Span]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        count = len(self)
        if index < 0:
            index += count
        if not 0 <= index < count:
            raise IndexError(index)
        start = self._start(index)
        return Span(start, start + self.length)

    def __iter__(self) -> Iterator[Span]:
        text, needle, length = self.text, self.needle, self.length
        at = text.find(needle)
        while at != -1:
            yield Span(at, at + length)
            at = text.find(needle, at + length)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"TextMatches({self.needle!r}, {len(self)} matches)"
