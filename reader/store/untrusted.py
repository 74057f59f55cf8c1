"""Opening a tag database that came from someone else: read-only, and trusting nothing.

A shared file may be damaged, truncated, from a newer reader, another program's
database, or crafted: triggers, views named like our tables, generated columns,
huge cells, wrong types. The rules (docs/sharing.md, "Trust model"):

- the 100-byte header is checked before SQLite opens the file (magic, reader
  ``application_id``, a schema version this code knows, a size that matches the
  page count, so a truncated file is refused at once);
- the file is opened through a URI with ``mode=ro&immutable=1`` (nothing is ever
  written next to it, no lock, no ``-wal``) and ``PRAGMA trusted_schema = OFF``;
  a file with a non-empty ``-wal`` or ``-journal`` (another program has it open)
  is first copied, with the normal locks, into a private consistent snapshot that
  is read instead (:func:`readable_snapshot`), so no committed row is missed;
- every name read must be a real table (``type = 'table'`` in its
  ``sqlite_master``) with every known column present and none generated, so no
  view is read through; only known tables and columns are ever selected;
- triggers cannot fire: nothing in the file is written to, and a trigger in an
  attached file cannot refer to another schema.

Values are validated by the callers (:mod:`reader.store.merge`,
:mod:`reader.store.agreement_data`), row by row, with the caps below.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sqlite3
import tempfile
import urllib.parse
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from reader.model.article import Article, content_hash
from reader.model.files import not_regular_file
from reader.model.packed import pack_sections, sections_from_stored
from reader.store.errors import StoreError, describe_sqlite_error, translate_errors
from reader.store.migrations import APPLICATION_ID, SCHEMA_VERSION
from reader.store.records import Annotation, Tag
from reader.store.validation import LIMITS as FIELD_LIMITS

__all__ = [
    "KNOWN_COLUMNS",
    "LIMITS",
    "IncomingArticle",
    "check_header",
    "open_untrusted",
    "read_articles",
    "readable_snapshot",
    "readonly_uri",
    "verify_schema",
]

#: The tables and columns read from a shared file; nothing else is ever selected.
KNOWN_COLUMNS: dict[str, tuple[str, ...]] = {
    "articles": (
        "id",
        "content_hash",
        "title",
        "source",
        "format",
        "author",
        "published",
        "url",
        "metadata",
        "text",
        "structure",
        "imported_at",
        "imported_by",
    ),
    # The records are the columns, in table order.
    "annotations": tuple(f.name for f in fields(Annotation)),
    "tags": tuple(f.name for f in fields(Tag)),
}

#: Length caps (characters) for values read from a shared file; longer values are
#: skipped. The same limits are enforced where text enters the store (one set for
#: both sides: :data:`reader.store.validation.LIMITS`).
LIMITS = FIELD_LIMITS

#: Seconds to wait for another program's write to end before copying a shared file.
SNAPSHOT_BUSY_TIMEOUT_S = 5.0

_MAGIC = b"SQLite format 3\x00"
_HEX_RE = re.compile(r"[0-9a-f]+")


def readonly_uri(path: Path) -> str:
    """A ``file:`` URI opening ``path`` read-only and immutable."""
    quoted = urllib.parse.quote(str(path.resolve()), safe="/")
    return f"file:{quoted}?mode=ro&immutable=1"


def check_header(path: Path, label: str | None = None) -> None:
    """Refuse, from its header alone, a file that is not a complete reader database
    of a known version. Raises ``StoreError`` with a one-line reason naming ``label``
    (default: ``path``)."""
    label = label or str(path)
    if path.is_dir():
        raise StoreError(f"cannot read {label}: it is a directory")
    if problem := not_regular_file(path):
        raise StoreError(problem)
    try:
        with path.open("rb") as f:
            header = f.read(100)
        size = os.path.getsize(path)
    except OSError as error:
        raise StoreError(f"cannot read {label}: {error.strerror or error}") from error
    if len(header) < 100 or not header.startswith(_MAGIC):
        raise StoreError(f"cannot read {label}: not a SQLite database")
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    page_count = int.from_bytes(header[28:32], "big")
    user_version = int.from_bytes(header[60:64], "big", signed=True)
    application_id = int.from_bytes(header[68:72], "big", signed=True)
    if application_id != APPLICATION_ID:
        raise StoreError(f"cannot read {label}: not a reader database")
    if user_version > SCHEMA_VERSION:
        raise StoreError(
            f"cannot read {label}: written by a newer version of reader (schema version "
            f"{user_version}, this version supports up to {SCHEMA_VERSION}); upgrade reader"
        )
    if user_version < 1:
        raise StoreError(f"cannot read {label}: not a reader database (no schema version)")
    if page_size < 512 or page_count < 1 or size < page_size * page_count:
        raise StoreError(f"cannot read {label}: the file is truncated or damaged")


def verify_schema(conn: sqlite3.Connection, schema: str, label: str) -> None:
    """Refuse unless every known name in ``schema`` is a real table with all the known
    columns, none of them generated (so reading them runs no code of the file)."""
    with translate_errors(f"cannot read {label}"):
        kinds = dict(
            conn.execute(
                f"SELECT name, type FROM {schema}.sqlite_master WHERE name IN (?, ?, ?)",
                list(KNOWN_COLUMNS),
            ).fetchall()
        )
        for table, columns in KNOWN_COLUMNS.items():
            kind = kinds.get(table)
            if kind != "table":
                what = f"a {kind}" if kind else "missing"
                raise StoreError(f"cannot read {label}: '{table}' is {what}, not a table")
            info = conn.execute(f"PRAGMA {schema}.table_xinfo({table})").fetchall()
            found = {row[1]: row[6] for row in info}  # name -> hidden (2, 3 = generated)
            missing = [c for c in columns if c not in found]
            if missing:
                raise StoreError(
                    f"cannot read {label}: table '{table}' has no column {missing[0]!r}"
                )
            generated = [c for c in columns if found[c] != 0]
            if generated:
                raise StoreError(
                    f"cannot read {label}: column {table}.{generated[0]} is computed, not stored"
                )


def _in_use(path: Path) -> bool:
    """Whether ``path`` has a non-empty ``-wal`` or ``-journal`` beside it: another
    program has it open (or was writing when it stopped), and committed data may be
    outside the main file, or the main file half written."""
    for suffix in ("-wal", "-journal"):
        try:
            if os.path.getsize(f"{path}{suffix}") > 0:
                return True
        except OSError:
            continue
    return False


def _copy_consistently(path: Path, copy: Path) -> None:
    """Copy a snapshot of ``path`` (its ``-wal`` included) into the new file ``copy``
    through SQLite's backup API, reading with the normal locks (a read transaction).
    ``StoreError`` when that is impossible (the writer holds its lock past the busy
    timeout, a hot journal a reader may not roll back, no access to the ``-shm``)."""
    try:
        with path.open("rb") as f:
            if f.read(len(_MAGIC)) != _MAGIC:
                raise StoreError(f"cannot read {path}: not a SQLite database")
    except OSError as error:
        raise StoreError(f"cannot read {path}: {error.strerror or error}") from error
    quoted = urllib.parse.quote(str(path.resolve()), safe="/")
    source = destination = None
    try:
        source = sqlite3.connect(
            f"file:{quoted}?mode=ro",
            uri=True,
            timeout=SNAPSHOT_BUSY_TIMEOUT_S,
            isolation_level=None,
        )
        source.execute("PRAGMA trusted_schema = OFF")
        # Take the read lock first, within the busy timeout: the backup API itself
        # (CPython's loop) would wait for a busy file forever.
        source.execute("BEGIN")
        source.execute("SELECT count(*) FROM sqlite_master").fetchone()
        destination = sqlite3.connect(copy)
        source.backup(destination)
        source.execute("COMMIT")
    except sqlite3.Error as error:
        raise StoreError(
            f"cannot read {path}: it is open in another program and cannot be read "
            f"consistently ({describe_sqlite_error(error)}); close that program "
            "(or open the file with reader there, which checkpoints it) and try again"
        ) from error
    finally:
        for conn in (source, destination):
            if conn is not None:
                conn.close()


@contextlib.contextmanager
def readable_snapshot(path: str | os.PathLike[str]) -> Iterator[Path]:
    """The file to read for the shared file ``path``: ``path`` itself when nothing is
    writing to it, else a private consistent copy (:func:`_copy_consistently`) that is
    removed afterwards. Reading the file itself ``immutable`` while another program
    has it open would miss commits still in its ``-wal`` (or read a half-written
    file), and report success on part of the data."""
    file_path = Path(path).expanduser()
    if not _in_use(file_path):
        yield file_path
        return
    with tempfile.TemporaryDirectory(prefix="reader-snapshot-") as folder:
        copy = Path(folder) / "snapshot.db"
        _copy_consistently(file_path, copy)
        yield copy


class _SnapshotConnection(sqlite3.Connection):
    """A connection that also removes its snapshot's folder when closed."""

    cleanup: contextlib.ExitStack | None = None

    def close(self) -> None:
        try:
            super().close()
        finally:
            if self.cleanup is not None:
                self.cleanup.close()
                self.cleanup = None


