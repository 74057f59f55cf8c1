"""Issue 13: hostile input and failures (symlinks, FIFOs, signals, terminals, limits).

Each test names the finding it covers; README.md "Reliability" has one row per finding.
"""

from __future__ import annotations

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
