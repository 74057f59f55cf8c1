"""`D`: what changed in the article since the version you annotated (or the version
before the current one): the changed paragraphs, old beside new; esc closes.

Every paragraph is shown literally (``terminal_safe``, as ``Text``: no markup)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from reader.model.safe_text import terminal_safe
from reader.model.text_diff import ParagraphChange

__all__ = ["ChangesScreen"]


def _column(paragraphs: Sequence[str], empty: str, style: str) -> Text:
    if not paragraphs:
        return Text(empty, style="dim italic")
    return Text("\n\n".join(terminal_safe(p) for p in paragraphs), style=style)


class ChangesScreen(ModalScreen[None]):
    """The changed paragraphs between two versions, old on the left, new on the right."""

    DEFAULT_CSS = """
    ChangesScreen {
        align: center middle;
    }
    #changes-box {
        width: 95%;
        height: 90%;
        border: round $accent;
        background: $surface;
        padding: 0 1;
    }
    #changes-box .change {
        height: auto;
        margin-bottom: 1;
    }
    #changes-box .old, #changes-box .new {
        width: 1fr;
        height: auto;
        padding: 0 1;
    }
    #changes-box .heads {
        height: 1;
    }
    """

    BINDINGS = [Binding("escape,q,D", "dismiss", "Close")]

    def __init__(self, old_version: int, new_version: int, changes: Sequence[ParagraphChange]):
        super().__init__()
        self.old_version = old_version
        self.new_version = new_version
        self.changes = list(changes)

    def compose(self) -> ComposeResult:
        with Vertical(id="changes-box") as box:
            count = len(self.changes)
            box.border_title = (
                f"What changed: version {self.old_version} → {self.new_version} "
                f"({count} change{'' if count == 1 else 's'})"
            )
            box.border_subtitle = "esc to close"
            with Horizontal(classes="heads"):
                yield Static(Text(f"version {self.old_version}", style="bold"), classes="old")
                yield Static(Text(f"version {self.new_version}", style="bold"), classes="new")
            with VerticalScroll():
                if not self.changes:
                    yield Static(Text("No paragraph changed.", style="dim"))
                for change in self.changes:
                    with Horizontal(classes="change"):
                        yield Static(_column(change.old, "(inserted)", "red"), classes="old")
                        yield Static(_column(change.new, "(deleted)", "green"), classes="new")