def open_untrusted(path: str | os.PathLike[str], *, label: str | None = None) -> sqlite3.Connection:
    """Check and open a shared file read-only; the caller closes the connection.

    A file another program has open is read from a consistent private copy
    (:func:`readable_snapshot`), removed when the connection is closed. Messages
    name ``label`` (default: ``path``).
    """
    file_path = Path(path).expanduser()
    name = label or str(file_path)
    stack = contextlib.ExitStack()
    try:
        readable = stack.enter_context(readable_snapshot(file_path))
        check_header(readable, name)
        with translate_errors(f"cannot read {name}"):
            conn = sqlite3.connect(
                readonly_uri(readable), uri=True, isolation_level=None, factory=_SnapshotConnection
            )
    except BaseException:
        stack.close()
        raise
    conn.cleanup = stack
    try:
        with translate_errors(f"cannot read {name}"):
            conn.execute("PRAGMA trusted_schema = OFF")
            conn.execute("PRAGMA query_only = ON")
        verify_schema(conn, "main", name)
    except BaseException:
        conn.close()
        raise
    return conn


@dataclass(frozen=True)
class IncomingArticle:
    """A validated article row of a shared file (``rowid`` in that file)."""

    rowid: int
    id: str
    row: dict[str, Any]


_ARTICLE_TEXT_FIELDS = {
    # column: (required, cap)
    "id": (True, LIMITS["id"]),
    "content_hash": (True, 64),
    "title": (True, LIMITS["title"]),
    "source": (True, LIMITS["source"]),
    "format": (True, LIMITS["format"]),
    "author": (False, LIMITS["author"]),
    "published": (False, LIMITS["published"]),
    "url": (False, LIMITS["url"]),
    "metadata": (True, LIMITS["metadata"]),
    "text": (True, LIMITS["text"]),
    "structure": (True, LIMITS["structure"]),
    "imported_at": (True, LIMITS["timestamp"]),
    "imported_by": (True, LIMITS["author"]),
}


