"""The article text: rendered line by line on demand (Textual's Line API).

Only the visible lines are ever rendered, so a long article costs one layout
pass (word wrap to spans) and a few dozen line renders per refresh.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

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
from reader.ui.layout import HEADING, VisualLine, layout_article
from reader.ui.messages import CursorMoved, SelectionChanged
from reader.ui.safe import visible_text

GUTTER = 2
_CURSOR_MARK = "▌ "


@dataclass(frozen=True, slots=True)
class Mark:
    """A coloured range in the text: an annotation (``quiet=False``) or a suggestion."""

    start: int
    end: int
    colour: str
    key: str
    quiet: bool = False


class ArticleView(ScrollView, can_focus=True):
    """Shows the article with a sentence cursor, coloured marks, a selection and search hits."""

    COMPONENT_CLASSES = {
        "article-view--cursor",
        "article-view--cursor-gutter",
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
    ]

    def __init__(self, article: Article, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.article = article
        self.cursor = 0
        self.selection: Span | None = None
        self.marks: list[Mark] = []
        self._mark_starts: list[int] = []
        self._longest_mark = 0
        self.matches: list[Span] = []
        self._match_starts: list[int] = []
        self._longest_match = 0
        self.current_match: int | None = None
        self.lines: list[VisualLine] = []
        self._line_starts: list[int] = []
        self._layout_width = 0
        self._blends: dict[tuple[Color, str, float], Color] = {}

    # ----- layout -------------------------------------------------------------------

    def on_resize(self, event: Resize) -> None:
        self._relayout()
        # Taller or shorter (the search bar closing, a smaller terminal) the lines stay,
        # but the cursor's sentence may have left the view.
        self.call_after_refresh(self.scroll_to_cursor)

    def _relayout(self) -> None:
        width = max(self.scrollable_content_region.width - GUTTER - 1, 10)
        if width == self._layout_width and self.lines:
            return
        self._layout_width = width
        self.lines = layout_article(self.article, width)
        self._line_starts = [line.start for line in self.lines]
        self.virtual_size = Size(width + GUTTER, len(self.lines))
        self.refresh()

    def line_of_offset(self, offset: int) -> int:
        """Index of the visual line that shows ``offset``."""
        return max(bisect.bisect_right(self._line_starts, offset) - 1, 0)

    def offset_at_line(self, y: int, x: int) -> int:
        """The text offset shown at column ``x`` (characters after the gutter) of line ``y``."""
        if not self.lines:
            return 0
        line = self.lines[min(max(y, 0), len(self.lines) - 1)]
        return min(line.start + max(x, 0), line.end)

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
        if not keep_selection:
            self.set_selection(None)
        self.refresh()
        self.scroll_to_cursor()
        self.post_message(CursorMoved(self.cursor, self.article.section_of_sentence(self.cursor)))

    def scroll_to_cursor(self) -> None:
        """Scroll so the whole cursor sentence (or as much as fits) is visible; when it
        does not fit, the part down to the current search match in it."""
        span = self.cursor_span
        if span is None or not self.lines:
            return
        top = self.line_of_offset(span.start)
        bottom = self.line_of_offset(max(span.end - 1, span.start))
        view_height = max(self.scrollable_content_region.height, 1)
        match = self._current_match_span()
        if match is not None and span.start <= match.start < span.end:
            top = max(top, self.line_of_offset(match.start) - view_height + 1)
        height = min(bottom - top + 1, view_height)
        region = Region(0, top, 1, height)
        self.scroll_to_region(region, animate=False, spacing=None, force=True)

    def scroll_offset_to_top(self, offset: int) -> None:
        """Scroll so the line showing ``offset`` is the first visible line."""
        self.scroll_to(y=self.line_of_offset(offset), animate=False, immediate=True)

    def set_selection(self, span: Span | None) -> None:
        """Set (or clear) the selection and tell the screen."""
        if span is not None and not len(span):
            span = None
        if span == self.selection:
            return
        self.selection = span
        self.refresh()
        self.post_message(SelectionChanged((span.start, span.end) if span else None))

    def set_marks(self, marks: list[Mark]) -> None:
        """Replace the coloured ranges shown in the text."""
        self.marks = sorted(marks, key=lambda m: (m.start, -(m.end - m.start)))
        self._mark_starts = [m.start for m in self.marks]
        self._longest_mark = max((m.end - m.start for m in self.marks), default=0)
        self.refresh()

    def set_matches(self, matches: list[Span], current: int | None) -> None:
        """Show search matches; ``current`` indexes the one the user is on."""
        self.matches = matches
        self._match_starts = [m.start for m in matches]
        self._longest_match = max((len(m) for m in matches), default=0)
        self.current_match = current
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
        if not self.lines:
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

    def render_line(self, y: int) -> Strip:
        index = int(self.scroll_y) + y
        width = self.scrollable_content_region.width
        base = self.rich_style
        if index >= len(self.lines):
            return Strip.blank(width, base)
        line = self.lines[index]
        text = self._styled_line(line, base)
        segments = list(text.render(self.app.console))
        body = Strip(segments).apply_offsets(0, index)
        gutter = self._gutter(line, base)
        return Strip([gutter, *body], GUTTER + body.cell_length).crop_extend(0, width, base)

    def _gutter(self, line: VisualLine, base: Style) -> Segment:
        span = self.cursor_span
        on_cursor = span is not None and line.start < span.end and line.end > span.start
        if on_cursor and line.kind != "blank":
            return Segment(
                _CURSOR_MARK, base + self.get_component_rich_style("article-view--cursor-gutter")
            )
        return Segment(" " * GUTTER, base)

    def _styled_line(self, line: VisualLine, base: Style) -> Text:
        start, end = line.start, line.end
        shown = visible_text(self.article.text[start:end].replace("\n", " "))
        text = Text(shown, style=base, no_wrap=True, end="")
        if line.kind == HEADING:
            text.stylize(self.get_component_rich_style("article-view--heading"))
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
            self.get_component_rich_style(component),
            max(span.start, line.start) - line.start,
            min(span.end, line.end) - line.start,
        )

    def _marks_on(self, line: VisualLine) -> list[Mark]:
        lo = bisect.bisect_left(self._mark_starts, line.start - self._longest_mark)
        hi = bisect.bisect_left(self._mark_starts, line.end)
        return [m for m in self.marks[lo:hi] if m.end > line.start and m.start < line.end]

    def _stylize_marks(self, text: Text, line: VisualLine) -> None:
        marks = self._marks_on(line)
        background = self.background_colors[1]
        for mark in marks:
            if mark.quiet:
                style = self.get_component_rich_style("article-view--suggestion") + Style(
                    underline=True, color=self._blend(background, mark.colour, 0.9).rich_color
                )
            else:
                style = Style(bgcolor=self._blend(background, mark.colour, 0.45).rich_color)
            text.stylize(
                style,
                max(mark.start, line.start) - line.start,
                min(mark.end, line.end) - line.start,
            )
        overlap = self.get_component_rich_style("article-view--overlap")
        solid = [m for m in marks if not m.quiet]
        for i, first in enumerate(solid):
            for second in solid[i + 1 :]:
                lo, hi = (
                    max(first.start, second.start, line.start),
                    min(first.end, second.end, line.end),
                )
                if hi > lo:
                    text.stylize(overlap, lo - line.start, hi - line.start)

    def _matches_on(self, line: VisualLine) -> list[Span]:
        lo = bisect.bisect_left(self._match_starts, line.start - self._longest_match)
        hi = bisect.bisect_left(self._match_starts, line.end)
        return [m for m in self.matches[lo:hi] if m.end > line.start]

    def _blend(self, background: Color, colour: str, factor: float) -> Color:
        """``colour`` laid over ``background`` at ``factor`` strength (readable in dark
        and light themes); cached per widget."""
        key = (background, colour, factor)
        if key not in self._blends:
            try:
                tint = Color.parse(colour)
            except Exception:
                tint = Color.parse("#888888")
            self._blends[key] = background.blend(tint, factor)
        return self._blends[key]

    def _current_match_span(self) -> Span | None:
        if self.current_match is None or not self.matches:
            return None
        return self.matches[self.current_match]
