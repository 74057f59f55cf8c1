"""Export -> import into a fresh database -> export again is byte-identical (CSV, JSONL,
W3C), for hypothesis-generated annotations with awkward text; the CSV apostrophe rule."""

from __future__ import annotations

import csv
import io
import sqlite3
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from store_helpers import make_article

from reader.cli import ExportFilters, _exporter
from reader.io.annotation_files import read_annotation_file
from reader.io.export import (
    FORMULA_TRIGGERS,
    spreadsheet_safe,
    spreadsheet_unsafe,
    write_csv_cells,
)
from reader.store import STATUSES, Store
from reader.store.export_query import register_functions, sql_spreadsheet_safe

AWKWARD_ARTICLE = (
    '=SUM(A1), "quoted" text, and more text here.\n'
    "+plus line; -minus @at and a comma, too.\n"
    "'apostrophe =x still a sentence.\n"
    "\tTabbed ünïcödé 文字 emoji 🎉 sentence.\n"
    "Heading One\n"
    'More text, with, commas and "quotes" here.\n'
    "'=Quoted heading'\n"
    "Last paragraph with a trailing apostrophe'.\n"
)

TRICKY = ["", "'", "''", "=1+1", "'=x", "''@y", "-", "+", "@", "\r", "\t", "a,b", '"q"', "\n"]
text = st.one_of(
    st.sampled_from(TRICKY),
    st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=12),
    st.lists(st.sampled_from([*TRICKY, "é", "文", "🎉", " ", "x"]), max_size=6).map("".join),
)
stamp = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2099, 1, 1), timezones=st.just(UTC)
).map(lambda d: d.strftime("%Y-%m-%dT%H:%M:%S.%fZ"))


@st.composite
def records(draw: Any, article_id: str, article_text: str) -> list[dict[str, Any]]:
    """Annotation records for one article: random spans, awkward text everywhere."""
    out = []
    for ident in draw(st.lists(st.uuids(version=4), max_size=6, unique=True)):
        start = draw(st.integers(0, len(article_text) - 1))
        end = draw(st.integers(start + 1, len(article_text)))
        out.append(
            {
                "id": str(ident),
                "article_id": article_id,
                "start": start,
                "end": end,
                "exact": article_text[start:end],
                "prefix": draw(text),
                "suffix": draw(text),
                "tag": draw(st.sampled_from(["claim", "quote", "named person", "ünï-tag_2"])),
                "speaker": draw(st.none() | text),
                "status": draw(st.sampled_from(STATUSES)),
                "note": draw(st.none() | text),
                "author": draw(text.filter(bool)),
                "created_at": draw(stamp),
                "updated_at": draw(stamp),
                "deleted_at": draw(st.none() | stamp),
            }
        )
    # never twice the same live annotation (same span, tag and author): the store keeps one
    seen: set[tuple[Any, ...]] = set()
    unique = []
    for row in out:
        key = (row["start"], row["end"], row["tag"], row["author"])
        if row["deleted_at"] is None and key in seen:
            continue
        if row["deleted_at"] is None:
            seen.add(key)
        unique.append(row)
    return unique


def fresh_store() -> tuple[Store, str, str]:
    store = Store.open(":memory:", author="tester")
    stored, _ = store.import_article(make_article(AWKWARD_ARTICLE, title='=Awkward, "title"'))
    return store, stored.id, stored.article.text


def export(store: Store, fmt: str, include_deleted: bool) -> bytes:
    out = io.StringIO(newline="")
    _exporter(store, fmt, ExportFilters(), include_deleted)(out)  # type: ignore[arg-type]
    return out.getvalue().encode("utf-8")


ARTICLE_ID, ARTICLE_TEXT = (lambda s: (s[1], s[2]))(fresh_store())


