"""The section sidebar: lead first, then each heading, with annotation counts."""

from __future__ import annotations

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

    def on_resize(self) -> None:
        self._rebuild()

    def _label(self, index: int, title: str) -> Text:
        """One line: the title, shortened to leave room for the count, which stands
        at the right edge (a wrapped count would read as another section)."""
        count = self.counts[index] if index < len(self.counts) else 0
        counted = f" {count}" if count else ""
        width = self.scrollable_content_region.width or 40
        room = max(width - len(counted), 4)
        name = one_line(title, room)
        label = Text(name, no_wrap=True, overflow="ellipsis")
        if counted:
            label.append(" " * max(room - len(name), 0) + counted, style="bold")
        return label

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(SectionChosen(event.option_index))
