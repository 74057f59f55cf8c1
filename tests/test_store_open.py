"""Opening, creating, migrating and refusing databases; locking and commit behaviour."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

import pytest
from store_helpers import small_article

from reader.store import Store, StoreError, default_db_path
from reader.store.migrations import APPLICATION_ID, SCHEMA_VERSION

pytest_plugins = ["store_fixtures"]  # mem_store, db_path, file_store

READER_TABLES = {"meta", "articles", "annotations", "tags", "history"}


def _pragma(path: Path, name: str) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"PRAGMA {name}").fetchone()[0]
    finally:
        conn.close()


def _assert_refused(path: Path, match: str) -> None:
    """Opening ``path`` fails with a one-line StoreError and changes no file."""
    before = {p.name: p.read_bytes() for p in path.parent.iterdir() if p.is_file()}
    with pytest.raises(StoreError, match=match) as info:
        Store.open(path, busy_timeout_ms=100)
    assert "\n" not in str(info.value)
    after = {p.name: p.read_bytes() for p in path.parent.iterdir() if p.is_file()}
    assert after == before  # same bytes, and no -wal / -shm / -journal created


def test_new_file_is_created_and_migrated(db_path: Path) -> None:
    with Store.open(db_path) as store:
        assert set(store.db.table_names()) >= READER_TABLES
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert store.db.execute("PRAGMA busy_timeout").fetchone()[0] == 5000
    assert _pragma(db_path, "user_version") == SCHEMA_VERSION
    assert _pragma(db_path, "application_id") == APPLICATION_ID


def test_empty_existing_file_is_migrated(db_path: Path) -> None:
    db_path.touch()
    with Store.open(db_path) as store:
        assert {t.name for t in store.tags()} == {"claim", "quote"}
    assert _pragma(db_path, "user_version") == SCHEMA_VERSION


def test_seeded_tags_have_distinct_colours(file_store: Store) -> None:
    colours = {t.name: t.colour for t in file_store.tags()}
    assert colours == {"claim": "#e5c07b", "quote": "#61afef"}


def test_reopen_is_idempotent(db_path: Path) -> None:
    with Store.open(db_path) as store:
        stored, _ = store.import_article(small_article())
    schema = sqlite3.connect(db_path).execute("SELECT sql FROM sqlite_master").fetchall()
    with Store.open(db_path) as store:
        assert [a.id for a in store.list_articles()] == [stored.id]
        assert len(store.tags()) == 2  # seeds not inserted twice
    assert sqlite3.connect(db_path).execute("SELECT sql FROM sqlite_master").fetchall() == schema
    assert _pragma(db_path, "user_version") == SCHEMA_VERSION


def test_opening_a_current_database_checks_its_schema_with_one_query(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Start-up (issue 12): no table list, no second version read, no migration step.
    Store.open(db_path).close()
    statements: list[str] = []
    connect = sqlite3.connect

    def traced(*args: object, **kwargs: object) -> sqlite3.Connection:
        conn = connect(*args, **kwargs)  # type: ignore[arg-type]
        conn.set_trace_callback(statements.append)
        return conn

    monkeypatch.setattr("reader.store.base.sqlite3.connect", traced)
    with Store.open(db_path) as store:
        assert store.article_count() == 0
    # ("-- ..." lines are what SQLite runs inside a statement: the pragma functions.)
    top = [s for s in statements if not s.startswith("--")]
    schema = [s for s in top if "version" in s or "sqlite_master" in s]
    assert schema == [
        "SELECT application_id, user_version FROM pragma_application_id, pragma_user_version"
    ]
    assert not any(s.startswith(("BEGIN", "CREATE", "ALTER")) for s in top)


def test_missing_parent_directories_are_created(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "reader.db"
    with Store.open(path):
        pass
    assert path.is_file()


def test_memory_store_works_without_wal() -> None:
    with Store.open(":memory:", busy_timeout_ms=50) as store:
        assert store.path == ":memory:"
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "memory"
        assert store.db.execute("PRAGMA busy_timeout").fetchone()[0] == 50


def test_default_db_path_is_reader_db_in_user_data_dir() -> None:
    path = default_db_path()
    assert path.name == "reader.db"
    assert path.is_absolute()


def test_refuses_future_schema_version(db_path: Path) -> None:
    with Store.open(db_path):
        pass
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    _assert_refused(db_path, r"newer version of reader")


def test_refuses_foreign_sqlite_database(db_path: Path) -> None:
    conn = sqlite3.connect(db_path)
    conn.execute("CREATE TABLE foo (x)")
    conn.execute("INSERT INTO foo VALUES (1)")
    conn.commit()
    conn.close()
    _assert_refused(db_path, r"not a reader database")


def test_refuses_foreign_application_id(db_path: Path) -> None:
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA application_id = 1234")
    conn.close()
    _assert_refused(db_path, r"not a reader database \(application id 0x000004d2\)")


def test_refuses_non_sqlite_file(db_path: Path) -> None:
    db_path.write_text("just some notes\n" * 20, encoding="utf-8")
    _assert_refused(db_path, r"not a SQLite database")


def test_refuses_short_non_sqlite_file(db_path: Path) -> None:
    db_path.write_bytes(b"hello")
    _assert_refused(db_path, r"not a SQLite database")


def test_refuses_directory(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is a directory"):
        Store.open(tmp_path)


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write read-only files")
def test_refuses_unwritable_file(db_path: Path) -> None:
    with Store.open(db_path):
        pass
    db_path.chmod(0o444)
    try:
        _assert_refused(db_path, r"permission denied")
    finally:
        db_path.chmod(0o644)


def test_rejects_bad_busy_timeout() -> None:
    with pytest.raises(StoreError, match="busy_timeout_ms"):
        Store.open(":memory:", busy_timeout_ms=-1)


def test_author_defaults_to_login_name_and_can_be_overridden(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("getpass.getuser", lambda: "alice")
    with Store.open(":memory:") as store:
        assert store.author == "alice"
    with Store.open(":memory:", author="bob") as store:
        assert store.author == "bob"


def test_author_falls_back_when_login_name_is_unknown(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail() -> str:
        raise OSError("no login")

    monkeypatch.setattr("getpass.getuser", fail)
    with Store.open(":memory:") as store:
        assert store.author == "unknown"


def test_locked_database_fails_quickly_with_store_error(db_path: Path) -> None:
    with Store.open(db_path, busy_timeout_ms=100) as store:
        stored, _ = store.import_article(small_article())
        other = sqlite3.connect(db_path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # hold the write lock on purpose
        try:
            started = time.monotonic()
            with pytest.raises(StoreError, match="locked") as info:
                store.add_annotation(stored.id, 0, 3, "claim")
            assert time.monotonic() - started < 10  # the 100 ms timeout, not a hang
            assert "\n" not in str(info.value)
            assert isinstance(info.value.__cause__, sqlite3.OperationalError)
            assert store.annotations(stored.id) == []  # reads still work under WAL
        finally:
            other.execute("ROLLBACK")
            other.close()
        store.add_annotation(stored.id, 0, 3, "claim")  # and writes work once released
        assert len(store.annotations(stored.id)) == 1


def test_each_action_is_committed_before_returning(db_path: Path) -> None:
    def seen() -> list[tuple]:
        conn = sqlite3.connect(db_path)
        try:
            return conn.execute(
                "SELECT tag, status, note, deleted_at IS NOT NULL FROM annotations"
            ).fetchall()
        finally:
            conn.close()

    with Store.open(db_path) as store:
        stored, _ = store.import_article(small_article())
        with Store.open(db_path) as second:
            assert second.get_article(stored.id).content_hash == stored.content_hash
        note = store.add_annotation(stored.id, 0, 3, "claim")
        assert seen() == [("claim", "unverified", None, 0)]
        store.cycle_status(note.id)
        assert seen() == [("claim", "supported", None, 0)]
        store.update_annotation(note.id, note="checked")
        assert seen() == [("claim", "supported", "checked", 0)]
        store.delete_annotation(note.id)
        assert seen() == [("claim", "supported", "checked", 1)]
        store.undo(stored.id)
        assert seen() == [("claim", "supported", "checked", 0)]
        store.redo(stored.id)
        assert seen() == [("claim", "supported", "checked", 1)]
        store.ensure_tag("person", "#123456")
        with Store.open(db_path) as second:
            assert "person" in {t.name for t in second.tags()}


def test_failed_action_rolls_back() -> None:
    with Store.open(":memory:") as store:
        stored, _ = store.import_article(small_article())
        with pytest.raises(StoreError, match="invalid tag name"):
            store.add_annotation(stored.id, 0, 3, "bad/tag")
        assert store.annotations(stored.id, include_deleted=True) == []
        assert store.db.execute("SELECT count(*) FROM history").fetchone()[0] == 0
        assert not store.db.conn.in_transaction


def test_closed_store_is_a_bug_not_a_store_error() -> None:
    """Using a store after ``close`` is a programming error: it is not dressed up as a
    ``StoreError`` (which the CLI shows as a user's problem) but propagates."""
    store = Store.open(":memory:")
    store.close()
    with pytest.raises(sqlite3.ProgrammingError):
        store.tags()


def test_migrations_are_frozen_and_import_no_model_code() -> None:
    """A migration must keep doing what it did when it shipped: reader/store/migrations.py
    holds copies of what it uses and imports only the standard library, sqlite-utils and
    the store's error and transaction helpers (issue 10)."""
    import ast
    import sys

    from reader.store import migrations

    tree = ast.parse(Path(migrations.__file__).read_text(encoding="utf-8"))
    imported: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module)
    allowed_reader = {"reader.store.errors", "reader.store.transactions"}
    for name in imported:
        top = name.split(".")[0]
        if top == "reader":
            assert name in allowed_reader, name
        else:
            assert top in sys.stdlib_module_names or top in ("sqlite_utils", "__future__"), name


