"""SQLite storage for articles, annotations, tags and undo/redo history."""

from reader.store import records
from reader.store.errors import NotFoundError, StoreError, translate_errors
from reader.store.paths import default_db_path
from reader.store.records import (
    EXPORT_COLUMNS,
    NEEDS_RECHECK,
    STATUSES,
    VERDICTS,
    Annotation,
    ArticleSummary,
    Conflict,
    HistoryStep,
    Orphan,
    Recheck,
    StoredArticle,
    SuggestionRecord,
    Tag,
)
from reader.store.store import Store

__all__ = [
    "EXPORT_COLUMNS",
    "NEEDS_RECHECK",
    "STATUSES",
    "VERDICTS",
    "Annotation",
    "ArticleSummary",
    "Conflict",
    "HistoryStep",
    "NotFoundError",
    "Orphan",
    "Recheck",
    "Store",
    "StoreError",
    "StoredArticle",
    "SuggestionRecord",
    "Tag",
    "default_db_path",
    "records",
    "translate_errors",
]
