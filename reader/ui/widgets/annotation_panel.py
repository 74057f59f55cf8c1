"""The annotations of the current section: tag, excerpt, speaker, status, author."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.events import Resize
from textual.widgets import DataTable

from reader.store import Annotation
from reader.ui.messages import AnnotationChosen
from reader.ui.safe import one_line

# Fixed widths of every column but the excerpt, which takes the rest.
FIXED_WIDTHS = {"Tag": 10, "Speaker": 16, "Status": 10, "Author": 10}


class AnnotationPanel(DataTable[Text]):
    """A table of annotations; highlighting a row posts ``AnnotationChosen``."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.annotation_ids: list[str] = []
        self._shown: tuple[Sequence[Annotation], dict[str, str]] = ((), {})
        self._excerpt_width = 0

    def on_mount(self) -> None:
        self.border_title = "Annotations"

    def on_resize(self, event: Resize) -> None:
        excerpt = max(
            event.size.width - sum(FIXED_WIDTHS.values()) - 2 * (len(FIXED_WIDTHS) + 1) - 2, 12
        )
        if excerpt != self._excerpt_width:
            self._excerpt_width = excerpt
            self._fill(*self._shown)

    def _add_columns(self) -> None:
        self.add_column("Tag", width=FIXED_WIDTHS["Tag"])
        self.add_column("Excerpt", width=self._excerpt_width or 40)
        for name in ("Speaker", "Status", "Author"):
            self.add_column(name, width=FIXED_WIDTHS[name])

    def show(self, annotations: Sequence[Annotation], colours: dict[str, str], title: str) -> None:
        """Replace the rows with ``annotations`` (already in text order); ``title``
        is the section title, already escaped for markup."""
        self.border_title = f"Annotations · {title} ({len(annotations)})"
        self._fill(annotations, colours)

    def _fill(self, annotations: Sequence[Annotation], colours: dict[str, str]) -> None:
        self._shown = (annotations, colours)
        self.clear(columns=True)
        self._add_columns()
        self.annotation_ids = [a.id for a in annotations]
        for a in annotations:
            self.add_row(
                Text(one_line(a.tag, 12), style=f"bold {colours.get(a.tag, '')}".strip()),
                Text(one_line(a.exact, self._excerpt_width or 40)),
                Text(one_line(a.speaker, 30)),
                Text(a.status),
                Text(one_line(a.author, 20)),
                key=a.id,
            )
        if not annotations:
            hint = Text("No annotations in this section yet: c, q or t to tag", style="dim")
            self.add_row(Text("—"), hint, Text(""), Text(""), Text(""), key="__empty__")

    def highlight(self, annotation_id: str | None) -> None:
        """Move the row cursor to ``annotation_id`` without posting ``AnnotationChosen``."""
        if annotation_id in self.annotation_ids:
            row = self.annotation_ids.index(annotation_id)
            if self.cursor_row != row:
                with self.prevent(DataTable.RowHighlighted):
                    self.move_cursor(row=row)

    @property
    def highlighted_id(self) -> str | None:
        """The id of the highlighted annotation, if any."""
        if 0 <= self.cursor_row < len(self.annotation_ids):
            return self.annotation_ids[self.cursor_row]
        return None

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        annotation_id = self.highlighted_id
        if annotation_id is not None:
            self.post_message(AnnotationChosen(annotation_id))
