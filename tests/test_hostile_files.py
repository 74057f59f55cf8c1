"""Issue 13, files: hostile or unusual annotation files never crash, hang, lose rows or
let a spreadsheet run a formula (findings 1, 16, 17, 19, 26, 27, 28).

Every refusal is one line `reader: error: ...` (exit 1, nothing written); every bad
row is skipped with its reason; every export imports back.
"""

from __future__ import annotations

import io
import json
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from cli_helpers import MARKDOWN, AnnotatedDb, assert_one_line_error, make_annotated_db, run
from hypothesis import given
from hypothesis import strategies as st
from merge_helpers import seeded_db, shared, state

from reader.io import annotation_files
from reader.io.annotation_files import AnnotationFileError, detect_format
from reader.io.export import FORMULA_TRIGGERS, spreadsheet_safe, spreadsheet_unsafe
from reader.io.importers import load_seed, parse_markdown
from reader.model.records import MAX_CELL_CHARS, SHEET_SEPARATORS
from reader.store import Store
from reader.store.annotation_import import parse_timestamp
from reader.store.export_query import register_functions, sql_spreadsheet_safe
from reader.store.merge import merge_files

HOUR = timedelta(hours=1)


@pytest.fixture
def db(tmp_path: Path) -> AnnotatedDb:
    return make_annotated_db(tmp_path / "annotated.db")


def fresh_db(path: Path) -> Path:
    with Store.open(path, author="someone else") as store:
        store.import_article(load_seed())
        store.import_article(parse_markdown(MARKDOWN, source="council.md"))
    return path


def export(db_path: Path, *args: str) -> bytes:
    result = run("export", "--db", db_path, *args)
    assert result.exit_code == 0, result.stderr
    return result.stdout_bytes


def jsonl_records(db: AnnotatedDb) -> list[dict[str, object]]:
    return [json.loads(line) for line in export(db.path, "--format", "jsonl").splitlines()]


