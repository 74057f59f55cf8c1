"""The article text: rendered line by line on demand (Textual's Line API).

Only the visible lines are ever rendered, and only the paragraphs they show are
laid out (word wrapped): a :class:`~reader.ui.layout.LazyLayout` counts the others
with an estimated height, and a background pass on a timer works out the exact
heights a few hundred paragraphs at a time (so the scroll bar settles), keeping
the text on screen still when a paragraph above it turns out taller or shorter.
"""

from __future__ import annotations

import bisect
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TypeVar, cast

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.color import Color
from textual.events import Click, Resize
from textual.geometry import Offset, Region, Size
from textual.scroll_view import ScrollView
from textual.selection import Selection
from textual.strip import Strip

from reader.model import Article, Span
from reader.model.safe_text import visible_text
from reader.ui.colours import parse_colour, readable_text, tint_behind
from reader.ui.layout import HEADING, LazyLayout, VisualLine
from reader.ui.matches import TextMatches
from reader.ui.messages import CursorMoved, SelectionChanged, TextDrawn

K = TypeVar("K")
T = TypeVar("T")

#: Cells left of the text: the cursor bar, two cells of tag markers, a space.
GUTTER = 4
_CURSOR_MARK = "▌"
#: Gutter marker of a line holding suggestions only.
SUGGESTION_GLYPH = "?"
#: Text style component per tag; other tags get ``article-view--tag``.
_TAG_COMPONENTS = {"claim": "article-view--claim", "quote": "article-view--quote"}
#: The component styles the marks are drawn with.
_MARK_COMPONENTS = (
    *_TAG_COMPONENTS.values(),
    "article-view--tag",
    "article-view--overlap",
    "article-view--suggestion",
)


def tag_glyph(tag: str) -> str:
    """The one-cell gutter marker of a tag: its first letter or digit, upper-cased
    (``C`` claim, ``Q`` quote), ``•`` when the name has none."""
    first = next((ch for ch in tag if ch.isalnum() and ch.isascii()), "")
    return first.upper() or "•"


def gutter_markers(tags: list[str]) -> str:
    """Two cells naming the distinct tags of a line, in order: ``"C "``, ``"CQ"``, and
    ``"C+"`` when three or more tags share the line."""
    glyphs: list[str] = []
    for tag in tags:
        glyph = tag_glyph(tag)
        if glyph not in glyphs:
            glyphs.append(glyph)
    if len(glyphs) > 2:
        return glyphs[0] + "+"
    return "".join(glyphs).ljust(2)


@dataclass(frozen=True, slots=True)
class _LineMarks:
    """How the marks of one visual line are drawn: style runs ``(start, end, style)``
    in text offsets, the distinct annotation tags with their colours (gutter), and
    whether a suggestion is on the line."""

    runs: tuple[tuple[int, int, Style], ...]
    tags: tuple[tuple[str, str], ...]
    suggested: bool


@dataclass(frozen=True, slots=True)
class Mark:
    """A coloured range in the text: an annotation (``quiet=False``) or a suggestion.

    ``tag`` picks the text style and gutter marker (``claim``, ``quote`` or another)."""

    start: int
    end: int
    colour: str
    key: str
    quiet: bool = False
    tag: str = ""


class MarkSource(ABC):
    """A layer of marks found by the range they overlap, each range's marks by start
    (the longest first); iterating gives them all in that order."""

    @abstractmethod
    def on(self, start: int, end: int) -> list[Mark]:
        """The marks overlapping ``[start, end)``."""

    @abstractmethod
    def __iter__(self) -> Iterator[Mark]: ...

    @abstractmethod
    def ranges_of(self, keys: Iterable[str]) -> list[tuple[int, int]]:
        """The text ranges of the marks with these keys (a key not here: none)."""


