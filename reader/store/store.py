"""The ``Store``: articles, annotations, tags and undo/redo in one SQLite file.

Connection policy: the store opens its own ``sqlite3`` connection with
``isolation_level=None`` (no implicit transactions) and wraps it in a
``sqlite_utils.Database``. Every public mutating method is exactly one
``BEGIN IMMEDIATE`` ... ``COMMIT`` transaction, committed before it returns.
File databases use WAL mode, a busy timeout (default 5000 ms) and foreign keys.
A store is meant to be used from one thread at a time.
"""

from __future__ import annotations

import getpass
import json
import os
import re
import sqlite3
import uuid
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from sqlite_utils import Database

from reader.io.export import export_columns
from reader.io.files import not_regular_file
from reader.model.article import Article
from reader.store import annotation_import, history, migrations
from reader.store.errors import NotFoundError, StoreError, translate_errors
from reader.store.export_query import export_query
from reader.store.records import (
    STATUSES,
    Annotation,
    ArticleSummary,
    HistoryStep,
    ImportReport,
    StoredArticle,
    Tag,
)
from reader.store.suggestions import SuggestionsMixin, history_step
from reader.store.transactions import write_transaction

__all__ = [
    "CONTEXT_CHARS",
    "DEFAULT_BUSY_TIMEOUT_MS",
    "TAG_PALETTE",
    "Store",
    "default_author",
    "normalise_tag_name",
    "utc_now",
]

DEFAULT_BUSY_TIMEOUT_MS = 5000
#: Characters of context kept before (``prefix``) and after (``suffix``) an annotation.
CONTEXT_CHARS = 32
#: Article ids are the first 12 hex characters of the content hash (longer on a clash).
ARTICLE_ID_LENGTH = 12
#: Colours given, in order, to new tags created without one (the first unused wins).
TAG_PALETTE: tuple[str, ...] = (
    "#e5c07b",
    "#61afef",
    "#98c379",
    "#c678dd",
    "#e06c75",
    "#56b6c2",
    "#d19a66",
    "#be5046",
)
TAG_MAX_LENGTH = 40
_TAG_RE = re.compile(r"[\w -]+")  # letters and digits of any script, "_", "-", space
_COLOUR_RE = re.compile(r"#[0-9a-f]{6}")
_ID_RE = re.compile(r"[0-9a-f-]+")
_MARKDOWN_SUFFIXES = (".md", ".markdown")
_UPDATABLE_FIELDS = frozenset(history.MUTABLE_FIELDS)
_ANNOTATION_COLUMNS = (
    'id, article_id, start, "end", exact, prefix, suffix, tag, speaker, status, note, '
    "author, created_at, updated_at, deleted_at, origin"
)


def utc_now() -> str:
    """The current UTC time as ISO 8601 with microseconds and ``Z``."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def default_author() -> str:
    """The login name (``getpass.getuser()``), or ``"unknown"`` when it cannot be found."""
    try:
        name = getpass.getuser().strip()
    except Exception:  # getuser raises OSError/KeyError/ImportError depending on platform
        name = ""
    return name or "unknown"


def normalise_tag_name(name: str) -> str:
    """Strip, collapse inner whitespace and lowercase a tag name; validate it.

    A tag name is 1-40 characters of letters, digits, space, ``-`` and ``_``.
    """
    if not isinstance(name, str):
        raise StoreError("a tag name must be text")
    cleaned = " ".join(name.split()).lower()
    if not cleaned or len(cleaned) > TAG_MAX_LENGTH or not _TAG_RE.fullmatch(cleaned):
        raise StoreError(
            f"invalid tag name '{name}': use 1-{TAG_MAX_LENGTH} letters, digits, spaces, '-' or '_'"
        )
    return cleaned


def _normalise_colour(colour: str) -> str:
    cleaned = colour.strip().lower() if isinstance(colour, str) else ""
    if not _COLOUR_RE.fullmatch(cleaned):
        raise StoreError(f"invalid colour '{colour}': use #rrggbb")
    return cleaned


def _optional_text(value: str | None, field: str) -> str | None:
    """Strip an optional text field; blank becomes ``None``."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise StoreError(f"{field} must be text")
    return value.strip() or None


def _check_status(status: str) -> str:
    if status not in STATUSES:
        raise StoreError(f"invalid status '{status}': use one of {', '.join(STATUSES)}")
    return status