def write_jsonl(path: Path, records: list[object]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def assert_refused(result: object, db_path: Path, before: bytes, contains: str) -> None:
    assert_one_line_error(result, contains=contains)  # type: ignore[arg-type]
    assert db_path.read_bytes() == before


# --- 1 and 28: CSV cells up to a documented limit, refused beyond it without reading it all ---


def test_a_csv_backup_with_a_long_quote_imports_back(tmp_path: Path) -> None:
    """Python's csv module refuses cells over 131,072 characters unless told otherwise.
    (Notes are limited to 20,000 characters where they enter; a quote may be as long as
    its article, so a long quote is the long cell of a CSV backup.)"""
    body = "A long paragraph of the article, said the reporter. " * 5_000  # 260,000
    article = parse_markdown(f"# Long\n\n{body}\n", source="long.md")
    source, target = tmp_path / "long.db", tmp_path / "fresh.db"
    for path in (source, target):
        with Store.open(path, author="tester") as store:
            stored, _ = store.import_article(article)
    with Store.open(source, author="tester") as store:
        text = stored.article.text
        store.add_annotation(stored.id, 0, len(text), "quote", note="whole")
    exported = tmp_path / "backup.csv"
    exported.write_bytes(export(source, "--format", "csv"))
    assert len(exported.read_bytes()) > 200_000
    result = run("import-annotations", exported, "--db", target)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("imported 1 new, 0 updated, 0 unchanged, 0 skipped")
    assert export(target, "--format", "csv") == exported.read_bytes()


@pytest.mark.parametrize("quoted", [False, True])
def test_a_cell_at_the_limit_is_read_and_one_over_is_refused(
    db: AnnotatedDb, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, quoted: bool
) -> None:
    monkeypatch.setattr(annotation_files, "MAX_CELL_CHARS", 1000)
    monkeypatch.setattr(annotation_files, "_CHUNK_CHARS", 64)  # long lines take the scan
    note = ("x,\n" if quoted else "xyz") * 333 + "x"  # 1000 characters
    with Store.open(db.path) as store:
        store.update_annotation(db.ids["claim"], note=note)
    exported = tmp_path / "at.csv"
    exported.write_bytes(export(db.path, "--format", "csv"))
    result = run("import-annotations", exported, "--db", db.path)
    assert result.exit_code == 0, result.stderr
    with Store.open(db.path) as store:
        store.update_annotation(db.ids["claim"], note=note + "y")
    over = tmp_path / "over.csv"
    over.write_bytes(export(db.path, "--format", "csv"))
    target = fresh_db(tmp_path / "fresh.db")
    before = target.read_bytes()
    result = run("import-annotations", over, "--db", target)
    assert_refused(result, target, before, "a cell is longer than 1,000 characters (the limit)")


def test_a_csv_export_that_would_not_import_back_is_refused(
    db: AnnotatedDb, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The app does not limit a note's length: a CSV export checks every cell instead."""
    from reader.io import export as export_module

    monkeypatch.setattr(export_module, "MAX_CELL_CHARS", 1000)
    with Store.open(db.path) as store:
        store.update_annotation(db.ids["claim"], note="=" + "n" * 999)  # 1001 with its '
    out = tmp_path / "out.csv"
    result = run("export", "--db", db.path, "-o", out)
    message = assert_one_line_error(result, contains="--format jsonl")
    assert f"annotation {db.ids['claim']}: its note is 1,001 characters" in message
    assert not out.exists()
    assert_one_line_error(run("export", "--db", db.path), contains="at most 1,000")
    assert run("export", "--db", db.path, "--format", "jsonl", "-o", out).exit_code == 0
    with Store.open(db.path) as store:
        store.update_annotation(db.ids["claim"], note="=" + "n" * 998)
    assert run("export", "--db", db.path, "-o", out).exit_code == 0


def test_the_limit_is_the_shares_limit() -> None:
    from reader.store.untrusted import LIMITS

    assert MAX_CELL_CHARS == LIMITS["exact"] == LIMITS["text"]


def test_a_huge_csv_cell_is_refused_through_the_cli(db: AnnotatedDb, tmp_path: Path) -> None:
    header = export(db.path, "--format", "csv").split(b"\r\n")[0]
    path = tmp_path / "huge.csv"
    path.write_bytes(header + b"\r\n" + b"x" * (2 * MAX_CELL_CHARS + 100) + b"\r\n")
    before = db.path.read_bytes()
    result = run("import-annotations", path, "--db", db.path)
    assert_refused(result, db.path, before, f"line 2: a cell is longer than {MAX_CELL_CHARS:,}")


@pytest.mark.parametrize(
    "cell",
    [
        "x" * 100_000,  # unquoted
        '"' + "x" * 100_000,  # a quoted cell that never ends
        '"' + '""' * 50_000,  # quotes doubled: twice the value, still over
        "a," * 3 + "x" * 100_000,
    ],
    ids=["unquoted", "quoted", "doubled quotes", "after other cells"],
)
def test_a_long_line_is_refused_before_it_is_read_whole(
    monkeypatch: pytest.MonkeyPatch, cell: str
) -> None:
    monkeypatch.setattr(annotation_files, "MAX_CELL_CHARS", 1000)
    monkeypatch.setattr(annotation_files, "_CHUNK_CHARS", 64)
    stream = io.StringIO("a,b,c,d,e\r\n" + cell + "\r\n", newline="")
    lines = annotation_files._CsvLines(stream, Path("f.csv"))
    assert next(lines) == "a,b,c,d,e\r\n"
    with pytest.raises(AnnotationFileError, match="line 2: a cell is longer than 1,000"):
        next(lines)
    assert stream.tell() < 2 * 1000 + 200  # stopped soon after the limit, not at the end


def test_a_long_line_with_more_cells_than_the_header_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(annotation_files, "_CHUNK_CHARS", 64)
    stream = io.StringIO("a,b\r\n" + "," * 100_000 + "\r\n", newline="")
    lines = annotation_files._CsvLines(stream, Path("f.csv"))
    next(lines)
    lines.width = 2
    with pytest.raises(AnnotationFileError, match="line 2: more cells than the header"):
        next(lines)
    assert stream.tell() < 1000


def test_long_lines_under_the_limit_pass_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(annotation_files, "_CHUNK_CHARS", 8)
    text = 'a,b\r\n"x\r\n,""y"",z",' + "w" * 50 + "\r\nshort,row\r\n"
    lines = annotation_files._CsvLines(io.StringIO(text, newline=""), Path("f.csv"))
    assert "".join(lines) == text
    assert list(annotation_files._CsvLines(io.StringIO(text, newline=""), Path("f"))) == [
        "a,b\r\n",
        '"x\r\n',
        ',""y"",z",' + "w" * 50 + "\r\n",
        "short,row\r\n",
    ]


# --- 16: a status or tag that is a list or an object ------------------------------------


@pytest.mark.parametrize("key", ["tag", "status"])
@pytest.mark.parametrize("value", [["claim"], {"name": "claim"}, 7, None])
def test_a_tag_or_status_that_is_not_text_is_skipped(
    db: AnnotatedDb, tmp_path: Path, key: str, value: object
) -> None:
    first, *rest = jsonl_records(db)
    path = write_jsonl(tmp_path / "odd.jsonl", [{**first, key: value}, *rest])
    result = run("import-annotations", path, "--db", fresh_db(tmp_path / "t.db"))
    assert_one_line_error(result, contains="1 row skipped")
    reason = "tag must be text" if key == "tag" else "unknown status"
    assert f"skipped 1: {reason}" in result.stdout
    assert result.stdout.startswith("imported 4 new")


def test_w3c_bodies_and_selectors_of_the_wrong_type_are_skipped(
    db: AnnotatedDb, tmp_path: Path
) -> None:
    items = json.loads(export(db.path, "--format", "w3c"))
    items[0]["body"][0]["value"] = ["claim"]  # the tag
    items[1]["body"][1]["value"] = {"status": "supported"}
    items[2]["target"]["selector"][0]["type"] = ["TextQuoteSelector"]
    path = tmp_path / "odd.jsonld"
    path.write_text(json.dumps(items), encoding="utf-8")
    result = run("import-annotations", path, "--db", fresh_db(tmp_path / "t.db"))
    assert_one_line_error(result, contains="3 rows skipped")
    assert "tag must be text" in result.stdout and "unknown status" in result.stdout
    assert "TextQuoteSelector" in result.stdout


@pytest.mark.parametrize("items", [7, "text", {"a": 1}])
def test_w3c_page_items_that_are_not_a_list_refuse_the_file(
    db: AnnotatedDb, tmp_path: Path, items: object
) -> None:
    path = tmp_path / "page.jsonld"
    path.write_text(json.dumps({"type": "AnnotationPage", "items": items}), encoding="utf-8")
    before = db.path.read_bytes()
    result = run("import-annotations", path, "--db", db.path)
    assert_refused(result, db.path, before, "items of an AnnotationPage must be an array")


# --- 17: JSON nested deeper than the parser can go --------------------------------------


def test_a_deeply_nested_jsonl_line_is_a_skipped_row(db: AnnotatedDb, tmp_path: Path) -> None:
    records = jsonl_records(db)
    path = tmp_path / "deep.jsonl"
    deep = '{"a": ' + "[" * 200_000 + "\n"
    path.write_text(json.dumps(records[0]) + "\n" + deep + json.dumps(records[1]) + "\n")
    result = run("import-annotations", path, "--db", fresh_db(tmp_path / "t.db"))
    assert_one_line_error(result, contains="1 row skipped")
    assert "skipped 1: JSON nested too deeply" in result.stdout
    assert result.stdout.startswith("imported 2 new")


def test_a_deeply_nested_first_line_is_still_json_lines(db: AnnotatedDb, tmp_path: Path) -> None:
    records = jsonl_records(db)
    path = tmp_path / "deep-first.jsonl"
    path.write_text('{"a": ' + "[" * 200_000 + "]" * 200_000 + "}\n" + json.dumps(records[0]))
    assert detect_format(path) == "jsonl"
    result = run("import-annotations", path, "--db", fresh_db(tmp_path / "t.db"))
    assert_one_line_error(result, contains="1 row skipped")
    assert "JSON nested too deeply" in result.stdout


def test_a_deeply_nested_w3c_document_is_one_error(db: AnnotatedDb, tmp_path: Path) -> None:
    path = tmp_path / "deep.jsonld"
    path.write_text("[" * 200_000 + "]" * 200_000)
    before = db.path.read_bytes()
    result = run("import-annotations", path, "--db", db.path)
    assert_refused(result, db.path, before, "JSON nested too deeply")


# --- 19: a JSON Lines file whose first line is over 64 KB ---------------------------------


def test_a_long_first_jsonl_line_is_json_lines(db: AnnotatedDb, tmp_path: Path) -> None:
    records = jsonl_records(db)
    records[0]["note"] = "n" * 20_000  # the longest note accepted
    records[0]["speaker"] = "s" * 500  # the longest speaker
    records[0]["prefix"] = "p" * 64  # and the longest context: over 64 KiB with padding
    records[0]["extra"] = " " * 70_000
    path = write_jsonl(tmp_path / "long.jsonl", records)
    assert detect_format(path) == "jsonl"
    result = run("import-annotations", path, "--db", fresh_db(tmp_path / "t.db"))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("imported 5 new, 0 updated, 0 unchanged, 0 skipped")


def test_a_multi_line_w3c_object_is_still_w3c(tmp_path: Path) -> None:
    path = tmp_path / "one.jsonld"
    path.write_text('{"type": "AnnotationPage",\n "items": []}' + " " * 100_000)
    assert detect_format(path) == "w3c"
    path.write_text('{"type": "AnnotationPage", "note": "' + "x" * 100_000 + '",\n "items": []}')
    assert detect_format(path) == "w3c"


# --- 26: timestamps: ASCII digits, real dates, offsets within ±14:00 converted to UTC -----


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-12-02T04:00:00.123456Z", ("2026-12-02T04:00:00.123456Z", 0)),
        ("٢٠٢٦-12-02T04:00:00.000000Z", None),  # Arabic-Indic digits
        ("2026-12-02T04:00:00.00000٠Z", None),
        ("２０２６-12-02 04:00", None),  # full-width digits
        ("9999-99-99T99:99:99Z", None),
        ("9999-99-99T99:99:99.000000Z", None),
        ("2026-02-30T00:00:00.000000Z", None),
        ("2026-12-01T24:00:00Z", None),
        ("2026-12-01T23:59:60Z", None),
        ("0000-01-01T00:00:00Z", None),
        ("2026-12-02T04:00:00+14:00", ("2026-12-01T14:00:00.000000Z", 1_000_000)),
        ("2026-12-02T04:00:00-12:00", ("2026-12-02T16:00:00.000000Z", 1_000_000)),
        ("2026-12-02T04:00:00+14:01", None),
        ("2026-12-02T04:00:00+23:59", None),
        ("2026-12-02T04:00:00+02:60", None),
        ("9999-12-31T23:00:00-14:00", None),  # past the last year datetime has
        ("0001-01-01T00:00:00+01:00", None),
        ("2026-12-02T04:00:00Z", ("2026-12-02T04:00:00.000000Z", 1_000_000)),
        ("2026-12-02T04:00:00.1234567Z", ("2026-12-02T04:00:00.123456Z", 1)),
        ("0999-01-02T03:04:05.000006Z", ("0999-01-02T03:04:05.000006Z", 0)),
        ("0999-01-02 03:04:05", ("0999-01-02T03:04:05.000000Z", 1_000_000)),
    ],
)
def test_timestamps_are_real_ascii_and_utc(text: str, expected: tuple[str, int] | None) -> None:
    assert parse_timestamp(text) == expected


