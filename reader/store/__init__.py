"""SQLite storage for articles, annotations, tags and undo/redo history.

The one entry point of the store: the CLI and the UI import only from here, never
from its modules (an import-linter contract in pyproject.toml checks it).
"""

from reader.store import records
from reader.store.agreement_data import AgreementInput, load_agreement_input
from reader.store.conflicts import conflict_changes
from reader.store.errors import NotFoundError, StoreError, translate_errors
from reader.store.merge import MergeReport, merge_files
from reader.store.paths import default_db_path
from reader.store.records import (
    EXPORT_COLUMNS,
    NEEDS_RECHECK,
    STATUSES,
    VERDICTS,
    Annotation,
    ArticleSummary,
    Conflict,
    Feed,
    FeedItemResult,
    HistoryStep,
    LibraryEntry,
    Orphan,
    Recheck,
    StoredArticle,
    SuggestionRecord,
    Tag,
    parse_status,
)

# ``share`` is also the modules name: the function is re-exported under a longer one.
from reader.store.share import ShareReport
from reader.store.share import share as share_annotations
from reader.store.store import Store

__all__ = [
    "EXPORT_COLUMNS",
    "NEEDS_RECHECK",
    "STATUSES",
    "VERDICTS",
    "AgreementInput",
    "Annotation",
    "ArticleSummary",
    "Conflict",
    "Feed",
    "FeedItemResult",
    "HistoryStep",
    "LibraryEntry",
    "MergeReport",
    "NotFoundError",
    "Orphan",
    "Recheck",
    "ShareReport",
    "Store",
    "StoreError",
    "StoredArticle",
    "SuggestionRecord",
    "Tag",
    "conflict_changes",
    "default_db_path",
    "load_agreement_input",
    "merge_files",
    "parse_status",
    "records",
    "share_annotations",
    "translate_errors",
]
