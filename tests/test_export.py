"""The CSV and JSON Lines writers and the atomic output file (no database needed)."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from reader.io.export import (
    EXPORT_COLUMNS,
    atomic_output,
    spreadsheet_safe,
    write_csv,
    write_export,
    write_jsonl,
)


def make_row(**changes: Any) -> dict[str, Any]:
    """An export row in Store.iter_export_rows' shape."""
    row: dict[str, Any] = {
        "id": "a1",
        "article_id": "art",
        "article_title": "Gaza: “Rafah”",
        "section": "Displaced again",
        "start": 10,
        "end": 42,
        "exact": 'He said "we lost", then left.',
        "prefix": "before\nline",
        "suffix": "after",
        "tag": "quote",
        "speaker": None,
        "status": "unverified",
        "note": None,
        "author": "ana",
        "created_at": "2026-11-25T12:00:00+00:00",
        "updated_at": "2026-11-25T12:00:00+00:00",
    }
    row.update(changes)
    return row


def csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def test_columns_are_the_documented_ones() -> None:
    assert EXPORT_COLUMNS == (
        "id",
        "article_id",
        "article_title",
        "section",
        "start",
        "end",
        "exact",
        "prefix",
        "suffix",
        "tag",
        "speaker",
        "status",
        "note",
        "author",
        "created_at",
        "updated_at",
    )


def test_columns_match_the_store() -> None:
    records = pytest.importorskip("reader.store.records")
    assert tuple(records.EXPORT_COLUMNS) == EXPORT_COLUMNS


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("+1", "'+1"),
        ("-2", "'-2"),
        ("@x", "'@x"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("plain", "plain"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_spreadsheet_safe(value: str, expected: str) -> None:
    assert spreadsheet_safe(value) == expected


def test_csv_header_crlf_and_round_trip() -> None:
    out = io.StringIO(newline="")
    count = write_csv([make_row(), make_row(id="a2", speaker="Ana Ñ", note="ok")], out)
    text = out.getvalue()
    assert count == 2
    assert text.startswith(",".join(EXPORT_COLUMNS) + "\r\n")
    assert text.endswith("\r\n")
    rows = csv_rows(text)
    assert rows[0] == list(EXPORT_COLUMNS)
    first = dict(zip(EXPORT_COLUMNS, rows[1], strict=True))
    assert first["exact"] == 'He said "we lost", then left.'
    assert first["prefix"] == "before\nline"
    assert first["speaker"] == "" and first["note"] == ""
    assert first["start"] == "10" and first["end"] == "42"
    assert first["article_title"] == "Gaza: “Rafah”"
    assert rows[2][EXPORT_COLUMNS.index("speaker")] == "Ana Ñ"


def test_csv_escapes_formulas_but_not_numbers() -> None:
    out = io.StringIO(newline="")
    write_csv([make_row(note='=HYPERLINK("http://evil")', speaker="+1", tag="@x", start=-1)], out)
    row = dict(zip(EXPORT_COLUMNS, csv_rows(out.getvalue())[1], strict=True))
    assert row["note"] == '\'=HYPERLINK("http://evil")'
    assert row["speaker"] == "'+1"
    assert row["tag"] == "'@x"
    assert row["start"] == "-1"  # integers are not text: never prefixed


def test_jsonl_keeps_raw_values() -> None:
    out = io.StringIO()
    rows = [make_row(note="=SUM(A1)", speaker="+1"), make_row(id="a2")]
    assert write_jsonl(rows, out) == 2
    lines = out.getvalue().splitlines()
    assert len(lines) == 2
    first = json.loads(lines[0])
    assert list(first) == list(EXPORT_COLUMNS)
    assert first["note"] == "=SUM(A1)" and first["speaker"] == "+1"
    assert json.loads(lines[1])["note"] is None
    assert "“Rafah”" in lines[0]  # ensure_ascii=False


def test_missing_keys_become_empty() -> None:
    out = io.StringIO(newline="")
    write_csv([{"id": "only"}], out)
    assert csv_rows(out.getvalue())[1] == ["only"] + [""] * (len(EXPORT_COLUMNS) - 1)


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_writers_stream_row_by_row(fmt: str) -> None:
    out = io.StringIO(newline="")

    def rows() -> Iterator[dict[str, Any]]:
        for i in range(3):
            if i:
                assert f"row{i - 1}" in out.getvalue(), "previous row not written yet"
            yield make_row(id=f"row{i}")

    assert write_export(rows(), out, fmt) == 3  # type: ignore[arg-type]


def test_write_export_rejects_unknown_format() -> None:
    with pytest.raises(ValueError, match="xml"):
        write_export([], io.StringIO(), "xml")  # type: ignore[arg-type]


def test_atomic_output_replaces_on_success(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old")
    target.chmod(0o640)
    with atomic_output(target) as out:
        write_csv([make_row()], out)
    assert target.read_bytes().startswith(b"id,article_id,")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert sorted(os.listdir(tmp_path)) == ["out.csv"]


def test_atomic_output_new_file_gets_normal_permissions(tmp_path: Path) -> None:
    target = tmp_path / "new.jsonl"
    umask = os.umask(0o022)
    try:
        with atomic_output(target) as out:
            out.write("x\n")
    finally:
        os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


def test_atomic_output_failure_leaves_nothing(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old")

    def failing_rows() -> Iterator[dict[str, Any]]:
        yield make_row()
        raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError), atomic_output(target) as out:
        write_csv(failing_rows(), out)
    assert target.read_text() == "old"
    assert sorted(os.listdir(tmp_path)) == ["out.csv"]


def test_atomic_output_errors_name_the_target(tmp_path: Path) -> None:
    not_a_dir = tmp_path / "file"
    not_a_dir.write_text("")
    with pytest.raises(OSError) as info, atomic_output(not_a_dir / "out.csv"):
        pass
    assert info.value.filename == str(not_a_dir / "out.csv")

    with pytest.raises(IsADirectoryError) as info, atomic_output(tmp_path):
        pass
    assert info.value.filename == str(tmp_path)
    assert sorted(os.listdir(tmp_path)) == ["file"]