def round_trip(tmp_path: Path, rows: list[dict[str, Any]], fmt: str, deleted: bool) -> None:
    """Import ``rows``, export, import that into a fresh database, export: the same bytes."""
    first, article_id, _ = fresh_store()
    assert article_id == ARTICLE_ID
    with first:
        report = first.import_annotations(rows)
        assert (report.new, report.skipped) == (len(rows), {}), report
        exported = export(first, fmt, deleted)
    path = tmp_path / f"{uuid.uuid4()}.{fmt}"
    path.write_bytes(exported)
    second, _, _ = fresh_store()
    with second:
        report = second.import_annotations(read_annotation_file(path))
        assert report.skipped == {}, report
        assert export(second, fmt, deleted) == exported


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=records(ARTICLE_ID, ARTICLE_TEXT),
    fmt=st.sampled_from(["csv", "jsonl", "w3c"]),
    include_deleted=st.booleans(),
)
def test_export_import_export_is_byte_identical(
    tmp_path: Path, rows: list[dict[str, Any]], fmt: str, include_deleted: bool
) -> None:
    round_trip(tmp_path, rows, fmt, include_deleted)


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "w3c"])
def test_round_trip_of_the_tricky_values(tmp_path: Path, fmt: str) -> None:
    start = ARTICLE_TEXT.index("=SUM")
    base = {
        "article_id": ARTICLE_ID,
        "start": start,
        "end": start + 7,
        "exact": ARTICLE_TEXT[start : start + 7],
        "tag": "claim",
        "status": "disputed",
        "created_at": "2026-01-02T03:04:05.000006Z",
        "updated_at": "2026-01-02T03:04:05.000007Z",
    }
    rows = [
        {
            **base,
            "id": str(uuid.UUID(int=i + 1)),
            "prefix": value,
            "suffix": value[::-1],
            "speaker": value,
            "note": value + "\r\n" + value,
            "author": value or "x",
            "deleted_at": None if i % 2 else "2026-02-02T00:00:00.000000Z",
        }
        for i, value in enumerate(TRICKY)
    ]
    round_trip(tmp_path, rows, fmt, deleted=True)


@given(st.text())
def test_apostrophe_rule_is_undone_exactly(value: str) -> None:
    safe = spreadsheet_safe(value)
    assert spreadsheet_unsafe(safe) == value
    assert not safe.startswith(FORMULA_TRIGGERS)
    if ";" not in value and "\t" not in value:
        assert safe in (value, "'" + value)
    else:  # one apostrophe at most at the start of each piece cut after a ';' or a tab
        assert safe.replace("'", "") == value.replace("'", "")


@given(st.text())
def test_sql_apostrophe_rule_matches_python(value: str) -> None:
    conn = sqlite3.connect(":memory:")
    register_functions(conn)
    sql = f"SELECT {sql_spreadsheet_safe('v')} FROM (SELECT ? AS v)"
    assert conn.execute(sql, [value]).fetchone()[0] == spreadsheet_safe(value)


def test_apostrophe_examples() -> None:
    assert spreadsheet_safe("'tis") == "'tis"  # a real apostrophe before a letter: untouched
    assert spreadsheet_safe("'=x") == "''=x"  # would otherwise read back as "=x"
    assert spreadsheet_unsafe("'tis") == "'tis"
    assert spreadsheet_unsafe("''=x") == "'=x"


cell = st.none() | st.integers() | text | st.text(alphabet=",\"\r\n x='", max_size=5)


@given(st.lists(st.lists(cell, min_size=3, max_size=3).map(tuple), max_size=8))
def test_fast_csv_writer_matches_csv_module(rows: list[tuple[Any, ...]]) -> None:
    columns = ("a", "b", "c")
    expected = io.StringIO(newline="")
    writer = csv.writer(expected, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(columns)
    writer.writerows(rows)
    out = io.StringIO(newline="")
    assert write_csv_cells(rows, out, columns) == len(rows)
    assert out.getvalue() == expected.getvalue()


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "w3c"])
def test_round_trip_of_needs_recheck(tmp_path: Path, fmt: str) -> None:
    """The status a merge sets on an annotation moved onto different words."""
    start = ARTICLE_TEXT.index("More text")
    row = {
        "id": str(uuid.UUID(int=99)),
        "article_id": ARTICLE_ID,
        "start": start,
        "end": start + 9,
        "exact": ARTICLE_TEXT[start : start + 9],
        "prefix": "",
        "suffix": "",
        "tag": "claim",
        "speaker": None,
        "status": "needs-recheck",
        "note": None,
        "author": "me",
        "deleted_at": None,
        "created_at": "2026-01-02T03:04:05.000006Z",
        "updated_at": "2026-01-02T03:04:05.000007Z",
    }
    round_trip(tmp_path, [row], fmt, deleted=False)
    assert "needs-recheck" in STATUSES
