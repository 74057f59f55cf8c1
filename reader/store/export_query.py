"""The export query: every column of an export row computed by SQLite.

The section title comes from a join on the ``sections`` table (schema
version 2) and, for CSV, the spreadsheet-safety apostrophe is added in SQL
(:func:`sql_spreadsheet_safe`, the SQL twin of
``reader.model.records.spreadsheet_safe``), so an export is one cursor that
``csv.writer.writerows`` can consume without a Python loop per row.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

from reader.model.records import (
    FORMULA_TRIGGERS,
    SHEET_SEPARATORS,
    export_columns,
    spreadsheet_safe,
)

__all__ = ["SAFE_FUNCTION", "export_query", "register_functions", "sql_spreadsheet_safe"]

_NUMERIC_COLUMNS = frozenset({"start", "end"})
# GLOB character classes (a leading "-" is literal; tab and CR go in as raw characters;
# NUL cannot be in SQL text: a value holding one goes to SAFE_FUNCTION).
_TRIGGERS = "[-" + "".join(c for c in FORMULA_TRIGGERS if c not in "-\0") + "]"
_TRIGGERS_OR_APOSTROPHE = _TRIGGERS[:-1] + "'']"
_SEPARATORS = f"*[{SHEET_SEPARATORS}]*"

#: The SQL function (:func:`register_functions`) that makes the rare values spreadsheet
#: safe: those holding a separator (``;``, tab) or a NUL, which GLOB cannot see past.
SAFE_FUNCTION = "reader_spreadsheet_safe"


def _safe(value: Any) -> Any:
    return spreadsheet_safe(value) if isinstance(value, str) else value


def register_functions(conn: sqlite3.Connection) -> None:
    """Define :data:`SAFE_FUNCTION` on ``conn`` (the export query calls it)."""
    conn.create_function(SAFE_FUNCTION, 1, _safe, deterministic=True)


def sql_spreadsheet_safe(expr: str) -> str:
    """SQL for ``spreadsheet_safe(expr)``, exactly: a leading apostrophe when the value,
    after any apostrophes it already starts with, starts with a formula trigger. A
    value holding a ``;``, a tab or a NUL (each piece of it gets the rule) goes to
    :data:`SAFE_FUNCTION` (``register_functions`` must have run on the connection).

    Two scans and a one-character GLOB settle almost every value; ``ltrim`` runs
    only for values starting with a trigger or an apostrophe.
    """
    return (
        f"CASE WHEN {expr} GLOB '{_SEPARATORS}' OR instr(CAST({expr} AS BLOB), x'00') "
        f"THEN {SAFE_FUNCTION}({expr}) "
        f"WHEN {expr} GLOB '{_TRIGGERS_OR_APOSTROPHE}*' "
        f"AND ltrim({expr}, '''') GLOB '{_TRIGGERS}*' "
        f"THEN '''' || {expr} ELSE {expr} END"
    )


def _section_title(safe: bool) -> str:
    """The display title of the section holding ``n.start`` (as ``bisect`` over the
    section starts: the last section starting at or before it, else the first)."""
    title = sql_spreadsheet_safe("s.title") if safe else "s.title"
    return f"""coalesce(
        (SELECT {title} FROM sections AS s
         WHERE s.article_id = n.article_id AND s.start <= n.start
         ORDER BY s.start DESC, s.position DESC LIMIT 1),
        (SELECT {title} FROM sections AS s
         WHERE s.article_id = n.article_id ORDER BY s.position LIMIT 1),
        '')"""


_SOURCES = {
    "id": "n.id",
    "article_id": "n.article_id",
    "article_title": "a.title",
    "start": "n.start",
    "end": 'n."end"',
    "deleted_at": "n.deleted_at",
}


def _any_of(column: str, values: Sequence[str], where: list[str], params: list[Any]) -> None:
    """Add ``column IN (values)`` to ``where`` unless ``values`` is empty (no filter)."""
    if values:
        where.append(f"{column} IN ({', '.join('?' * len(values))})")
        params.extend(values)


def export_query(
    *,
    article_ids: Sequence[str] = (),
    tags: Sequence[str] = (),
    authors: Sequence[str] = (),
    statuses: Sequence[str] = (),
    spreadsheet_safe: bool = False,
    include_deleted: bool = False,
    with_url: bool = False,
) -> tuple[str, list[Any]]:
    """The SQL and parameters of an export: one row per annotation, columns in
    ``reader.io.export.EXPORT_COLUMNS`` order (plus ``deleted_at`` when ``include_deleted``).

    Filters: a row is kept when its article is one of ``article_ids``, its tag one
    of ``tags``, its author one of ``authors`` and its status one of ``statuses``;
    an empty sequence does not filter (values of one filter OR together,
    different filters AND together).

    ``with_url`` adds a last column, ``article_url``: the article's canonical URL, else
    the URL it was fetched from, else NULL (the W3C export's target source).

    ``spreadsheet_safe`` gives CSV cells: text made spreadsheet safe, and a
    missing value as ``''``. Ordered by article (import time, id), then start,
    end, id: SQLite walks the ``articles_imported_at`` and
    ``annotations_article_start`` indexes, sorting only within one article at a time.
    """
    selects = []
    for column in export_columns(include_deleted=include_deleted):
        if column == "section":
            selects.append(_section_title(spreadsheet_safe))
            continue
        expr = _SOURCES.get(column, f"n.{column}")
        if spreadsheet_safe and column not in _NUMERIC_COLUMNS:
            expr = f"coalesce({sql_spreadsheet_safe(expr)}, '')"
        selects.append(expr)
    if with_url:
        selects.append("coalesce(a.canonical_url, a.url)")
    where = [] if include_deleted else ["n.deleted_at IS NULL"]
    params: list[Any] = []
    _any_of("a.id", article_ids, where, params)
    _any_of("n.tag", tags, where, params)
    _any_of("n.author", authors, where, params)
    _any_of("n.status", statuses, where, params)
    sql = (
        f"SELECT {', '.join(selects)}\n"
        "FROM articles AS a CROSS JOIN annotations AS n ON n.article_id = a.id\n"
        f"{'WHERE ' + ' AND '.join(where) if where else ''}\n"
        'ORDER BY a.imported_at, a.id, n.start, n."end", n.id'
    )
    return sql, params
