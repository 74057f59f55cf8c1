"""Lay an article out as visual lines for a given width (pure, no Textual).

Each visual line is a span of str offsets into the article text, so the view
can render any line on demand and map screen positions back to offsets.

:class:`LazyLayout` lays a long article out block by block (a heading or a
paragraph) only when a line of the block is asked for: the other blocks count
with an estimated height until they are laid out (or their exact height is
worked out by :meth:`LazyLayout.settle`), so opening a 10 MB article wraps the
few paragraphs on screen, not all 230,000 lines.
"""

from __future__ import annotations

import bisect
import math
import re
from array import array
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache
from itertools import chain, repeat
from typing import NamedTuple, overload

from rich.cells import cell_len

from reader.model import Article, Span
from reader.model.packed import U32

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


#: Characters one cell wide: rich's own list (its ``_SINGLE_CELL_UNICODE_RANGES``), the
#: punctuation of news text (dashes, quotation marks, the ellipsis...), and the newline
#: inside a paragraph, shown as a space.
ONE_CELL = frozenset(
    map(
        chr,
        chain(
            range(0x20, 0x7F),
            range(0xA0, 0xAD),
            range(0xAE, 0x300),
            range(0x370, 0x483),
            range(0x2010, 0x2028),
            range(0x2030, 0x205F),
            range(0x2500, 0x25FD),
            range(0x2800, 0x2900),
            [0x0A],
        ),
    )
)


def _width_of(chunk: str) -> int:
    # A paragraph of one-cell characters is not measured by rich's cell_len, which keeps
    # the last 4,096 strings it measured (~1 MB of paragraphs once a 10 MB article is
    # laid out: issue 12's peak memory).
    if chunk.isascii() or ONE_CELL.issuperset(chunk):
        return len(chunk)
    return cell_len(chunk.replace("\n", " "))  # (a newline is shown as a space)


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


class _Heights:
    """Block heights with prefix sums in O(log n) (a Fenwick tree)."""

    def __init__(self, values: list[int]) -> None:
        # arrays of machine integers: a 10 MB article has ~58,000 blocks (issue 12: memory)
        self.values = array(U32, values)  # (line counts and their sums: never negative)
        size = len(values)
        tree = array(U32, [0])
        tree.extend(values)
        for i in range(1, size + 1):
            parent = i + (i & -i)
            if parent <= size:
                tree[parent] += tree[i]
        self._tree = tree
        self.total = sum(values)
        self._top = 1 << max(size.bit_length() - 1, 0) if size else 0

    def add(self, index: int, delta: int) -> None:
        self.values[index] += delta
        self.total += delta
        i = index + 1
        while i < len(self._tree):
            self._tree[i] += delta
            i += i & -i

    def prefix(self, index: int) -> int:
        """The sum of the first ``index`` heights: the first line of block ``index``."""
        total = 0
        while index > 0:
            total += self._tree[index]
            index -= index & -index
        return total

    def find(self, line: int) -> int:
        """The block holding ``line`` (the last block when ``line`` is past the end)."""
        position, remaining, step = 0, line, self._top
        tree = self._tree
        while step:
            nxt = position + step
            if nxt < len(tree) and tree[nxt] <= remaining:
                position = nxt
                remaining -= tree[nxt]
            step >>= 1
        return min(position, len(self.values) - 1)


#: A block's kind by its code in ``LazyLayout._kinds``.
_BLOCK_KINDS = (HEADING, TEXT)
#: Articles with at most this many blocks are laid out whole at once.
EAGER_BLOCKS = 1500
#: How many blocks' lines are kept (the exact heights of all are kept).
_CACHED_BLOCKS = 4096


