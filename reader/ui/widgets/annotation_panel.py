"""The annotations of the current section: tag, excerpt, speaker, status, author."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.events import Resize
from textual.widgets import DataTable

from reader.store import Annotation, SuggestionRecord
from reader.ui.messages import AnnotationChosen
from reader.ui.safe import one_line

# Widths of every column but the excerpt, which takes the rest. Author is shown
# only when the panel is wide enough to leave the excerpt room.
FIXED_WIDTHS = {"Tag": 8, "Speaker": 12, "Status": 10, "Author": 9}
CELL_PADDING = 2
MIN_EXCERPT_WITH_AUTHOR = 20
#: Row keys of suggestion rows start with this.
SUGGESTION_KEY = "suggestion:"


def suggestion_key(suggestion: SuggestionRecord) -> str:
    """The panel row key of a suggestion."""
    return f"{SUGGESTION_KEY}{suggestion.kind}:{suggestion.start}:{suggestion.end}"


class AnnotationPanel(DataTable[Text]):
    """A table of annotations; the user highlighting a row posts ``AnnotationChosen``.

    Only the user chooses: rows highlighted while the panel is refilled or synced
    with the cursor (``show``, ``highlight``, a resize) post nothing, so the screen
    never moves the cursor because the panel changed under it.
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.annotation_ids: list[str] = []
        self._shown: tuple[Sequence[Annotation], dict[str, str], Sequence[SuggestionRecord]] = (
            (),
            {},
            (),
        )
        self._widths = self._columns_for(80)

    def on_mount(self) -> None:
        self.border_title = "Annotations"

    def on_resize(self, event: Resize) -> None:
        columns = self._columns_for(self.scrollable_content_region.width)
        if columns != self._widths:
            self._widths = columns
            highlighted = self.highlighted_id
            with self.prevent(DataTable.RowHighlighted):
                self._fill(*self._shown)
            self.highlight(highlighted)  # refilling put the row cursor back on row 0

    @staticmethod
    def _columns_for(width: int) -> dict[str, int]:
        """Column widths that fit ``width`` cells, the excerpt taking what is left."""
        names = ["Tag", "Speaker", "Status", "Author"]
        rest = width - sum(FIXED_WIDTHS[n] + CELL_PADDING for n in names) - CELL_PADDING - 1
        if rest < MIN_EXCERPT_WITH_AUTHOR:
            names.remove("Author")
            rest += FIXED_WIDTHS["Author"] + CELL_PADDING
        widths = {"Tag": FIXED_WIDTHS["Tag"], "Excerpt": max(rest, 12)}
        widths.update({n: FIXED_WIDTHS[n] for n in names[1:]})
        return widths

    def _add_columns(self) -> None:
        for name, width in self._widths.items():
            self.add_column(name, width=width)

    def show(
        self,
        annotations: Sequence[Annotation],
        colours: dict[str, str],
        title: str,
        suggestions: Sequence[SuggestionRecord] = (),
    ) -> None:
        """Replace the rows with ``annotations`` (already in text order), then the
        section's ``suggestions`` (dim italic); ``title`` is the section title,
        already escaped for markup."""
        extra = f" · {len(suggestions)} suggested" if suggestions else ""
        self.border_title = f"Annotations · {title} ({len(annotations)}){extra}"
        with self.prevent(DataTable.RowHighlighted):
            self._fill(annotations, colours, suggestions)

    def _fill(
        self,
        annotations: Sequence[Annotation],
        colours: dict[str, str],
        suggestions: Sequence[SuggestionRecord] = (),
    ) -> None:
        self._shown = (annotations, colours, suggestions)
        self.clear(columns=True)
        self._add_columns()
        self.annotation_ids = [a.id for a in annotations]
        for a in annotations:
            cells = {
                "Tag": Text(one_line(a.tag, 12), style=f"bold {colours.get(a.tag, '')}".strip()),
                "Excerpt": Text(one_line(a.exact, self._widths["Excerpt"])),
                "Speaker": Text(one_line(a.speaker, 30)),
                "Status": Text(a.status),
                "Author": Text(one_line(a.author, 20)),
            }
            self.add_row(*(cells[name] for name in self._widths), key=a.id)
        for sg in suggestions:
            key = suggestion_key(sg)
            quiet = f"dim italic {colours.get(sg.kind, '')}".strip()
            cells = {
                "Tag": Text(f"{sg.kind}?", style=quiet),
                "Excerpt": Text(one_line(sg.exact, self._widths["Excerpt"]), style="dim italic"),
                "Speaker": Text(one_line(sg.speaker, 30), style="dim italic"),
                "Status": Text("suggested", style="dim italic"),
                "Author": Text(one_line(sg.reason, 40), style="dim italic"),
            }
            self.annotation_ids.append(key)
            self.add_row(*(cells[name] for name in self._widths), key=key)
        if not annotations and not suggestions:
            hint = Text("No annotations in this section yet: c, q or t to tag", style="dim")
            blanks = [Text("") for _ in range(len(self._widths) - 2)]
            self.add_row(Text("—"), hint, *blanks, key="__empty__")

    def highlight(self, annotation_id: str | None) -> None:
        """Move the row cursor to ``annotation_id`` without posting ``AnnotationChosen``."""
        if annotation_id in self.annotation_ids:
            row = self.annotation_ids.index(annotation_id)
            if self.cursor_row != row:
                with self.prevent(DataTable.RowHighlighted):
                    self.move_cursor(row=row)

    @property
    def annotation_row_ids(self) -> list[str]:
        """The ids of the annotation rows (suggestion rows left out)."""
        return [key for key in self.annotation_ids if not key.startswith(SUGGESTION_KEY)]

    @property
    def highlighted_id(self) -> str | None:
        """The id of the highlighted annotation, if any."""
        if 0 <= self.cursor_row < len(self.annotation_ids):
            return self.annotation_ids[self.cursor_row]
        return None

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        """A row the user moved to (keys in the focused panel, or a click, which
        focuses it first) is chosen; any other highlight is only a display."""
        event.stop()
        annotation_id = self.highlighted_id
        if annotation_id is not None and self.has_focus:
            self.post_message(AnnotationChosen(annotation_id))
