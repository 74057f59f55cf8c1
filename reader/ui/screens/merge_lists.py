"""`O`, `C` and `!`: the orphans, conflicts and re-checks that merges left for the
current article.

One line per entry, every value made terminal-safe; read-only lists (esc closes).
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static

from reader.model.safe_text import one_line
from reader.store import Conflict, Orphan, Recheck


def _when(timestamp: str | None) -> str:
    return one_line(timestamp, 16).replace("T", " ") if timestamp else ""


def orphan_line(orphan: Orphan) -> Text:
    """``tag · author · updated · “exact” — why it was not placed``."""
    line = Text(one_line(orphan.tag, 12), style="bold")
    line.append(f"  {one_line(orphan.author, 16)}  {_when(orphan.updated_at)}  ")
    line.append(f"“{one_line(orphan.exact, 60)}”")
    line.append(f"  — {one_line(orphan.reason, 50)}", style="dim")
    if orphan.deleted_at:
        line.append("  (deleted)", style="dim")
    return line


def conflict_line(conflict: Conflict) -> Text:
    """``tag status · author · updated · “exact” · note — lost to a later version``."""
    state = "deleted" if conflict.deleted_at else one_line(conflict.status, 12)
    line = Text(f"{one_line(conflict.tag, 12)} {state}", style="bold")
    line.append(f"  {one_line(conflict.author, 16)}  {_when(conflict.updated_at)}  ")
    line.append(f"“{one_line(conflict.exact, 50)}”")
    if conflict.speaker:
        line.append(f"  speaker: {one_line(conflict.speaker, 20)}")
    if conflict.note:
        line.append(f"  note: {one_line(conflict.note, 40)}")
    line.append(f"  — lost to the version of {_when(conflict.winner_updated_at)}", style="dim")
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

    def __init__(self, title: str, lines: Sequence[Text], empty: str) -> None:
        super().__init__()
        self.list_title = title
        self.lines = list(lines)
        self.empty = empty

    def compose(self) -> ComposeResult:
        with Vertical(id="merge-list-box") as box:
            box.border_title = f"{self.list_title} ({len(self.lines)})"
            box.border_subtitle = "esc to close"
            if self.lines:
                yield OptionList(*self.lines, id="merge-list")
            else:
                yield Static(Text(self.empty, style="dim"), id="merge-list-empty")


def orphans_screen(orphans: Sequence[Orphan]) -> MergeListScreen:
    return MergeListScreen(
        "Orphans: merged annotations not placed in this text",
        [orphan_line(o) for o in orphans],
        "No orphans: every merged annotation of this article found its passage.",
    )


def conflicts_screen(conflicts: Sequence[Conflict]) -> MergeListScreen:
    return MergeListScreen(
        "Conflicts: versions that lost a merge (the latest version is kept)",
        [conflict_line(c) for c in conflicts],
        "No conflicts in this article.",
    )


def rechecks_screen(rechecks: Sequence[Recheck]) -> MergeListScreen:
    return MergeListScreen(
        "Re-checks: a merge moved these onto different words (s gives a new verdict)",
        [recheck_line(r) for r in rechecks],
        "Nothing to re-check in this article.",
    )
