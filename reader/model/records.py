"""The shape of an annotation record as exported and imported (pure data, no I/O).

Both the exporters and importers (``reader.io``) and the store (``reader.store``)
use these names, so they live below both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "EXPORT_COLUMNS",
    "FORMULA_TRIGGERS",
    "MAX_CELL_CHARS",
    "RECORD_KEYS",
    "SHEET_SEPARATORS",
    "BadRow",
    "export_columns",
    "spreadsheet_safe",
    "spreadsheet_unsafe",
]

EXPORT_COLUMNS: tuple[str, ...] = (
    "id",
    "article_id",
    "article_title",
    "section",
    "start",
    "end",
    "exact",
    "prefix",
    "suffix",
    "tag",
    "speaker",
    "status",
    "note",
    "author",
    "created_at",
    "updated_at",
)


def export_columns(*, include_deleted: bool = False) -> tuple[str, ...]:
    """The columns of an export: :data:`EXPORT_COLUMNS`, then ``deleted_at`` when
    deleted annotations are included."""
    return (*EXPORT_COLUMNS, "deleted_at") if include_deleted else EXPORT_COLUMNS


#: A cell starting with one of these is run as a formula by Excel, LibreOffice or Sheets
#: (NUL: some drop it, and read what follows it as the start of the cell).
FORMULA_TRIGGERS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r", "\0")

#: Characters a spreadsheet may split a CSV line on instead of the comma (``;`` where the
#: decimal separator is a comma, tab for "tab separated"): what follows one starts a cell
#: there, so it gets the apostrophe rule too (docs/formats.md, "The apostrophe rule").
SHEET_SEPARATORS = ";\t"

#: The longest value (characters) a cell of an imported file may hold: the cap on
#: article texts and quotes of shared files (``reader.store.untrusted.LIMITS``).
MAX_CELL_CHARS = 20_000_000

# A cell cut after each separator: the pieces a spreadsheet may read as cells.
_PIECES = re.compile(f"(?<=[{SHEET_SEPARATORS}])")


def _needs_apostrophe(piece: str) -> bool:
    return piece.lstrip("'").startswith(FORMULA_TRIGGERS)


def spreadsheet_safe(value: str) -> str:
    """``value`` as a CSV cell no spreadsheet runs as a formula.

    The rule, chosen so that :func:`spreadsheet_unsafe` undoes it exactly: cut the
    value after each ``;`` and tab (:data:`SHEET_SEPARATORS`); each piece gets one
    leading ``'`` when, after any apostrophes it already starts with, it starts with
    a formula trigger (``=x`` -> ``'=x``, ``'=x`` -> ``''=x``, ``x;=1`` -> ``x;'=1``).
    Other values, ``'tis`` included, are unchanged.
    """
    if ";" not in value and "\t" not in value:
        return "'" + value if _needs_apostrophe(value) else value
    return "".join("'" + p if _needs_apostrophe(p) else p for p in _PIECES.split(value))


def spreadsheet_unsafe(cell: str) -> str:
    """Undo :func:`spreadsheet_safe`: drop the leading ``'`` of each piece that it added,
    and only those. ``spreadsheet_unsafe(spreadsheet_safe(v)) == v`` for every string."""
    if ";" not in cell and "\t" not in cell:
        return cell[1:] if cell[:1] == "'" and _needs_apostrophe(cell[1:]) else cell
    return "".join(
        p[1:] if p[:1] == "'" and _needs_apostrophe(p[1:]) else p for p in _PIECES.split(cell)
    )


#: What an import keeps of an export row (``article_title`` and ``section`` are derived).
RECORD_KEYS: tuple[str, ...] = tuple(
    c for c in export_columns(include_deleted=True) if c not in ("article_title", "section")
)


@dataclass(frozen=True, slots=True)
class BadRow:
    """A row that could not be read: where (``line N`` / ``item N``) and why."""

    where: str
    reason: str