def test_a_non_ascii_timestamp_does_not_beat_real_edits(db: AnnotatedDb, tmp_path: Path) -> None:
    records = jsonl_records(db)
    for record in records:
        record["note"], record["updated_at"] = "from the file", "٩٩٩٩-12-31T23:59:59.999999Z"
    path = write_jsonl(tmp_path / "forged.jsonl", records)
    result = run("import-annotations", path, "--db", db.path)
    assert_one_line_error(result, contains="5 rows skipped")
    assert "skipped 5: timestamps must be ISO 8601 text" in result.stdout
    with Store.open(db.path) as store:
        assert store.get_annotation(db.ids["claim"]).note is None


def test_an_offset_is_stored_in_utc_and_compared_in_time_order(
    db: AnnotatedDb, tmp_path: Path
) -> None:
    with Store.open(db.path) as store:
        stored = datetime.fromisoformat(store.get_annotation(db.ids["claim"]).updated_at)
    (record,) = [r for r in jsonl_records(db) if r["id"] == db.ids["claim"]]
    path = tmp_path / "offset.jsonl"

    def wall(moment: datetime) -> str:
        return moment.strftime("%Y-%m-%dT%H:%M:%S")

    # As text, an hour later; in time, 13 hours earlier: older, so not applied.
    write_jsonl(path, [{**record, "note": "older", "updated_at": wall(stored + HOUR) + "+14:00"}])
    result = run("import-annotations", path, "--db", db.path)
    assert result.stdout.startswith("imported 0 new, 0 updated, 1 unchanged"), result.stdout
    # As text, half an hour earlier; in time, half an hour later: newer, applied, in UTC.
    later = wall(stored - HOUR / 2) + "-01:00"
    write_jsonl(path, [{**record, "note": "newer", "updated_at": later}])
    result = run("import-annotations", path, "--db", db.path)
    assert result.stdout.startswith("imported 0 new, 1 updated, 0 unchanged"), result.stdout
    with Store.open(db.path) as store:
        copy = store.get_annotation(db.ids["claim"])
    assert copy.note == "newer"
    assert copy.updated_at == (stored + HOUR / 2).strftime("%Y-%m-%dT%H:%M:%S.000000Z")


