"""``StoreBase``: the connection of a :class:`reader.store.Store` and the private
query helpers every domain mixin uses.

Connection policy: the store opens its own ``sqlite3`` connection with
``isolation_level=None`` (no implicit transactions) and uses it as a
``sqlite_utils.Database`` (``_db``): queries (``conn``, ``execute``, ``query``) run on
the connection itself, and the real ``Database`` (for ``table(...)`` inserts and the
like) is made, sqlite-utils imported, on first use: opening and reading an article
needs none of it (start-up, issue 12). Every public mutating method is one
``write_transaction``: ``BEGIN IMMEDIATE`` ... ``COMMIT`` when called on its own,
a savepoint inside the caller's transaction when nested, so it is committed
before it returns unless a caller holds a larger transaction. File databases
use WAL mode, a busy timeout (default 5000 ms) and foreign keys. A store is
meant to be used from one thread at a time.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
import threading
import urllib.parse
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self, cast

from reader.model.files import not_regular_file
from reader.store import migrations
from reader.store.errors import NotFoundError, StoreError, primary_code, translate_errors
from reader.store.transactions import write_transaction
from reader.store.validation import default_author, optional_text

#: SQLite's page cache (``PRAGMA cache_size``, negative: KiB) while the store reads a
#: large value or many rows once (``StoreBase._small_page_cache``).
SCAN_CACHE_SIZE = -128

if TYPE_CHECKING:
    from sqlite_utils import Database

__all__ = ["DEFAULT_BUSY_TIMEOUT_MS", "StoreBase"]

DEFAULT_BUSY_TIMEOUT_MS = 5000
_ID_RE = re.compile(r"[0-9a-f-]+")


def _read_only_file_system(path: Path) -> bool:
    try:
        return bool(os.statvfs(path).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):  # no statvfs (Windows)
        return False


FileKey = tuple[int, int]


class _OpenFiles:
    """The database files this process has open through a store, by (device, inode).

    SQLite's locks are POSIX locks, held per process: closing *any* descriptor of a
    database file drops every lock this process's connections hold on it (SQLite's
    "How To Corrupt", 2.2). Another process then believes it is the file's last user:
    on close it checkpoints and deletes the ``-wal`` our connections still write to,
    so their commits vanish from the file (a crash loses them; other processes never
    see them). The header check reads the file with a plain ``open()``, so it is done
    only when no store of this process has the file open: the first open checked it,
    and the app's workers (suggestions, team sync, feeds) open their own stores on
    the file the app already has open."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: Counter[FileKey] = Counter()

    def add(self, key: FileKey) -> None:
        with self._lock:
            self._counts[key] += 1

    def discard(self, key: FileKey) -> None:
        with self._lock:
            self._counts[key] -= 1
            if self._counts[key] <= 0:
                del self._counts[key]

    def holds(self, path: Path) -> bool:
        """Whether a store of this process has the file at ``path`` open."""
        key = _file_key(path)
        with self._lock:
            return key is not None and key in self._counts


#: One per process, as the locks it guards are (see ``_OpenFiles``).
_OPEN_FILES = _OpenFiles()


def _file_key(path: str | Path) -> FileKey | None:
    try:
        found = os.stat(path)
    except OSError:
        return None
    return (found.st_dev, found.st_ino)


def _check_header(path: Path) -> None:
    """``check_file_header``, unless this process has the file open (``_OpenFiles``)."""
    if not _OPEN_FILES.holds(path):
        migrations.check_file_header(path)


def _check_readable_file(path: Path) -> None:
    """Refuse, before SQLite touches it, a path that cannot be opened for reading only."""
    if path.is_dir():
        raise StoreError(f"cannot open {path}: it is a directory")
    if not path.exists():
        raise StoreError(f"cannot open {path}: no such file")
    if not os.access(path, os.R_OK):
        raise StoreError(f"cannot open {path}: permission denied (need read)")
    _check_header(path)


def _readonly_uri(path: Path, *, immutable: bool) -> str:
    quoted = urllib.parse.quote(str(path.resolve()), safe="/")
    return f"file:{quoted}?mode=ro" + ("&immutable=1" if immutable else "")


