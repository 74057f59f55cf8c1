"""The word wrap behind the article view: contiguous, within the width, same on both paths."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from reader.io.importers import load_seed
from reader.model import Span
from reader.ui.layout import (
    BLANK,
    HEADING,
    ONE_CELL,
    TEXT,
    _wrap_by_cells,
    layout_article,
    wrap_span,
)

WORDS = st.sampled_from(
    ["a", "the", "Rafah,", "U.S.", "“quote”", "–", "café", "x" * 30, "naïve", "1,200", "$4.5"]
)
SEPARATORS = st.sampled_from([" ", " ", " ", "\n", "  "])


@st.composite
def paragraphs(draw: st.DrawFn) -> str:
    words = draw(st.lists(WORDS, min_size=1, max_size=40))
    text = words[0]
    for word in words[1:]:
        text += draw(SEPARATORS) + word
    return text


@given(paragraphs(), st.integers(min_value=3, max_value=90))
def test_wrap_is_contiguous_and_fits(text: str, width: int) -> None:
    lines = wrap_span(text, Span(0, len(text)), width)
    assert lines[0][0] == 0 and lines[-1][1] == len(text)
    for (_, end), (start, _) in itertools.pairwise(lines):
        assert end == start
    for start, end in lines:
        assert 0 < len(text[start:end].rstrip()) <= width


@given(paragraphs(), st.integers(min_value=3, max_value=90))
def test_fast_wrap_matches_the_cell_by_cell_wrap(text: str, width: int) -> None:
    span = Span(0, len(text))
    assert wrap_span(text, span, width) == _wrap_by_cells(text, span, width)


def test_the_characters_taken_as_one_cell_are_one_cell_for_rich() -> None:
    from rich.cells import cell_len

    assert {"–", "—", "“", "”", "‘", "’", "…", "é", "\n"} <= ONE_CELL
    assert [c for c in ONE_CELL - {"\n"} if cell_len(c) != 1] == []
    assert not ONE_CELL & {"\u200b", "\u200d", "\u0301", "\u2028", "\u2060", "日"}


def test_measuring_a_paragraph_of_one_cell_characters_caches_nothing() -> None:
    from rich.cells import cached_cell_len

    text = "“A quote,” she said – naïvely… " * 3 + "unique 4711"
    before = cached_cell_len.cache_info().currsize
    wrap_span(text, Span(0, len(text)), 30)
    assert cached_cell_len.cache_info().currsize == before  # (rich keeps 4,096 strings)


def test_wide_characters_are_wrapped_by_cells() -> None:
    text = "日本語の記事 " * 10
    lines = wrap_span(text, Span(0, len(text)), 20)
    assert len(lines) > 3
    assert all(len(text[a:b].rstrip()) * 2 <= 20 for a, b in lines)


def test_layout_of_the_seed_shows_every_character_once() -> None:
    article = load_seed()
    lines = layout_article(article, 60)
    kinds = {line.kind for line in lines}
    assert kinds == {HEADING, TEXT, BLANK}
    shown = "".join(article.text[line.start : line.end] for line in lines if line.kind != BLANK)
    expected = "".join(
        span.text_of(article.text)
        for section in article.sections
        for span in ([section.heading] if section.heading else [])
        + [p.span for p in section.paragraphs]
    )
    assert shown == expected
    assert [line.section for line in lines if line.kind == HEADING] == [1, 2, 3]