def _set_user_version(db_path: Path, version: int) -> None:
    with Store.open(db_path):
        pass
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute(f"PRAGMA user_version = {version}")
    conn.close()


def test_refuses_negative_schema_version(db_path: Path) -> None:
    # Issue 13, finding 18: a negative user_version indexed the migrations from the end.
    _set_user_version(db_path, -3)
    _assert_refused(db_path, r"damaged \(schema version -3\)")


@pytest.mark.parametrize("version", [0, 2])
def test_refuses_schema_version_older_than_its_tables(db_path: Path, version: int) -> None:
    # Issue 13, finding 21: a migration re-creating existing tables was a raw SQLite error.
    _set_user_version(db_path, version)
    before = db_path.read_bytes()
    with pytest.raises(StoreError, match=rf"schema version \({version}\) does not match"):
        Store.open(db_path, busy_timeout_ms=100)
    assert _pragma(db_path, "user_version") == version  # the failed step was rolled back
    assert len(db_path.read_bytes()) == len(before)


def _schema_and_rows(path: Path) -> tuple[list[tuple[str, str, str]], dict[str, list[tuple]]]:
    conn = sqlite3.connect(path)
    try:
        schema = conn.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' "
            "ORDER BY type, name"
        ).fetchall()
        rows = {
            name: sorted(conn.execute(f'SELECT * FROM "{name}"').fetchall(), key=repr)
            for kind, name, _sql in schema
            if kind == "table"
        }
        return schema, rows
    finally:
        conn.close()


