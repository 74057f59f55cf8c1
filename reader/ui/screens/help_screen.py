"""`?`: every key, made from the same table as the bindings."""

from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from reader.ui.keys import (
    COMMANDS,
    NUMBER_KEYS,
    Command,
    help_text,
    key_label,
    number_keys_help,
    tag_number,
)

EXTRA_KEYS = (
    ("ctrl+q", "Quit, from a dialog too (q there is text)"),
    ("ctrl+p", "Command palette: every command by name"),
    ("tab", "Move the focus: text, sections, annotation list (arrows pick one there)"),
    ("shift+arrows", "Extend the selection by sentence (↑/↓) or word (←/→, as w/b)"),
    ("h / l", "In selection mode: move the selection end by one character"),
    ("o", "In selection mode: switch which end of the selection moves"),
    ("esc", "Cancel the selection, close a dialog"),
    ("mouse", "Click a sentence to move there; drag to select; click a section"),
)


#: The library's keys that are not in its command table (the table's own moves).
LIBRARY_EXTRA_KEYS = (
    ("j / ↓, k / ↑", "Next / previous article"),
    ("g / G, page keys", "First / last article, a page down / up"),
    ("tab", "Move the focus: articles, feeds (Enter on a feed shows its articles)"),
    ("ctrl+q", "Quit, from the filter line too"),
)


def help_table(
    tag_names: Sequence[str] = (),
    commands: Sequence[Command] = COMMANDS,
    extra: Sequence[tuple[str, str]] = EXTRA_KEYS,
) -> Table:
    """A two-column table of keys and what they do (the reader's by default); the
    number keys name the tags they have (``tag_names`` in ``Store.tags()`` order)."""
    table = Table(box=None, show_header=False, padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for command in commands:
        number = tag_number(command)
        if number == 1:
            table.add_row(Text(f"1-{NUMBER_KEYS}"), Text(number_keys_help(tag_names)))
        elif number is None:
            table.add_row(Text(key_label(command)), Text(help_text(command, tag_names)))
    for keys, text in extra:
        table.add_row(Text(keys), Text(text))
    return table


class HelpScreen(ModalScreen[None]):
    """A modal listing every key."""

    BINDINGS = [
        Binding("escape,question_mark,q", "dismiss", "Close"),
    ]

    def __init__(
        self,
        tag_names: Sequence[str] = (),
        commands: Sequence[Command] = COMMANDS,
        extra: Sequence[tuple[str, str]] = EXTRA_KEYS,
    ) -> None:
        super().__init__()
        self.tag_names = tuple(tag_names)
        self.commands = tuple(commands)
        self.extra = tuple(extra)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box") as box:
            box.border_title = "Keys"
            box.border_subtitle = "esc to close"
            yield Static(help_table(self.tag_names, self.commands, self.extra), id="help-text")
