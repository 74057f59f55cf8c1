"""A stranger's file is untrusted: crafted and broken share files, generated in the tests.

Each case: nothing of the file is executed, the local database is byte-identical
on refusal or changed only by the valid rows, and the report says what was skipped.
"""

from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path

import pytest
from cli_helpers import assert_one_line_error, run
from merge_helpers import digest, seeded_db, shared, state

from reader.io.importers import load_seed
from reader.store import Store, StoreError
from reader.store.merge import merge_files
from reader.store.migrations import APPLICATION_ID, SCHEMA_VERSION
from reader.store.untrusted import KNOWN_COLUMNS

SEED = load_seed()
LEAD = SEED.text.index("Israel mounted")


@pytest.fixture
def local(tmp_path: Path) -> Path:
    """The local database: the seed, one annotation, checkpointed (no -wal)."""
    path = tmp_path / "local.db"
    article_id = seeded_db(path, "me")
    with Store.open(path, author="me") as store:
        store.add_annotation(article_id, LEAD, LEAD + 6, "claim")
    return path


@pytest.fixture
def share_file(tmp_path: Path) -> tuple[Path, str]:
    """A genuine share with three annotations by "them"; the article id."""
    theirs = tmp_path / "theirs.db"
    article_id = seeded_db(theirs, "them")
    with Store.open(theirs, author="them") as store:
        for offset in (0, 10, 20):
            store.add_annotation(article_id, LEAD + offset, LEAD + offset + 5, "quote")
    return shared(theirs, tmp_path / "share.db"), article_id


def loosen(source: Path, target: Path) -> Path:
    """A copy of a share file whose tables have no types, keys or constraints."""
    conn = sqlite3.connect(target, isolation_level=None)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    conn.execute("ATTACH DATABASE ? AS src", [str(source)])
    for table, columns in KNOWN_COLUMNS.items():
        names = ", ".join(f'"{c}"' for c in columns)
        conn.execute(f"CREATE TABLE {table} ({names})")
        conn.execute(f"INSERT INTO {table} SELECT {names} FROM src.{table}")
    conn.execute("DETACH DATABASE src")
    conn.close()
    return target


def execute(path: Path, *statements: str, params: list | None = None) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    for statement in statements:
        conn.execute(statement, params or [])
    conn.close()


def merge(local: Path, *files: Path):
    with Store.open(local, author="me") as store:
        return merge_files(store, list(files))


def annotation_row(path: Path) -> list:
    conn = sqlite3.connect(path)
    row = conn.execute("SELECT * FROM annotations ORDER BY rowid LIMIT 1").fetchone()
    conn.close()
    return list(row)


def test_triggers_in_the_file_never_fire(
    local: Path, share_file: tuple[Path, str], tmp_path: Path
) -> None:
    path, _ = share_file
    execute(
        path,
        "CREATE TABLE log (x)",
        "CREATE TRIGGER t1 AFTER INSERT ON annotations BEGIN "
        "INSERT INTO log VALUES (1); DELETE FROM tags; END",
        "CREATE TRIGGER t2 AFTER UPDATE ON annotations BEGIN DELETE FROM articles; END",
        "CREATE TRIGGER t3 BEFORE DELETE ON articles BEGIN INSERT INTO log VALUES (2); END",
        "CREATE TEMP TABLE x (y)",  # temp objects are never stored in the file
    )
    before = path.read_bytes()
    (report,) = merge(local, path)
    assert (report.new, report.skipped_total) == (3, 0)
    assert path.read_bytes() == before
    assert not Path(f"{path}-journal").exists() and not Path(f"{path}-wal").exists()
    conn = sqlite3.connect(local)
    assert conn.execute("SELECT count(*) FROM tags").fetchone()[0] >= 2
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert "log" not in names and "t1" not in names
    conn.close()


@pytest.mark.parametrize("table", ["annotations", "articles", "tags"])
def test_a_view_shadowing_a_table_is_refused_and_local_is_untouched(
    local: Path, share_file: tuple[Path, str], table: str
) -> None:
    path, _ = share_file
    execute(
        path,
        f"ALTER TABLE {table} RENAME TO real_{table}",
        f"CREATE VIEW {table} AS SELECT * FROM real_{table}",
    )
    before = digest(local)
    result = run("--db", local, "merge", path)
    assert_one_line_error(result, contains=f"'{table}' is a view")
    assert digest(local) == before


