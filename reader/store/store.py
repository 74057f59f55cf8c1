"""The ``Store``: articles, annotations, tags, undo/redo, suggestions, exports and
merge results in one SQLite file.

One class made of mixins, one per domain (as lemon24/reader's ``_storage``):
``base`` (the connection, opening, the private query helpers), ``articles``,
``batch`` (many articles in one transaction), ``annotations`` (with undo/redo),
``tags``, ``suggestions``, ``exports`` (and the import of exported annotations),
``feeds``, ``library`` (the article list with its counts), ``search`` (full-text
search), ``conflicts`` (conflicts and orphans of merges) and ``versions`` (articles that
change: ``reader refresh``). Input checks are in ``validation``. The connection and
transaction policy is described in :mod:`reader.store.base`.
"""

from __future__ import annotations

from reader.store.articles import ArticlesMixin
from reader.store.base import DEFAULT_BUSY_TIMEOUT_MS
from reader.store.batch import BatchImportMixin
from reader.store.conflicts import ConflictsMixin
from reader.store.exports import ExportsMixin
from reader.store.feeds import FeedsMixin
from reader.store.library import LibraryMixin
from reader.store.search import SearchMixin
from reader.store.suggestions import SuggestionsMixin
from reader.store.tags import TAG_PALETTE
from reader.store.validation import CONTEXT_CHARS, default_author, normalise_tag_name, utc_now
from reader.store.versions import VersionsMixin

__all__ = [
    "CONTEXT_CHARS",
    "DEFAULT_BUSY_TIMEOUT_MS",
    "TAG_PALETTE",
    "Store",
    "default_author",
    "normalise_tag_name",
    "utc_now",
]


class Store(
    SearchMixin,
    LibraryMixin,
    VersionsMixin,
    FeedsMixin,
    BatchImportMixin,
    ArticlesMixin,
    SuggestionsMixin,
    ExportsMixin,
    ConflictsMixin,
):
    """A reader database. Create with :meth:`Store.open`; close with :meth:`close`
    or use as a context manager."""
