"""The shape of an annotation record as exported and imported (pure data, no I/O).

Both the exporters and importers (``reader.io``) and the store (``reader.store``)
use these names, so they live below both.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["EXPORT_COLUMNS", "FORMULA_TRIGGERS", "RECORD_KEYS", "BadRow", "export_columns"]

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


#: A cell starting with one of these is run as a formula by Excel, LibreOffice or Sheets.
FORMULA_TRIGGERS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")

#: What an import keeps of an export row (``article_title`` and ``section`` are derived).
RECORD_KEYS: tuple[str, ...] = tuple(
    c for c in export_columns(include_deleted=True) if c not in ("article_title", "section")
)


@dataclass(frozen=True, slots=True)
class BadRow:
    """A row that could not be read: where (``line N`` / ``item N``) and why."""

    where: str
    reason: str
