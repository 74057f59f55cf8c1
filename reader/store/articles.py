"""Articles: import (deduplicated by content hash), look-up by id or prefix, listing.

An article's structure is kept packed (:mod:`reader.model.packed`, schema 10); a row
written in the JSON of ``Article.to_structure()`` (older databases, shared files, the
team server) is read too.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import replace
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from reader.model.article import Article, Section, keep_content_hash, strip_wrapping_quotes
from reader.model.packed import (
    PackedSections,
    pack_sections,
    sections_from_stored,
    unpack_sections,
)
from reader.store.base import StoreBase
from reader.store.errors import NotFoundError, StoreError, translate_errors
from reader.store.passages import INDEX_AFTER_CHARS, index_passages
from reader.store.records import HandedOver, StoredArticle

if TYPE_CHECKING:
    from reader.store.listings import ArticleSummary
from reader.store.transactions import write_transaction
from reader.store.validation import check_length, utc_now

__all__ = [
    "ARTICLE_ID_LENGTH",
    "TEXT_FUNCTION",
    "ArticlesMixin",
    "section_rows",
    "stored_sections",
    "text_function",
]

#: Article ids are the first 12 hex characters of the content hash (longer on a clash).
ARTICLE_ID_LENGTH = 12
_MARKDOWN_SUFFIXES = (".md", ".markdown")
#: The SQL function that hands an article's text to the statement writing it
#: (:func:`text_function`).
TEXT_FUNCTION = "reader_article_text"


@contextmanager
def _value_function(
    conn: sqlite3.Connection, name: str, value: Callable[[], bytes]
) -> Iterator[None]:
    """The SQL function ``name()`` for the statements run inside: ``value()``, made when
    the statement calls for it and held by SQLite alone once returned (a bound value is
    also held by Python, and by the cached statement after it ran). Left, after, as a
    function that fails when called: it holds nothing."""
    conn.create_function(name, 0, value)
    try:
        yield
    finally:
        conn.create_function(name, 0, None)


def text_function(conn: sqlite3.Connection, text: str | bytes) -> AbstractContextManager[None]:
    """``reader_article_text()``, for the statements run inside: ``text`` as UTF-8 bytes,
    encoded when called (:func:`_value_function`; bytes: its UTF-8 already). Write it
    as ``CAST(reader_article_text() AS TEXT)``: a 10 MB text bound as a value is copied
    by SQLite and kept by the cached statement after it ran; bound as a str, sqlite3
    also keeps its UTF-8 inside the str for as long as the text lives."""
    if isinstance(text, bytes):
        return _value_function(conn, TEXT_FUNCTION, lambda: text)
    return _value_function(conn, TEXT_FUNCTION, lambda: text.encode("utf-8"))


def _with_text(article: Article, text: str, digest: str) -> Article:
    """``article`` with ``text``, whose content hash ``digest`` is kept (not computed)."""
    return keep_content_hash(replace(article, text=text), text, digest)


#: The SQL function that hands a new article's packed structure to its INSERT
#: (:func:`_structure_function`).
_STRUCTURE_FUNCTION = "reader_article_structure"


@contextmanager
def _structure_function(
    conn: sqlite3.Connection, sections: Sequence[Section]
) -> Iterator[bytes | None]:
    """``reader_article_structure()``, for the statement run inside: ``sections``
    packed. Packed arrays already (``PackedSections``, a parse's: the model keeps them,
    not their packed form) are packed when it is called, and yield ``None``; other
    sections are packed here (an error is raised here, not inside the statement) and
    yield their packed form, which the model is made from."""
    packed = None if isinstance(sections, PackedSections) else pack_sections(sections)
    value = (lambda: pack_sections(sections)) if packed is None else (lambda: packed)
    with _value_function(conn, _STRUCTURE_FUNCTION, value):
        yield packed


def _article_format(article: Article) -> str:
    """``metadata["format"]`` if the importer set it, else guessed from the source suffix."""
    given = article.metadata.get("format")
    if given:
        return given
    return "markdown" if article.source.lower().endswith(_MARKDOWN_SUFFIXES) else "text"


def _check_limits(row: dict[str, Any]) -> None:
    """``StoreError`` when a field of an article row is longer than its limit (a
    longer one would be skipped by the merge of whoever it is shared with)."""
    for field in ("text", "title", "source", "author", "published", "url", "metadata"):
        value = row[field]
        if isinstance(value, str):
            check_length(value, field, f"the article's {field}")


def section_rows(article_id: str, sections: Sequence[Section]) -> Iterator[dict[str, Any]]:
    """The ``sections`` rows of an article.

    ``title`` is the display title as exports show it: wrapping quote marks
    removed, ``""`` for the lead (a section without a heading).
    """
    for position, section in enumerate(sections):
        yield {
            "article_id": article_id,
            "position": position,
            "start": section.span.start,
            "end": section.span.end,
            "title": "" if section.title is None else strip_wrapping_quotes(section.title),
        }


def stored_sections(value: bytes | str) -> Sequence[Section]:
    """The sections of an ``articles.structure`` value (packed, or JSON in an older row);
    ``StoreError`` when it is malformed."""
    try:
        return sections_from_stored(value)
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError) as error:
        raise StoreError(f"the stored structure of an article is damaged ({error})") from error


class ArticlesMixin(StoreBase):
    """The article methods of :class:`reader.store.Store`."""

    #: The article loaded or imported last (a one-article cache, checked against the row's
    #: content hash and title before use): opening an article just imported, or loading
    #: it again to see whether it changed, builds its model once.
    _last_article: StoredArticle | None = None
    #: Whether the database has ``article_passages_later`` (:meth:`_indexes_passages`).
    _passages_later: bool | None = None

    def import_article(
        self,
        article: Article | HandedOver,
        *,
        source_hash: str | None = None,
        read: bool = False,
        index_later: bool = False,
    ) -> tuple[StoredArticle, bool]:
        """Store ``article`` unless one with the same content hash exists.

        Returns the stored article and ``created`` (``False`` when it was
        already there, in which case nothing is written). A new article is not
        read back: the one returned is ``article`` itself. ``source_hash``: the
        ``content_hash`` of the normalised text of the file it was parsed from (a
        Markdown file's differs from the article's), for :meth:`find_article_by_hash`.
        ``read``: a new article is stored already read (as :meth:`mark_read` would, but
        without rewriting its row: an update rewrites a 10 MB text).
        ``index_later``: a long text's search passages (``INDEX_AFTER_CHARS``) are left
        to :meth:`index_waiting_passages` (the reader's screen calls it once the article is
        drawn: ~90 ms of a 10 MB import, issue 12); until then a search does not find it.

        ``article`` handed over (:class:`HandedOver`, the caller holding no other
        reference to it): its text is written from its UTF-8 with the ``str`` let go, and
        decoded again once written: the 20 MB ``str`` of a 10 MB text is not held beside
        SQLite's two copies of its UTF-8 while the row is written (issue 12's peak
        memory). An article not stored is handed back.
        """
        if isinstance(article, HandedOver):
            return self._import_handed_over(article, source_hash, read, index_later)
        article_id, created, imported_at, packed = self._insert_article(
            article, source_hash, read, index_later
        )
        if not created:
            return self.get_article(article_id), False
        return self._imported(article, article_id, imported_at, packed), True

    def _import_handed_over(
        self, handed: HandedOver, source_hash: str | None, read: bool, index_later: bool
    ) -> tuple[StoredArticle, bool]:
        """:meth:`import_article` of a handed-over article: stored from its UTF-8."""
        article = handed.take()
        try:
            check_length(article.text, "text", "the article's text")
        except StoreError:
            handed.give_back(article)
            raise
        digest, length = article.content_hash, len(article.text)
        utf8 = article.text.encode("utf-8")
        bare = _with_text(article, "", digest)
        del article  # the text's last reference: freed
        try:
            # Its passages after its text is decoded again (index_passages cuts a str).
            article_id, created, imported_at, packed = self._insert_article(
                bare, source_hash, read, True, utf8=(utf8, length)
            )
        except BaseException:
            handed.give_back(_with_text(bare, utf8.decode("utf-8"), digest))
            raise
        text = utf8.decode("utf-8")
        del utf8
        article = _with_text(bare, text, digest)
        if not created:
            handed.give_back(article)
            return self.get_article(article_id), False
        if not index_later:
            self.index_waiting_passages(article_id, text)
        return self._imported(article, article_id, imported_at, packed), True

    def _imported(
        self, article: Article, article_id: str, imported_at: str, packed: bytes | None
    ) -> StoredArticle:
        """The stored article of ``article`` just written (``packed``: the structure
        written, when its sections were not packed already), kept as the last loaded."""
        if packed is not None:
            # The model handed on is read from the packed form just stored: its sections
            # are made when read, and the 175,000 objects of a 10 MB article's parse are
            # freed (memory, and the garbage collector's passes: issue 12).
            article = replace(article, sections=unpack_sections(packed))
        stored = StoredArticle(
            id=article_id,
            title=article.title,
            source=article.source,
            content_hash=article.content_hash,
            imported_at=imported_at,
            article=article,
        )
        self._last_article = stored
        return stored

    @translate_errors()
    def find_article_by_hash(self, digest: str) -> str | None:
        """The id of the article whose normalised text, or the normalised text of the
        file it was imported from, has this hash (``reader.model.article.content_hash``),
        or ``None``: an already imported file is found before it is parsed."""
        row = self._one(
            "SELECT id FROM articles WHERE content_hash = :d OR source_hash = :d "
            "ORDER BY content_hash = :d DESC LIMIT 1",
            {"d": digest},
        )
        return row["id"] if row else None

    def _insert_article(
        self,
        article: Article,
        source_hash: str | None,
        read: bool,
        index_later: bool = False,
        *,
        utf8: tuple[bytes, int] | None = None,
    ) -> tuple[str, bool, str, bytes | None]:
        """Write ``article`` unless it (or its page) is there: (id, created, imported_at,
        the packed structure written when the article's sections were not packed already).
        ``utf8``: its text's UTF-8 and length in characters, written instead of
        ``article.text`` (then empty; ``index_later`` is then required)."""
        if utf8 is not None and not index_later:
            raise ValueError("a text given as UTF-8 has its passages indexed later")
        digest = article.content_hash
        with write_transaction(self._db.conn):
            existing = self._one("SELECT id FROM articles WHERE content_hash = ?", [digest])
            if existing is not None and source_hash not in (None, digest):
                # Imported before source hashes were kept: found without parsing next time.
                self._db.execute(
                    "UPDATE articles SET source_hash = ? WHERE id = ? AND source_hash IS NULL",
                    [source_hash, existing["id"]],
                )
            if existing is None:
                existing = self._same_page(article)
            if existing is not None:
                return existing["id"], False, "", None
            article_id = self.new_article_id(digest)
            metadata = dict(article.metadata)
            imported_at = utc_now()
            row = {
                "id": article_id,
                "content_hash": digest,
                "title": article.title,
                "source": article.source,
                "format": _article_format(article),
                "author": metadata.get("author"),
                "published": metadata.get("published") or metadata.get("date"),
                "url": metadata.get("url"),
                "canonical_url": metadata.get("canonical_url"),
                "site": metadata.get("site"),
                "metadata": json.dumps(metadata, ensure_ascii=False),
                "text": article.text,
                "imported_at": imported_at,
                "imported_by": self._author,
                "source_hash": None if source_hash == digest else source_hash,
                "read_at": imported_at if read else None,
            }
            _check_limits(row)
            # The text goes in as UTF-8 bytes cast to TEXT: bound as a str, sqlite3 would
            # keep a UTF-8 copy inside the str for as long as the article lives (10 MB).
            # The bytes are made by a function the statement calls, not bound: SQLite
            # copies them and they are freed before the row is written, where a bound
            # value lives (a third 10 MB copy) until the statement ends (issue 12).
            # The structure too (1.7 MB packed for a 10 MB article): packed when the
            # statement calls for it, the statement's copy the only one while the row is
            # written (bound, the bytes packed here lived beside SQLite's two copies).
            del row["text"]
            columns = ", ".join(f'"{name}"' for name in (*row, "text", "structure"))
            values = ", ".join(
                [
                    *(f":{n}" for n in row),
                    f"CAST({TEXT_FUNCTION}() AS TEXT)",
                    f"{_STRUCTURE_FUNCTION}()",
                ]
            )
            # A long text's passages are cut and indexed once the INSERT is done (schema
            # 13, reader/store/passages.py), not by the trigger inside it, while SQLite
            # holds the text twice (~4 MB less at the peak of a 10 MB article's import).
            big = (len(article.text) if utf8 is None else utf8[1]) >= INDEX_AFTER_CHARS
            later = [article_id] if big and self._indexes_passages() else None
            if later:
                self._db.execute(
                    "INSERT INTO article_passages_later (article_id) VALUES (?)", later
                )
            with self._small_page_cache():
                with (
                    text_function(self._db.conn, article.text if utf8 is None else utf8[0]),
                    _structure_function(self._db.conn, article.sections) as packed,
                ):
                    rowid = self._db.execute(
                        f"INSERT INTO articles ({columns}) VALUES ({values})", row
                    ).lastrowid
                del row
                if later and not index_later:
                    self._db.execute(
                        "DELETE FROM article_passages_later WHERE article_id = ?", later
                    )
                    assert rowid is not None  # (an INSERT's, always set)
                    index_passages(self._db.conn, rowid, article.title, article.text)
            self._db.table("sections").insert_all(section_rows(article_id, article.sections))
            # No article_versions row: until its first refresh an article's version 1 is
            # its row here (list_versions says so, refresh_article writes it first), so a
            # 10 MB text is not written twice.
        return article_id, True, imported_at, packed

    @translate_errors()
    def waiting_passages(self) -> int:
        """How many articles wait for :meth:`index_waiting_passages` (not found by a
        search until then)."""
        if not self._indexes_passages():
            return 0
        row = self._one("SELECT count(*) AS n FROM article_passages_later")
        return int(row["n"]) if row else 0

    @translate_errors()
    def index_waiting_passages(self, article_id: str | None = None, text: str | None = None) -> int:
        """Index the search passages of the articles imported with ``index_later`` and
        not indexed yet (``article_passages_later``), each in its own transaction: only
        ``article_id`` when given, with ``text`` its text when given (the text of the
        article loaded from this store: not read again, 10 MB). Returns how many were
        indexed. One indexed read when none is waiting."""
        if not self._indexes_passages():
            return 0
        sql = "SELECT article_id FROM article_passages_later"
        waiting = [
            row["article_id"]
            for row in self._rows(
                sql + (" WHERE article_id = ?" if article_id is not None else ""),
                [article_id] if article_id is not None else [],
            )
        ]
        done = 0
        for waiting_id in waiting:
            with write_transaction(self._db.conn), self._small_page_cache():
                later = [waiting_id]
                self._db.execute("DELETE FROM article_passages_later WHERE article_id = ?", later)
                row = self._one(
                    "SELECT a.rowid AS rowid, a.title AS title, "
                    "EXISTS (SELECT 1 FROM article_passages WHERE article_rowid = a.rowid) "
                    "AS indexed FROM articles AS a WHERE a.id = ?",
                    later,
                )
                # Gone, or rewritten since (the update trigger indexed it): nothing to do.
                if row is None or row["indexed"]:
                    continue
                body = text if text is not None and waiting_id == article_id else None
                if body is None:  # (the row was read in this transaction: it is there)
                    stored = self._one("SELECT text FROM articles WHERE id = ?", later) or {}
                    body = str(stored.get("text", ""))
                index_passages(self._db.conn, row["rowid"], row["title"], body)
                done += 1
        return done

    def _indexes_passages(self) -> bool:
        """Whether this store writes a new article's passages itself (schema 13: the
        database has ``article_passages_later``); else (a database left at an older
        schema: an older reader's, in tests) the trigger does. Asked once a store."""
        if self._passages_later is None:
            found = self._one(
                "SELECT 1 AS x FROM sqlite_master WHERE type = 'table' AND name = ?",
                ["article_passages_later"],
            )
            self._passages_later = found is not None
        return self._passages_later

    def _same_page(self, article: Article) -> dict | None:
        """The article already imported from the same page (its canonical URL or the URL
        it was fetched from), the newest first; ``None`` for an article without a URL."""
        given = (article.metadata.get("canonical_url"), article.metadata.get("url"))
        urls = [u for u in given if u]
        if not urls:
            return None
        marks = ", ".join("?" * len(urls))
        return self._one(
            f"""
            SELECT id FROM articles WHERE canonical_url IN ({marks}) OR url IN ({marks})
            ORDER BY imported_at DESC, id LIMIT 1
            """,
            urls + urls,
        )

    @translate_errors()
    def find_article_by_url(self, *urls: str | None) -> str | None:
        """The id of the article imported from one of ``urls`` (compared with its
        canonical URL, the URL it was fetched from and the links of the feed items that
        brought it; as given: normalised by the caller), or ``None``."""
        wanted = [u for u in urls if u]
        if not wanted:
            return None
        marks = ", ".join("?" * len(wanted))
        row = self._one(
            f"""
            SELECT id FROM articles
            WHERE canonical_url IN ({marks}) OR url IN ({marks}) OR id IN (
                SELECT article_id FROM feed_items WHERE link IN ({marks}))
            ORDER BY imported_at DESC, id LIMIT 1
            """,
            wanted * 3,
        )
        return row["id"] if row else None

    @translate_errors()
    def mark_read(self, article_id: str, read: bool = True) -> None:
        """Mark the article read (now, unless it already was) or unread."""
        resolved = self._resolve("articles", "article", article_id)
        with write_transaction(self._db.conn):
            if read:
                self._db.execute(
                    "UPDATE articles SET read_at = ? WHERE id = ? AND read_at IS NULL",
                    [utc_now(), resolved],
                )
            else:
                self._db.execute("UPDATE articles SET read_at = NULL WHERE id = ?", [resolved])

    @translate_errors()
    def get_article(
        self, id_or_prefix: str, *, text: str | None = None, text_hash: str | None = None
    ) -> StoredArticle:
        """The article with this id or unique id prefix; ``StoreError`` if none or several.

        ``text``, whose content hash is ``text_hash``: a text the caller holds already (a
        file just read, ``reader FILE``); when it is the article's (the stored content
        hash is ``text_hash``), it is the article's text, not read again from the
        database (~20 ms and a second copy of a 10 MB text: issue 12)."""
        article_id = self._resolve("articles", "article", id_or_prefix)
        known = (text_hash, text) if text is not None and text_hash is not None else None
        return self._load_article(article_id, known)

    @translate_errors()
    def resolve_article_id(self, id_or_prefix: str) -> str:
        """The full id of the article with this id or unique id prefix
        (``NotFoundError`` if none or several)."""
        return self._resolve("articles", "article", id_or_prefix)

    @translate_errors()
    def list_articles(self) -> list[ArticleSummary]:
        """All articles, oldest import first, with their live annotation counts."""
        rows = self._rows(
            """
            SELECT a.id, a.title, a.source, a.imported_at, count(n.id) AS annotation_count
            FROM articles AS a
            LEFT JOIN annotations AS n ON n.article_id = a.id AND n.deleted_at IS NULL
            GROUP BY a.id
            ORDER BY a.imported_at, a.id
            """
        )
        from reader.store.listings import ArticleSummary

        return [ArticleSummary(**row) for row in rows]

    @translate_errors()
    def new_article_id(self, digest: str) -> str:
        """The id a new article with this content hash gets: the shortest free prefix
        of ``digest``, at least :data:`ARTICLE_ID_LENGTH` characters."""
        for length in range(ARTICLE_ID_LENGTH, len(digest) + 1):
            candidate = digest[:length]
            if self._one("SELECT 1 AS x FROM articles WHERE id = ?", [candidate]) is None:
                return candidate
        raise StoreError("cannot allocate an article id")  # pragma: no cover - needs a collision

    def _load_article(self, article_id: str, known: tuple[str, str] | None = None) -> StoredArticle:
        """The stored article (the last one loaded again when unchanged); ``known``: a
        (content hash, text) pair, the text used when the article's hash is that."""
        # (no column stored after ``text``: reading one walks a long text's overflow
        # pages, and a 10 MB text's fill the page cache, 2 MB kept: issue 12)
        head = self._one("SELECT id, title, content_hash FROM articles WHERE id = ?", [article_id])
        if head is None:
            raise NotFoundError(f"no article with id '{article_id}'")
        last = self._last_article
        if (
            last is not None
            and last.id == head["id"]
            and last.content_hash == head["content_hash"]
            and last.title == head["title"]
        ):
            return last
        text = known[1] if known is not None and known[0] == head["content_hash"] else None
        columns = "content_hash, structure" if text is not None else "content_hash, text, structure"
        with self._small_page_cache():  # the text's pages are read once
            row = self._one(
                f"SELECT id, title, source, {columns}, imported_at, metadata "
                "FROM articles WHERE id = ?",
                [article_id],
            )
        if row is None:  # deleted since the line above (another process)
            raise NotFoundError(f"no article with id '{article_id}'")
        if text is None:
            text = row["text"]
        elif row["content_hash"] != head["content_hash"]:  # refreshed since the line above
            return self._load_article(article_id)
        article = Article(
            title=row["title"],
            source=row["source"],
            text=text,
            sections=stored_sections(row["structure"]),
            metadata=MappingProxyType(json.loads(row["metadata"])),
        )
        stored = StoredArticle(
            id=row["id"],
            title=row["title"],
            source=row["source"],
            content_hash=row["content_hash"],
            imported_at=row["imported_at"],
            article=article,
        )
        self._last_article = stored
        return stored
