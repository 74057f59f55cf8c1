"""Issue 13: hostile input and failures (symlinks, FIFOs, signals, terminals, limits).

Each test names the finding it covers; README.md "Reliability" has one row per finding.
"""

from __future__ import annotations

import os
import stat
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
