"""The library's table: one line per article, drawn on demand (Textual's Line API).

A virtual table: the rows are a list of ``LibraryEntry`` records, and only the lines
on screen are ever rendered, so 10,000 articles cost a list, not 10,000 widgets or
cells. The first line is the column headings; the columns fit the width
(``reader.ui.library.layout_columns``), recomputed when the widget is resized.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.events import Click, Resize
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.store import LibraryEntry
from reader.ui.library import Column, cells, layout_columns

#: The column each sort is by (its heading is marked), where the column is shown.
_SORT_COLUMN = {"date": "date", "title": "title", "site": "site", "annotations": "notes"}
_SORT_MARK = "▾"
_GAP = " "


class LibraryTable(ScrollView, can_focus=True):
    """Articles, one per line, with a row cursor; ``action_choose`` (the screen's Enter)
    and a double click post :class:`LibraryTable.Chosen`."""

    COMPONENT_CLASSES = {
        "library-table--header",
        "library-table--cursor",
        "library-table--unread",
        "library-table--read",
    }

    BINDINGS = [
        Binding("down,j", "move(1)", show=False),
        Binding("up,k", "move(-1)", show=False),
        Binding("pagedown,ctrl+d", "page(1)", show=False),
        Binding("pageup,ctrl+u", "page(-1)", show=False),
        Binding("home,g", "move_to(0)", show=False),
        Binding("end,G", "move_to(-1)", show=False),
    ]

    @dataclass
    class Highlighted(Message):
        """The cursor is on ``entry`` (``None``: the table is empty)."""

        entry: LibraryEntry | None

    class Drawn(Message):
        """The table has drawn an article's line (after :meth:`tell_when_drawn`)."""

    @dataclass
    class Chosen(Message):
        """The user chose (Enter, double click) the article ``entry``."""

        entry: LibraryEntry

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.entries: list[LibraryEntry] = []
        self.cursor = 0
        self.sort = "date"
        self.columns: list[Column] = layout_columns(80)
        self._tell_drawn = False

    def tell_when_drawn(self) -> None:
        """Post :class:`LibraryTable.Drawn` once the next article line has been drawn (it
        arrives after that frame: work done then does not delay it)."""
        self._tell_drawn = True

    # ----- rows -----------------------------------------------------------------------

    @property
    def current(self) -> LibraryEntry | None:
        """The entry under the cursor."""
        return self.entries[self.cursor] if 0 <= self.cursor < len(self.entries) else None

    def set_entries(self, entries: list[LibraryEntry], keep: str | None = None) -> None:
        """Show ``entries``; the cursor stays on the article ``keep`` (an id) if it is
        among them, else goes to the first row."""
        self.entries = entries
        index = next((i for i, e in enumerate(entries) if e.id == keep), 0) if keep else 0
        self.virtual_size = Size(self.virtual_size.width, len(entries) + 1)
        self.move_to(index)
        self.refresh()

    def move_to(self, index: int) -> None:
        """Put the cursor on row ``index`` (clamped), scroll to it, tell the screen."""
        self.cursor = max(min(index, len(self.entries) - 1), 0)
        self._scroll_to_cursor()
        self.refresh()
        self.post_message(self.Highlighted(self.current))

    def _scroll_to_cursor(self) -> None:
        rows = max(self.scrollable_content_region.height - 1, 1)  # below the headings
        top = int(self.scroll_y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + rows:
            self.scroll_to(y=self.cursor - rows + 1, animate=False, immediate=True)

    # ----- actions --------------------------------------------------------------------

    def action_move(self, step: int) -> None:
        self.move_to(self.cursor + step)

    def action_page(self, step: int) -> None:
        rows = max(self.scrollable_content_region.height - 2, 1)
        self.move_to(self.cursor + step * rows)

    def action_move_to(self, index: int) -> None:
        self.move_to(len(self.entries) - 1 if index < 0 else index)

    def action_choose(self) -> None:
        if self.current is not None:
            self.post_message(self.Chosen(self.current))

    def on_click(self, event: Click) -> None:
        if event.y < 1:
            return
        index = int(self.scroll_y) + event.y - 1
        if 0 <= index < len(self.entries):
            self.move_to(index)
            if event.chain >= 2:
                self.action_choose()

    # ----- layout and rendering -------------------------------------------------------

    def on_resize(self, event: Resize) -> None:
        width = self.scrollable_content_region.width
        self.columns = layout_columns(width)
        self.virtual_size = Size(width, len(self.entries) + 1)
        self.call_after_refresh(self._scroll_to_cursor)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        if y == 0:
            return self._line(self._headings(), base, "library-table--header", width=width)
        index = int(self.scroll_y) + y - 1
        if not 0 <= index < len(self.entries):
            return Strip.blank(width, base)
        entry = self.entries[index]
        if self._tell_drawn:
            self._tell_drawn = False
            self.post_message(self.Drawn())
        parts = ["library-table--read" if entry.read else "library-table--unread"]
        if index == self.cursor:
            parts.append("library-table--cursor")
        return self._line(cells(entry, self.columns), base, *parts, width=width)

    def _headings(self) -> list[str]:
        marked = _SORT_COLUMN.get(self.sort)
        headings = []
        for column in self.columns:
            heading = column.heading
            if column.key == marked:
                heading += _SORT_MARK
            elif column.key == "mark" and self.sort == "unread":
                heading = "●"
            headings.append(heading)
        return headings

    def _line(self, values: list[str], base: Style, *components: str, width: int) -> Strip:
        """One line: each value cut (by cells) to its column, padded, joined by a gap."""
        style = base
        for component in components:
            style += self.get_component_rich_style(component)
        line = Text(style=style, no_wrap=True, end="")
        for n, (column, value) in enumerate(zip(self.columns, values, strict=True)):
            if n:
                line.append(_GAP)
            cell = Text(value, no_wrap=True, end="")
            cell.truncate(column.width, overflow="ellipsis", pad=True)
            line.append_text(cell)
        segments = list(Segment.apply_style(line.render(self.app.console), style))
        return Strip(segments).crop_extend(0, width, style)