def test_computed_columns_are_refused(local: Path, tmp_path: Path) -> None:
    path = tmp_path / "gen.db"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("PRAGMA user_version = 1")
    for table, columns in KNOWN_COLUMNS.items():
        cols = [f'"{c}"' if c != "note" else "note AS (upper(tag))" for c in columns]
        conn.execute(f"CREATE TABLE {table} ({', '.join(cols)})")
    conn.close()
    before = digest(local)
    with pytest.raises(StoreError, match="computed"):
        merge(local, path)
    assert digest(local) == before


def test_extra_tables_and_other_tables_are_ignored(
    local: Path, share_file: tuple[Path, str]
) -> None:
    path, article_id = share_file
    execute(
        path,
        "CREATE TABLE evil (payload)",
        "INSERT INTO evil VALUES ('x')",
        "INSERT INTO meta VALUES ('evil', 'x')",
    )
    with Store.open(local) as store:
        history_before = store.db.execute("SELECT count(*) FROM history").fetchone()[0]
    (report,) = merge(local, path)
    assert report.new == 3
    conn = sqlite3.connect(local)
    assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'evil'").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM meta").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM history").fetchone()[0] == history_before
    conn.close()
    del article_id


def test_a_100_mb_cell_is_skipped_not_copied(local: Path, share_file: tuple[Path, str]) -> None:
    path, _ = share_file
    first = annotation_row(path)[0]
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("UPDATE annotations SET note = ? WHERE id = ?", ["x" * 100_000_000, first])
    conn.execute("VACUUM")
    conn.close()
    (report,) = merge(local, path)
    assert report.new == 2
    assert report.skipped == {"bad note": 1}
    assert first not in {row[0] for row in state(local)}


def test_wrong_types_nulls_duplicates_and_bad_offsets_are_skipped_with_reasons(
    local: Path, share_file: tuple[Path, str], tmp_path: Path
) -> None:
    path, article_id = share_file
    loose = loosen(path, tmp_path / "loose.db")
    good = annotation_row(loose)
    text_len = len(SEED.text)

    def bad(index: str, **changes: object) -> None:
        row = dict(zip(KNOWN_COLUMNS["annotations"], good, strict=True))
        row.update(id=f"00000000-0000-4000-8000-{index:0>12}", **changes)
        conn = sqlite3.connect(loose, isolation_level=None)
        conn.execute(
            f"INSERT INTO annotations VALUES ({', '.join('?' * len(row))})", list(row.values())
        )
        conn.close()

    bad("1", start=str(good[2]))  # text, not integer
    bad("2", end=None)
    bad("3", status=None)
    bad("4", status="maybe")
    bad("5", tag=42)
    bad("6", exact=b"bytes")
    bad("7", author=None)
    bad("8", start=-1)
    bad("9", end=text_len + 1)
    bad("10", start=good[3], end=good[3])
    bad("11", exact="not the text")
    bad("12", article_id="nosucharticle")
    bad("13", created_at="yesterday")
    bad("14", tag="Not Normalised")
    bad("15", speaker="x" * 10_000)
    bad("aaa")
    bad("aaa", note="second copy")
    execute(loose, "UPDATE annotations SET id = 12345 WHERE id = ?", params=[good[0]])
    (report,) = merge(local, loose)
    assert report.new == 2
    assert report.skipped == {
        "bad annotation id": 1,
        "offsets are not integers": 2,
        "unknown status": 2,
        "invalid tag": 2,
        "exact text does not match the article": 2,
        "bad author": 1,
        "offsets out of range": 3,
        "unknown or invalid article": 1,
        "bad timestamp": 1,
        "bad speaker": 1,
        "duplicate annotation id in the file": 2,
    }
    del article_id


