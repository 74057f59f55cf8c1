"""Issue 13: hostile input and failures (symlinks, FIFOs, signals, terminals, limits).

Each test names the finding it covers; README.md "Reliability" has one row per finding.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from cli_helpers import assert_one_line_error, make_annotated_db, run
from store_helpers import small_article

from reader.store import Store, StoreError


@pytest.mark.parametrize("command", ["export", "share"])
def test_output_through_a_symlink_replaces_its_target_and_keeps_the_link(
    tmp_path: Path, command: str
) -> None:
    # Finding 5: the symlink itself was replaced by a regular file.
    mine = make_annotated_db(tmp_path / "mine.db")
    real = tmp_path / "real" / "out.file"
    real.parent.mkdir()
    real.write_text("old\n", encoding="utf-8")
    link = tmp_path / "link.file"
    link.symlink_to(real)
    args = ["-o", link] if command == "export" else [link, "--force"]
    result = run("--db", mine.path, command, *args)
    assert result.exit_code == 0, result.stderr
    assert link.is_symlink()
    assert real.read_bytes() != b"old\n"
    assert [p.name for p in real.parent.iterdir()] == ["out.file"]  # no temporary left


@pytest.mark.parametrize("command", ["export", "share"])
def test_output_to_a_fifo_is_refused_and_the_fifo_kept(tmp_path: Path, command: str) -> None:
    # Finding 5: a FIFO (or a device, as root even /dev/full) was replaced by a regular file.
    mine = make_annotated_db(tmp_path / "mine.db")
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    args = ["-o", fifo] if command == "export" else [fifo, "--force"]
    assert_one_line_error(run("--db", mine.path, command, *args), contains="not a regular file")
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary


def _grow(db: Path, copies: int) -> None:
    """Multiply the database's annotations (new ids, long notes) so writing them takes a while."""
    conn = sqlite3.connect(db, isolation_level=None)
    try:
        conn.execute(
            "INSERT INTO annotations SELECT lower(hex(randomblob(16))), article_id, start, "
            "\"end\", exact, prefix, suffix, tag, speaker, status, printf('%.500c', 'n'), "
            "author, created_at, updated_at, deleted_at, origin "
            "FROM annotations, (SELECT value FROM generate_series(1, ?))",
            [copies],
        )
    except sqlite3.OperationalError:  # no generate_series in this SQLite: a recursive CTE
        conn.execute(
            "WITH RECURSIVE n(value) AS (SELECT 1 UNION ALL SELECT value + 1 FROM n "
            "WHERE value < ?) "
            "INSERT INTO annotations SELECT lower(hex(randomblob(16))), article_id, start, "
            "\"end\", exact, prefix, suffix, tag, speaker, status, printf('%.500c', 'n'), "
            "author, created_at, updated_at, deleted_at, origin FROM annotations, n",
            [copies],
        )
    finally:
        conn.close()


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
@pytest.mark.parametrize("command", ["export", "share"])
def test_termination_mid_write_leaves_no_temporary_file(
    tmp_path: Path, command: str, signum: int
) -> None:
    # Finding 29: SIGTERM/SIGHUP during `share` or `export -o` left hidden temporary files.
    mine = make_annotated_db(tmp_path / "mine.db")
    _grow(mine.path, 10_000)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    target = out_dir / "result.file"
    args = ["export", "-o", target] if command == "export" else ["share", target]
    code = "import sys; from reader.cli import main; sys.exit(main())"
    process = subprocess.Popen(
        [sys.executable, "-c", code, "--db", str(mine.path), *map(str, args)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        while not any(out_dir.iterdir()):  # the temporary file appears: writing has begun
            assert process.poll() is None, "finished before it could be interrupted"
            time.sleep(0.005)
        process.send_signal(signum)
        process.wait(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 128 + signum, process.stderr.read() if process.stderr else ""
    assert list(out_dir.iterdir()) == []


_HOSTILE = "\x1b]0;pwned\x07Title\x1b[2J\x9b31m\u202e"


def _hostile_db(tmp_path: Path) -> Path:
    mine = make_annotated_db(tmp_path / "mine.db")
    conn = sqlite3.connect(mine.path, isolation_level=None)
    conn.execute("UPDATE articles SET title = ?", [_HOSTILE])
    conn.execute("UPDATE annotations SET note = ?", [_HOSTILE])
    conn.close()
    return mine.path


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "w3c"])
def test_export_to_a_terminal_drops_escape_sequences(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    # Finding 25: an escape sequence in a title changed the terminal's window title.
    db = _hostile_db(tmp_path)
    monkeypatch.setattr("reader.cli._stdout_is_terminal", lambda: True)
    result = run("--db", db, "export", "--format", fmt)
    assert result.exit_code == 0, result.stderr
    assert "Title" in result.stdout
    for unsafe in ("\x1b", "\x07", "\x9b", "\u202e"):
        assert unsafe not in result.stdout


def test_export_to_a_file_or_pipe_keeps_the_data_exact(tmp_path: Path) -> None:
    db = _hostile_db(tmp_path)
    result = run("--db", db, "export", "--format", "csv")  # CliRunner's stdout is no terminal
    assert _HOSTILE in result.stdout
    run("--db", db, "export", "-o", tmp_path / "out.csv")
    assert _HOSTILE in (tmp_path / "out.csv").read_text(encoding="utf-8")


# -- finding 2: one set of length limits, enforced where text enters -------------------------


def test_limits_are_the_same_on_both_sides_and_an_article_may_be_20_million() -> None:
    from reader.store.untrusted import LIMITS as READ_LIMITS
    from reader.store.validation import LIMITS as ENTRY_LIMITS

    assert READ_LIMITS is ENTRY_LIMITS
    assert ENTRY_LIMITS["text"] >= 20_000_000
    assert ENTRY_LIMITS["exact"] >= ENTRY_LIMITS["text"]


@pytest.mark.parametrize(("field", "limit"), [("note", 20_000), ("speaker", 500)])
def test_a_note_or_speaker_over_its_limit_is_refused_on_entry(field: str, limit: int) -> None:
    with Store.open(":memory:") as store:
        stored, _ = store.import_article(small_article())
        with pytest.raises(StoreError, match=f"the {field} is {limit + 1:,} characters long"):
            store.add_annotation(stored.id, 0, 3, "claim", **{field: "x" * (limit + 1)})
        kept = store.add_annotation(stored.id, 0, 3, "claim", **{field: "x" * limit})
        with pytest.raises(StoreError, match=f"at most {limit:,}"):
            store.update_annotation(kept.id, **{field: "y" * (limit + 1)})
        assert len(getattr(store.annotations(stored.id)[0], field)) == limit


def test_an_author_over_its_limit_is_refused() -> None:
    with pytest.raises(StoreError, match="the author is 201 characters long"):
        Store.open(":memory:", author="a" * 201)


def test_an_article_field_over_its_limit_is_refused_on_import() -> None:
    with Store.open(":memory:") as store:
        with pytest.raises(StoreError, match="the article's title is 2,001 characters"):
            store.import_article(small_article(title="t" * 2001))
        assert list(store.list_articles()) == []


def test_import_annotations_skips_a_note_over_its_limit(tmp_path: Path) -> None:
    mine = make_annotated_db(tmp_path / "mine.db")
    exported = tmp_path / "out.jsonl"
    assert run("--db", mine.path, "export", "--format", "jsonl", "-o", exported).exit_code == 0
    lines = exported.read_text(encoding="utf-8").splitlines()
    record = json.loads(lines[0])
    record["note"] = "n" * 20_001
    record["updated_at"] = "2099-01-01T00:00:00.000000Z"
    exported.write_text(json.dumps(record) + "\n", encoding="utf-8")
    result = run("--db", mine.path, "import-annotations", exported)
    assert result.exit_code == 1
    assert "note longer than 20,000 characters" in result.stdout


def test_share_warns_about_what_the_other_side_would_skip(tmp_path: Path) -> None:
    mine = make_annotated_db(tmp_path / "mine.db")
    conn = sqlite3.connect(mine.path, isolation_level=None)  # stored before the limits
    conn.execute("UPDATE annotations SET note = ? WHERE rowid = 1", ["n" * 20_001])
    conn.close()
    result = run("--db", mine.path, "share", tmp_path / "out.db")
    assert result.exit_code == 0, result.stderr
    assert "warning: 1 annotation would be skipped" in result.stderr
    clean = make_annotated_db(tmp_path / "clean.db")
    assert "warning" not in run("--db", clean.path, "share", tmp_path / "c.db").stderr


# -- finding 23: commands that only read open the database read-only -------------------------


def _deny_writing(monkeypatch: pytest.MonkeyPatch) -> None:
    """``os.access`` as on a read-only file (root may write any file, so it is faked)."""
    real = os.access

    def access(path: object, mode: int, **kwargs: object) -> bool:
        return False if mode & os.W_OK else real(path, mode, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("reader.store.base.os.access", access)


@pytest.mark.parametrize(
    "args", [["articles"], ["export"], ["rechecks"], ["export", "--format", "jsonl"]]
)
def test_reading_commands_work_on_a_database_that_cannot_be_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    # Finding 23: "permission denied (need read and write)" even for commands that only read.
    mine = make_annotated_db(tmp_path / "db" / "mine.db")
    before = mine.path.read_bytes()
    _deny_writing(monkeypatch)
    result = run("--db", mine.path, *args)
    assert result.exit_code == 0, result.stderr
    assert mine.path.read_bytes() == before


def test_a_writing_command_on_an_unwritable_database_still_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mine = make_annotated_db(tmp_path / "mine.db")
    _deny_writing(monkeypatch)
    assert_one_line_error(
        run("--db", mine.path, "merge", mine.path), contains="need read and write"
    )


def test_a_readonly_store_refuses_writes_with_a_store_error(tmp_path: Path) -> None:
    mine = make_annotated_db(tmp_path / "mine.db")
    with Store.open(mine.path, readonly=True) as store:
        article = store.list_articles()[0]
        with pytest.raises(StoreError):
            store.add_annotation(article.id, 0, 3, "claim")


def _mount_read_only(source: Path, target: Path) -> bool:
    if os.geteuid() != 0 or sys.platform != "linux":
        return False
    target.mkdir()
    steps = [
        ["mount", "--bind", str(source), str(target)],
        ["mount", "-o", "remount,ro,bind", str(target)],
    ]
    for step in steps:
        if subprocess.run(step, capture_output=True, check=False).returncode != 0:
            subprocess.run(["umount", str(target)], capture_output=True, check=False)
            return False
    return True


def test_reading_commands_work_on_a_read_only_file_system(tmp_path: Path) -> None:
    # Finding 23, for real where the tests may mount (root on Linux): no -shm can be made.
    source = tmp_path / "src"
    source.mkdir()
    make_annotated_db(source / "mine.db")
    mounted = tmp_path / "ro"
    if not _mount_read_only(source, mounted):
        pytest.skip("cannot mount a read-only file system here")
    try:
        db = mounted / "mine.db"
        assert run("--db", db, "articles").exit_code == 0
        result = run("--db", db, "export", "-o", tmp_path / "out.csv")
        assert result.exit_code == 0, result.stderr
        assert "exported 5 annotations" in result.stderr
        assert_one_line_error(
            run("--db", db, "import", tmp_path / "out.csv"), contains="file system is read-only"
        )
    finally:
        subprocess.run(["umount", str(mounted)], capture_output=True, check=False)


# -- finding 4: a damaged index never gives a short export reported as a success --------------


def _damage_an_index(db: Path) -> int:
    """Many annotations, then the root page of their (start) index told it has a third
    of its cells: scans through the index end early without any SQLite error.
    Returns how many annotations there are."""
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute(
        "WITH RECURSIVE k(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM k WHERE i < 2999) "
        "INSERT INTO annotations SELECT lower(hex(randomblob(16))), article_id, start, "
        '"end", exact, prefix, suffix, tag, speaker, status, note, author, created_at, '
        "updated_at, NULL, origin FROM (SELECT * FROM annotations LIMIT 1), k"
    )
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("PRAGMA journal_mode = DELETE")
    total = conn.execute("SELECT count(*) FROM annotations WHERE deleted_at IS NULL").fetchone()[0]
    root = conn.execute(
        "SELECT rootpage FROM sqlite_master WHERE name = 'annotations_article_start'"
    ).fetchone()[0]
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    with db.open("r+b") as f:
        f.seek((root - 1) * page_size)
        page = bytearray(f.read(page_size))
        assert page[0] == 2  # an interior index page
        cells = int.from_bytes(page[3:5], "big")
        page[3:5] = max(1, cells // 3).to_bytes(2, "big")
        f.seek((root - 1) * page_size)
        f.write(page)
    return total


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_an_export_of_a_damaged_database_fails_instead_of_being_short(
    tmp_path: Path, fmt: str
) -> None:
    mine = make_annotated_db(tmp_path / "mine.db")
    _damage_an_index(mine.path)
    out = tmp_path / "out.file"
    assert_one_line_error(
        run("--db", mine.path, "export", "--format", fmt, "-o", out), contains="damaged"
    )
    assert not out.exists()
    result = run("--db", mine.path, "export", "--format", fmt)
    assert result.exit_code == 1 and result.stdout == ""


def test_a_share_of_a_damaged_database_fails_instead_of_being_short(tmp_path: Path) -> None:
    mine = make_annotated_db(tmp_path / "mine.db")
    _damage_an_index(mine.path)
    out = tmp_path / "out.db"
    assert_one_line_error(
        run("--db", mine.path, "share", out), contains="damaged (table 'annotations'"
    )
    assert not out.exists()
