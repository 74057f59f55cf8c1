"""`e`: edit an annotation's tag, speaker, status and note."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from reader.model.safe_text import one_line, visible_text
from reader.store import VERDICTS, Annotation


@dataclass(frozen=True)
class AnnotationEdit:
    """What the form returns: the new values of the editable fields."""

    tag: str
    speaker: str | None
    status: str
    note: str | None


class EditAnnotationScreen(ModalScreen[AnnotationEdit | None]):
    """A form; ctrl+s or the Save button returns an ``AnnotationEdit``, Esc cancels."""

    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel"),
        Binding("ctrl+s", "save", "Save"),
    ]

    def __init__(self, annotation: Annotation, tag_names: list[str]) -> None:
        super().__init__()
        self.annotation = annotation
        self.tag_names = sorted({*tag_names, annotation.tag})
        # What the fields show: control, escape and bidi characters as visible
        # stand-ins (a merged speaker or note can hold them); a field left as shown is
        # saved as it was stored, so opening and saving the form never alters it.
        self.shown_speaker = one_line(annotation.speaker)
        self.shown_note = "\n".join(map(visible_text, (annotation.note or "").split("\n")))

    def compose(self) -> ComposeResult:
        a = self.annotation
        tags = [(one_line(t, 40), t) for t in self.tag_names]
        # needs-recheck is offered only to keep it: it is set by merges, not chosen.
        kept = () if a.status in VERDICTS else (a.status,)
        statuses = [(s, s) for s in (*VERDICTS, *kept)]
        with Vertical(id="edit-box") as box:
            box.border_title = "Edit annotation"
            box.border_subtitle = "ctrl+s: save · Esc: cancel"
            yield Static(Text(one_line(a.exact, 300)), id="edit-excerpt")
            with Horizontal(classes="edit-row"):
                yield Label("Speaker", classes="edit-label")
                yield Input(
                    value=self.shown_speaker,
                    placeholder="who said it",
                    id="edit-speaker",
                    compact=True,
                )
            with Horizontal(classes="edit-row"):
                yield Label("Tag", classes="edit-label")
                yield Select(tags, value=a.tag, allow_blank=False, id="edit-tag", compact=True)
            with Horizontal(classes="edit-row"):
                yield Label("Status", classes="edit-label")
                yield Select(
                    statuses, value=a.status, allow_blank=False, id="edit-status", compact=True
                )
            yield Label("Note", classes="edit-label")
            yield TextArea(self.shown_note, id="edit-note", soft_wrap=True, compact=True)
            with Horizontal(id="edit-buttons"):
                yield Button("Save", variant="primary", id="edit-save", compact=True)
                yield Button("Cancel", id="edit-cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#edit-speaker", Input).focus()

    @property
    def speaker_input(self) -> Input:
        return self.query_one("#edit-speaker", Input)

    @property
    def note_area(self) -> TextArea:
        return self.query_one("#edit-note", TextArea)

    def current_edit(self) -> AnnotationEdit:
        """The values now in the form."""
        tag = self.query_one("#edit-tag", Select).value
        status = self.query_one("#edit-status", Select).value
        a = self.annotation
        typed_speaker, typed_note = self.speaker_input.value, self.note_area.text
        speaker = a.speaker if typed_speaker == self.shown_speaker else typed_speaker.strip()
        note = a.note if typed_note == self.shown_note else typed_note.strip()
        return AnnotationEdit(
            tag=str(tag), speaker=speaker or None, status=str(status), note=note or None
        )

    def action_save(self) -> None:
        self.dismiss(self.current_edit())

    @on(Input.Submitted, "#edit-speaker")
    def _speaker_submitted(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#edit-save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#edit-cancel")
    def _cancel_pressed(self) -> None:
        self.dismiss(None)
