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
    BatchImportResult,
    Conflict,
    Feed,
    FeedItemResult,
    HistoryStep,
    LibraryEntry,
    Orphan,
    Recheck,
    SearchHit,
    StoredArticle,
    SuggestionRecord,
    Tag,
    parse_status,
)

# ``share`` is also the modules name: the function is re-exported under a longer one.
from reader.store.share import ShareReport
from reader.store.share import share as share_annotations
from reader.store.store import Store
from reader.store.team import (
    InitReport,
    PushReport,
    SyncReport,
    TeamListener,
    TeamStatus,
    add_member,
    edit_refusal,
    forget_team,
    init_team,
    pending_count,
    remember_team,
    remove_member,
    sync_team,
    team_status,
    without_password,
)
from reader.store.versions import ArticleVersion, RefreshReport

__all__ = [
    "EXPORT_COLUMNS",
    "NEEDS_RECHECK",
    "STATUSES",
    "VERDICTS",
    "AgreementInput",
    "Annotation",
    "ArticleSummary",
    "ArticleVersion",
    "BatchImportResult",
    "Conflict",
    "Feed",
    "FeedItemResult",
    "HistoryStep",
    "InitReport",
    "LibraryEntry",
    "MergeReport",
    "NotFoundError",
    "Orphan",
    "PushReport",
    "Recheck",
    "RefreshReport",
    "SearchHit",
    "ShareReport",
    "Store",
    "StoreError",
    "StoredArticle",
    "SuggestionRecord",
    "SyncReport",
    "Tag",
    "TeamListener",
    "TeamStatus",
    "add_member",
    "conflict_changes",
    "default_db_path",
    "edit_refusal",
    "forget_team",
    "init_team",
    "load_agreement_input",
    "merge_files",
    "parse_status",
    "pending_count",
    "records",
    "remember_team",
    "remove_member",
    "share_annotations",
    "sync_team",
    "team_status",
    "translate_errors",
    "without_password",
]
