"""`t`: choose an existing tag or type a new one."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from reader.model.safe_text import one_line
from reader.store import Tag


class TagPicker(ModalScreen[str | None]):
    """Returns the chosen or typed tag name, or ``None`` when cancelled."""

    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel"),
        Binding("down", "focus_list", show=False),
    ]

    def __init__(self, tags: list[Tag]) -> None:
        super().__init__()
        self.tags = tags

    def compose(self) -> ComposeResult:
        with Vertical(id="tag-box") as box:
            box.border_title = "Tag"
            box.border_subtitle = "Enter: choose or create · Esc: cancel"
            yield Label("Type to filter or to name a new tag")
            yield Input(placeholder="tag name", id="tag-input", compact=True)
            yield OptionList(id="tag-list", compact=True)

    def on_mount(self) -> None:
        self._fill("")

    def _fill(self, query: str) -> None:
        options = self.query_one("#tag-list", OptionList)
        options.clear_options()
        needle = query.strip().lower()
        matching = [t for t in self.tags if needle in t.name.lower()]
        for tag in matching:
            label = Text("■ ", style=tag.colour or "") + Text(one_line(tag.name, 40))
            if tag.description:
                label.append("  " + one_line(tag.description, 28), style="dim")
            options.add_option(Option(label, id=tag.name))
        if needle and needle not in {t.name.lower() for t in self.tags}:
            options.add_option(
                Option(
                    Text(f"+ new tag “{one_line(query.strip(), 40)}”"), id=f"new:{query.strip()}"
                )
            )
        if options.option_count:
            options.highlighted = 0

    @on(Input.Changed, "#tag-input")
    def _filter(self, event: Input.Changed) -> None:
        self._fill(event.value)

    @on(Input.Submitted, "#tag-input")
    def _submit(self, event: Input.Submitted) -> None:
        options = self.query_one("#tag-list", OptionList)
        if options.highlighted is not None:
            self._choose(options.get_option_at_index(options.highlighted).id)
        elif event.value.strip():
            self.dismiss(event.value.strip())

    @on(OptionList.OptionSelected, "#tag-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self._choose(event.option.id)

    def _choose(self, option_id: str | None) -> None:
        if option_id is None:
            return
        self.dismiss(option_id.removeprefix("new:"))

    def action_focus_list(self) -> None:
        self.query_one("#tag-list", OptionList).focus()
