"""The section sidebar: lead first, then each heading, with annotation counts.

Drawn on demand with Textual's Line API: the widget keeps the article and a list of
counts, and makes a row's line only when it is on screen (a section's title is read
when its row is drawn). The OptionList it replaces held an ``Option``, a visual and
rendered lines for every section: ~2.5 MB for the 1,443 sections of a 10 MB article
(issue 12's memory target).
"""

from __future__ import annotations

from typing import ClassVar

from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style as VisualStyle

from reader.model import Article
from reader.model.safe_text import one_line
from reader.ui.messages import SectionChosen


class _TitleCount:
    """A section's label: its title, shortened with an ellipsis, then its count at the
    right edge. Drawn as the two-column grid it replaces (a rich ``Table`` per section
    held ~2.5 MB for the 1,500 sections of a 10 MB article: issue 12's memory target)."""

    __slots__ = ("count", "title")

    def __init__(self, title: Text, count: Text) -> None:
        self.title = title
        self.count = count

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        room = options.max_width - self.count.cell_len
        if room < 2:  # no room for the title: the grid shares out what there is
            yield _grid(self.title, self.count)
            return
        title = self.title.copy()
        title.truncate(room, overflow="ellipsis", pad=True)
        line = Text.assemble(title, self.count, no_wrap=True, overflow="ellipsis")
        yield from line.__rich_console__(console, options)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        count = self.count.cell_len
        return Measurement(count, self.title.cell_len + count).with_maximum(options.max_width)


def _grid(title: Text, count: Text) -> Table:
    """The label as a two-column grid (the title's column takes the room left)."""
    grid = Table.grid(expand=True)
    grid.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
    grid.add_column(justify="right", no_wrap=True)
    grid.add_row(title, count)
    return grid


#: A rendered row: its section, width and style (the style says highlighted, hovered,
#: focused and the theme).
_RowKey = tuple[int, int, VisualStyle]