def _check_file_path(path: Path) -> None:
    """Refuse unusable paths before SQLite touches them; create missing parent directories."""
    if path.is_dir():
        raise StoreError(f"cannot open {path}: it is a directory")
    if problem := not_regular_file(path):  # a FIFO would block, /dev/zero never end
        raise StoreError(problem)
    if path.exists():
        if not os.access(path, os.R_OK | os.W_OK):
            if _read_only_file_system(path):
                raise StoreError(f"cannot open {path}: the file system is read-only")
            raise StoreError(f"cannot open {path}: permission denied (need read and write)")
        _check_header(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StoreError(
            f"cannot create the directory {path.parent}: {error.strerror or error}"
        ) from error
    if not os.access(path.parent, os.W_OK | os.X_OK):
        raise StoreError(f"cannot open {path}: the directory {path.parent} is not writable")


def _database(conn: sqlite3.Connection) -> Database:
    """``conn`` as a ``sqlite_utils.Database`` (sqlite-utils, with dateutil, pluggy and
    click, is imported here: ~25 ms that opening an article does not need)."""
    from sqlite_utils import Database

    return Database(conn, recursive_triggers=False, execute_plugins=False)


class _Connection:
    """The part of ``sqlite_utils.Database`` the store's queries use (``conn``,
    ``execute``, ``query``), on the connection itself; any other attribute
    (``table(...)``, ``table_names()``...) is the real ``Database``'s around the same
    connection, made on first use (:attr:`database`)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._database: Database | None = None

    @property
    def database(self) -> Database:
        """The ``sqlite_utils.Database`` on this connection (made once)."""
        if self._database is None:
            self._database = _database(self.conn)
        return self._database

    def execute(self, sql: str, parameters: Any = None) -> sqlite3.Cursor:
        """``Database.execute``: the statement on the connection."""
        if parameters is None:
            return self.conn.execute(sql)
        return self.conn.execute(sql, parameters)

    def query(self, sql: str, params: Any = None) -> Iterator[dict[str, Any]]:
        """``Database.query`` for the store's SELECTs: the rows as dicts."""
        cursor = self.conn.execute(sql, params or [])
        keys = _row_keys(cursor)
        return (dict(zip(keys, row, strict=True)) for row in cursor)

    def table(self, name: str) -> _Table:
        """``Database.table(name)`` for the store's inserts (:class:`_Table`)."""
        return _Table(self, name)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.database, name)


#: Values sqlite-utils inserts as they are (no JSON, no ISO date): a bool is an int.
_PLAIN = (str, int, float, bytes, type(None))


class _Table:
    """``Database.table(name)``'s ``insert(record)`` and ``insert_all(records)`` for what
    the store inserts, dicts of plain values, made as sqlite-utils makes them (each
    record's values under the union of the records' keys, missing ones NULL, all in one
    savepoint) without importing it: adding an annotation, a tag or an article does not
    wait ~25 ms for it (start-up, issue 12). Other records, options or attributes are
    the real ``Table``'s."""

    def __init__(self, connection: _Connection, name: str) -> None:
        self._connection = connection
        self.name = name

    def insert(self, record: dict[str, Any], **options: Any) -> Any:
        """``Table.insert``."""
        if options or not _plain(record):
            return self._connection.database.table(self.name).insert(record, **options)
        self._insert([record])
        return self

    def insert_all(self, records: Iterable[dict[str, Any]], **options: Any) -> Any:
        """``Table.insert_all``."""
        rows = list(records)
        if options or not all(_plain(row) for row in rows):
            return self._connection.database.table(self.name).insert_all(rows, **options)
        if rows:
            self._insert(rows)
        return self

    def _insert(self, rows: list[dict[str, Any]]) -> None:
        columns = list(dict.fromkeys(key for row in rows for key in row))
        names = ", ".join(_quoted(column) for column in columns)
        marks = ", ".join("?" for _ in columns)
        sql = f"INSERT INTO {_quoted(self.name)} ({names}) VALUES ({marks})"
        with write_transaction(self._connection.conn):
            self._connection.conn.executemany(
                sql, ([row.get(column) for column in columns] for row in rows)
            )

    def __getattr__(self, name: str) -> Any:
        return getattr(self._connection.database.table(self.name), name)


def _plain(record: object) -> bool:
    return isinstance(record, dict) and all(isinstance(v, _PLAIN) for v in record.values())


