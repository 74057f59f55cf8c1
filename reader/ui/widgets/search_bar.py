"""The search bar (`/`): finds text as you type; Enter keeps the match, Esc closes."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import Input

from reader.ui.messages import SearchRequested


class SearchBar(Input):
    """An input docked at the bottom, hidden until `/`."""

    BINDINGS = [Binding("escape", "close", "Close search", show=False)]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(
            placeholder="Search the article (Enter: go, Esc: close, n/N: next/previous)", id=id
        )

    def open(self) -> None:
        """Show the bar and focus it."""
        self.display = True
        self.focus()

    def action_close(self) -> None:
        """Hide the bar; the matches stay so n/N still work."""
        self.display = False
        self.screen.set_focus(self.screen.query_one("ArticleView"))

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(SearchRequested(event.value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(SearchRequested(event.value, final=True))
        self.action_close()