class SectionSidebar(ScrollView, can_focus=True):
    """Lists the sections; choosing one (Enter, a click) posts ``SectionChosen``.

    Moving the highlight (keys, :meth:`show_section`) posts nothing."""

    COMPONENT_CLASSES = {
        "section-sidebar--highlighted",
        "section-sidebar--hover",
    }

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "cursor_down", show=False),
        Binding("up", "cursor_up", show=False),
        Binding("home", "first", show=False),
        Binding("end", "last", show=False),
        Binding("pagedown", "page(1)", show=False),
        Binding("pageup", "page(-1)", show=False),
        Binding("enter", "select", show=False),
    ]

    #: Rows kept rendered beyond a screenful (scrolling back a little redraws nothing).
    CACHE_SLACK = 8

    def __init__(self, article: Article, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.article = article
        self.counts: list[int] = [0] * len(article.sections)
        self._highlighted = 0
        self._hover: int | None = None
        self._rows: dict[_RowKey, Strip] = {}  # first in, first out: a screenful or so
        self.virtual_size = Size(0, len(article.sections))

    def on_mount(self) -> None:
        self.border_title = "Sections"

    # ----- the highlight ----------------------------------------------------------------

    @property
    def highlighted(self) -> int:
        """The highlighted section's index."""
        return self._highlighted

    @highlighted.setter
    def highlighted(self, index: int) -> None:
        index = max(min(index, len(self.article.sections) - 1), 0)
        old, self._highlighted = self._highlighted, index
        if old != index:
            self.refresh_line(old)
            self.refresh_line(index)
        self._scroll_to_highlight()

    def show_section(self, index: int) -> None:
        """Highlight section ``index`` without posting ``SectionChosen``."""
        self.highlighted = index

    def _scroll_to_highlight(self) -> None:
        if not self.is_mounted:
            return
        width = self.scrollable_content_region.width
        self.scroll_to_region(
            Region(0, self._highlighted, width, 1),
            animate=False,
            force=True,
            immediate=True,
        )

    def on_show(self) -> None:
        self._scroll_to_highlight()

    # ----- counts -----------------------------------------------------------------------

    def set_counts(self, counts: list[int]) -> None:
        """Show ``counts[i]`` annotations next to section ``i``.

        A tag changes one count: only the rows whose count changed are drawn again, so
        a key costs the same with 1,500 sections as with 4."""
        if counts == self.counts:
            return
        if len(counts) != len(self.counts):
            self.counts = list(counts)
            self._rows.clear()
            self.refresh()
            return
        changed = {
            i for i, (new, old) in enumerate(zip(counts, self.counts, strict=True)) if new != old
        }
        self.counts = list(counts)
        for key in [key for key in self._rows if key[0] in changed]:
            del self._rows[key]
        for index in changed:
            self.refresh_line(index)

    # ----- keys and mouse ---------------------------------------------------------------

    def action_cursor_down(self) -> None:
        """The next section (after the last: the first, as in Textual's OptionList)."""
        self.highlighted = (self._highlighted + 1) % max(len(self.article.sections), 1)

    def action_cursor_up(self) -> None:
        """The section before (before the first: the last)."""
        self.highlighted = (self._highlighted - 1) % max(len(self.article.sections), 1)

    def action_first(self) -> None:
        self.highlighted = 0

    def action_last(self) -> None:
        self.highlighted = len(self.article.sections) - 1

    def action_page(self, direction: int) -> None:
        """A screenful down (1) or up (-1)."""
        self.highlighted += direction * max(self.scrollable_content_region.height, 1)

    def action_select(self) -> None:
        """Choose the highlighted section."""
        if self.article.sections:
            self.post_message(SectionChosen(self._highlighted))

    def _row_at(self, event: events.MouseEvent) -> int | None:
        offset = event.get_content_offset(self)
        if offset is None:
            return None
        index = int(self.scroll_y) + offset.y
        return index if 0 <= index < len(self.article.sections) else None

    def on_click(self, event: events.Click) -> None:
        index = self._row_at(event)
        if index is not None:
            self.highlighted = index
            self.action_select()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._set_hover(self._row_at(event))

    def on_leave(self, event: events.Leave) -> None:
        self._set_hover(None)

    def _set_hover(self, index: int | None) -> None:
        if index != self._hover:
            for row in (self._hover, index):
                if row is not None:
                    self.refresh_line(row)
            self._hover = index

    # ----- drawing ----------------------------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, len(self.article.sections))
        self.call_after_refresh(self._scroll_to_highlight)

    def notify_style_update(self) -> None:
        self._rows.clear()  # the style is in the key; this only frees the old rows
        self.refresh()
        super().notify_style_update()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = int(self.scroll_y) + y
        if not 0 <= index < len(self.article.sections):
            return Strip.blank(width, self.get_visual_style().rich_style)
        if index == self._highlighted:
            style = self.get_visual_style("section-sidebar--highlighted")
        elif index == self._hover:
            style = self.get_visual_style("section-sidebar--hover")
        else:
            style = self.get_visual_style()
        key = (index, width, style)
        strip = self._rows.get(key)
        if strip is None:
            strip = self._rows[key] = self._render_row(index, width, style)
            while len(self._rows) > self.size.height + self.CACHE_SLACK:
                del self._rows[next(iter(self._rows))]
        return strip

    def _render_row(self, index: int, width: int, style: VisualStyle) -> Strip:
        """Section ``index``'s row: one line, the title shortened with an ellipsis to
        leave room for the count, which stands at the right edge (a wrapped count would
        read as another section). The title is shown literally (a rich ``Text``)."""
        title = Text(
            one_line(self.article.sections[index].display_title, 80),
            no_wrap=True,
            overflow="ellipsis",
        )
        count = self.counts[index] if index < len(self.counts) else 0
        label = _TitleCount(title, Text(f" {count}", style="bold") if count else Text(""))
        base = style.rich_style
        options = self.app.console_options.update(highlight=False, width=width, height=None)
        lines = self.app.console.render_lines(label, options, style=base, pad=False)
        return Strip(lines[0] if lines else []).extend_cell_length(width, base)
