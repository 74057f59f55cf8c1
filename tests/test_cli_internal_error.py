"""An unexpected exception in the CLI is a bug: one line, the traceback in a log file,
exit 2 (issue 10)."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_helpers import make_annotated_db, run

from reader.store import Store, StoreError


def boom(*args: object, **kwargs: object) -> None:
    raise RuntimeError("something\nthe code did not expect")


def test_internal_error_is_one_line_and_a_log_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    db = make_annotated_db(tmp_path / "reader.db")
    logs = tmp_path / "logs"
    monkeypatch.setattr(Store, "library_entries", boom)
    result = run("articles", "--db", db.path, env={"READER_LOG_DIR": str(logs)})
    assert result.exit_code == 2, (result.output, result.stderr)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    (log,) = logs.iterdir()
    assert lines[0] == (
        "reader: internal error: RuntimeError: something the code did not expect "
        f"(details in {log})"
    )
    assert "Traceback" not in result.stderr
    details = log.read_text(encoding="utf-8")
    assert "Traceback" in details and "RuntimeError" in details
    assert "def boom" not in details and "in boom" in details


def test_internal_error_when_the_log_cannot_be_written(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    db = make_annotated_db(tmp_path / "reader.db")
    blocker = tmp_path / "a file"
    blocker.write_text("not a directory")
    monkeypatch.setattr(Store, "library_entries", boom)
    result = run("articles", "--db", db.path, env={"READER_LOG_DIR": str(blocker / "logs")})
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith("reader: internal error: RuntimeError: something")
    assert "no log written" in line


def test_a_store_error_stays_a_one_line_user_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    db = make_annotated_db(tmp_path / "reader.db")

    def busy(*args: object, **kwargs: object) -> None:
        raise StoreError("the database is locked by another process")

    monkeypatch.setattr(Store, "library_entries", busy)
    logs = tmp_path / "logs"
    result = run("articles", "--db", db.path, env={"READER_LOG_DIR": str(logs)})
    assert result.exit_code == 1
    assert result.stderr.startswith("reader: error: the database is locked")
    assert not logs.exists()