def test_a_new_database_is_made_in_one_commit_as_the_steps_make_it(tmp_path: Path) -> None:
    # Start-up (issue 12): each commit waits for the disk; a new database is made by all
    # the migrations in one transaction, the same schema and rows as step by step.
    from reader.store import migrations

    commits: list[str] = []
    real_connect = sqlite3.connect

    def connect(*args: object, **kwargs: object) -> sqlite3.Connection:
        conn = real_connect(*args, **kwargs)  # type: ignore[arg-type]
        conn.set_trace_callback(lambda sql: commits.append(sql) if sql == "COMMIT" else None)
        return conn

    new = tmp_path / "new.db"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sqlite3, "connect", connect)
        Store.open(new).close()
    assert commits == ["COMMIT"]

    stepped = tmp_path / "stepped.db"
    conn = sqlite3.connect(stepped, isolation_level=None)
    from sqlite_utils import Database

    migrations.MIGRATIONS[0](Database(conn))
    conn.execute("PRAGMA user_version = 1")
    conn.close()
    Store.open(stepped).close()  # versions 2 to SCHEMA_VERSION, one transaction each

    assert _pragma(new, "user_version") == _pragma(stepped, "user_version") == SCHEMA_VERSION
    assert _pragma(new, "application_id") == APPLICATION_ID
    assert _schema_and_rows(new) == _schema_and_rows(stepped)


_OPEN_AND_ANNOTATE = """
import sys
from reader.io.importers import load_seed
from reader.store import Store

with Store.open(sys.argv[1], author="tester") as store:  # a new database
    stored, _ = store.import_article(load_seed())
    store.add_annotation(stored.id, 0, 5, "claim")
    store.undo(stored.id)
    store.redo(stored.id)
with Store.open(sys.argv[1], author="tester") as store:
    (entry,) = store.list_articles()
    store.library_entries()
    store.mark_read(entry.id)
    stored = store.get_article(entry.id)
    (note,) = store.annotations(entry.id)
    store.tags()
    store.data_version()
    store.article_count()
    store.find_article_by_hash(stored.content_hash)
print("sqlite_utils" in sys.modules, note.tag, note.start, note.end)
"""


def test_opening_reading_and_annotating_do_not_import_sqlite_utils(db_path: Path) -> None:
    # Start-up (issue 12): sqlite-utils (with dateutil, pluggy and click: ~25 ms) is not
    # imported to make a database, import an article, open it or annotate it.
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", _OPEN_AND_ANNOTATE, str(db_path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "claim", "0", "5"]


def test_the_store_inserts_as_sqlite_utils_does(db_path: Path) -> None:
    # The store's own inserts (reader/store/base.py, _Table) and sqlite-utils' give the
    # same rows: missing keys are NULL, one savepoint (a failed row inserts none).
    from sqlite_utils import Database

    with Store.open(db_path, author="tester") as store:
        conn = store._conn
        conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b INTEGER UNIQUE)")
        rows = [{"a": "x", "b": 1}, {"b": 2}, {"a": None, "b": 3, "id": 10}, {"a": "y"}]
        store._db.table("t").insert_all(rows)
        store._db.table("t").insert({"a": "z", "b": 4})
        mine = conn.execute("SELECT * FROM t ORDER BY id").fetchall()
        with pytest.raises(sqlite3.IntegrityError):
            store._db.table("t").insert_all([{"b": 5}, {"b": 1}])
        assert conn.execute("SELECT count(*) FROM t").fetchone()[0] == len(mine)
        conn.execute("DELETE FROM t")
        Database(conn).table("t").insert_all(rows)
        Database(conn).table("t").insert({"a": "z", "b": 4})
        assert conn.execute("SELECT * FROM t ORDER BY id").fetchall() == mine
