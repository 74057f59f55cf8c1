"""The section sidebar: lead first, then each heading, with annotation counts."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.model import Article
from reader.model.safe_text import one_line
from reader.ui.messages import SectionChosen


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
        """Show ``counts[i]`` annotations next to section ``i``."""
        if counts != self.counts:
            self.counts = counts
            self._rebuild()

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

    def _label(self, index: int, title: str) -> Table:
        """One line: the title, shortened with an ellipsis to leave room for the count,
        which stands at the right edge (a wrapped count would read as another section).
        A two-column grid, so it fits whatever width the sidebar gets."""
        name = Text(one_line(title, 80), no_wrap=True, overflow="ellipsis")
        count = self.counts[index] if index < len(self.counts) else 0
        grid = Table.grid(expand=True)
        grid.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
        grid.add_column(justify="right", no_wrap=True)
        grid.add_row(name, Text(f" {count}", style="bold") if count else Text(""))
        return grid

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(SectionChosen(event.option_index))
