"""A suggested annotation: the record the suggestion rules produce and the store caches."""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass
from typing import Any, Literal, overload

from reader.model.packed import U32

SuggestionKind = Literal["quote", "claim"]


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A proposed annotation of ``text[start:end] == exact``: a ``quote`` (with its
    ``speaker``, when found) or a ``claim``; ``reason`` is shown to the user, ``score``
    is 0-1."""

    kind: SuggestionKind
    start: int
    end: int
    exact: str
    speaker: str | None
    reason: str
    score: float

    @property
    def key(self) -> str:
        """Identity of the suggestion within its article (kind and span)."""
        return f"{self.kind}:{self.start}:{self.end}"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


#: The order suggestions are kept and shown in: by start, quotes first, then by end.
def suggestion_order(s: Suggestion) -> tuple[int, bool, int]:
    """The sort key of a suggestion (``start``, not a quote, ``end``)."""
    return (s.start, s.kind != "quote", s.end)


def suggestion_row_order(row: tuple[Any, ...]) -> tuple[int, bool, int]:
    """:func:`suggestion_order` of a ``(kind, start, end, ...)`` row
    (:meth:`SuggestionTable.from_rows`'s shape)."""
    return (row[1], row[0] != "quote", row[2])


_KINDS: tuple[SuggestionKind, SuggestionKind] = ("quote", "claim")


def _appended(numbers: array[int], number: int) -> array[int]:
    """``numbers`` with ``number`` appended: the same array, or (past what 2 bytes hold)
    a copy widened to 4 bytes."""
    if number > 0xFFFF and numbers.itemsize < 4:
        numbers = array(U32, numbers)
    numbers.append(number)
    return numbers


def split_reason(text: str, start: int, end: int, reason: str) -> tuple[str, int, int]:
    """``reason`` as a head and a tail quoted from ``text[start:end]`` ("figure: " and
    where "35,000" is): (head, the tail's offset from ``start``, its length). A reason
    with nothing after its first ": " found in the span is all head (0, 0)."""
    cut = reason.find(": ") + 2
    if 1 < cut < len(reason):
        at = text.find(reason[cut:], start, end)
        if at >= 0:
            return reason[:cut], at - start, len(reason) - cut
    return reason, 0, 0


class SuggestionTable(Sequence[Suggestion]):
    """An article's suggestions held as columns (issue 12: a 10 MB article has over a
    hundred thousand): offsets, kinds, scores and speaker numbers in arrays, and
    ``exact`` read from the article's text, never kept (a different one, which no rule
    makes, is kept aside). A reason is kept as the number of its head and where its
    tail is in the text (:func:`split_reason`: "figure: " and the figure, read from the
    sentence): the heads repeat, and the 113,000 reasons of a 10 MB article took 2.7 MB
    as UTF-8, most of them a figure quoted from its sentence. A :class:`Suggestion` is
    made when one is read. Sorted by :func:`suggestion_order`; ``starts`` is the array
    of their starts (for bisection)."""

    __slots__ = (
        "_ends",
        "_exceptions",
        "_head_ids",
        "_heads",
        "_kinds",
        "_score_ids",
        "_scores",
        "_speaker_ids",
        "_speakers",
        "_tail_lengths",
        "_tail_starts",
        "_text",
        "longest",
        "starts",
    )

    def __init__(self, text: str) -> None:
        self._text = text
        self.starts = array(U32)
        self._ends = array(U32)
        self._kinds = bytearray()
        self._scores: list[float] = []  # the distinct scores (a handful), by number
        self._score_ids = array("H")
        self._speakers: list[str | None] = [None]
        self._speaker_ids = array("H")  # (widened to 4 bytes past 65,536 speakers)
        self._heads: list[str] = []  # the distinct heads of the reasons, by number
        self._head_ids = array("H")  # (each of these three widened past 65,535)
        self._tail_starts = array("H")  # from the suggestion's start
        self._tail_lengths = array("H")
        self._exceptions: dict[int, str] = {}
        #: The length of the longest suggestion (how far back one can start and overlap).
        self.longest = 0

    @classmethod
    def from_rows(
        cls,
        text: str,
        rows: Iterable[tuple[str, int, int, str | None, str | None, str, float]],
    ) -> SuggestionTable:
        """A table of ``(kind, start, end, exact, speaker, reason, score)`` rows, read one
        at a time (a database cursor) and sorted unless they come sorted. ``exact`` may
        be None: then it is ``text[start:end]``."""
        table = cls(text)
        speakers: dict[str | None, int] = {None: 0}
        scores: dict[float, int] = {}
        heads: dict[str, int] = {}
        ordered = True
        last: tuple[int, bool, int] = (-1, False, -1)
        for kind, start, end, exact, speaker, reason, score in rows:
            if kind not in _KINDS:
                raise ValueError(f"unknown suggestion kind {kind!r}")
            key = (start, kind != "quote", end)  # suggestion_row_order, inline: per row
            ordered = ordered and key >= last
            last = key
            number = len(table._ends)
            if exact is not None and exact != text[start:end]:
                table._exceptions[number] = exact
            table.starts.append(start)
            table._ends.append(end)
            table._kinds.append(_KINDS.index(kind))
            score_id = scores.get(score)
            if score_id is None:
                score_id = scores[score] = len(table._scores)
                table._scores.append(score)
            table._score_ids = _appended(table._score_ids, score_id)
            speaker_id = speakers.get(speaker)
            if speaker_id is None:
                speaker_id = speakers[speaker] = len(table._speakers)
                table._speakers.append(speaker)
            table._speaker_ids = _appended(table._speaker_ids, speaker_id)
            head, tail_start, tail_length = split_reason(text, start, end, reason)
            head_id = heads.get(head)
            if head_id is None:
                head_id = heads[head] = len(table._heads)
                table._heads.append(head)
            table._head_ids = _appended(table._head_ids, head_id)
            table._tail_starts = _appended(table._tail_starts, tail_start)
            table._tail_lengths = _appended(table._tail_lengths, tail_length)
            table.longest = max(table.longest, end - start)
        if not ordered:
            table = cls.of(text, sorted(table, key=suggestion_order))
        return table

    @classmethod
    def of(cls, text: str, suggestions: Iterable[Suggestion]) -> SuggestionTable:
        """The table of ``suggestions`` (the rules' records) of ``text``."""
        return cls.from_rows(
            text,
            ((s.kind, s.start, s.end, s.exact, s.speaker, s.reason, s.score) for s in suggestions),
        )

    def __len__(self) -> int:
        return len(self._ends)

    @overload
    def __getitem__(self, index: int) -> Suggestion: ...

    @overload
    def __getitem__(self, index: slice) -> list[Suggestion]: ...

    def __getitem__(self, index: int | slice) -> Suggestion | list[Suggestion]:
        if isinstance(index, slice):
            return [self._make(i) for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("suggestion index out of range")
        return self._make(index)

    def __iter__(self) -> Iterator[Suggestion]:
        return (self._make(i) for i in range(len(self)))

    def kind(self, index: int) -> SuggestionKind:
        """The kind of suggestion ``index`` (no record made)."""
        return _KINDS[self._kinds[index]]

    def end(self, index: int) -> int:
        """The end of suggestion ``index`` (no record made)."""
        return self._ends[index]

    def _make(self, i: int) -> Suggestion:
        start, end = self.starts[i], self._ends[i]
        exact = self._exceptions.get(i)
        tail = start + self._tail_starts[i]
        return Suggestion(
            _KINDS[self._kinds[i]],
            start,
            end,
            self._text[start:end] if exact is None else exact,
            self._speakers[self._speaker_ids[i]],
            self._heads[self._head_ids[i]] + self._text[tail : tail + self._tail_lengths[i]],
            self._scores[self._score_ids[i]],
        )
