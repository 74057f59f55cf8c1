"""Annotations out of and back into the store: export rows, CSV cells and counts
(the SQL is in ``export_query``), and the import of exported records."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from reader.model.records import export_columns
from reader.store.errors import NotFoundError, StoreError, translate_errors
from reader.store.export_query import export_query, register_functions
from reader.store.records import parse_status
from reader.store.tags import TagsMixin
from reader.store.transactions import write_transaction
from reader.store.validation import check_status, normalise_tag_name, utc_now

if TYPE_CHECKING:
    from reader.store.listings import ImportReport

__all__ = ["ExportsMixin"]


def _values(value: str | Sequence[str] | None) -> tuple[str, ...]:
    """A filter given as one value, several, or none, as a tuple."""
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


#: The tables an export reads (``quick_check``-ed first).
_EXPORTED_TABLES = ("annotations", "articles", "sections")


class ExportsMixin(TagsMixin):
    """The export and import methods of :class:`reader.store.Store`."""

    # -- import of exported annotations -----------------------------------------------

    def import_annotations(self, records: Iterable[Any], *, source: str = "import") -> ImportReport:
        """Import annotation records read back from an export, in one transaction.

        ``records`` are dicts with the keys of ``reader.model.records.RECORD_KEYS``
        (or ``BadRow`` items, counted as skipped). Ids, authors, timestamps and
        deleted state are kept; an existing id is replaced by a later
        ``updated_at``, or by an edit made outside (same ``updated_at``, other
        content: applied as of now, the stored version kept as a conflict from
        ``source``; see ``annotation_import``). Records whose article is not in
        the database, or that do not fit it, are skipped and counted. Nothing
        enters the undo history. An exception from ``records`` (an unreadable
        file) rolls everything back.
        """
        from reader.store import annotation_import

        def article_text(article_id: str) -> str | None:
            row = self._one("SELECT text FROM articles WHERE id = ?", [article_id])
            return None if row is None else row["text"]

        with write_transaction(self._db.conn):
            return annotation_import.import_records(
                self._db.conn,
                (self._article_by_url(record) for record in records),
                article_text=article_text,
                ensure_tag=lambda name: self.ensure_tag(name).name,
                now=utc_now(),
                source=source,
            )

    if TYPE_CHECKING:  # from ArticlesMixin, a sibling in Store

        def find_article_by_url(self, *urls: str | None) -> str | None: ...

    def _article_by_url(self, record: Any) -> Any:
        """A record whose ``article_id`` is a page's URL (a W3C export names an article
        that has one by it) with the id of the article from that page; any other
        record as it is (an unknown URL is then skipped as a missing article)."""
        if type(record) is not dict:
            return record
        ref = record.get("article_id")
        if type(ref) is not str or not ref.startswith(("http://", "https://")):
            return record
        found = self.find_article_by_url(ref)
        return record if found is None else {**record, "article_id": found}

    # -- export ----------------------------------------------------------------------------

    def _export_filter(
        self,
        article_id: str | Sequence[str] | None,
        tag: str | Sequence[str] | None,
        authors: Sequence[str],
        statuses: Sequence[str],
    ) -> dict[str, Any]:
        """Resolve an export's filters at once (``NotFoundError`` for an unknown article
        or tag, ``StoreError`` for an unknown status)."""
        with translate_errors():
            article_ids = [self._resolve("articles", "article", a) for a in _values(article_id)]
            tag_names = []
            for name in _values(tag):
                tag_name = normalise_tag_name(name)
                if self._one("SELECT name FROM tags WHERE name = ?", [tag_name]) is None:
                    raise NotFoundError(f"no tag named '{name}'")
                tag_names.append(tag_name)
            wanted = [check_status(parse_status(status) or status) for status in statuses]
        return {
            "article_ids": article_ids,
            "tags": tag_names,
            "authors": list(authors),
            "statuses": wanted,
        }

    def iter_export_rows(
        self,
        article_id: str | Sequence[str] | None = None,
        tag: str | Sequence[str] | None = None,
        *,
        include_deleted: bool = False,
        authors: Sequence[str] = (),
        statuses: Sequence[str] = (),
        with_url: bool = False,
    ) -> Iterator[dict[str, Any]]:
        """Yield one dict per live annotation, keys in :data:`EXPORT_COLUMNS` order
        (plus ``deleted_at``, and deleted annotations too, when ``include_deleted``;
        then ``article_url``, the article's canonical URL or URL or ``None``, when
        ``with_url``: the W3C export names the page with it).

        Ordered by article (import time, id) then start, end, id. ``section``
        is the display title of the section holding ``start`` ("" for the
        lead). Rows are streamed from a cursor. Filters: ``article_id`` (ids or
        prefixes), ``tag``, ``authors``, ``statuses``, each one value or several;
        the values of one filter OR together, different filters AND together. An
        unknown article, tag or status raises ``StoreError`` at once.
        """
        sql, params = export_query(
            **self._export_filter(article_id, tag, authors, statuses),
            include_deleted=include_deleted,
            with_url=with_url,
        )
        names = export_columns(include_deleted=include_deleted)
        if with_url:
            names = (*names, "article_url")
        self.check_export_tables()
        return self._stream_dicts(sql, params, names)

    def check_export_tables(self) -> None:
        """``StoreError`` unless SQLite's ``quick_check`` finds the exported tables and
        their indexes intact: a damaged index can end a scan early without any error,
        and the export would be short while reporting success. About one read of
        those tables (an export reads them anyway)."""
        for table in _EXPORTED_TABLES:
            with translate_errors("cannot read the database"):
                result = self._db.conn.execute(f"PRAGMA quick_check({table})").fetchall()
            if result != [("ok",)]:
                raise StoreError(
                    f"cannot export or share: the database file is damaged (table '{table}' or "
                    "one of its indexes is inconsistent), so the result would be incomplete; "
                    "restore a backup, or rebuild it: sqlite3 DB '.recover' | sqlite3 NEW.db"
                )

    def _stream_dicts(
        self, sql: str, params: list[Any], names: tuple[str, ...]
    ) -> Iterator[dict[str, Any]]:
        with translate_errors():
            for row in self._db.conn.execute(sql, params):
                yield dict(zip(names, row, strict=True))

    def export_cells(
        self,
        article_id: str | Sequence[str] | None = None,
        tag: str | Sequence[str] | None = None,
        *,
        include_deleted: bool = False,
        authors: Sequence[str] = (),
        statuses: Sequence[str] = (),
    ) -> Iterator[tuple[Any, ...]]:
        """The export rows as CSV cells: tuples in :data:`EXPORT_COLUMNS` order, text
        made spreadsheet safe by SQLite (see ``export_query.sql_spreadsheet_safe``),
        missing values as ``''``.

        For ``csv.writer.writerows``; filters as :meth:`iter_export_rows`. The query
        starts at once (so a busy or broken database fails here); an error while the
        rows are read comes out as ``StoreError`` too.
        """
        sql, params = export_query(
            **self._export_filter(article_id, tag, authors, statuses),
            spreadsheet_safe=True,
            include_deleted=include_deleted,
        )
        self.check_export_tables()
        with translate_errors():
            register_functions(self._db.conn)  # the rare values the SQL hands to Python
            cursor = self._db.conn.execute(sql, params)
        return self._stream_cells(cursor)

    @staticmethod
    def _stream_cells(cursor: Iterator[tuple[Any, ...]]) -> Iterator[tuple[Any, ...]]:
        with translate_errors():
            # Not ``yield from``: closing this generator early (an export that failed) must
            # not close the cursor, whose database may be closed by then.
            for row in cursor:  # noqa: UP028
                yield row

    def count_export_rows(
        self,
        article_id: str | Sequence[str] | None = None,
        tag: str | Sequence[str] | None = None,
        *,
        include_deleted: bool = False,
        authors: Sequence[str] = (),
        statuses: Sequence[str] = (),
    ) -> int:
        """How many rows the same export would give (for a progress bar)."""
        sql, params = export_query(
            **self._export_filter(article_id, tag, authors, statuses),
            include_deleted=include_deleted,
        )
        with translate_errors():
            return self._db.conn.execute(f"SELECT count(*) FROM ({sql})", params).fetchone()[0]
