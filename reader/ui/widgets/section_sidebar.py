"""The section sidebar: lead first, then each heading, with annotation counts."""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text
from textual.css.styles import RulesMap as _RulesMap
from textual.visual import RichVisual
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.model import Article
from reader.model.safe_text import one_line
from reader.ui.messages import SectionChosen


class _OneLine(RichVisual):
    """A label that is always one line high (a grid that never wraps): the option list
    measures the height of every option before its first frame by rendering it, which
    took most of a second for the 1,500 sections of a 10 MB article (issue 12)."""

    def get_height(self, rules: _RulesMap, width: int) -> int:
        """One line, whatever the width."""
        return 1


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


class SectionSidebar(OptionList):
    """Lists the sections; choosing one posts ``SectionChosen``."""

    def __init__(self, article: Article, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.article = article
        self.counts: list[int] = [0] * len(article.sections)
        self._syncing = False

    def on_mount(self) -> None:
        self._rebuild()
        self.border_title = "Sections"

    def set_counts(self, counts: list[int]) -> None:
        """Show ``counts[i]`` annotations next to section ``i``.

        A tag changes one count: only the labels whose count changed are replaced,
        keeping the list's line cache (every label is one line), so a key costs the
        same with 1,500 sections as with 4. (``replace_option_prompt`` would measure
        every label again.)"""
        if counts == self.counts:
            return
        changed = [
            i for i, (new, old) in enumerate(zip(counts, self.counts, strict=False)) if new != old
        ]
        if (
            len(counts) != len(self.counts)
            or len(changed) > 8
            or not self._relabel(changed, counts)
        ):
            self.counts = counts
            self._rebuild()

    def _relabel(self, changed: list[int], counts: list[int]) -> bool:
        """Replace the labels of the ``changed`` sections in place; False when this
        Textual's option list does not allow it (then the caller rebuilds the list)."""
        cache = getattr(self, "_option_render_cache", None)
        if cache is None or len(self.options) != len(counts):
            return False
        self.counts = counts
        sections = self.article.sections
        options = {id(self.options[i]) for i in changed}
        for i in changed:
            self.options[i]._set_prompt(self._label(i, sections[i].display_title))
        drawn = list(cache.keys())
        for key in [key for key in drawn if id(key[0]) in options]:
            cache.discard(key)  # the changed labels as drawn (in each style)
        lines = getattr(self, "_index_to_line", None) if self.scrollable_content_region else None
        if lines is None or any(i not in lines for i in changed):
            self.refresh()  # not laid out yet
            return True
        for i in changed:
            self.refresh_line(lines[i])  # only the changed lines are drawn again
        return True

    def show_section(self, index: int) -> None:
        """Highlight section ``index`` without posting ``SectionChosen``."""
        if self.highlighted != index:
            self._syncing = True
            self.highlighted = index
            self._syncing = False

    def _rebuild(self) -> None:
        highlighted = self.highlighted
        self.clear_options()
        self.add_options(
            Option(self._label(i, section.display_title), id=f"section-{i}")
            for i, section in enumerate(self.article.sections)
        )
        self.highlighted = highlighted if highlighted is not None else 0

    def _label(self, index: int, title: str) -> _OneLine:
        """One line: the title, shortened with an ellipsis to leave room for the count,
        which stands at the right edge (a wrapped count would read as another section).
        A two-column grid, so it fits whatever width the sidebar gets."""
        name = Text(one_line(title, 80), no_wrap=True, overflow="ellipsis")
        count = self.counts[index] if index < len(self.counts) else 0
        return _OneLine(
            self, _TitleCount(name, Text(f" {count}", style="bold") if count else Text(""))
        )

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(SectionChosen(event.option_index))
