"""SQLite storage for articles, annotations, tags and undo/redo history.

The one entry point of the store: the CLI and the UI import only from here, never
from its modules (an import-linter contract in pyproject.toml checks it).

What opening and reading an article needs is imported with the package; the rest
(merging, sharing, agreement input, the team server and its PostgreSQL driver, the
records of lists and reports) is
imported on first use of one of its names (``__getattr__`` below), so that start-up
does not pay for it (issue 12).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from reader.store import records
from reader.store.conflicts import conflict_changes
from reader.store.errors import NotFoundError, StoreError, translate_errors
from reader.store.ownership import has_team_server
from reader.store.paths import default_db_path
from reader.store.records import (
    EXPORT_COLUMNS,
    NEEDS_RECHECK,
    STATUSES,
    VERDICTS,
    Annotation,
    HandedOver,
    HistoryStep,
    StoredArticle,
    SuggestionRecord,
    Tag,
    parse_status,
)
from reader.store.store import Store

if TYPE_CHECKING:
    from reader.store.agreement_data import AgreementInput, load_agreement_input
    from reader.store.listings import (
        ArticleSummary,
        ArticleVersion,
        BatchImportResult,
        Conflict,
        Feed,
        FeedItemResult,
        LibraryEntry,
        Orphan,
        Recheck,
        RefreshReport,
        SearchHit,
    )
    from reader.store.merge import MergeReport, merge_files
    from reader.store.share import ShareReport
    from reader.store.share import share as share_annotations
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

#: The names imported on first use: name -> (module, its name there). ``share`` is
#: also the module's name: the function is re-exported under a longer one.
_LAZY = {
    # The records of lists and reports (reader/store/listings.py): made when first used.
    **{
        name: ("reader.store.listings", name)
        for name in (
            "ArticleSummary",
            "ArticleVersion",
            "BatchImportResult",
            "Conflict",
            "Feed",
            "FeedItemResult",
            "LibraryEntry",
            "Orphan",
            "Recheck",
            "RefreshReport",
            "SearchHit",
        )
    },
    "AgreementInput": ("reader.store.agreement_data", "AgreementInput"),
    "load_agreement_input": ("reader.store.agreement_data", "load_agreement_input"),
    "MergeReport": ("reader.store.merge", "MergeReport"),
    "merge_files": ("reader.store.merge", "merge_files"),
    "ShareReport": ("reader.store.share", "ShareReport"),
    "share_annotations": ("reader.store.share", "share"),
    **{
        name: ("reader.store.team", name)
        for name in (
            "InitReport",
            "PushReport",
            "SyncReport",
            "TeamListener",
            "TeamStatus",
            "add_member",
            "edit_refusal",
            "forget_team",
            "init_team",
            "pending_count",
            "remember_team",
            "remove_member",
            "sync_team",
            "team_status",
            "without_password",
        )
    },
}


def __getattr__(name: str) -> Any:
    """Import one of the ``_LAZY`` names on first use (then it is a plain attribute)."""
    try:
        module, attribute = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    value = getattr(importlib.import_module(module), attribute)
    globals()[name] = value
    return value


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
    "HandedOver",
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
    "has_team_server",
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
