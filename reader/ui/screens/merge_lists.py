"""`O`, `C` and `!`: the orphans, conflicts and re-checks that merges left for the
current article.

One entry per line (two for conflicts), every value made terminal-safe; esc closes.
In the conflicts list ``k`` keeps the current version of the highlighted entry
and ``t`` takes the other one (undoable with ``u``); either settles the conflict.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static

from reader.model.safe_text import one_line
from reader.store import Annotation, Conflict, Orphan, Recheck, Store, StoreError, conflict_changes


def _when(timestamp: str | None) -> str:
    return one_line(timestamp[:16]).replace("T", " ") if timestamp else ""


def orphan_line(orphan: Orphan) -> Text:
    """``tag · author · updated · “exact” — why it was not placed``."""
    line = Text(one_line(orphan.tag, 12), style="bold")
    line.append(f"  {one_line(orphan.author, 16)}  {_when(orphan.updated_at)}  ")
    line.append(f"“{one_line(orphan.exact, 60)}”")
    line.append(f"  — {one_line(orphan.reason, 50)}", style="dim")
    if orphan.deleted_at:
        line.append("  (deleted)", style="dim")
    return line


def _shown(value: str | None) -> str:
    return one_line(value, 24) if value else "—"


def conflict_line(conflict: Conflict, current: Annotation | None = None) -> Text:
    """Two lines: ``tag “exact”  field: current → other …``, then who changed each
    version and when (``current: author time · other: author time (source)``)."""
    line = Text(one_line(conflict.tag, 12), style="bold")
    line.append(f" “{one_line(conflict.exact, 40)}”")
    changes = conflict_changes(conflict, current)
    for field, mine, theirs in changes:
        if current is None and (theirs is None or field in ("deleted", "passage")):
            continue  # nothing to compare with: the other version's values only
        line.append(f"  {field}: ", style="bold")
        line.append(_shown(theirs) if current is None else f"{_shown(mine)} → {_shown(theirs)}")
    if not changes:
        line.append("  (same content)", style="dim")
    if current is None:
        mine_by = "current: not in this database"
    else:
        mine_by = f"current: {one_line(current.author, 16)} {_when(current.updated_at)}"
    line.append(
        f"\n  {mine_by} · other: {one_line(conflict.author, 16)} "
        f"{_when(conflict.updated_at)} (from {one_line(conflict.source, 30)}; "
        f"lost to the version of {_when(conflict.winner_updated_at)})",
        style="dim",
    )
    return line


def recheck_line(recheck: Recheck) -> Text:
    """``tag was VERDICT · what changed · “old” → “new” · source, when``."""
    line = Text(one_line(recheck.tag, 12), style="bold")
    if recheck.old_exact is None:
        line.append("  arrived already flagged", style="bold")
        line.append(f"  “{one_line(recheck.exact, 60)}”")
        line.append("  — no record here of the text it was made on", style="dim")
        return line
    line.append(f" was {one_line(recheck.old_status, 12)}", style="bold")
    line.append(f"  {one_line(recheck.changes, 40)}  ")
    line.append(f"“{one_line(recheck.old_exact, 40)}”", style="strike")
    line.append(" → ")
    line.append(f"“{one_line(recheck.exact, 40)}”")
    line.append(f"  — {one_line(recheck.source, 20)} {_when(recheck.recorded_at)}", style="dim")
    return line


class MergeListScreen(ModalScreen[None]):
    """A modal list of lines with a title; esc (or the opening key) closes it."""

    DEFAULT_CSS = """
    MergeListScreen {
        align: center middle;
    }
    #merge-list-box {
        width: 110;
        max-width: 95%;
        height: auto;
        max-height: 90%;
        border: round $accent;
        background: $surface;
        padding: 0 1;
    }
    #merge-list-box OptionList {
        height: auto;
        max-height: 30;
    }
    """

    BINDINGS = [Binding("escape,q,O,C,exclamation_mark", "dismiss", "Close")]
    #: Shown under the list.
    HINT = "esc to close"

    def __init__(self, title: str, lines: Sequence[Text], empty: str) -> None:
        super().__init__()
        self.list_title = title
        self.lines = list(lines)
        self.empty = empty

    def compose(self) -> ComposeResult:
        with Vertical(id="merge-list-box") as box:
            box.border_title = f"{self.list_title} ({len(self.lines)})"
            box.border_subtitle = self.HINT
            if self.lines:
                yield OptionList(*self.lines, id="merge-list")
            else:
                yield Static(Text(self.empty, style="dim"), id="merge-list-empty")


def orphans_screen(orphans: Sequence[Orphan]) -> MergeListScreen:
    return MergeListScreen(
        "Orphans: annotations a refresh or merge could not place in this text",
        [orphan_line(o) for o in orphans],
        "No orphans: every annotation of this article found its passage.",
    )


class ConflictListScreen(MergeListScreen):
    """``C``: the conflicts of one article; ``k`` keeps the current version, ``t`` takes
    the other (both through the store, one transaction each)."""

    BINDINGS = [
        Binding("k", "keep_current", "Keep current"),
        Binding("t", "take_other", "Take other"),
    ]
    HINT = "k keep current · t take the other (u undoes) · esc to close"

    def __init__(self, store: Store, article_id: str) -> None:
        self.store = store
        self.article_id = article_id
        self.conflicts = store.list_conflicts(article_id)
        super().__init__(
            "Conflicts: versions that lost a merge (k keeps current, t takes the other)",
            self._lines(),
            "No conflicts in this article.",
        )
        #: Set when a conflict was settled: the reader screen reloads its annotations.
        self.changed = False

    def _lines(self) -> list[Text]:
        current = {a.id: a for a in self.store.annotations(self.article_id, include_deleted=True)}
        return [conflict_line(c, current.get(c.annotation_id)) for c in self.conflicts]

    def _highlighted(self) -> Conflict | None:
        lists = self.query(OptionList)
        index = lists.first().highlighted if lists else None
        if index is None:
            return None
        return self.conflicts[index] if index < len(self.conflicts) else None

    def action_keep_current(self) -> None:
        """Drop the highlighted recorded version; the annotation stays as it is."""
        self._settle(lambda c: self.store.keep_current_version(c.id), "Kept the current version")

    def action_take_other(self) -> None:
        """Write the highlighted recorded version to the annotation (u undoes it)."""
        self._settle(
            lambda c: self.store.take_conflict(c.id),
            "Took the other version — u to undo",
        )

    def _settle(self, operation: Callable[[Conflict], object], done: str) -> None:
        conflict = self._highlighted()
        if conflict is None:
            return
        try:
            operation(conflict)
        except StoreError as error:
            self.app.notify(one_line(str(error), 200), severity="error", markup=False)
            return
        self.changed = True
        self.app.notify(f"{done} ({one_line(conflict.author, 20)})", markup=False, timeout=3)
        self.conflicts = self.store.list_conflicts(self.article_id)
        self.lines = self._lines()
        self.query_one("#merge-list-box").border_title = f"{self.list_title} ({len(self.lines)})"
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(self.lines)
        if self.lines:
            options.highlighted = 0


def conflicts_screen(store: Store, article_id: str) -> ConflictListScreen:
    """The ``C`` list of ``article_id``."""
    return ConflictListScreen(store, article_id)


def rechecks_screen(rechecks: Sequence[Recheck]) -> MergeListScreen:
    return MergeListScreen(
        "Re-checks: a refresh or merge moved these onto different words (s gives a new verdict)",
        [recheck_line(r) for r in rechecks],
        "Nothing to re-check in this article.",
    )