class _MarkLayer(MarkSource):
    """Marks given as a list, sorted by start (longest first)."""

    def __init__(self, marks: list[Mark]) -> None:
        self.source = marks
        self.marks = sorted(marks, key=lambda m: (m.start, -(m.end - m.start)))
        self._starts = [m.start for m in self.marks]
        self._longest = max((m.end - m.start for m in self.marks), default=0)
        self._by_key: dict[str, Mark] | None = None

    def by_key(self) -> dict[str, Mark]:
        """The marks by key (made at the first call)."""
        if self._by_key is None:
            self._by_key = {m.key: m for m in self.marks}
        return self._by_key

    def on(self, start: int, end: int) -> list[Mark]:
        """The marks overlapping ``[start, end)``."""
        lo = bisect.bisect_left(self._starts, start - self._longest)
        hi = bisect.bisect_left(self._starts, end)
        return [m for m in self.marks[lo:hi] if m.end > start and m.start < end]

    def __iter__(self) -> Iterator[Mark]:
        return iter(self.marks)

    def ranges_of(self, keys: Iterable[str]) -> list[tuple[int, int]]:
        """The text ranges of the marks with these keys (a key not here: none)."""
        by_key = self.by_key()
        return [(m.start, m.end) for key in keys if (m := by_key.get(key)) is not None]