@pytest.mark.parametrize(
    ("stamp", "valid"),
    [
        ("2024-02-29T12:00:00Z", True),  # a leap year
        ("2000-02-29T00:00:00.5Z", True),  # divisible by 400
        ("2023-02-29T00:00:00Z", False),
        ("2100-02-29T00:00:00Z", False),  # divisible by 100
        ("2026-04-31T00:00:00Z", False),
        ("2026-12-31T23:59:59.123456789Z", True),
        ("2026-13-01T00:00:00Z", False),
        ("2026-00-10T00:00:00Z", False),
        ("2026-01-00T00:00:00Z", False),
        ("2026-01-01T24:00:00Z", False),
        ("2026-01-01T23:60:00Z", False),
        ("2026-01-01T23:59:60Z", False),
        ("0001-01-01T00:00:00Z", True),
        ("2026-01-01T00:00:00.1234567890Z", False),  # 10 digits of fraction
        ("2026-01-01T00:00:00.Z", False),
        ("2026-01-01T00:00:00.12a4Z", False),
    ],
)
@pytest.mark.parametrize("column", ["created_at", "updated_at", "deleted_at"])
def test_timestamps_are_real_dates_and_times(
    local: Path, share_file: tuple[Path, str], tmp_path: Path, column: str, stamp: str, valid: bool
) -> None:
    """The calendar check agrees with SQLite's own (``strftime(julianday(x))`` giving x
    back), on each timestamp column, also when created_at or deleted_at is the same text
    as updated_at (checked once)."""
    path, _ = share_file
    loose = loosen(path, tmp_path / "loose.db")
    first = annotation_row(loose)[0]
    conn = sqlite3.connect(":memory:")
    calendar = conn.execute(
        "SELECT strftime('%Y-%m-%dT%H:%M:%S', julianday(substr(?, 1, 19))) IS substr(?, 1, 19)",
        [stamp, stamp],
    ).fetchone()[0]
    conn.close()
    assert bool(calendar) == valid or "." in stamp[19:]  # the fraction: our rule only
    others = {"created_at": stamp, "updated_at": stamp} if column == "updated_at" else {}
    values = {column: stamp, **others}
    sets = ", ".join(f"{name} = ?" for name in values)
    execute(loose, f"UPDATE annotations SET {sets} WHERE id = ?", params=[*values.values(), first])
    (report,) = merge(local, loose)
    merged = {row[0] for row in state(local)}
    assert (first in merged) == valid
    assert report.skipped == ({} if valid else {"bad timestamp": 1})


def test_bad_article_rows_skip_the_article_and_its_annotations(
    local: Path, share_file: tuple[Path, str], tmp_path: Path
) -> None:
    path, _ = share_file
    loose = loosen(path, tmp_path / "loose.db")
    execute(loose, "UPDATE articles SET text = text || 'tampered'")
    (report,) = merge(local, loose)
    assert report.new == 0
    assert report.skipped == {
        "article: text does not match its hash": 1,
        "unknown or invalid article": 3,
    }


@pytest.mark.parametrize("column", ["structure", "metadata"])
def test_json_nested_too_deep_to_parse_skips_the_article(
    local: Path, share_file: tuple[Path, str], tmp_path: Path, column: str
) -> None:
    # json.loads raises RecursionError (not ValueError) on "[[[[…": it escaped as a traceback.
    path, _ = share_file
    loose = loosen(path, tmp_path / "loose.db")
    deep = "[" * 40_000 + "]" * 40_000  # under the length caps
    execute(loose, f"UPDATE articles SET {column} = ?", params=[deep])
    before = digest(local)
    (report,) = merge(local, loose)
    assert report.new == 0
    assert report.skipped == {"article: bad structure": 1, "unknown or invalid article": 3}
    assert digest(local) == before
    agreed = run("agree", loose, "--author", "a", "--author", "b")
    assert agreed.exit_code == 0, agreed.output
    assert "skipped 1: article: bad structure" in agreed.stdout


def _foreign(path: Path) -> None:
    execute(path, "CREATE TABLE customers (name)")


def _future(path: Path) -> None:
    execute(path, f"PRAGMA user_version = {SCHEMA_VERSION + 1}")


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p, s: p.write_text("hello, not a database"), "not a SQLite database"),
        (lambda p, s: p.write_bytes(s.read_bytes()[:5000]), "truncated"),
        (lambda p, s: p.write_bytes(b""), "not a SQLite database"),
        (lambda p, s: (p.write_bytes(s.read_bytes()), _future(p)), "newer version"),
        (lambda p, s: _foreign(p), "not a reader database"),
        (lambda p, s: p.mkdir(), "directory"),
        (lambda p, s: None, "No such file"),
    ],
    ids=["text", "truncated", "empty", "future", "foreign", "directory", "missing"],
)
def test_files_that_are_not_share_files_are_refused_in_one_line(
    local: Path, share_file: tuple[Path, str], tmp_path: Path, make, message: str
) -> None:
    source, _ = share_file
    target = tmp_path / "incoming.db"
    make(target, source)
    before = digest(local)
    result = run("--db", local, "merge", target)
    assert_one_line_error(result, contains=message)
    assert digest(local) == before


