"""`reader import-annotations` and `reader export --format w3c` from the command line."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from cli_helpers import MARKDOWN, AnnotatedDb, assert_one_line_error, make_annotated_db, run

from reader.cli_progress import progress
from reader.io.export import EXPORT_COLUMNS
from reader.io.importers import load_seed, parse_markdown
from reader.model.article import sections_to_structure
from reader.model.packed import sections_from_stored
from reader.store import Store
from reader.store.annotation_import import parse_timestamp
from reader.store.migrations import MIGRATIONS, SCHEMA_VERSION, _v4_sections

SECTIONS_VERSION = MIGRATIONS.index(_v4_sections) + 1

FORMATS = ["csv", "jsonl", "w3c"]


# Every command below is given --db, so the per-user database is never touched.


@pytest.fixture
def db(tmp_path: Path) -> AnnotatedDb:
    return make_annotated_db(tmp_path / "annotated.db")


def fresh_db(path: Path, *, markdown: bool = True) -> Path:
    """A database holding the seed (and the Markdown article) without annotations."""
    with Store.open(path, author="someone else") as store:
        store.import_article(load_seed())
        if markdown:
            store.import_article(parse_markdown(MARKDOWN, source="council.md"))
    return path


def export(db_path: Path, *args: str) -> bytes:
    result = run("export", "--db", db_path, *args)
    assert result.exit_code == 0, result.stderr
    return result.stdout_bytes


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("deleted", [[], ["--include-deleted"]])
def test_round_trip_is_byte_identical(
    db: AnnotatedDb, tmp_path: Path, fmt: str, deleted: list[str]
) -> None:
    exported = tmp_path / f"a.{fmt}"
    exported.write_bytes(export(db.path, "--format", fmt, *deleted))
    target = fresh_db(tmp_path / "fresh.db")
    result = run("import-annotations", exported, "--db", target)  # format detected
    assert result.exit_code == 0, result.stderr
    count = 6 if deleted else 5
    assert result.stdout.splitlines() == [
        f"imported {count} new, 0 updated, 0 unchanged, 0 skipped"
    ]
    assert result.stderr == ""  # no progress bar: stderr is not a terminal
    assert export(target, "--format", fmt, *deleted) == exported.read_bytes()
    with Store.open(target) as store:  # authors and timestamps kept, no undo steps
        assert {a.author for a in store.annotations(db.seed_id, include_deleted=True)} == {"tester"}
        assert store.undo(db.seed_id) is None


def test_w3c_shape(db: AnnotatedDb) -> None:
    items = json.loads(export(db.path, "--format", "w3c"))
    assert len(items) == 5
    quote = next(i for i in items if i["id"] == f"urn:uuid:{db.ids['quote']}")
    assert quote["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert quote["type"] == "Annotation"
    assert quote["creator"] == {"type": "Person", "name": "tester"}
    assert quote["created"].endswith("Z") and quote["modified"] == quote["created"]
    assert [(b["purpose"], b["value"]) for b in quote["body"]] == [
        ("tagging", "quote"),
        ("assessing", "unverified"),
        ("describing", "+1"),
        ("commenting", '=HYPERLINK("http://evil.example","click")'),
    ]
    assert quote["target"]["source"] == f"urn:reader:article:{db.seed_id}"
    quote_selector, position = quote["target"]["selector"]
    assert quote_selector["type"] == "TextQuoteSelector" and quote_selector["exact"] == "mounted"
    assert position == {"type": "TextPositionSelector", "start": 7, "end": 14}


def test_missing_article_is_skipped_with_a_reason(db: AnnotatedDb, tmp_path: Path) -> None:
    exported = tmp_path / "a.jsonl"
    exported.write_bytes(export(db.path, "--format", "jsonl"))
    target = fresh_db(tmp_path / "seed-only.db", markdown=False)
    result = run("import-annotations", exported, "--db", target)
    assert result.exit_code == 1  # rows were skipped: counted, the others imported
    assert (
        result.stderr == "reader: error: 1 row skipped (the others were imported; reasons above)\n"
    )
    lines = result.stdout.splitlines()
    assert lines[0] == "imported 4 new, 0 updated, 0 unchanged, 1 skipped"
    assert "skipped 1: article not in the database" in lines[1]
    assert "reader import FILE" in lines[1]


def test_bad_rows_are_skipped_and_reported(db: AnnotatedDb, tmp_path: Path) -> None:
    lines = export(db.path, "--format", "jsonl").decode().splitlines()
    broken = json.loads(lines[1])
    broken["end"] = 10**9
    wrong_status = json.loads(lines[2])
    wrong_status["status"] = "maybe"
    path = tmp_path / "mixed.jsonl"
    path.write_text(
        "\n".join([lines[0], "{not json", json.dumps(broken), json.dumps(wrong_status), "[1]"])
        + "\n",
        encoding="utf-8",
    )
    result = run("import-annotations", path, "--db", fresh_db(tmp_path / "t.db"))
    assert_one_line_error(result, contains="4 rows skipped")
    out = result.stdout
    assert out.startswith("imported 1 new, 0 updated, 0 unchanged, 4 skipped")
    assert "skipped 2: not a JSON object" in out
    assert "start/end are not a span" in out and "unknown status" in out
    assert "line 2: not a JSON object" in out


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"name,age\r\nx,1\r\n", "not a reader CSV export"),
        (b"[{]", "not a JSON document"),
        (b'{"type": "Nothing"}', "not a W3C annotation document"),
    ],
)
def test_unreadable_file_is_one_error_and_changes_nothing(
    db: AnnotatedDb, tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "bad.file"
    path.write_bytes(content)
    before = db.path.read_bytes()
    assert_one_line_error(run("import-annotations", path, "--db", db.path), contains=message)
    assert db.path.read_bytes() == before


DEEP = "[" * 100_000 + "]" * 100_000  # json raises RecursionError, not ValueError, on it


def test_json_line_nested_too_deep_is_a_skipped_row(db: AnnotatedDb, tmp_path: Path) -> None:
    lines = export(db.path, "--format", "jsonl").decode().splitlines()
    path = tmp_path / "deep.jsonl"
    path.write_text("\n".join([lines[0], DEEP]) + "\n", encoding="utf-8")
    result = run("import-annotations", path, "--db", fresh_db(tmp_path / "t.db"))
    assert result.exit_code == 1, result.output  # rows were skipped
    assert result.stdout.startswith("imported 1 new, 0 updated, 0 unchanged, 1 skipped")
    assert "line 2: JSON nested too deeply" in result.stdout


@pytest.mark.parametrize("fmt", [[], ["--format", "w3c"], ["--format", "jsonl"]])
def test_json_document_nested_too_deep_is_one_error(
    db: AnnotatedDb, tmp_path: Path, fmt: list[str]
) -> None:
    path = tmp_path / "deep.json"
    path.write_text(DEEP + "\n" + DEEP, encoding="utf-8")  # two lines: detected as W3C
    before = db.path.read_bytes()
    result = run("import-annotations", *fmt, path, "--db", db.path)
    if fmt == ["--format", "jsonl"]:  # two bad lines, nothing imported
        assert result.exit_code == 1, result.output  # rows were skipped
        assert "2 skipped" in result.stdout
    else:
        assert_one_line_error(result, contains="not a JSON document (JSON nested too deeply)")
    assert db.path.read_bytes() == before


def test_file_failing_half_way_rolls_back(db: AnnotatedDb, tmp_path: Path) -> None:
    good = export(db.path, "--format", "jsonl")
    path = tmp_path / "half.jsonl"
    path.write_bytes(good + b'{"id": "\xff\xfe"}\n')  # not UTF-8, after good rows
    target = fresh_db(tmp_path / "t.db")
    assert_one_line_error(run("import-annotations", path, "--db", target), contains="UTF-8")
    with Store.open(target) as store:
        assert store.annotations(db.seed_id, include_deleted=True) == []


def test_missing_file(tmp_path: Path, db: AnnotatedDb) -> None:
    result = run("import-annotations", tmp_path / "nope.csv", "--db", db.path)
    assert_one_line_error(result, contains="nope.csv")


def test_existing_ids_keep_the_newer_version(db: AnnotatedDb, tmp_path: Path) -> None:
    exported = tmp_path / "a.jsonl"
    exported.write_bytes(export(db.path, "--format", "jsonl"))
    with Store.open(db.path, author="tester") as store:
        store.update_annotation(db.ids["claim"], note="local, newer")
    result = run("import-annotations", exported, "--db", db.path)
    assert result.stdout.startswith("imported 0 new, 0 updated, 5 unchanged, 0 skipped")
    with Store.open(db.path) as store:
        assert store.get_annotation(db.ids["claim"]).note == "local, newer"

    rows = [json.loads(line) for line in exported.read_text().splitlines()]
    for row in rows:
        row["note"], row["updated_at"] = "from the file", "2999-01-01T00:00:00.000000Z"
    exported.write_text("".join(json.dumps(r) + "\n" for r in rows))
    result = run("import-annotations", exported, "--db", db.path)
    assert result.stdout.startswith("imported 0 new, 5 updated, 0 unchanged, 0 skipped")
    with Store.open(db.path) as store:
        assert store.get_annotation(db.ids["claim"]).note == "from the file"


def test_csv_apostrophes_are_undone(tmp_path: Path) -> None:
    source = tmp_path / "src.db"
    with Store.open(source, author="'=me") as store:
        seed, _ = store.import_article(load_seed())
        note = store.add_annotation(seed.id, 0, 6, "claim", note="'=not a formula", speaker="-x")
    exported = tmp_path / "a.csv"
    exported.write_bytes(export(source, "--format", "csv"))
    assert b"''=not a formula" in exported.read_bytes()
    target = fresh_db(tmp_path / "t.db", markdown=False)
    assert run("import-annotations", exported, "--db", target).exit_code == 0
    with Store.open(target) as store:
        copy = store.get_annotation(note.id)
    assert (copy.note, copy.speaker, copy.author) == ("'=not a formula", "-x", "'=me")


def test_progress_is_silent_without_a_terminal() -> None:
    items = [1, 2, 3]
    stream = io.StringIO()
    assert progress(items, 3, "x", stream=stream) is items
    assert stream.getvalue() == ""


def test_progress_draws_on_a_terminal() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    stream = Terminal()
    calls: list[int] = []
    assert list(progress(range(5000), lambda: calls.append(1) or 5000, "work", stream=stream)) == [
        *range(5000)
    ]
    assert calls == [1]  # the total is computed only when a bar is shown
    assert "work" in stream.getvalue()


def test_sections_migration_backfills_old_databases(db: AnnotatedDb) -> None:
    before = export(db.path)
    with sqlite3.connect(db.path) as conn:  # make it a database from before `sections`
        conn.execute("DROP TABLE sections")
        # and from before the library's indexes of version 10 (issue 12) and the web
        # tables of version 7 (issue 11), which come after it
        for statement in (
            "DROP INDEX articles_library",
            "DROP INDEX articles_by_date",
            "DROP TABLE feed_items",
            "DROP TABLE feeds",
            "DROP INDEX articles_canonical_url",
            "DROP INDEX articles_url",
            "ALTER TABLE articles DROP COLUMN canonical_url",
            "ALTER TABLE articles DROP COLUMN site",
            "ALTER TABLE articles DROP COLUMN read_at",
        ):
            conn.execute(statement)
        # and from before the packed structure of version 10: JSON, as migration 4 reads it
        for table in ("articles", "article_versions"):
            rows = conn.execute(f"SELECT rowid, structure FROM {table}").fetchall()
            for rowid, packed in rows:
                structure = sections_to_structure(sections_from_stored(packed))
                conn.execute(
                    f"UPDATE {table} SET structure = ? WHERE rowid = ?",
                    [json.dumps(structure), rowid],
                )
        conn.execute(f"PRAGMA user_version = {SECTIONS_VERSION - 1}")
    assert export(db.path) == before  # reopening migrates and backfills
    with sqlite3.connect(db.path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        titles = [r[0] for r in conn.execute("SELECT title FROM sections ORDER BY rowid")]
    assert "Displaced again" in titles and "" in titles


def test_import_annotations_has_help_with_examples() -> None:
    result = run("import-annotations", "--help")
    assert result.exit_code == 0, result.output
    assert "reader import-annotations" in result.output.split("Examples:")[1]


@pytest.mark.parametrize("chunk", [1, 2, 20_000])
def test_duplicate_ids_in_one_file_newer_wins(
    db: AnnotatedDb, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    from reader.store import annotation_import

    monkeypatch.setattr(annotation_import, "CHUNK_ROWS", chunk)
    first = json.loads(export(db.path, "--format", "jsonl").decode().splitlines()[0])
    newer = {**first, "note": "newer", "updated_at": "2999-01-01T00:00:00.000000Z"}
    older = {**first, "note": "older", "updated_at": "1999-01-01T00:00:00.000000Z"}
    path = tmp_path / "dups.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in (first, newer, older, first)))
    target = fresh_db(tmp_path / "t.db")
    result = run("import-annotations", path, "--db", target)
    assert result.stdout.startswith("imported 1 new, 1 updated, 2 unchanged, 0 skipped")
    with Store.open(target) as store:
        assert store.get_annotation(first["id"]).note == "newer"


def test_no_database_is_an_error_and_creates_nothing(db: AnnotatedDb, tmp_path: Path) -> None:
    exported = tmp_path / "a.csv"
    exported.write_bytes(export(db.path))
    missing = tmp_path / "missing.db"
    result = run("import-annotations", exported, "--db", missing)
    assert_one_line_error(result, contains="no database")
    assert not missing.exists()


# --- the spreadsheet round trip: edit verdicts and notes, bring them back --------------------


def edit_csv(source: bytes, path: Path, edit: Callable[[dict[str, str]], None]) -> None:
    """Write the CSV export ``source`` to ``path`` after ``edit`` changed each row (a dict)."""
    rows = list(csv.DictReader(io.StringIO(source.decode("utf-8-sig"), newline="")))
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        edit(row)
        writer.writerow(row)
    path.write_text(out.getvalue(), encoding="utf-8", newline="")


def test_csv_edit_with_the_same_updated_at_is_applied(db: AnnotatedDb, tmp_path: Path) -> None:
    with Store.open(db.path) as store:
        before = store.get_annotation(db.ids["claim"])
    sheet = tmp_path / "sheet.csv"

    def verdict(row: dict[str, str]) -> None:
        if row["id"] == db.ids["claim"]:
            row["status"], row["note"] = "Supported", "checked with the ministry"

    edit_csv(export(db.path), sheet, verdict)
    result = run("import-annotations", sheet, "--db", db.path)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("imported 0 new, 1 updated, 4 unchanged, 0 skipped")
    with Store.open(db.path) as store:
        after = store.get_annotation(db.ids["claim"])
    assert (after.status, after.note) == ("supported", "checked with the ministry")
    assert after.updated_at > before.updated_at  # the edit is stamped with the import's time
    with sqlite3.connect(db.path) as conn:
        kept = conn.execute(
            "SELECT status, note, updated_at, winner_updated_at, source FROM conflicts "
            "WHERE annotation_id = ?",
            [db.ids["claim"]],
        ).fetchall()
    assert kept == [("unverified", None, before.updated_at, after.updated_at, "sheet.csv")]
    # The same file again: the database's version is now newer, nothing changes.
    again = run("import-annotations", sheet, "--db", db.path)
    assert again.stdout.startswith("imported 0 new, 0 updated, 5 unchanged, 0 skipped")


def test_spreadsheet_timestamps_and_statuses_are_read(db: AnnotatedDb, tmp_path: Path) -> None:
    sheet = tmp_path / "sheet.csv"
    forms = iter(["{} {}", "{}T{}", "{} {}Z", "{} {}+00:00", "{}T{}"])

    def as_a_spreadsheet_writes_it(row: dict[str, str]) -> None:
        form = next(forms)
        for key in ("created_at", "updated_at"):
            day, time = row[key][:10], row[key][11:19]  # seconds kept, fraction and Z lost
            row[key] = form.format(day, time if "T" not in form else time[:5])
        row["status"] = " UNVERIFIED "
        if row["id"] == db.ids["other"]:
            row["status"] = "disputed"

    edit_csv(export(db.path), sheet, as_a_spreadsheet_writes_it)
    result = run("import-annotations", sheet, "--db", db.path)
    assert result.exit_code == 0, result.stdout + result.stderr
    assert result.stdout.startswith("imported 0 new, 1 updated, 4 unchanged, 0 skipped")
    with Store.open(db.path) as store:
        assert store.get_annotation(db.ids["other"]).status == "disputed"
        assert store.get_annotation(db.ids["claim"]).status == "unverified"


def test_ambiguous_dates_are_skipped_and_the_exit_code_says_so(
    db: AnnotatedDb, tmp_path: Path
) -> None:
    sheet = tmp_path / "sheet.csv"

    def day_month(row: dict[str, str]) -> None:
        if row["id"] == db.ids["claim"]:
            row["updated_at"] = "2/12/2026 04:00"
        if row["id"] == db.ids["quote"]:
            row["status"] = "probably"

    edit_csv(export(db.path), sheet, day_month)
    result = run("import-annotations", sheet, "--db", db.path)
    assert_one_line_error(result, contains="2 rows skipped")
    assert "skipped 1: timestamps must be ISO 8601 text" in result.stdout
    assert "skipped 1: unknown status" in result.stdout


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-12-02T04:00:00.123456Z", ("2026-12-02T04:00:00.123456Z", 0)),
        ("2026-12-02T04:00:00+02:00", ("2026-12-02T02:00:00.000000Z", 1_000_000)),
        ("2026-12-02 04:00:00", ("2026-12-02T04:00:00.000000Z", 1_000_000)),
        ("2026-12-02T04:00", ("2026-12-02T04:00:00.000000Z", 60_000_000)),
        ("2026-12-02 04:00:00.5", ("2026-12-02T04:00:00.500000Z", 100_000)),
        ("2026-12-02 06:00+02:00", ("2026-12-02T04:00:00.000000Z", 60_000_000)),
        ("2026-12-02 04:00 UTC", ("2026-12-02T04:00:00.000000Z", 60_000_000)),
        ("2/12/2026 04:00", None),
        ("12/2/2026 04:00", None),
        ("2026-02-30 04:00", None),
        ("2026-12-02", None),
    ],
)
def test_parse_timestamp(text: str, expected: tuple[str, int] | None) -> None:
    assert parse_timestamp(text) == expected


def test_export_bom_for_excel_and_import_reads_it(db: AnnotatedDb, tmp_path: Path) -> None:
    plain = export(db.path)
    assert not plain.startswith(b"\xef\xbb\xbf")
    assert plain.split(b"\r\n")[0].decode() == ",".join(EXPORT_COLUMNS)
    target = tmp_path / "excel.csv"
    assert run("export", "--db", db.path, "--bom", "-o", target).exit_code == 0
    data = target.read_bytes()
    assert data == b"\xef\xbb\xbf" + plain
    assert export(db.path, "--bom") == data
    result = run("import-annotations", target, "--db", db.path)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("imported 0 new, 0 updated, 5 unchanged, 0 skipped")


def test_status_spellings_follow_the_status_list(monkeypatch: pytest.MonkeyPatch) -> None:
    from reader.store import records

    assert [records.parse_status(s) for s in ("Supported", " FALSE ", "maybe", "")] == [
        "supported",
        "false",
        None,
        None,
    ]
    monkeypatch.setattr(records, "STATUSES", (*records.STATUSES, "needs-recheck"))
    assert records.parse_status("Needs re-check") == "needs-recheck"
    assert records.parse_status("needs_recheck") == "needs-recheck"
