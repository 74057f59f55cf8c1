"""Importing many articles at once (``reader import DIR``): one transaction per batch.

Each article of a batch is imported as :meth:`Store.import_article` imports one (the
same deduplication by content hash and page), inside a savepoint of the batch's single
transaction: one commit (one WAL sync) per batch instead of one per article. An article
the store refuses (a field over its limit) is reported and skipped, the rest of the
batch is kept; a database error (locked, disk full) undoes the whole batch.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import TYPE_CHECKING

from reader.model.article import Article
from reader.store.articles import ArticlesMixin
from reader.store.errors import StoreError
from reader.store.transactions import write_transaction

if TYPE_CHECKING:
    from reader.store.listings import BatchImportResult

__all__ = ["BatchImportMixin"]


class BatchImportMixin(ArticlesMixin):
    """The batch import of :class:`reader.store.Store`."""

    def import_articles(self, articles: Iterable[Article]) -> list[BatchImportResult]:
        """Import every article of ``articles`` in one transaction; one result each, in
        order (an article already there, or twice in the batch, is ``created=False``)."""
        from reader.store.listings import BatchImportResult

        results: list[BatchImportResult] = []
        with write_transaction(self._db.conn):
            for article in articles:
                try:
                    stored, created = self.import_article(article)
                except StoreError as error:
                    if isinstance(error.__cause__, sqlite3.Error):
                        raise  # the database itself failed: the batch is undone
                    results.append(BatchImportResult(article.source, None, False, str(error)))
                    continue
                results.append(BatchImportResult(article.source, stored.id, created))
        return results