def test_merge_refuses_timestamps_that_are_not_real_utc_ascii(tmp_path: Path) -> None:
    local = tmp_path / "local.db"
    seeded_db(local, "me")
    theirs = tmp_path / "theirs.db"
    article_id = seeded_db(theirs, "them")
    lead = load_seed().text.index("Israel mounted")
    forged = {
        1: "٩٩٩٩-12-31T23:59:59.999999Z",
        2: "2026-12-02T04:00:00.00000٩Z",
        3: "9999-99-99T99:99:99Z",
        4: "2026-02-30T00:00:00.000000Z",
        5: "2026-12-02T04:00:00+14:00",
        6: "2026-12-02T04:00:00.000000Z\x00junk",
        7: "0000-01-01T00:00:00.000000Z",
    }
    good = {8: "2026-12-02T04:00:00.123456Z", 9: "2026-12-02T04:00:00Z"}
    with Store.open(theirs, author="them") as store:
        ids = {
            n: store.add_annotation(article_id, lead + n, lead + n + 3, "quote").id
            for n in (*forged, *good)
        }
    conn = sqlite3.connect(theirs, isolation_level=None)
    for n, stamp in {**forged, **good}.items():
        conn.execute("UPDATE annotations SET updated_at = ? WHERE id = ?", [stamp, ids[n]])
    conn.close()
    share = shared(theirs, tmp_path / "share.db")
    with Store.open(local, author="me") as store:
        (report,) = merge_files(store, [share])
    assert report.skipped == {"bad timestamp": len(forged)}
    assert report.new == len(good)
    assert {row[0] for row in state(local)} == {ids[n] for n in good}


