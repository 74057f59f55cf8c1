"""The search's matches read on demand (reader/ui/matches.py) are the matches listed."""

from __future__ import annotations

import bisect
import re

from hypothesis import given
from hypothesis import strategies as st

from reader.model import Span
from reader.ui.matches import TextMatches, literal_matches, overlaps_itself

TEXT = st.text(alphabet="ab c\n", max_size=60)
NEEDLE = st.text(alphabet="ab c", min_size=1, max_size=4)


def listed(text: str, needle: str) -> list[Span]:
    return [Span(m.start(), m.end()) for m in re.finditer(re.escape(needle), text)]


@given(TEXT, NEEDLE, st.integers(min_value=-3, max_value=70))
def test_the_matches_read_are_those_listed(text: str, needle: str, offset: int) -> None:
    expected = listed(text, needle)
    found = literal_matches(text, needle)
    assert isinstance(found, TextMatches) != overlaps_itself(needle)
    assert len(found) == len(expected) and bool(found) == bool(expected)
    assert list(found) == expected and found == expected
    assert [found[i] for i in range(len(expected))] == expected
    assert [found[-i] for i in range(1, len(expected) + 1)] == expected[::-1]
    assert found[1:3] == expected[1:3]
    if isinstance(found, TextMatches):
        starts = [m.start for m in expected]
        assert found.index_from(offset) == bisect.bisect_left(starts, max(offset, 0))
        lo, hi = sorted((offset, offset + 7))
        assert found.between(lo, hi) == [m for m in expected if m.start < hi and m.end > lo]


def test_an_index_far_from_those_read_is_found() -> None:
    text = "e " * 30_000
    found = TextMatches(text, "e")
    assert found.index_from(40_000) == 20_000
    assert found[100] == Span(200, 201) and found[29_999] == Span(59_998, 59_999)
    assert found[15_000] == Span(30_000, 30_001)  # listed once: far from any read
    assert len(found) == 30_000


def test_overlapping_needles_are_listed() -> None:
    assert overlaps_itself("aa") and overlaps_itself("abab") and not overlaps_itself("ab")
    assert literal_matches("aaaa", "aa") == [Span(0, 2), Span(2, 4)]
    assert literal_matches("abc", "") == []