def _snippet(text: str, limit: int = 30) -> str:
    """A short one-line quotation of ``text`` for history descriptions."""
    flat = " ".join(text.split())
    return f"“{flat if len(flat) <= limit else flat[: limit - 1] + '…'}”"


def _article_format(article: Article) -> str:
    """``metadata["format"]`` if the importer set it, else guessed from the source suffix."""
    given = article.metadata.get("format")
    if given:
        return given
    return "markdown" if article.source.lower().endswith(_MARKDOWN_SUFFIXES) else "text"


def _check_file_path(path: Path) -> None:
    """Refuse unusable paths before SQLite touches them; create missing parent directories."""
    if path.is_dir():
        raise StoreError(f"cannot open {path}: it is a directory")
    if problem := not_regular_file(path):  # a FIFO would block, /dev/zero never end
        raise StoreError(problem)
    if path.exists():
        if not os.access(path, os.R_OK | os.W_OK):
            raise StoreError(f"cannot open {path}: permission denied (need read and write)")
        migrations.check_file_header(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StoreError(
            f"cannot create the directory {path.parent}: {error.strerror or error}"
        ) from error
    if not os.access(path.parent, os.W_OK | os.X_OK):
        raise StoreError(f"cannot open {path}: the directory {path.parent} is not writable")


class Store(SuggestionsMixin):
    """A reader database. Create with :meth:`Store.open`; close with :meth:`close`
    or use as a context manager."""

    def __init__(self, db: Database, *, path: str, author: str) -> None:
        """Wrap an opened, migrated database (use :meth:`open` instead)."""
        self._db = db
        self._path = path
        self._author = author

    # -- lifecycle -------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str],
        *,
        author: str | None = None,
        busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
    ) -> Store:
        """Open (creating and migrating as needed) the database at ``path``.

        ``":memory:"`` gives a private in-memory database. For a file, missing
        parent directories are created and ``~`` is expanded. A directory, an
        unreadable/unwritable file, a non-SQLite file, another application's
        SQLite database or one written by a newer reader raises ``StoreError``
        and the file is left byte-identical (it is checked before WAL mode is
        switched on). ``author`` (default: the login name) is recorded on every
        annotation and history row.
        """
        if isinstance(busy_timeout_ms, bool) or not isinstance(busy_timeout_ms, int):
            raise StoreError("busy_timeout_ms must be an integer")
        if busy_timeout_ms < 0:
            raise StoreError("busy_timeout_ms must not be negative")
        name = os.fspath(path)
        memory = name == ":memory:"
        if not memory:
            file_path = Path(name).expanduser()
            _check_file_path(file_path)
            name = str(file_path)
        who = default_author() if author is None else (_optional_text(author, "author") or "")
        if not who:
            raise StoreError("author must not be empty")
        with translate_errors(f"cannot open {name}"):
            conn = sqlite3.connect(
                name, isolation_level=None, timeout=busy_timeout_ms / 1000, check_same_thread=False
            )
        try:
            with translate_errors(f"cannot open {name}"):
                conn.execute(f"PRAGMA busy_timeout = {busy_timeout_ms}")
                conn.execute("PRAGMA foreign_keys = ON")
                db = Database(conn, recursive_triggers=False, execute_plugins=False)
                migrations.check_connection(db, name)
                if not memory:
                    conn.execute("PRAGMA journal_mode = WAL")
                migrations.migrate(db)
        except BaseException:
            conn.close()
            raise
        return cls(db, path=name, author=who)

    def close(self) -> None:
        """Close the connection (idempotent)."""
        self._db.conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def path(self) -> str:
        """The database path as opened (``":memory:"`` for an in-memory store)."""
        return self._path

    @property
    def author(self) -> str:
        """The name recorded as author of new annotations and history rows."""
        return self._author

    @property
    def db(self) -> Database:
        """The underlying ``sqlite_utils.Database`` (for read-only queries and tools)."""
        return self._db

    # -- helpers ---------------------------------------------------------------------------

    def _rows(self, sql: str, params: list[Any] | dict[str, Any] | None = None) -> list[dict]:
        return list(self._db.query(sql, params))

    def _one(self, sql: str, params: list[Any] | dict[str, Any] | None = None) -> dict | None:
        return next(iter(self._db.query(sql, params)), None)

    def _resolve(self, table: str, noun: str, value: str) -> str:
        """The one id in ``table`` equal to, or else starting with, ``value``."""
        key = value.strip().lower() if isinstance(value, str) else ""
        if _ID_RE.fullmatch(key):
            if self._one(f"SELECT id FROM {table} WHERE id = ?", [key]):
                return key
            ids = self._rows(f"SELECT id FROM {table} WHERE id GLOB ? LIMIT 2", [key + "*"])
            if len(ids) == 1:
                return ids[0]["id"]
            if ids:
                raise NotFoundError(f"no {noun} with id '{value}' (several ids start with it)")
        raise NotFoundError(f"no {noun} with id '{value}'")

    def _annotation_row(self, annotation_id: str) -> dict[str, Any]:
        resolved = self._resolve("annotations", "annotation", annotation_id)
        row = self._one(f"SELECT {_ANNOTATION_COLUMNS} FROM annotations WHERE id = ?", [resolved])
        assert row is not None
        return row

    def _load_article(self, article_id: str) -> StoredArticle:
        row = self._one("SELECT * FROM articles WHERE id = ?", [article_id])
        if row is None:
            raise NotFoundError(f"no article with id '{article_id}'")
        article = Article.from_structure(
            title=row["title"],
            source=row["source"],
            text=row["text"],
            structure=json.loads(row["structure"]),
            metadata=json.loads(row["metadata"]),
        )
        return StoredArticle(
            id=row["id"],
            title=row["title"],
            source=row["source"],
            content_hash=row["content_hash"],
            imported_at=row["imported_at"],
            article=article,
        )

    def _free_article_id(self, digest: str) -> str:
        for length in range(ARTICLE_ID_LENGTH, len(digest) + 1):
            candidate = digest[:length]
            if self._one("SELECT 1 AS x FROM articles WHERE id = ?", [candidate]) is None:
                return candidate
        raise StoreError("cannot allocate an article id")  # pragma: no cover - needs a collision

    def _ensure_tag(
        self, name: str, colour: str | None = None, description: str | None = None
    ) -> Tag:
        """Create or update a tag; runs inside the caller's transaction."""
        tag_name = normalise_tag_name(name)
        new_colour = None if colour is None else _normalise_colour(colour)
        row = self._one("SELECT name, colour, description FROM tags WHERE name = ?", [tag_name])
        if row is None:
            tag = Tag(
                tag_name,
                new_colour or self._pick_colour(),
                _optional_text(description, "description"),
            )
            self._db["tags"].insert(
                {"name": tag.name, "colour": tag.colour, "description": tag.description}
            )
            return tag
        tag = Tag(
            tag_name,
            new_colour or row["colour"],
            row["description"]
            if description is None
            else _optional_text(description, "description"),
        )
        if (tag.colour, tag.description) != (row["colour"], row["description"]):
            self._db.execute(
                "UPDATE tags SET colour = ?, description = ? WHERE name = ?",
                [tag.colour, tag.description, tag.name],
            )
        return tag

    def _pick_colour(self) -> str:
        used = [row["colour"] for row in self._rows("SELECT colour FROM tags")]
        free = [colour for colour in TAG_PALETTE if colour not in used]
        return free[0] if free else TAG_PALETTE[len(used) % len(TAG_PALETTE)]

    def _change(
        self,
        annotation_id: str,
        action: str,
        new_state: Callable[[dict[str, Any]], dict[str, Any]],
        describe: Callable[[dict[str, Any], dict[str, Any]], str],
    ) -> Annotation:
        """Apply one recorded change to a live annotation, in one transaction.

        ``new_state(row)`` gives the wanted state; when it equals the current
        state nothing is written and no history is recorded.
        """
        with write_transaction(self._db.conn):
            row = self._annotation_row(annotation_id)
            if row["deleted_at"] is not None:
                raise StoreError(f"annotation '{row['id']}' is deleted")
            before = history.state_of(row)
            after = new_state(row)
            if after != before:
                now = utc_now()
                history.apply_state(self._db, row["id"], after, now)
                history.record(
                    self._db,
                    article_id=row["article_id"],
                    annotation_id=row["id"],
                    action=action,
                    description=describe(row, after),
                    before=before,
                    after=after,
                    author=self._author,
                    now=now,
                )
        return self.get_annotation(row["id"])

    # -- articles --------------------------------------------------------------------------

    def import_article(self, article: Article) -> tuple[StoredArticle, bool]:
        """Store ``article`` unless one with the same content hash exists.

        Returns the stored article and ``created`` (``False`` when it was
        already there, in which case nothing is written).
        """
        digest = article.content_hash
        with write_transaction(self._db.conn):
            existing = self._one("SELECT id FROM articles WHERE content_hash = ?", [digest])
            created = existing is None
            if existing is None:
                article_id = self._free_article_id(digest)
                metadata = dict(article.metadata)
                structure = article.to_structure()
                self._db["articles"].insert(
                    {
                        "id": article_id,
                        "content_hash": digest,
                        "title": article.title,
                        "source": article.source,
                        "format": _article_format(article),
                        "author": metadata.get("author"),
                        "published": metadata.get("published") or metadata.get("date"),
                        "url": metadata.get("url"),
                        "metadata": json.dumps(metadata, ensure_ascii=False),
                        "text": article.text,
                        "structure": json.dumps(structure),
                        "imported_at": utc_now(),
                        "imported_by": self._author,
                    }
                )
                self._db["sections"].insert_all(migrations.section_rows(article_id, structure))
            else:
                article_id = existing["id"]
        return self.get_article(article_id), created

    @translate_errors()
    def get_article(self, id_or_prefix: str) -> StoredArticle:
        """The article with this id or unique id prefix; ``StoreError`` if none or several."""
        return self._load_article(self._resolve("articles", "article", id_or_prefix))

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
        return [ArticleSummary(**row) for row in rows]

    # -- annotations -----------------------------------------------------------------------

    @translate_errors()
    def annotations(self, article_id: str, include_deleted: bool = False) -> list[Annotation]:
        """The article's annotations ordered by start, end, id (deleted ones only on request)."""
        resolved = self._resolve("articles", "article", article_id)
        live = "" if include_deleted else "AND deleted_at IS NULL"
        rows = self._rows(
            f"""
            SELECT {_ANNOTATION_COLUMNS} FROM annotations
            WHERE article_id = ? {live}
            ORDER BY start, "end", id
            """,
            [resolved],
        )
        return [Annotation(**row) for row in rows]

    @translate_errors()
    def get_annotation(self, annotation_id: str) -> Annotation:
        """The annotation with this id or unique id prefix, deleted or not."""
        return Annotation(**self._annotation_row(annotation_id))

    def add_annotation(
        self,
        article_id: str,
        start: int,
        end: int,
        tag: str,
        *,
        speaker: str | None = None,
        status: str = "unverified",
        note: str | None = None,
        origin: str = "manual",
        batch: str | None = None,
    ) -> Annotation:
        """Annotate ``text[start:end]`` of an article; creates ``tag`` if it is new.

        ``exact``, ``prefix`` and ``suffix`` are taken from the stored text.
        ``StoreError`` unless ``0 <= start < end <= len(text)``. ``origin`` is
        ``"suggestion"`` for an accepted suggestion; history rows sharing a
        ``batch`` are undone and redone together.
        """
        with write_transaction(self._db.conn):
            return self._add_annotation(
                article_id, start, end, tag, speaker, status, note, origin, batch
            )

    def _add_annotation(
        self,
        article_id: str,
        start: int,
        end: int,
        tag: str,
        speaker: str | None,
        status: str,
        note: str | None,
        origin: str,
        batch: str | None,
    ) -> Annotation:
        """``add_annotation`` inside the caller's transaction."""
        if any(isinstance(v, bool) or not isinstance(v, int) for v in (start, end)):
            raise StoreError("start and end must be integers")
        if origin not in ("manual", "suggestion"):
            raise StoreError(f"invalid origin '{origin}': use manual or suggestion")
        resolved = self._resolve("articles", "article", article_id)
        row = self._one("SELECT text FROM articles WHERE id = ?", [resolved])
        assert row is not None
        text: str = row["text"]
        if not 0 <= start < end <= len(text):
            raise StoreError(
                f"invalid span {start}..{end} for an article of {len(text)} characters"
            )
        now = utc_now()
        record = {
            "id": str(uuid.uuid4()),
            "article_id": resolved,
            "start": start,
            "end": end,
            "exact": text[start:end],
            "prefix": text[max(0, start - CONTEXT_CHARS) : start],
            "suffix": text[end : end + CONTEXT_CHARS],
            "tag": self._ensure_tag(tag).name,
            "speaker": _optional_text(speaker, "speaker"),
            "status": _check_status(status),
            "note": _optional_text(note, "note"),
            "author": self._author,
            "created_at": now,
            "updated_at": now,
            "deleted_at": None,
            "origin": origin,
        }
        self._db["annotations"].insert(record)
        history.record(
            self._db,
            article_id=resolved,
            annotation_id=record["id"],
            action="add",
            description=f"add {record['tag']} {_snippet(record['exact'])}",
            before=history.state_of(record, deleted=True),
            after=history.state_of(record),
            author=self._author,
            now=now,
            batch=batch,
        )
        return Annotation(**record)

    def update_annotation(self, annotation_id: str, **changes: str | None) -> Annotation:
        """Change ``tag``, ``speaker``, ``status`` and/or ``note`` of a live annotation.

        Blank ``speaker``/``note`` clear the field; a new tag is created.
        Nothing is recorded when no value actually changes.
        """
        unknown = sorted(set(changes) - _UPDATABLE_FIELDS)
        if unknown:
            raise StoreError(
                f"cannot change {', '.join(unknown)} of an annotation "
                f"(only {', '.join(history.MUTABLE_FIELDS)})"
            )

        def new_state(row: dict[str, Any]) -> dict[str, Any]:
            state = history.state_of(row)
            for field, value in changes.items():
                if field == "tag":
                    state["tag"] = self._ensure_tag(value or "").name
                elif field == "status":
                    state["status"] = _check_status(value or "")
                else:
                    state[field] = _optional_text(value, field)
            return state

        def describe(row: dict[str, Any], after: dict[str, Any]) -> str:
            fields = [f for f in history.MUTABLE_FIELDS if after[f] != row[f]]
            return f"edit {', '.join(fields)} of {row['tag']} {_snippet(row['exact'])}"

        return self._change(annotation_id, "update", new_state, describe)

    def cycle_status(self, annotation_id: str) -> Annotation:
        """Move the status on: unverified -> supported -> disputed -> false -> unverified."""

        def new_state(row: dict[str, Any]) -> dict[str, Any]:
            following = STATUSES[(STATUSES.index(row["status"]) + 1) % len(STATUSES)]
            return {**history.state_of(row), "status": following}

        def describe(row: dict[str, Any], after: dict[str, Any]) -> str:
            return f"status {row['status']} → {after['status']} of {_snippet(row['exact'])}"

        return self._change(annotation_id, "cycle_status", new_state, describe)

    def delete_annotation(self, annotation_id: str) -> Annotation:
        """Soft-delete an annotation (sets ``deleted_at``); undo brings it back."""
        return self._change(
            annotation_id,
            "delete",
            lambda row: {**history.state_of(row), "deleted": True},
            lambda row, _after: f"delete {row['tag']} {_snippet(row['exact'])}",
        )

    # -- undo / redo -----------------------------------------------------------------------

    def undo(self, article_id: str) -> HistoryStep | None:
        """Revert the article's latest action (persisted); ``None`` when there is none."""
        return self._history_step(
            article_id, lambda db, a, now: history_step(db, a, now, undo=True)
        )

    def redo(self, article_id: str) -> HistoryStep | None:
        """Re-apply the article's last undone action; ``None`` when there is none."""
        return self._history_step(
            article_id, lambda db, a, now: history_step(db, a, now, undo=False)
        )

    def _history_step(
        self, article_id: str, step: Callable[[Database, str, str], HistoryStep | None]
    ) -> HistoryStep | None:
        with write_transaction(self._db.conn):
            resolved = self._resolve("articles", "article", article_id)
            return step(self._db, resolved, utc_now())

    # -- tags ------------------------------------------------------------------------------

    @translate_errors()
    def tags(self) -> list[Tag]:
        """All tags, by name."""
        return [
            Tag(**row)
            for row in self._rows("SELECT name, colour, description FROM tags ORDER BY name")
        ]

    def ensure_tag(
        self, name: str, colour: str | None = None, description: str | None = None
    ) -> Tag:
        """Return the tag ``name`` (normalised), creating it if missing.

        A missing colour is picked from :data:`TAG_PALETTE`. For an existing
        tag, a given colour/description replaces the stored one (a blank
        description clears it); ``None`` keeps it.
        """
        with write_transaction(self._db.conn):
            return self._ensure_tag(name, colour, description)

    # -- import of exported annotations -----------------------------------------------

    def import_annotations(self, records: Iterable[Any]) -> ImportReport:
        """Import annotation records read back from an export, in one transaction.

        ``records`` are dicts with the keys of ``reader.io.annotation_files.RECORD_KEYS``
        (or ``BadRow`` items, counted as skipped). Ids, authors, timestamps and
        deleted state are kept; an existing id is replaced only by a later
        ``updated_at``. Records whose article is not in the database, or that do
        not fit it, are skipped and counted. Nothing enters the undo history.
        An exception from ``records`` (an unreadable file) rolls everything back.
        """

        def article_text(article_id: str) -> str | None:
            row = self._one("SELECT text FROM articles WHERE id = ?", [article_id])
            return None if row is None else row["text"]

        with write_transaction(self._db.conn):
            return annotation_import.import_records(
                self._db.conn,
                records,
                article_text=article_text,
                ensure_tag=lambda name: self._ensure_tag(name).name,
            )

    # -- export ----------------------------------------------------------------------------

    def _export_filter(self, article_id: str | None, tag: str | None) -> dict[str, Any]:
        """Resolve an export's ``--article``/``--tag`` at once (``NotFoundError`` if unknown)."""
        with translate_errors():
            resolved = (
                None if article_id is None else self._resolve("articles", "article", article_id)
            )
            tag_name = None
            if tag is not None:
                tag_name = normalise_tag_name(tag)
                if self._one("SELECT name FROM tags WHERE name = ?", [tag_name]) is None:
                    raise NotFoundError(f"no tag named '{tag}'")
        return {"article_id": resolved, "tag": tag_name}

    def iter_export_rows(
        self,
        article_id: str | None = None,
        tag: str | None = None,
        *,
        include_deleted: bool = False,
    ) -> Iterator[dict[str, Any]]:
        """Yield one dict per live annotation, keys in :data:`EXPORT_COLUMNS` order
        (plus ``deleted_at``, and deleted annotations too, when ``include_deleted``).

        Ordered by article (import time, id) then start, end, id. ``section``
        is the display title of the section holding ``start`` ("" for the
        lead). Rows are streamed from a cursor. An unknown ``article_id`` or
        ``tag`` raises ``StoreError`` at once.
        """
        sql, params = export_query(
            **self._export_filter(article_id, tag), include_deleted=include_deleted
        )
        names = export_columns(include_deleted=include_deleted)
        return self._stream_dicts(sql, params, names)

    def _stream_dicts(
        self, sql: str, params: list[Any], names: tuple[str, ...]
    ) -> Iterator[dict[str, Any]]:
        with translate_errors():
            for row in self._db.conn.execute(sql, params):
                yield dict(zip(names, row, strict=True))

    def export_cells(
        self,
        article_id: str | None = None,
        tag: str | None = None,
        *,
        include_deleted: bool = False,
    ) -> Iterator[tuple[Any, ...]]:
        """The export rows as CSV cells: tuples in :data:`EXPORT_COLUMNS` order, text
        made spreadsheet safe by SQLite (see ``export_query.sql_spreadsheet_safe``),
        missing values as ``''``.

        A plain cursor, for ``csv.writer.writerows``; filters as :meth:`iter_export_rows`.
        """
        sql, params = export_query(
            **self._export_filter(article_id, tag),
            spreadsheet_safe=True,
            include_deleted=include_deleted,
        )
        with translate_errors():
            return self._db.conn.execute(sql, params)

    def count_export_rows(
        self,
        article_id: str | None = None,
        tag: str | None = None,
        *,
        include_deleted: bool = False,
    ) -> int:
        """How many rows the same export would give (for a progress bar)."""
        sql, params = export_query(
            **self._export_filter(article_id, tag), include_deleted=include_deleted
        )
        with translate_errors():
            return self._db.conn.execute(f"SELECT count(*) FROM ({sql})", params).fetchone()[0]

    # -- sharing ---------------------------------------------------------------------------

    @translate_errors()
    def annotation_authors(self, article_id: str) -> list[str]:
        """The distinct authors of the article's live annotations, by name."""
        resolved = self._resolve("articles", "article", article_id)
        rows = self._rows(
            "SELECT DISTINCT author FROM annotations "
            "WHERE article_id = ? AND deleted_at IS NULL ORDER BY author",
            [resolved],
        )
        return [row["author"] for row in rows]
