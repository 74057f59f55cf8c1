"""Stores opened on one file in one process keep SQLite's locks on it.

SQLite's locks are POSIX locks: closing any descriptor of the file in the process drops
them all. The app opens further stores on its own file (suggestions, team sync, feeds);
when each open read the file's header with a plain ``open()``, a CLI command run beside
the app (``reader export``) believed it was the file's last user and deleted the WAL the
app still wrote to: the app's next tags never reached the file."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from reader.io.importers import load_seed
from reader.store import Store

COUNT_IN_ANOTHER_PROCESS = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
print(conn.execute("SELECT count(*) FROM annotations").fetchone()[0])
conn.close()
"""


def _count_from_another_process(path: Path) -> int:
    """What a separate program (a CLI command) reads, opening and closing the file."""
    done = subprocess.run(
        [sys.executable, "-c", COUNT_IN_ANOTHER_PROCESS, str(path)],
        check=True,
        capture_output=True,
        text=True,
    )
    return int(done.stdout)


@pytest.mark.parametrize("readonly", [False, True])
def test_a_second_store_in_the_process_keeps_the_first_ones_locks(
    tmp_path: Path, readonly: bool
) -> None:
    path = tmp_path / "app.db"
    app = Store.open(path, author="alice")
    article_id = app.import_article(load_seed())[0].id
    worker = Store.open(path, author="alice", readonly=readonly)  # as the app's workers do
    try:
        assert _count_from_another_process(path) == 0
        assert Path(f"{path}-wal").exists(), "another process deleted the WAL in use"
        app.add_annotation(article_id, 0, 10, "claim")
        worker.close()  # a worker ends; the app goes on
        app.add_annotation(article_id, 11, 20, "claim")
        assert _count_from_another_process(path) == 2
    finally:
        worker.close()
        app.close()
    assert _count_from_another_process(path) == 2


def test_the_header_is_checked_again_once_every_store_is_closed(tmp_path: Path) -> None:
    """The skip is only while this process has the file open: a file replaced by
    something else afterwards is refused as before."""
    path = tmp_path / "app.db"
    Store.open(path, author="alice").close()
    path.write_bytes(b"not a database at all" * 10)
    with pytest.raises(Exception, match="not a SQLite database"):
        Store.open(path, author="alice")
    assert path.read_bytes() == b"not a database at all" * 10