#: ``articles.structure`` is packed (a blob) from schema 10 on, JSON text before.
_STRUCTURE_KINDS = ("text", "blob")


def _article_problem(row: dict[str, Any]) -> str | None:
    """Why an incoming article row is unusable (its values already type/length checked).
    A usable row's ``structure`` is left packed (:mod:`reader.model.packed`), whichever
    form (packed, or the JSON of schema 9 and before) the file held."""
    if not _HEX_RE.fullmatch(row["id"]) or not _HEX_RE.fullmatch(row["content_hash"]):
        return "article: malformed id or hash"
    if content_hash(row["text"]) != row["content_hash"]:
        return "article: text does not match its hash"
    try:
        metadata = json.loads(row["metadata"])
        if not isinstance(metadata, dict) or not all(isinstance(v, str) for v in metadata.values()):
            return "article: bad metadata"
        sections = sections_from_stored(row["structure"])
        article = Article(
            title=row["title"], source=row["source"], text=row["text"], sections=sections
        )
        length = len(row["text"])
        for section in article.sections:
            if section.span.end > length or any(
                s.end > length for p in section.paragraphs for s in (p.span, *p.sentences)
            ):
                return "article: structure out of range"
        if not isinstance(row["structure"], bytes):
            row["structure"] = pack_sections(sections)
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError):
        return "article: bad structure"  # RecursionError: JSON nested too deep to parse
    return None


def read_articles(conn: sqlite3.Connection, skipped: Counter[str]) -> list[IncomingArticle]:
    """The valid articles of an untrusted file (``articles`` table); bad rows are
    counted in ``skipped`` by reason. Texts are loaded one row at a time."""
    names = list(_ARTICLE_TEXT_FIELDS)
    shape_sql = ", ".join(f'typeof("{c}"), length("{c}")' for c in names)
    shapes = conn.execute(f"SELECT rowid, {shape_sql} FROM articles").fetchall()
    good_rowids: list[int] = []
    for shape in shapes:
        problem = None
        for i, name in enumerate(names):
            kind, length = shape[1 + 2 * i], shape[2 + 2 * i]
            required, cap = _ARTICLE_TEXT_FIELDS[name]
            if kind == "null" and not required:
                continue
            kinds = _STRUCTURE_KINDS if name == "structure" else ("text",)
            if kind not in kinds or (required and length == 0) or length > cap:
                problem = f"article: bad {name}"
                break
        if problem:
            skipped[problem] += 1
        else:
            good_rowids.append(shape[0])
    articles: list[IncomingArticle] = []
    select = ", ".join(f'"{c}"' for c in names)
    for rowid in good_rowids:
        try:
            values = conn.execute(f"SELECT {select} FROM articles WHERE rowid = ?", [rowid])
            row = dict(zip(names, values.fetchone(), strict=True))
        except sqlite3.OperationalError:  # text that is not valid UTF-8
            skipped["article: text is not valid UTF-8"] += 1
            continue
        problem = _article_problem(row)
        if problem:
            skipped[problem] += 1
            continue
        articles.append(IncomingArticle(rowid, row["id"], row))
    # An id or hash given twice: neither copy is trusted.
    ids = Counter(a.id for a in articles)
    hashes = Counter(a.row["content_hash"] for a in articles)
    kept = [a for a in articles if ids[a.id] == 1 and hashes[a.row["content_hash"]] == 1]
    if len(kept) != len(articles):
        skipped["article: duplicate id or text"] += len(articles) - len(kept)
    return kept