class ArticleView(ScrollView, can_focus=True):
    """Shows the article with a sentence cursor, coloured marks, a selection and search hits."""

    COMPONENT_CLASSES = {
        "article-view--cursor",
        "article-view--cursor-gutter",
        "article-view--gutter-tag",
        "article-view--gutter-suggestion",
        "article-view--claim",
        "article-view--quote",
        "article-view--tag",
        "article-view--heading",
        "article-view--selection",
        "article-view--match",
        "article-view--match-current",
        "article-view--overlap",
        "article-view--suggestion",
    }

    BINDINGS = [
        Binding("down", "screen.cursor_down", show=False),
        Binding("up", "screen.cursor_up", show=False),
        Binding("shift+down", "screen.extend('sentence', 1)", show=False),
        Binding("shift+up", "screen.extend('sentence', -1)", show=False),
        Binding("shift+right", "screen.extend('word', 1)", show=False),
        Binding("shift+left", "screen.extend('word', -1)", show=False),
        Binding("home", "screen.first_sentence", show=False),
        Binding("end", "screen.last_sentence", show=False),
        Binding("g", "screen.first_sentence", show=False),  # as in less and vim
        Binding("G", "screen.last_sentence", show=False),
    ]

    def __init__(self, article: Article, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.article = article
        self.cursor = 0
        self.selection: Span | None = None
        self._solid = _MarkLayer([])
        self._quiet: MarkSource = _MarkLayer([])
        self._quiet_source: MarkSource | list[Mark] | None = None
        self._hidden: frozenset[str] = frozenset()
        self.matches: Sequence[Span] = []
        self._match_starts: list[int] = []
        self._longest_match = 0
        self.current_match: int | None = None
        # laid out at the first resize, when the width is known
        self.lines = LazyLayout(Article("", "", "", ()), 1)
        self._layout_width = 0
        # While blocks are laid out: the first line shown, kept on the same text when a
        # block above it changes height (None: nothing pending).
        self._pending_top: float | None = None
        self._size_stale = False
        self._settling = False
        self._changed_at = 0.0  # when the user last changed the view (perf_counter)
        self._flush_scheduled = False
        self._frame: dict[object, object] = {}
        self._in_frame = False
        self._blends: dict[tuple[Color, Color, str, str], Color] = {}
        # The marks of each visual line as drawn, by the line's offsets and kind; emptied
        # when the marks, the layout or the theme's colours change.
        self._summaries: dict[tuple[int, int, str], _LineMarks] = {}
        self._summaries_theme: tuple[Color, Style, tuple[Style, ...]] | None = None
        #: How many lines' marks were worked out (a measure of work for the tests).
        self.summaries_made = 0
        #: Called once the text is first drawn (``when_text_drawn``); None: it was.
        self._on_text_drawn: list[Callable[[], None]] | None = []

    # ----- layout -------------------------------------------------------------------

    def on_resize(self, event: Resize) -> None:
        self._relayout()
        # Taller or shorter (the search bar closing, a smaller terminal) the lines stay,
        # but the cursor's sentence may have left the view.
        self.call_after_refresh(self.scroll_to_cursor)

    def _relayout(self) -> None:
        width = max(self.scrollable_content_region.width - GUTTER - 1, 10)
        if width == self._layout_width and len(self.lines):
            return
        self._layout_width = width
        self.lines = LazyLayout(self.article, width)
        self.lines.on_change = self._block_changed
        self._pending_top = None
        self._summaries.clear()
        self.virtual_size = Size(width + GUTTER, len(self.lines))
        self.refresh()
        if not self.lines.settled and not self._settling:
            self._settling = True
            self.set_timer(self.SETTLE_DELAY, self._settle_some)

    #: Seconds between two steps of the background pass that settles block heights,
    #: how long one step may work (seconds), and how many blocks it settles at a time.
    SETTLE_DELAY = 0.05
    SETTLE_WORK = 0.006
    SETTLE_BLOCKS = 50
    #: Seconds the background pass waits after the user last changed the view (a key):
    #: while keys come, each step's new heights and the frame they cost do not land
    #: between a key and its frame (issue 12: the tag key on a 10 MB article).
    SETTLE_AFTER_INPUT = 0.3

    def _user_changed(self) -> None:
        """The user changed what the view shows: the background pass waits a little."""
        self._changed_at = time.perf_counter()

    def _settle_some(self) -> None:
        """One step of the background pass: exact heights for a few more blocks (a few
        milliseconds of work, so a key pressed meanwhile waits no longer than that),
        put off while the user is pressing keys."""
        if not self.is_attached:
            self._settling = False
            return
        wait = self._changed_at + self.SETTLE_AFTER_INPUT - time.perf_counter()
        if wait > 0:
            self.set_timer(max(wait, self.SETTLE_DELAY), self._settle_some)
            return
        deadline = time.perf_counter() + self.SETTLE_WORK
        while not self.lines.settled and time.perf_counter() < deadline:
            self.lines.settle(self.SETTLE_BLOCKS)
        self._flush_layout()
        if self.lines.settled:
            self._settling = False
        else:
            self.set_timer(self.SETTLE_DELAY, self._settle_some)

    def _block_changed(self, block: int, delta: int) -> None:
        """A block's height became exact: when it is wholly above the first line shown,
        the view scrolls by as much, so the text on screen does not move."""
        self._size_stale = True
        top = self.scroll_y if self._pending_top is None else self._pending_top
        old_end = self.lines.first_line_of_block(block) + self.lines.height_of(block) - delta
        if old_end <= top:
            self._pending_top = top + delta

    def _flush_layout(self) -> None:
        """Apply the heights learnt since the last flush: the virtual size, the scroll."""
        if self._size_stale:
            self._size_stale = False
            self.virtual_size = Size(self._layout_width + GUTTER, len(self.lines))
        if self._pending_top is not None:
            top, self._pending_top = self._pending_top, None
            if round(top) != round(self.scroll_y):
                self.scroll_to(y=top, animate=False, immediate=True, force=True)

    def _flush_after_render(self) -> None:
        self._flush_scheduled = False
        self._flush_layout()

    def line_of_offset(self, offset: int) -> int:
        """Index of the visual line that shows ``offset``."""
        index = self.lines.line_of_offset(offset)
        self._flush_layout()
        return index

    def offset_at_line(self, y: int, x: int) -> int:
        """The text offset shown at column ``x`` (characters after the gutter) of line ``y``."""
        offset = self.lines.offset_at(y, x)
        self._flush_layout()
        return offset

    # ----- state --------------------------------------------------------------------

    @property
    def cursor_span(self) -> Span | None:
        """The span of the sentence under the cursor."""
        sentences = self.article.sentences
        return sentences[self.cursor] if sentences else None

    @property
    def target_span(self) -> Span | None:
        """What a tag command applies to: the selection, or else the cursor's sentence."""
        if self.selection is not None and len(self.selection):
            return self.selection
        return self.cursor_span

    def move_cursor(self, index: int, *, keep_selection: bool = False) -> None:
        """Put the cursor on sentence ``index`` (clamped), scroll to it, tell the screen."""
        sentences = self.article.sentences
        if not sentences:
            return
        self.cursor = min(max(index, 0), len(sentences) - 1)
        self._user_changed()
        if not keep_selection:
            self.set_selection(None)
        self.refresh()
        self.scroll_to_cursor()
        self.post_message(CursorMoved(self.cursor, self.article.section_of_sentence(self.cursor)))

    def scroll_to_cursor(self) -> None:
        """Scroll so the whole cursor sentence (or as much as fits) is visible; when it
        does not fit, the part down to the current search match in it."""
        span = self.cursor_span
        if span is None or not len(self.lines):
            return
        self._lay_out_around(span.start)
        top = self.line_of_offset(span.start)
        bottom = self.line_of_offset(max(span.end - 1, span.start))
        view_height = max(self.scrollable_content_region.height, 1)
        match = self._current_match_span()
        if match is not None and span.start <= match.start < span.end:
            # down to the match's last line (a match may wrap onto the next line)
            match_bottom = self.line_of_offset(max(match.end - 1, match.start))
            top = max(top, match_bottom - view_height + 1)
        height = min(bottom - top + 1, view_height)
        region = Region(0, top, 1, height)
        self.scroll_to_region(region, animate=False, spacing=None, force=True)

    def scroll_offset_to_top(self, offset: int) -> None:
        """Scroll so the line showing ``offset`` is the first visible line."""
        self._lay_out_around(offset)
        self.scroll_to(y=self.line_of_offset(offset), animate=False, immediate=True)

    def _lay_out_around(self, offset: int) -> None:
        """Lay out the blocks a screen above and below ``offset`` before scrolling there,
        so the lines it lands on (and those one scroll away) have their exact heights."""
        if self.lines.settled:
            return
        view_height = max(self.scrollable_content_region.height, 1)
        block = self.lines.block_of_offset(offset)
        lines = self.lines
        above, below = block, block
        seen = 0
        while above > 0 and seen < view_height:
            above -= 1
            seen += len(lines.block_lines(above))
        seen = 0
        while below < lines.blocks and seen < 2 * view_height:
            seen += len(lines.block_lines(below))
            below += 1
        self._flush_layout()

    def set_selection(self, span: Span | None) -> None:
        """Set (or clear) the selection and tell the screen."""
        if span is not None and not len(span):
            span = None
        if span == self.selection:
            return
        self.selection = span
        self._user_changed()
        self.refresh()
        self.post_message(SelectionChanged((span.start, span.end) if span else None))

    @property
    def marks(self) -> list[Mark]:
        """Every mark shown: the annotations, then the suggestions not hidden."""
        hidden = self._hidden
        return [*self._solid, *(m for m in self._quiet if m.key not in hidden)]

    def set_marks(self, marks: list[Mark]) -> None:
        """Replace the annotation marks (few: sorted at each change). Only the lines
        of the marks added or removed are drawn again (a tag: the tagged sentence's)."""
        changed = set(self._solid.source).symmetric_difference(marks)
        self._solid = _MarkLayer(marks)
        self._user_changed()
        self._redraw_ranges([(m.start, m.end) for m in changed])

    #: Above this many changed marks, the whole view is drawn again.
    REDRAW_RANGES_LIMIT = 16

    def _redraw_ranges(self, ranges: list[tuple[int, int]]) -> None:
        """The marks on ``ranges`` (text offsets) changed: forget the marks worked out
        for the lines they touch and draw the visible ones among them again."""
        if not ranges:
            return
        if len(ranges) > self.REDRAW_RANGES_LIMIT or not len(self.lines):
            self._summaries.clear()
            self.refresh()
            return

        def touched(start: int, end: int) -> bool:
            # ends included: a blank line (start == end) inside a mark shows its marker
            return any(start <= b and end >= a for a, b in ranges)

        for key in [key for key in self._summaries if touched(key[0], key[1])]:
            del self._summaries[key]
        top = int(self.scroll_y)
        bottom = min(top + self.scrollable_content_region.height, len(self.lines))
        for index in range(top, bottom):
            line = self.lines[index]
            if touched(line.start, line.end):
                self.refresh_lines(index)

    def set_suggestion_marks(self, marks: MarkSource | list[Mark], hidden: frozenset[str]) -> None:
        """Show the suggestion marks (``quiet``: a list, or a :class:`MarkSource` that
        makes them for the lines drawn) but those whose key is in ``hidden``. The same
        marks again (by identity) only change what is hidden: tens of thousands of
        suggestions are sorted once, not at every key."""
        if marks is not self._quiet_source:
            self._quiet_source = marks
            self._quiet = marks if isinstance(marks, MarkSource) else _MarkLayer(marks)
        elif hidden == self._hidden:
            return
        else:
            # the same marks: only those shown or hidden now are drawn again
            changed = self._quiet.ranges_of(hidden ^ self._hidden)
            self._hidden = hidden
            self._redraw_ranges(changed)
            return
        self._hidden = hidden
        self._summaries.clear()
        self.refresh()

    def set_matches(self, matches: Sequence[Span], current: int | None) -> None:
        """Show search matches; ``current`` indexes the one the user is on. A
        :class:`TextMatches` is read only where the view shows it (a million matches
        of a one-letter search are not listed)."""
        if matches is self.matches:
            pass  # the same matches, another current one
        elif isinstance(matches, TextMatches):
            self._match_starts, self._longest_match = [], 0
        else:
            self._match_starts = [m.start for m in matches]
            self._longest_match = max((len(m) for m in matches), default=0)
        self.matches = matches
        self.current_match = current
        self._user_changed()
        self.refresh()

    # ----- mouse --------------------------------------------------------------------

    def on_click(self, event: Click) -> None:
        if self.text_selection is not None:
            return  # the click ended a drag: the selection stays
        offset = self.offset_at_line(int(self.scroll_y) + event.y, event.x - GUTTER)
        index = self.article.sentence_index_at(offset)
        if index is not None:
            self.move_cursor(index)

    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        span = self._span_of_selection(selection)
        return (span.text_of(self.article.text), "\n") if span else None

    def selection_updated(self, selection: Selection | None) -> None:
        span = self._span_of_selection(selection) if selection is not None else None
        self.set_selection(span)

    def _span_of_selection(self, selection: Selection) -> Span | None:
        if not len(self.lines):
            return None
        start = self._offset_of(selection.start, default=0)
        end = self._offset_of(selection.end, default=len(self.article.text))
        start, end = min(start, end), max(start, end)
        return Span(start, end) if end > start else None

    def _offset_of(self, offset: Offset | None, *, default: int) -> int:
        if offset is None:
            return default
        return self.offset_at_line(offset.y, offset.x)

    # ----- rendering ----------------------------------------------------------------

    def render_lines(self, crop: Region) -> list[Strip]:
        # the styles are looked up once per frame (each lookup walks the CSS)
        self._frame.clear()
        self._in_frame = True
        try:
            return super().render_lines(crop)
        finally:
            self._in_frame = False
            if self._on_text_drawn is not None and len(self.lines) and crop:
                # This frame is written to the terminal when the screen's refresh that
                # draws it returns: the callbacks run after that, as a message of ours.
                self.call_later(self._text_drawn)

    #: Seconds after which ``when_text_drawn`` callbacks run even if nothing was drawn
    #: (a terminal too small to show a line).
    TEXT_DRAWN_LATEST = 1.0

    def when_text_drawn(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` (once) right after the frame that first shows the article's
        text, or at once when that frame was drawn already: work that the first screen
        does not need waits for it (start-up, issue 12). At the latest after
        :attr:`TEXT_DRAWN_LATEST` seconds. A :class:`TextDrawn` message says the same
        to the screen and the app."""
        if self._on_text_drawn is None:
            callback()
            return
        if not self._on_text_drawn:
            self.set_timer(self.TEXT_DRAWN_LATEST, self._text_drawn)
        self._on_text_drawn.append(callback)

    @property
    def text_drawn(self) -> bool:
        """Whether the article's text was drawn (or :attr:`TEXT_DRAWN_LATEST` passed)."""
        return self._on_text_drawn is None

    def _text_drawn(self) -> None:
        callbacks, self._on_text_drawn = self._on_text_drawn, None
        if callbacks is None:
            return
        self.post_message(TextDrawn())
        for callback in callbacks:
            callback()

    def _looked_up(self, key: object, look_up: Callable[[], T]) -> T:
        """``look_up()``, remembered for the frame being drawn."""
        if not self._in_frame:
            self._frame.clear()  # a line drawn on its own (tests): look again
        if key not in self._frame:
            self._frame[key] = look_up()
        return cast(T, self._frame[key])

    def _component(self, name: str, partial: bool = False) -> Style:
        return self._looked_up(
            (name, partial), lambda: self.get_component_rich_style(name, partial=partial)
        )

    def _base(self) -> Style:
        return self._looked_up("base", lambda: self.rich_style)

    def _background(self) -> Color:
        return self._looked_up("background", lambda: self.background_colors[1])

    def render_line(self, y: int) -> Strip:
        index = int(self.scroll_y) + y
        width = self.scrollable_content_region.width
        base = self._base()
        if index >= len(self.lines):
            return Strip.blank(width, base)
        line = self.lines[index]  # lays the block out when needed (never above the top)
        if self._size_stale and not self._flush_scheduled:
            self._flush_scheduled = True
            self.call_after_refresh(self._flush_after_render)
        text = self._styled_line(line, base)
        # Rich drops a Text's own style when it has no spans: lay the base under it, or
        # untagged lines come out in the terminal's default colours, not the theme's
        segments = list(Segment.apply_style(text.render(self.app.console), base))
        body = Strip(segments).apply_offsets(0, index)
        gutter = self._gutter(line, base)
        return Strip([*gutter, *body], GUTTER + body.cell_length).crop_extend(0, width, base)

    def _gutter(self, line: VisualLine, base: Style) -> list[Segment]:
        """The cursor bar, then the markers of the tags on the line (colour-free: they
        tell claim from quote in 16 colours and with NO_COLOR), then a space."""
        span = self.cursor_span
        on_cursor = span is not None and line.start < span.end and line.end > span.start
        if on_cursor and line.kind != "blank":
            bar = Segment(_CURSOR_MARK, base + self._component("article-view--cursor-gutter"))
        else:
            bar = Segment(" ", base)
        summary = self._summary(line)
        if summary.tags:
            style = base + self._component("article-view--gutter-tag")
            colours = dict(summary.tags)
            tags = []
            for glyph in gutter_markers([tag for tag, _colour in summary.tags]):
                owner = next((t for t in colours if tag_glyph(t) == glyph), None)
                tint = None  # each letter in its tag's colour; "+" plain
                if owner is not None:
                    tint = Style(color=self._colour("glyph", colours[owner]).rich_color)
                tags.append(Segment(glyph, style + tint))
        elif summary.suggested:
            style = base + self._component("article-view--gutter-suggestion")
            tags = [Segment(SUGGESTION_GLYPH.ljust(2), style)]
        else:
            tags = [Segment("  ", base)]
        return [bar, *tags, Segment(" " * (GUTTER - 3), base)]

    def _styled_line(self, line: VisualLine, base: Style) -> Text:
        start, end = line.start, line.end
        shown = visible_text(self.article.text[start:end].replace("\n", " "))
        text = Text(shown, style=base, no_wrap=True, end="")
        if line.kind == HEADING:
            text.stylize(self._component("article-view--heading"))
        self._stylize_range(text, line, self.cursor_span, "article-view--cursor")
        self._stylize_marks(text, line)
        current = self._current_match_span()
        for match in self._matches_on(line):
            name = "article-view--match-current" if match == current else "article-view--match"
            self._stylize_range(text, line, match, name)
        self._stylize_range(text, line, self.selection, "article-view--selection")
        return text

    def _stylize_range(
        self, text: Text, line: VisualLine, span: Span | None, component: str
    ) -> None:
        if span is None or span.end <= line.start or span.start >= line.end:
            return
        text.stylize(
            self._component(component),
            max(span.start, line.start) - line.start,
            min(span.end, line.end) - line.start,
        )

    def _marks_on(self, line: VisualLine) -> list[Mark]:
        hidden = self._hidden
        return [
            *self._solid.on(line.start, line.end),
            *(m for m in self._quiet.on(line.start, line.end) if m.key not in hidden),
        ]

    def _stylize_marks(self, text: Text, line: VisualLine) -> None:
        """Annotations: a tinted background plus a colour-free style per tag (claim,
        quote, other), which add up where annotations overlap. Suggestions: quiet
        text (tinted, no text style, "?" in the gutter), and only where no annotation
        is (a tagged sentence never looks suggested).

        The line gets one style run per stretch of text covered by the same tags
        (``_summary``, cached until the marks change), so a line under a thousand
        overlapping annotations costs as much to draw as one under two."""
        for lo, hi, style in self._summary(line).runs:
            text.stylize(style, lo - line.start, hi - line.start)

    def _summary(self, line: VisualLine) -> _LineMarks:
        """The marks of ``line`` as drawn: its style runs and gutter tags (cached)."""
        # the colours and the component styles (which :focus and the theme change)
        theme = (
            self._background(),
            self._base(),
            tuple(self._component(name, partial=True) for name in _MARK_COMPONENTS),
        )
        if theme != self._summaries_theme:
            self._summaries.clear()
            self._summaries_theme = theme
        key = (line.start, line.end, line.kind)  # a blank line starts where the next does
        found = self._summaries.get(key)
        if found is None:
            found = self._summaries[key] = self._summarise(line)
        return found

    def _summarise(self, line: VisualLine) -> _LineMarks:
        """Sweep the line's mark boundaries once: each stretch between two boundaries
        is styled from the distinct tags (and suggestion colours) covering it, so
        the work grows with the marks on the line, the styles with the distinct tags."""
        self.summaries_made += 1
        marks = self._marks_on(line)
        events: list[tuple[int, int, Mark]] = []
        tags: dict[str, str] = {}
        for mark in marks:
            events.append((max(mark.start, line.start), 1, mark))
            events.append((min(mark.end, line.end), -1, mark))
            if not mark.quiet:
                tags.setdefault(mark.tag, mark.colour)
        events.sort(key=lambda event: (event[0], event[1]))
        solid: dict[tuple[str, str], int] = {}  # (tag, colour) -> how many cover here
        quiet: dict[str, int] = {}  # suggestion colour -> how many cover here
        runs: list[tuple[int, int, Style]] = []
        position = line.start
        for offset, step, mark in events:
            if offset > position:
                style = self._run_style(solid, quiet)
                if style is not None:
                    if runs and runs[-1][1] == position and runs[-1][2] == style:
                        runs[-1] = (runs[-1][0], offset, style)
                    else:
                        runs.append((position, offset, style))
                position = offset
            if mark.quiet:
                _count(quiet, mark.colour, step)
            else:
                _count(solid, (mark.tag, mark.colour), step)
        return _LineMarks(tuple(runs), tuple(tags.items()), any(m.quiet for m in marks))

    def _run_style(self, solid: dict[tuple[str, str], int], quiet: dict[str, int]) -> Style | None:
        """The style of a stretch covered by ``solid`` annotations (by tag and colour,
        with how many of each) or, where none is, by ``quiet`` suggestions."""
        if solid:
            style = Style()
            for tag, colour in solid:
                component = _TAG_COMPONENTS.get(tag, "article-view--tag")
                style += Style(bgcolor=self._colour("behind", colour).rich_color) + self._component(
                    component, partial=True
                )
            if sum(solid.values()) > 1:
                style += self._component("article-view--overlap", partial=True)
            return style
        if quiet:
            # the text colour tinted (not the tag colour on the background, nor
            # Textual's "dim", which fades into a light theme's background)
            style = self._component("article-view--suggestion", partial=True)
            for colour in quiet:
                style += Style(color=self._colour("quiet", colour).rich_color)
            return style
        return None

    def _matches_on(self, line: VisualLine) -> list[Span]:
        if isinstance(self.matches, TextMatches):
            return self.matches.between(line.start, line.end)
        lo = bisect.bisect_left(self._match_starts, line.start - self._longest_match)
        hi = bisect.bisect_left(self._match_starts, line.end)
        return [m for m in self.matches[lo:hi] if m.end > line.start]

    def _colour(self, use: str, colour: str) -> Color:
        """A tag colour made readable in the current theme, for ``use``: ``"behind"``
        (a tint behind the text), ``"quiet"`` (suggested text: the text colour
        tinted) or ``"glyph"`` (a gutter marker). Cached per theme colours."""
        background = self._background()
        base = self._base()
        text = (
            Color.from_rich_color(base.color)
            if base.color is not None
            else background.get_contrast_text(1.0)
        )
        key = (background, text, colour, use)
        if key not in self._blends:
            tag = parse_colour(colour)
            if use == "behind":
                found = tint_behind(tag, background, text, 0.45)
            elif use == "quiet":
                found = readable_text(text.blend(tag, 0.45), background, text)
            else:
                found = readable_text(tag, background, text)
            self._blends[key] = found
        return self._blends[key]

    def _current_match_span(self) -> Span | None:
        if self.current_match is None or not self.matches:
            return None
        return self.matches[self.current_match]


def _count(counts: dict[K, int], key: K, step: int) -> None:
    """Add ``step`` to ``counts[key]``, dropping the key when it reaches 0."""
    counts[key] = counts.get(key, 0) + step
    if not counts[key]:
        del counts[key]
