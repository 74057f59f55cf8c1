"""The annotations of the current section: tag, excerpt, speaker, note, status, author."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.color import Color
from textual.coordinate import Coordinate
from textual.events import Resize
from textual.widgets import DataTable

from reader.model.safe_text import one_line
from reader.store import NEEDS_RECHECK, Annotation, SuggestionRecord
from reader.ui.colours import parse_colour, readable_text
from reader.ui.messages import AnnotationChosen

# Widths of every column but the excerpt, which takes the rest (see _columns_for).
FIXED_WIDTHS = {"Tag": 8, "Speaker": 12, "Note": 16, "Status": 10, "Author": 9}
CELL_PADDING = 2
MIN_EXCERPT_WITH_AUTHOR = 20
MIN_EXCERPT_WITH_NOTE = 14
#: Row keys of suggestion rows start with this.
SUGGESTION_KEY = "suggestion:"
#: The row key of the hint shown when a section has no rows.
EMPTY_KEY = "__empty__"
#: Rows added plus rows removed above which the table is filled again instead.
IN_PLACE_LIMIT = 8
#: Rows whose cells are kept for the next fill (then they are made afresh).
MADE_LIMIT = 5000


def _looks(cell: Text) -> tuple[object, ...]:
    """What a cell shows: its text, style and styled ranges (``Text ==`` ignores style)."""
    return (cell.plain, cell.style, tuple(cell.spans))


def status_cell(status: str) -> Text:
    """A status as the panel shows it; ``needs-recheck`` (no verdict) stands out."""
    if status == NEEDS_RECHECK:
        return Text("⚠ re-check", style="bold reverse")
    return Text(status)


def suggestion_key(suggestion: SuggestionRecord) -> str:
    """The panel row key of a suggestion."""
    return suggestion_key_of(suggestion.kind, suggestion.start, suggestion.end)


def suggestion_key_of(kind: str, start: int, end: int) -> str:
    """The panel row key of the suggestion of ``kind`` on ``[start, end)``."""
    return f"{SUGGESTION_KEY}{kind}:{start}:{end}"


def parse_suggestion_key(key: str) -> tuple[str, int, int] | None:
    """``(kind, start, end)`` of a suggestion's row key; None for any other key."""
    if not key.startswith(SUGGESTION_KEY):
        return None
    try:
        kind, start, end = key[len(SUGGESTION_KEY) :].split(":")
        return kind, int(start), int(end)
    except ValueError:
        return None


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
        # Someone else's annotations are shown: Author is the last column to give way.
        self._others_shown = False
        self._widths = self._columns_for(80)
        # The columns and the cells of the rows as the table holds them (row key: cells
        # in column order), to change only what differs (``_update_in_place``).
        self._columns_shown: tuple[tuple[str, int], ...] = ()
        self._cells: dict[str, list[Text]] = {}
        # The cells made for each annotation or suggestion (and its tag's colour) at the
        # current column widths: a refill makes cells only for what changed.
        self._made: dict[tuple[object, str], list[Text]] = {}
        self._made_for: tuple[tuple[str, int], ...] = ()

    def on_mount(self) -> None:
        self.border_title = "Annotations"
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)

    def _theme_changed(self, _theme: object) -> None:
        # tag colours are fitted to the theme's colours: fit them again
        self.call_after_refresh(self._refill_quietly)

    def _refill_quietly(self) -> None:
        """Fill again with the same rows, the same row highlighted, no message posted."""
        chosen = self.highlighted_id
        with self.prevent(DataTable.RowHighlighted):
            self._fill(*self._shown)
        self.highlight(chosen)

    def _tag_colour(self, tag: str, colours: dict[str, str]) -> str:
        """The tag's colour, made readable as text on the panel in the current theme."""
        background = self.background_colors[1]
        text = (
            Color.from_rich_color(self.rich_style.color)
            if self.rich_style.color is not None
            else background.get_contrast_text(1.0)
        )
        return readable_text(parse_colour(colours.get(tag, "")), background, text).hex

    def on_resize(self, event: Resize) -> None:
        # the content width, scrollbar or not: _columns_for leaves room for one, so the
        # widths do not change when rows come and a scrollbar appears
        columns = self._columns_for(self.content_region.width, self._others_shown)
        if columns != self._widths:
            self._widths = columns
            highlighted = self.highlighted_id
            with self.prevent(DataTable.RowHighlighted):
                self._fill(*self._shown)
            self.highlight(highlighted)  # refilling put the row cursor back on row 0

    @staticmethod
    def _columns_for(width: int, others_shown: bool = False) -> dict[str, int]:
        """Column widths that fit ``width`` cells (less the vertical scrollbar), the
        excerpt taking what is left. As the panel narrows, Author goes first, then the
        Note and then the Speaker columns, which move into the excerpt cell; when
        ``others_shown`` (a teammate's or a colleague's annotations are in the table),
        who wrote a row matters more than its note: Note and Speaker go first."""
        names = ["Tag", "Speaker", "Note", "Status", "Author"]
        rest = width - sum(FIXED_WIDTHS[n] + CELL_PADDING for n in names) - CELL_PADDING - 2
        order = [
            ("Author", MIN_EXCERPT_WITH_AUTHOR),
            ("Note", MIN_EXCERPT_WITH_NOTE),
            ("Speaker", MIN_EXCERPT_WITH_NOTE),
        ]
        if others_shown:
            order = [
                ("Note", MIN_EXCERPT_WITH_AUTHOR),
                ("Speaker", MIN_EXCERPT_WITH_NOTE),
                ("Author", MIN_EXCERPT_WITH_NOTE),
            ]
        for name, needed in order:
            if rest < needed:
                names.remove(name)
                rest += FIXED_WIDTHS[name] + CELL_PADDING
        widths = {"Tag": FIXED_WIDTHS["Tag"], "Excerpt": max(rest, 10)}
        widths.update({n: FIXED_WIDTHS[n] for n in names[1:]})
        return widths

    def _add_columns(self) -> None:
        for name, width in self._widths.items():
            # A Text label: a str is read as markup, whose emoji codes (a 3,600-entry
            # table) cost 10-20 ms to import before the first frame (start-up, issue 12).
            self.add_column(Text(name), width=width, key=name)

    def show(
        self,
        annotations: Sequence[Annotation],
        colours: dict[str, str],
        title: str,
        suggestions: Sequence[SuggestionRecord] = (),
        me: str | None = None,
    ) -> None:
        """Replace the rows with ``annotations`` (already in text order), then the
        section's ``suggestions`` (dim italic); ``title`` is the section title, shown
        literally (plain text: never read as markup). ``me`` is the user's author name:
        rows by anyone else keep the Author column on a narrow panel."""
        others = any(a.author != me for a in annotations) if me is not None else False
        if others != self._others_shown:
            self._others_shown = others
            if self.content_region.width:
                self._widths = self._columns_for(self.content_region.width, others)
        extra = f" · {len(suggestions)} suggested" if suggestions else ""
        self.border_title = Text(f"Annotations · {one_line(title)} ({len(annotations)}){extra}")
        with self.prevent(DataTable.RowHighlighted):
            self._fill(annotations, colours, suggestions)

    def _fill(
        self,
        annotations: Sequence[Annotation],
        colours: dict[str, str],
        suggestions: Sequence[SuggestionRecord] = (),
    ) -> None:
        self._shown = (annotations, colours, suggestions)
        rows = self._rows(annotations, colours, suggestions)
        if self._columns_shown == tuple(self._widths.items()) and self._update_in_place(rows):
            return
        self.clear(columns=True)
        self._add_columns()
        self._columns_shown = tuple(self._widths.items())
        self._cells = {}
        for key, cells in rows:
            self._cells[key] = cells
            self.add_row(*cells, key=key)
        self.annotation_ids = [key for key, _ in rows if key != EMPTY_KEY]

    def _rows(
        self,
        annotations: Sequence[Annotation],
        colours: dict[str, str],
        suggestions: Sequence[SuggestionRecord],
    ) -> list[tuple[str, list[Text]]]:
        """The rows to show, in order: (row key, cells in column order)."""
        fitted: dict[str, str] = {}  # the theme's colours are read once per fill, not per row

        def tag_colour(tag: str) -> str:
            if tag not in fitted:
                fitted[tag] = self._tag_colour(tag, colours)
            return fitted[tag]

        if self._made_for != tuple(self._widths.items()) or len(self._made) > MADE_LIMIT:
            self._made, self._made_for = {}, tuple(self._widths.items())
        made = self._made
        rows: list[tuple[str, list[Text]]] = []
        for a in annotations:
            colour = tag_colour(a.tag)
            kept = made.get((a, colour))
            if kept is not None:  # the same annotation as last shown: the same cells
                rows.append((a.id, kept))
                continue
            cells = {
                "Tag": Text(one_line(a.tag, 12), style=f"bold {colour}"),
                "Excerpt": self._excerpt(a.exact, a.note, a.speaker),
                "Speaker": Text(one_line(a.speaker, 30)),
                "Note": Text(one_line(a.note, self._widths.get("Note", 0))),
                "Status": status_cell(a.status),
                "Author": Text(one_line(a.author, 20)),
            }
            rows.append((a.id, [cells[name] for name in self._widths]))
            made[(a, colour)] = rows[-1][1]
        for sg in suggestions:
            colour = tag_colour(sg.kind)
            kept = made.get((sg, colour))
            if kept is not None:
                rows.append((suggestion_key(sg), kept))
                continue
            quiet = f"dim italic {colour}"
            cells = {
                "Tag": Text(f"{sg.kind}?", style=quiet),
                "Excerpt": Text(one_line(sg.exact, self._widths["Excerpt"]), style="dim italic"),
                "Speaker": Text(one_line(sg.speaker, 30), style="dim italic"),
                "Note": Text(one_line(sg.reason, 40), style="dim italic"),
                "Status": Text("suggested", style="dim italic"),
                "Author": Text(""),
            }
            rows.append((suggestion_key(sg), [cells[name] for name in self._widths]))
            made[(sg, colour)] = rows[-1][1]
        if not annotations and not suggestions:
            hint = Text("No annotations in this section yet: c, q or t to tag", style="dim")
            blanks = [Text("") for _ in range(len(self._widths) - 2)]
            rows.append((EMPTY_KEY, [Text("—"), hint, *blanks]))
        return rows

    def _update_in_place(self, rows: list[tuple[str, list[Text]]]) -> bool:
        """Change only the rows that differ from those shown (issue 12: a tag adds one
        row, a status change alters one cell): rows gone are removed, changed cells
        updated, new rows added and the rows put in order, so the table keeps its
        scroll position and measures only what is new. False (nothing changed) when
        so much differs that filling the table again is simpler."""
        keys = [key for key, _ in rows]
        if len(set(keys)) != len(keys) or set(self._cells) != set(self.rows):
            return False
        wanted = dict(rows)
        gone = [key for key in self._cells if key not in wanted]
        new = [key for key in keys if key not in self._cells]
        if len(gone) + len(new) > IN_PLACE_LIMIT:
            return False
        for key in gone:
            self.remove_row(key)
            del self._cells[key]
        columns = list(self._widths)
        for key, cells in rows:
            old = self._cells.get(key)
            if old is None:
                continue
            kept = []
            if old is cells:
                continue  # the very cells shown (made once for this annotation)
            for column, before, after in zip(columns, old, cells, strict=True):
                if before is after or _looks(before) == _looks(after):
                    kept.append(before)  # the table holds this one: left alone
                else:
                    self.update_cell(key, column, after)
                    kept.append(after)
            self._cells[key] = kept
        for key in new:
            self._cells[key] = wanted[key]
            self.add_row(*wanted[key], key=key)
        if [
            self.coordinate_to_cell_key(Coordinate(row, 0)).row_key.value
            for row in range(len(keys))
        ] != keys:
            # the first cell of each row is its own object: it tells the row's place
            place = {id(self._cells[key][0]): index for index, key in enumerate(keys)}
            self.sort("Tag", key=lambda cell: place[id(cell)])
        self.annotation_ids = [key for key in keys if key != EMPTY_KEY]
        # as after filling again: the row cursor on the first row, the table at its top
        # (``highlight`` then moves both to the chosen row)
        self.cursor_coordinate = Coordinate(0, 0)
        self.scroll_to(0, 0, animate=False, immediate=True)
        return True

    def _excerpt(self, exact: str, note: str | None, speaker: str | None = None) -> Text:
        """The excerpt cell; the speaker and note follow it (dim, each shortened to fit
        the cell) when their columns are left out for want of room."""
        width = self._widths["Excerpt"]
        extra = [
            ("— ", speaker if "Speaker" not in self._widths else None),
            ("· ", note if "Note" not in self._widths else None),
        ]
        extra = [(mark, value) for mark, value in extra if value]
        if not extra:
            return Text(one_line(exact, width))
        cell = Text(one_line(exact, max(width // (len(extra) + 1), 6)))
        room = max((width - len(cell.plain)) // len(extra) - 3, 3)
        for mark, value in extra:
            cell.append(f" {mark}{one_line(value, room)}", style="dim")
        return cell

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
