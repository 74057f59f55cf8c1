"""`reader suggest FILE [--json]`: suggestions for scripts, errors through ReaderGroup."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

from cli_helpers import assert_one_line_error, run


def _seed_path() -> Path:
    return Path(str(resources.files("reader.seeds") / "000_4827286a000d86a8.txt"))


def test_suggest_json_has_every_field_and_offsets_index_the_text(tmp_path: Path) -> None:
    result = run("suggest", "--json", _seed_path())
    assert result.exit_code == 0, result.stderr
    items = json.loads(result.output)
    assert items and all(
        set(item) == {"kind", "start", "end", "exact", "speaker", "reason", "score"}
        for item in items
    )
    quote = next(i for i in items if i["exact"].startswith("We lost the main entry point"))
    assert quote["kind"] == "quote"
    assert quote["speaker"] == "Andrea De Domenico"
    text = _seed_path().read_text(encoding="utf-8")
    assert text[quote["start"] : quote["end"]] == quote["exact"]
    assert {i["kind"] for i in items} == {"quote", "claim"}


def test_suggest_text_lines(tmp_path: Path) -> None:
    result = run("suggest", _seed_path())
    assert result.exit_code == 0
    assert any(
        line.startswith("quote") and "Benjamin Netanyahu" in line
        for line in result.output.splitlines()
    )
    assert "figure: 35,000" in result.output


def test_suggest_help_and_bad_file(tmp_path: Path) -> None:
    assert "Examples:" in run("suggest", "--help").output
    assert_one_line_error(run("suggest", tmp_path / "missing.txt"), contains="no such file")
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    assert_one_line_error(run("suggest", empty))


def test_suggest_does_not_create_a_database(tmp_path: Path) -> None:
    db = tmp_path / "never.db"
    result = run("--db", db, "suggest", _seed_path())
    assert result.exit_code == 0
    assert not db.exists()