def test_a_file_open_in_another_program_is_merged_whole(
    local: Path, tmp_path: Path, share_file: tuple[Path, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Issue 13, finding 3: commits still in the -wal of a file another process had open
    # were missed (136 of 200 merged, exit 0).
    path, _ = share_file
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    other = sqlite3.connect(path, isolation_level=None)
    try:
        other.execute("PRAGMA journal_mode = WAL")
        other.execute("PRAGMA wal_autocheckpoint = 0")  # every commit stays in the -wal
        other.execute(
            "INSERT INTO annotations SELECT lower(hex(randomblob(16))), article_id, start + 1, "
            '"end" + 1, substr((SELECT text FROM articles), start + 2, "end" - start), '
            "prefix, suffix, tag, speaker, status, note, author, created_at, updated_at, "
            "deleted_at, origin FROM annotations"
        )
        assert Path(f"{path}-wal").stat().st_size > 0
        expected = other.execute(
            "SELECT count(*) FROM annotations WHERE deleted_at IS NULL"
        ).fetchone()[0]
        (report,) = merge(local, path)
        assert report.skipped_total == 0, report.skipped
        assert report.new == expected == 6
        assert list(scratch.iterdir()) == []  # the snapshot is gone
    finally:
        other.close()


def test_a_file_being_written_is_reported_as_busy_not_damaged(
    local: Path, share_file: tuple[Path, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Issue 13, finding 20: a file in the middle of a write was called damaged.
    monkeypatch.setattr("reader.store.untrusted.SNAPSHOT_BUSY_TIMEOUT_S", 0.1)
    path, _ = share_file
    other = sqlite3.connect(path, isolation_level=None)
    try:
        other.execute("PRAGMA journal_mode = DELETE")
        other.execute("BEGIN EXCLUSIVE")
        other.execute("UPDATE annotations SET note = 'x'")
        before = digest(local)
        with pytest.raises(StoreError, match="open in another program") as info:
            merge(local, path)
        assert "damaged" not in str(info.value)
        assert digest(local) == before
    finally:
        other.execute("ROLLBACK")
        other.close()


def _with_many_tags(path: Path, count: int) -> None:
    """Give each annotation of a share file its own tag, adding copies until there are
    ``count`` annotations (and tags)."""
    execute(
        path,
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) "
        "INSERT INTO annotations SELECT lower(hex(randomblob(16))), article_id, start, "
        '"end", exact, prefix, suffix, tag, speaker, status, note, author, created_at, '
        "updated_at, deleted_at, origin FROM (SELECT * FROM annotations LIMIT 1), n",
        params=[count - 3],
    )
    execute(path, "UPDATE annotations SET tag = 'tag ' || rowid")


def test_a_file_with_too_many_tags_is_refused_whole(
    local: Path, share_file: tuple[Path, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Issue 13, finding 24: of 100,000 tags, 10,000 were added for good and the rows of
    # the 90,000 others called "invalid tag" (and the adding was quadratic).
    monkeypatch.setattr("reader.store.merge.MAX_TAGS", 50)
    path, _ = share_file
    _with_many_tags(path, 51)
    before = digest(local)
    with pytest.raises(StoreError, match="more than 50 tags"):
        merge(local, path)
    assert digest(local) == before


def test_many_tags_get_palette_colours_as_ensure_tag_gives_them(
    local: Path, share_file: tuple[Path, str], tmp_path: Path
) -> None:
    path, _ = share_file
    _with_many_tags(path, 40)
    (report,) = merge(local, path)
    assert report.new == 40 and report.skipped_total == 0
    other = tmp_path / "other.db"
    seeded_db(other, "me")
    with Store.open(local) as merged, Store.open(other) as one_by_one:
        for name in sorted(f"tag {number}" for number in range(1, 41)):  # merge order
            one_by_one.ensure_tag(name)
        expected = {t.name: t.colour for t in one_by_one.tags()}
        assert {t.name: t.colour for t in merged.tags()} == expected