def _quoted(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _row_keys(cursor: sqlite3.Cursor) -> list[str]:
    """The column names of a query's rows (a repeated one renamed as sqlite-utils does:
    ``id``, ``id_2``); ``ValueError`` for a statement that returns no rows."""
    if cursor.description is None:
        raise ValueError("a query must return rows")
    keys = [column[0] for column in cursor.description]
    if len(set(keys)) < len(keys):
        from sqlite_utils.utils import dedupe_keys

        keys = dedupe_keys(keys)
    return keys


class StoreBase:
    """The opened database behind a :class:`reader.store.Store`."""

    def __init__(self, conn: sqlite3.Connection, *, path: str, author: str) -> None:
        """Wrap an opened, migrated database (use :meth:`open` instead)."""
        self._conn = conn
        self._connection = _Connection(conn)
        #: Typed as what it stands for: ``_Connection`` does what the store asks of it.
        self._db = cast("Database", self._connection)
        self._path = path
        self._author = author
        self._file_key = None if path == ":memory:" else _file_key(path)
        if self._file_key is not None:
            _OPEN_FILES.add(self._file_key)

    # -- lifecycle -------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str],
        *,
        author: str | None = None,
        busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
        readonly: bool = False,
    ) -> Self:
        """Open (creating and migrating as needed) the database at ``path``.

        With ``readonly`` (for commands that only read: ``articles``, ``export``,
        ``rechecks``) any write raises ``StoreError``, and a file that cannot be
        written (a read-only file or file system) is opened read-only (``mode=ro``,
        else ``immutable`` when no ``-wal`` holds commits) instead of being refused.
        A writable file is opened as usual (so its ``-wal`` is cleaned up on close),
        and one whose schema is older than this reader's too (it must be migrated).

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
        file_path = Path(name).expanduser()
        if readonly and not memory and file_path.exists() and not os.access(file_path, os.W_OK):
            opened = cls._open_readonly(file_path, author, busy_timeout_ms)
            if opened is not None:
                return opened
        if not memory:
            file_path = Path(name).expanduser()
            _check_file_path(file_path)
            name = str(file_path)
        who = default_author() if author is None else (optional_text(author, "author") or "")
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
                version = migrations.check_connection(conn, name)
                if not memory:
                    conn.execute("PRAGMA journal_mode = WAL")
                if version < migrations.SCHEMA_VERSION:
                    migrations.migrate(cast("Database", _Connection(conn)), name, version)
                if readonly:
                    conn.execute("PRAGMA query_only = ON")
        except BaseException:
            conn.close()
            raise
        return cls(conn, path=name, author=who)

    @classmethod
    def _open_readonly(cls, path: Path, author: str | None, busy_timeout_ms: int) -> Self | None:
        """The read-only open of :meth:`open`; ``None`` when the file needs a migration.

        ``mode=ro`` reads with the normal locks (the ``-wal`` included). Where that
        cannot work (a read-only file system, where no ``-shm`` can be made) and no
        ``-wal`` holds commits, the file is opened ``immutable``: nobody can be
        writing to it there."""
        _check_readable_file(path)
        who = default_author() if author is None else (optional_text(author, "author") or "")
        if not who:
            raise StoreError("author must not be empty")
        label = f"cannot open {path}"
        wal = Path(f"{path}-wal")
        for immutable in (False, True):
            if immutable and wal.exists() and wal.stat().st_size > 0:
                break
            with translate_errors(label):
                conn = sqlite3.connect(
                    _readonly_uri(path, immutable=immutable),
                    uri=True,
                    isolation_level=None,
                    timeout=busy_timeout_ms / 1000,
                    check_same_thread=False,
                )
            try:
                with translate_errors(label):
                    conn.execute(f"PRAGMA busy_timeout = {busy_timeout_ms}")
                    conn.execute("PRAGMA query_only = ON")
                    version = migrations.check_connection(conn, str(path))
            except StoreError as error:
                conn.close()
                cause = error.__cause__
                if (
                    not immutable
                    and isinstance(cause, sqlite3.Error)
                    and (primary_code(cause) in ("SQLITE_CANTOPEN", "SQLITE_READONLY"))
                ):
                    continue  # no -shm can be made here: try immutable
                raise
            except BaseException:
                conn.close()
                raise
            if version < migrations.SCHEMA_VERSION:
                conn.close()
                return None
            return cls(conn, path=str(path), author=who)
        raise StoreError(
            f"{label}: it is read-only here and has uncommitted changes in {wal.name}; "
            "open it once where it is writable"
        )

    def close(self) -> None:
        """Close the connection (idempotent)."""
        self._conn.close()
        if self._file_key is not None:
            _OPEN_FILES.discard(self._file_key)
            self._file_key = None

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
        return self._connection.database

    @translate_errors()
    def release_memory(self) -> None:
        """Free the memory SQLite keeps for this connection and can do without (its page
        cache: ``PRAGMA shrink_memory``), before long work that leaves the database
        alone (issue 12: the rules run ~30 s on a 10 MB article)."""
        self._conn.execute("PRAGMA shrink_memory")

    @translate_errors()
    def data_version(self) -> int:
        """SQLite's ``PRAGMA data_version``: it changes when *another* connection (say,
        another reader process) commits to the database; cheap enough to poll."""
        return int(self._conn.execute("PRAGMA data_version").fetchone()[0])

    # -- helpers ---------------------------------------------------------------------------

    # The rows as dicts, as ``sqlite_utils.Database.query`` gives them: _Connection.query,
    # on the connection (sqlite-utils not imported).

    def _rows(self, sql: str, params: list[Any] | dict[str, Any] | None = None) -> list[dict]:
        return list(self._connection.query(sql, params))

    def _one(self, sql: str, params: list[Any] | dict[str, Any] | None = None) -> dict | None:
        return next(self._connection.query(sql, params), None)

    @contextlib.contextmanager
    def _small_page_cache(self) -> Iterator[None]:
        """A small SQLite page cache for one pass over many pages (a 10 MB article's
        text, its suggestion cache): each page is read once, and the default 2 MB cache
        it would fill stays resident for the connection's life (issue 12's memory
        target). The connection's cache size is set back after."""
        conn = self._conn
        cache_size = int(conn.execute("PRAGMA cache_size").fetchone()[0])
        conn.execute(f"PRAGMA cache_size = {SCAN_CACHE_SIZE}")
        try:
            yield
        finally:
            conn.execute(f"PRAGMA cache_size = {cache_size}")

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