# --- 27: CSV formula escaping: a leading NUL, and cells a spreadsheet splits on ; or tab ---


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("\0=1+1", "'\0=1+1"),
        ("'\0=1+1", "''\0=1+1"),
        ("\0", "'\0"),
        ("x;=1+1", "x;'=1+1"),
        ("x;'=1+1", "x;''=1+1"),
        ("x\t@SUM(A1)", "x\t'@SUM(A1)"),
        ("\t=1", "'\t'=1"),
        ("=1;-2;+3", "'=1;'-2;'+3"),
        ("a;b\tc", "a;b\tc"),
        ("x;\0=1", "x;'\0=1"),
        ("x; =1", "x; =1"),
        ("x;", "x;"),
        ("'tis; 'twas", "'tis; 'twas"),
    ],
)
def test_formula_escaping_covers_nul_and_separators(value: str, expected: str) -> None:
    assert spreadsheet_safe(value) == expected
    assert spreadsheet_unsafe(expected) == value
    conn = sqlite3.connect(":memory:")
    register_functions(conn)
    sql = f"SELECT {sql_spreadsheet_safe('v')} FROM (SELECT ? AS v)"
    assert conn.execute(sql, [value]).fetchone()[0] == expected


def pieces(cell: str) -> list[str]:
    """What a spreadsheet splitting on ``;`` or tab (or on nothing) may see as cells."""
    out = [cell]
    for separator in SHEET_SEPARATORS:
        out += [p for c in out for p in c.split(separator)]
    return out


separated = st.lists(
    st.sampled_from([";", "\t", "'", "=", "+", "-", "@", "\0", "\r", "x", " ", "é"]), max_size=10
).map("".join)


@given(st.one_of(st.text(), separated))
def test_no_piece_of_a_safe_cell_starts_a_formula(value: str) -> None:
    safe = spreadsheet_safe(value)
    assert spreadsheet_unsafe(safe) == value
    for piece in pieces(safe):
        assert not piece.replace("\0", "").startswith(FORMULA_TRIGGERS[:-1]), (value, piece)


@given(st.one_of(st.text(), separated))
def test_the_sql_rule_is_the_python_rule(value: str) -> None:
    conn = sqlite3.connect(":memory:")
    register_functions(conn)
    sql = f"SELECT {sql_spreadsheet_safe('v')} FROM (SELECT ? AS v)"
    assert conn.execute(sql, [value]).fetchone()[0] == spreadsheet_safe(value)


def test_csv_export_escapes_separated_formulas_and_imports_them_back(
    db: AnnotatedDb, tmp_path: Path
) -> None:
    notes = {"claim": "x;=1+1", "quote": "\0=HYPERLINK(1)", "at": "a\t-2;@3"}
    with Store.open(db.path) as store:
        for key, note in notes.items():
            store.update_annotation(db.ids[key], note=note)
    data = export(db.path, "--format", "csv")
    assert b"x;'=1+1" in data and b"'\0=HYPERLINK(1)" in data and b"a\t'-2;'@3" in data
    path = tmp_path / "a.csv"
    path.write_bytes(data)
    target = fresh_db(tmp_path / "t.db")
    result = run("import-annotations", path, "--db", target)
    assert result.exit_code == 0, result.stderr
    with Store.open(target) as store:
        for key, note in notes.items():
            assert store.get_annotation(db.ids[key]).note == note
    assert export(target, "--format", "csv") == data
