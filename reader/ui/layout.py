"""Lay an article out as visual lines for a given width (pure, no Textual).

Each visual line is a span of str offsets into the article text, so the view
can render any line on demand and map screen positions back to offsets.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from rich.cells import cell_len

from reader.model import Article, Span

HEADING = "heading"
TEXT = "text"
BLANK = "blank"

_WORD = re.compile(r"\S+\s*")


class VisualLine(NamedTuple):
    """One screen line: ``text[start:end]`` (may end in spaces), its kind and section."""

    start: int
    end: int
    kind: str
    section: int


def _width_of(chunk: str) -> int:
    # A newline inside a paragraph is shown as a space: one cell.
    return len(chunk) if chunk.isascii() else cell_len(chunk.replace("\n", " "))


@lru_cache(maxsize=8)
def _line_pattern(width: int) -> re.Pattern[str]:
    # The longest run of at most `width` characters that ends before white space
    # (plus that white space), else a hard cut of an over-long word.
    return re.compile(rf"(?s).{{1,{width}}}(?=\s|\Z)\s*|.{{1,{width}}}")


def wrap_span(text: str, span: Span, width: int) -> list[tuple[int, int]]:
    """Greedy word wrap of ``text[span]`` to ``width`` cells; returns (start, end) pairs.

    Lines break after whitespace; a word longer than the width is cut. Text where
    every character is one cell wide (nearly all news text) is wrapped by one
    regular expression; other text word by word with cell widths.
    """
    width = max(width, 1)
    chunk = text[span.start : span.end]
    if _width_of(chunk) == len(chunk):
        pattern = _line_pattern(width)
        lines = [m.span() for m in pattern.finditer(text, span.start, span.end)]
        return lines or [(span.start, span.end)]
    return _wrap_by_cells(text, span, width)


def _wrap_by_cells(text: str, span: Span, width: int) -> list[tuple[int, int]]:
    lines: list[tuple[int, int]] = []
    line_start = span.start
    used = 0
    for match in _WORD.finditer(text, span.start, span.end):
        word_start, word_end = match.span()
        word = match.group()
        word_width = _width_of(word.rstrip())
        if used and used + word_width > width:
            lines.append((line_start, word_start))
            line_start, used = word_start, 0
        while word_width > width:  # hard-cut an over-long word
            cut = word_start + width
            lines.append((line_start, cut))
            word_start = line_start = cut
            word_width = _width_of(text[word_start:word_end].rstrip())
            used = 0
        used += _width_of(text[word_start:word_end])
    if line_start < span.end or not lines:
        lines.append((line_start, span.end))
    return lines


def layout_article(article: Article, width: int) -> list[VisualLine]:
    """All visual lines of ``article`` at ``width`` cells: each section's heading,
    then its paragraphs, with a blank line between blocks."""
    lines: list[VisualLine] = []
    text = article.text
    for index, section in enumerate(article.sections):
        if section.heading is not None:
            if lines:
                lines.append(VisualLine(section.heading.start, section.heading.start, BLANK, index))
            for start, end in wrap_span(text, section.heading, width):
                lines.append(VisualLine(start, end, HEADING, index))
        for paragraph in section.paragraphs:
            if lines:
                lines.append(VisualLine(paragraph.span.start, paragraph.span.start, BLANK, index))
            for start, end in wrap_span(text, paragraph.span, width):
                lines.append(VisualLine(start, end, TEXT, index))
    return lines
