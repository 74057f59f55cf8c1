"""`reader share` and `reader merge` on the command line."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from cli_helpers import assert_one_line_error, make_annotated_db, run
from merge_helpers import digest, seeded_db


def test_share_then_merge_prints_a_summary_and_dry_run_changes_nothing(tmp_path: Path) -> None:
    mine = make_annotated_db(tmp_path / "mine.db")
    theirs = tmp_path / "theirs.db"
    seeded_db(theirs, "them")
    out = tmp_path / "mine-share.db"
    result = run("--db", mine.path, "--author", "tester", "share", out)
    assert result.exit_code == 0, result.stderr
    assert "shared 6 annotations (1 deleted) of 2 articles" in result.stderr
    assert_one_line_error(run("--db", mine.path, "share", out), contains="already exists")
    assert run("--db", mine.path, "share", out, "--force", "--tag", "quote").exit_code == 0

    before = digest(theirs)
    dry = run("--db", theirs, "merge", "--dry-run", out)
    assert dry.exit_code == 0, dry.stderr
    assert digest(theirs) == before
    assert "2 new, 0 updated, 0 deleted, 0 unchanged, 0 conflicts, 0 skipped" in dry.stdout
    assert dry.stdout.rstrip().endswith("dry run: nothing was changed")
    real = run("--db", theirs, "merge", out)
    assert real.stdout.splitlines()[0] == dry.stdout.splitlines()[0]
    again = run("--db", theirs, "merge", out)
    assert "0 new, 0 updated, 0 deleted, 2 unchanged" in again.stdout


def test_share_filters_and_errors(tmp_path: Path) -> None:
    mine = make_annotated_db(tmp_path / "mine.db")
    out = tmp_path / "s.db"
    result = run("--db", mine.path, "share", out, "--author", "nobody")
    assert "shared 0 annotations" in result.stderr
    assert_one_line_error(
        run("--db", mine.path, "share", tmp_path / "t.db", "--tag", "nope"), contains="no tag"
    )
    assert not (tmp_path / "t.db").exists()
    assert_one_line_error(
        run("--db", tmp_path / "missing.db", "share", tmp_path / "u.db"), contains="no database"
    )
    assert_one_line_error(run("--db", mine.path, "merge", tmp_path / "nothing.db"))


def test_merge_reports_skipped_rows_with_reasons(tmp_path: Path) -> None:
    mine = make_annotated_db(tmp_path / "mine.db")
    out = tmp_path / "s.db"
    run("--db", mine.path, "share", out)
    conn = sqlite3.connect(out)
    conn.execute("PRAGMA ignore_check_constraints = ON")
    conn.execute("UPDATE annotations SET status = 'maybe' WHERE tag = 'quote'")
    conn.commit()
    conn.close()
    theirs = tmp_path / "theirs.db"
    seeded_db(theirs, "them")
    result = run("--db", theirs, "merge", out)
    assert result.exit_code == 0
    assert "  skipped 2: unknown status" in result.stdout.splitlines()