class LazyLayout(Sequence[VisualLine]):
    """The visual lines of an article at ``width``, each block laid out when first needed.

    Indexing, ``len``, :meth:`line_of_offset` and :meth:`offset_at` work on the lines
    as they are known: a block not laid out yet counts with an estimated height. When
    a block is laid out and its height differs, ``on_change(block, delta)`` is called
    (the view keeps the text on screen still when the block is above it).
    """

    def __init__(self, article: Article, width: int, *, eager_blocks: int = EAGER_BLOCKS) -> None:
        self.text = article.text
        self.width = max(width, 1)
        # the blocks' offsets and sections as arrays of machine integers, not lists of int
        # objects: a 10 MB article has ~58,000 blocks (issue 12's memory target)
        # (of the packed model's type: its paragraph offsets are extended in as they are)
        starts, ends, sections = array(U32), array(U32), array(U32)
        kinds = bytearray()  # 0: a heading, 1: a paragraph (_BLOCK_KINDS)
        for index, section in enumerate(article.sections):
            if section.heading is not None:
                starts.append(section.heading.start)
                ends.append(section.heading.end)
                kinds.append(0)
                sections.append(index)
            # The offsets only: a stored article's paragraphs are not made (issue 12).
            offsets = article.paragraph_offsets(index)
            count = len(offsets) // 2
            starts.extend(offsets[0::2])
            ends.extend(offsets[1::2])
            kinds.extend(repeat(1, count))
            sections.extend(repeat(index, count))
        self._starts, self._ends, self._kinds, self._sections = starts, ends, kinds, sections
        self._exact = bytearray(len(starts))
        self._cache: OrderedDict[int, list[VisualLine]] = OrderedDict()
        self._next_unsettled = 0
        #: How many blocks were laid out to be shown, and how many only measured by
        #: :meth:`settle` (their lines not kept): measures of work for the tests.
        self.blocks_laid_out = 0
        self.blocks_measured = 0
        self.on_change: Callable[[int, int], None] | None = None
        if len(starts) <= eager_blocks:
            for block in range(len(starts)):
                self._cache[block] = self._lay_out(block)
            self._heights = _Heights([len(lines) for lines in self._cache.values()])
            self._exact[:] = b"\x01" * len(starts)
            self._next_unsettled = len(starts)
        else:
            self._heights = _Heights(self._estimates())

    # ----- blocks -------------------------------------------------------------------

    @property
    def blocks(self) -> int:
        """How many blocks (headings and paragraphs) the article has."""
        return len(self._starts)

    @property
    def settled(self) -> bool:
        """True when every block's height is exact."""
        return self._next_unsettled >= len(self._starts)

    def _estimates(self) -> list[int]:
        """Every block's estimated height: a blank line above it (but the first), and its
        characters over 92% of the width, rounded up (one line at least). In one pass over
        the offsets, no call per block (~7 ms for a 10 MB article's 59,000 blocks instead
        of ~30, at every layout and at the first frame: issue 12)."""
        ceil, divisor = math.ceil, max(self.width * 0.92, 1)
        # (ceil(size / divisor) or 1) is max(1, ceil(size / divisor)): sizes are never negative
        heights = [
            (ceil((end - start) / divisor) or 1) + 1
            for start, end in zip(self._starts, self._ends, strict=True)
        ]
        if heights:
            heights[0] -= 1  # no blank line above the first block
        return heights

    def _lay_out(self, block: int) -> list[VisualLine]:
        start, end = self._starts[block], self._ends[block]
        kind, section = _BLOCK_KINDS[self._kinds[block]], self._sections[block]
        lines = [VisualLine(start, start, BLANK, section)] if block else []
        lines.extend(
            VisualLine(a, b, kind, section)
            for a, b in wrap_span(self.text, Span(start, end), self.width)
        )
        return lines

    def block_lines(self, block: int) -> list[VisualLine]:
        """The lines of ``block`` (laid out now when needed; its height made exact)."""
        found = self._cache.get(block)
        if found is not None:
            self._cache.move_to_end(block)
            return found
        lines = self._lay_out(block)
        self.blocks_laid_out += 1
        self._cache[block] = lines
        if len(self._cache) > _CACHED_BLOCKS:
            self._cache.popitem(last=False)
        self._set_exact(block, len(lines))
        return lines

    def _set_exact(self, block: int, height: int) -> None:
        if self._exact[block]:
            return
        self._exact[block] = 1
        delta = height - self._heights.values[block]
        if delta:
            self._heights.add(block, delta)
            if self.on_change is not None:
                self.on_change(block, delta)

    def settle(self, budget: int) -> int:
        """Work out the exact height of up to ``budget`` more blocks, in text order
        (without keeping their lines); returns how many were settled."""
        done = 0
        block = self._next_unsettled
        while block < len(self._starts) and done < budget:
            if not self._exact[block]:
                self._set_exact(block, len(self._lay_out(block)))
                self.blocks_measured += 1
                done += 1
            block += 1
        self._next_unsettled = block
        return done

    def height_of(self, block: int) -> int:
        """The height of ``block`` as known (exact once laid out or settled)."""
        return self._heights.values[block]

    def first_line_of_block(self, block: int) -> int:
        """The index of the first line of ``block``."""
        return self._heights.prefix(block)

    def block_at_line(self, y: int) -> int:
        """The block holding line ``y`` as the heights are now known."""
        return self._heights.find(y)

    def block_of_offset(self, offset: int) -> int:
        """The block showing text ``offset`` (the one before, between blocks)."""
        return max(bisect.bisect_right(self._starts, offset) - 1, 0)

    # ----- lines --------------------------------------------------------------------

    def __len__(self) -> int:
        return self._heights.total

    @overload
    def __getitem__(self, index: int) -> VisualLine: ...

    @overload
    def __getitem__(self, index: slice) -> list[VisualLine]: ...

    def __getitem__(self, index: int | slice) -> VisualLine | list[VisualLine]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        block = self._heights.find(index)
        while True:
            lines = self.block_lines(block)  # may change this block's height
            first = self._heights.prefix(block)
            if index < first + len(lines) or block == len(self._starts) - 1:
                return lines[min(index - first, len(lines) - 1)]
            block += 1

    def __iter__(self) -> Iterator[VisualLine]:
        for block in range(len(self._starts)):
            yield from self.block_lines(block)

    def line_of_offset(self, offset: int) -> int:
        """Index of the line that shows ``offset`` (laying its block out)."""
        if not self._starts:
            return 0
        block = self.block_of_offset(offset)
        lines = self.block_lines(block)
        within = bisect.bisect_right(lines, offset, key=lambda line: line.start) - 1
        return self._heights.prefix(block) + max(within, 0)

    def offset_at(self, y: int, x: int) -> int:
        """The text offset shown at column ``x`` of line ``y`` (clamped to the text)."""
        if not len(self):
            return 0
        line = self[min(max(y, 0), len(self) - 1)]
        return min(line.start + max(x, 0), line.end)
