"""Merging shared tag databases into the local one (``reader merge``).

The rules are in docs/sharing.md; in short:

- Articles are matched by content hash. An incoming article with no local twin
  but a local *version* (same non-empty url, else same source and title) has
  its annotations re-anchored into the local text (:mod:`reader.model.anchor`);
  those that cannot be placed become orphans (table ``orphans``); those placed on
  different words get the status ``needs-recheck`` and a row in ``rechecks``
  (:mod:`reader.store.reanchoring`). Any other incoming article is added.
- Each annotation id is a last-writer-wins register: the version with the
  greater key ``(updated_at, author, deleted, tag, status, speaker, note, start,
  end, created_at)`` wins, so merging is idempotent, commutative and
  associative. When the two versions differ in content, the loser is kept in
  ``conflicts``. Tombstones (``deleted_at``) are versions like any other.
- The file is untrusted (:mod:`reader.store.untrusted`): articles and tags are
  validated in Python (few rows), annotations with SQL ``CASE`` checks in one
  pass over the attached, read-only file; bad rows are skipped and counted.
- All files of one call change the local database in ONE transaction; a dry
  run does the same work and rolls it back. Merges clear the undo history of
  the annotations they change (merges are not undoable with ``u``).
"""

from __future__ import annotations

import contextlib
import json
import re
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reader.model.packed import sections_from_stored
from reader.store.articles import section_rows
from reader.store.conflicts import CONFLICT_COLUMNS as _CONFLICT_COLUMNS
from reader.store.errors import StoreError, describe_sqlite_error
from reader.store.migrations import _V11_COUNT_TRIGGERS, _V11_FTS_STATEMENTS
from reader.store.reanchoring import (
    Reanchored,
    reanchor_annotation,
    record_orphan,
    record_recheck,
)
from reader.store.records import NEEDS_RECHECK, STATUSES
from reader.store.store import Store
from reader.store.tags import TAG_PALETTE
from reader.store.transactions import write_transaction
from reader.store.untrusted import (
    KNOWN_COLUMNS,
    LIMITS,
    IncomingArticle,
    open_untrusted,
    read_articles,
    readable_snapshot,
    readonly_uri,
    verify_schema,
)
from reader.store.validation import TAG_MAX_LENGTH, normalise_tag_name, utc_now

__all__ = [
    "DIALECTS",
    "MAX_FILES",
    "MergeReport",
    "drop_conflicts_like_current",
    "keep_as_conflicts",
    "merge_files",
    "merge_staged",
    "same_content",
    "version_key",
]

#: Files per ``merge`` call (SQLite attaches at most 10 databases).
MAX_FILES = 8
#: Page cache (KiB) for the main and scratch databases while merging.
MERGE_CACHE_KIB = 65536
#: Distinct tag names read from one file; more are skipped.
MAX_TAGS = 10_000

# A timestamp as reader stores it: UTC, ASCII digits, ``YYYY-MM-DDTHH:MM:SS[.fraction]Z``.
_TS_GLOB = "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z"
_COLOUR_RE = re.compile(r"#[0-9a-f]{6}")

_ANNOTATION_FIELDS = KNOWN_COLUMNS["annotations"]
_COLS = ", ".join(f'"{c}"' for c in _ANNOTATION_FIELDS)


@dataclass
class MergeReport:
    """What merging one file did (or would do, in a dry run)."""

    source: str
    new: int = 0
    new_deleted: int = 0  # of ``new``: tombstones of annotations never seen here
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0
    conflicts: int = 0
    reanchored: int = 0
    orphans: int = 0
    rechecks: int = 0  # of ``reanchored``: placed on different words, now needs-recheck
    articles_added: int = 0
    skipped: Counter[str] = field(default_factory=Counter)

    @property
    def skipped_total(self) -> int:
        return sum(self.skipped.values())

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "new": self.new,
            "new_deleted": self.new_deleted,
            "updated": self.updated,
            "deleted": self.deleted,
            "unchanged": self.unchanged,
            "conflicts": self.conflicts,
            "reanchored": self.reanchored,
            "orphans": self.orphans,
            "rechecks": self.rechecks,
            "articles_added": self.articles_added,
            "skipped": dict(sorted(self.skipped.items())),
        }


@dataclass
class _Prepared:
    path: Path
    readable: Path  # the file read: ``path``, or a consistent snapshot of it
    articles: list[IncomingArticle]
    tags: dict[str, tuple[str | None, str | None]]  # name -> (colour, description)
    skipped: Counter[str]


# -- reading and validating articles and tags (few rows: Python) -----------------------------


def _read_tags(
    conn: sqlite3.Connection, label: str, schema: str = "main"
) -> dict[str, tuple[str | None, str | None]]:
    """Valid tag names used by the file's annotations, with their colour/description.
    More than :data:`MAX_TAGS` of them: the file is refused (``StoreError``), before
    anything changes: a partial merge would drop the rows of the others."""
    names: set[str] = set()
    for (name,) in conn.execute(
        f"SELECT DISTINCT tag FROM {schema}.annotations "
        "WHERE typeof(tag) = 'text' AND length(tag) BETWEEN 1 AND ?",
        [TAG_MAX_LENGTH],
    ):
        try:
            valid = normalise_tag_name(name) == name
        except StoreError:
            valid = False
        if valid:  # else its annotations are skipped as "invalid tag"
            names.add(name)
            if len(names) > MAX_TAGS:
                raise StoreError(
                    f"cannot merge {label}: its annotations use more than {MAX_TAGS:,} tags "
                    f"(reader accepts at most {MAX_TAGS:,} from one file); nothing was merged"
                )
    tags: dict[str, tuple[str | None, str | None]] = dict.fromkeys(names, (None, None))
    found: set[str] = set()
    # One pass over the file's tags (its table may have no index on name): the first
    # well-formed row of each used name gives its colour and description.
    for name, colour, description in conn.execute(
        f"SELECT name, colour, description FROM {schema}.tags "
        "WHERE typeof(name) = 'text' AND length(name) BETWEEN 1 AND ? "
        "AND typeof(colour) = 'text' AND length(colour) = 7 "
        "AND (description IS NULL OR "
        "(typeof(description) = 'text' AND length(description) <= ?)) ORDER BY rowid",
        [TAG_MAX_LENGTH, LIMITS["description"]],
    ):
        if name in tags and name not in found:
            found.add(name)
            tags[name] = (colour if _COLOUR_RE.fullmatch(colour) else None, description)
    return tags


def _prepare(path: Path, readable: Path) -> _Prepared:
    skipped: Counter[str] = Counter()
    conn = open_untrusted(readable, label=str(path))
    try:
        try:
            articles = read_articles(conn, skipped)
            tags = _read_tags(conn, str(path))
        except sqlite3.DatabaseError as error:
            raise StoreError(f"cannot read {path}: {_describe(error)}") from error
    finally:
        conn.close()
    return _Prepared(path, readable, articles, tags, skipped)


def _describe(error: sqlite3.Error) -> str:
    return describe_sqlite_error(error)


# -- the set-based part: SQL over the attached file -----------------------------------------------


#: The SQL dialects :func:`version_key` and :func:`same_content` are written for.
DIALECTS = ("sqlite", "postgresql")


def version_key(alias: str, dialect: str = "sqlite", *, placed: bool = True) -> str:
    """The last-writer-wins order of an annotation version, as an SQL row value, in
    SQLite or PostgreSQL (``reader sync`` compares on the server with the same key;
    text there compared bytewise, ``COLLATE "C"``, as SQLite does). ``needs-recheck``
    ranks below every verdict: a copy flagged by re-anchoring loses a tie with the
    version it was made from. ``placed=False`` leaves out what re-anchoring may change
    (the span) and what follows it: for comparing versions on different article texts."""
    if dialect not in DIALECTS:
        raise ValueError(f"unknown SQL dialect {dialect!r}")
    a = alias
    c = ' COLLATE "C"' if dialect == "postgresql" else ""
    status = f"(CASE {a}.status WHEN '{NEEDS_RECHECK}' THEN '' ELSE {a}.status END)"
    key = [
        f"{a}.updated_at{c}",
        f"{a}.author{c}",
        f"{a}.deleted_at IS NOT NULL",
        f"{a}.tag{c}",
        f"{status}{c}",
        f"coalesce({a}.speaker, ''){c}",
        f"coalesce({a}.note, ''){c}",
    ]
    if placed:
        key += [
            f"{a}.start",
            f'{a}."end"',
            f"{a}.created_at{c}",
            f"coalesce({a}.deleted_at, ''){c}",
        ]
    return "(" + ", ".join(key) + ")"


def same_content(x: str, y: str, dialect: str = "sqlite") -> str:
    """SQL: versions ``x`` and ``y`` say the same (tag, status, speaker, note, deleted or
    not, span), NULLs equal, in SQLite or PostgreSQL."""
    if dialect not in DIALECTS:
        raise ValueError(f"unknown SQL dialect {dialect!r}")
    same = " IS " if dialect == "sqlite" else " IS NOT DISTINCT FROM "
    parts = [f"{x}.{c}{same}{y}.{c}" for c in ("tag", "status", "speaker", "note")]
    parts.append(f"({x}.deleted_at IS NULL) = ({y}.deleted_at IS NULL)")
    parts += [f"{x}.start{same}{y}.start", f'{x}."end"{same}{y}."end"']
    return "(" + " AND ".join(parts) + ")"


def _classify(x: str, local: str, article: str) -> str:
    """``kind`` of incoming version ``x`` against the local row ``local`` (may be NULL)."""
    return f"""CASE
        WHEN {local}.id IS NULL THEN 'new'
        WHEN {local}.article_id IS NOT {article} THEN 'other_article'
        WHEN {version_key(x)} = {version_key(local)} THEN 'unchanged'
        WHEN {version_key(x)} > {version_key(local)} THEN
            CASE WHEN {same_content(x, local)} THEN 'win_same' ELSE 'win' END
        WHEN {same_content(x, local)} THEN 'unchanged'
        ELSE 'lose' END"""


def _text_ok(column: str, cap: int, *, nullable: bool = False) -> str:
    check = f"(typeof({column}) = 'text' AND length({column}) <= {cap})"
    return f"({column} IS NULL OR {check})" if nullable else check


def _ts_ok(column: str, *, nullable: bool = False) -> str:
    """SQL: ``column`` is a stored-form timestamp (:data:`_TS_GLOB`, a fraction of 1-9
    digits or none) of a real date and time (not 02-30, 24:00 or 23:59:60: the checks
    SQLite's calendar makes, ``strftime(julianday(...))`` giving back the same text, done
    on the digits, at a third of the cost), with no NUL or non-ASCII character (the blob
    is as long as the text), so it compares as text in time order."""
    c = column
    year = f"CAST(substr({c}, 1, 4) AS INTEGER)"
    month = f"substr({c}, 6, 2)"
    leap = f"({year} % 4 = 0 AND ({year} % 100 != 0 OR {year} % 400 = 0))"
    last_day = (
        f"CASE {month} WHEN '02' THEN CASE WHEN {leap} THEN '29' ELSE '28' END "
        "WHEN '04' THEN '30' WHEN '06' THEN '30' WHEN '09' THEN '30' WHEN '11' THEN '30' "
        "ELSE '31' END"
    )
    # The GLOB makes the first 19 characters ASCII digits and separators, so the fields
    # compare as text; the fraction (between '.' and 'Z') must be digits, and holds no
    # NUL (blob as long as the text), which ``trim`` would see and GLOB would not.
    check = (
        f"(typeof({c}) = 'text' AND length({c}) <= {LIMITS['timestamp']} "
        f"AND length(CAST({c} AS BLOB)) = length({c}) "
        f"AND {c} GLOB '{_TS_GLOB}' AND (length({c}) = 20 OR "
        f"(substr({c}, 20, 1) = '.' AND length({c}) BETWEEN 22 AND 30 "
        f"AND trim(substr({c}, 21, length({c}) - 21), '0123456789') = '')) "
        f"AND substr({c}, 1, 4) != '0000' AND {month} BETWEEN '01' AND '12' "
        f"AND substr({c}, 9, 2) BETWEEN '01' AND {last_day} "
        f"AND substr({c}, 12, 2) <= '23' AND substr({c}, 15, 2) <= '59' "
        f"AND substr({c}, 18, 2) <= '59')"
    )
    return f"({c} IS NULL OR {check})" if nullable else check


_STATUS_SQL = ", ".join(f"'{s}'" for s in STATUSES)
#: The SQL function of :func:`_exact_matches`, registered for one file's merge.
_EXACT_MATCHES = "reader_exact_matches"

# Checks in order; the first that fails names the reason a row is skipped.
_ROW_CHECKS = (
    (
        "bad annotation id",
        f"typeof(n.id) = 'text' AND length(n.id) BETWEEN 1 AND {LIMITS['id']} "
        "AND n.id NOT GLOB '*[^0-9a-f-]*'",
    ),
    ("unknown or invalid article", "m.inc_id IS NOT NULL"),
    ("offsets are not integers", "typeof(n.start) = 'integer' AND typeof(n.\"end\") = 'integer'"),
    ("offsets out of range", 'n.start >= 0 AND n.start < n."end" AND n."end" <= m.text_len'),
    (
        "exact text does not match the article",
        f"{_text_ok('n.exact', LIMITS['exact'])} "
        f'AND {_EXACT_MATCHES}(m.inc_rowid, n.start, n."end", CAST(n.exact AS BLOB))',
    ),
    (
        "bad prefix or suffix",
        f"{_text_ok('n.prefix', LIMITS['context'])} AND {_text_ok('n.suffix', LIMITS['context'])}",
    ),
    ("invalid tag", "typeof(n.tag) = 'text' AND n.tag IN (SELECT name FROM temp.merge_tags)"),
    ("unknown status", f"typeof(n.status) = 'text' AND n.status IN ({_STATUS_SQL})"),
    ("bad speaker", _text_ok("n.speaker", LIMITS["speaker"], nullable=True)),
    ("bad note", _text_ok("n.note", LIMITS["note"], nullable=True)),
    (
        "bad author",
        f"{_text_ok('n.author', LIMITS['author'])} AND length(trim(n.author)) > 0",
    ),
    (
        "bad timestamp",
        # A timestamp the same as ``updated_at`` (created and never edited, or deleted
        # by that edit: most rows) passed with it; ``IS`` only holds for the same bytes.
        f"{_ts_ok('n.updated_at')} AND (n.created_at IS n.updated_at OR "
        f"{_ts_ok('n.created_at')}) AND (n.deleted_at IS n.updated_at OR "
        f"{_ts_ok('n.deleted_at', nullable=True)})",
    ),
)
_REASON_SQL = (
    "CASE "
    + " ".join(f"WHEN NOT ({check}) THEN '{reason}'" for reason, check in _ROW_CHECKS)
    + " END"
)


def _capped(column: str, cap: int) -> str:
    """The column's value when it is text within ``cap``, else NULL (huge cells are never
    copied, even into the scratch table)."""
    return f"CASE WHEN typeof({column}) = 'text' AND length({column}) <= {cap} THEN {column} END"


_SCRATCH_SQL = [
    "DROP TABLE IF EXISTS temp.merge_articles",
    "DROP TABLE IF EXISTS temp.merge_tags",
    "DROP TABLE IF EXISTS temp.merge_in",
    """CREATE TEMP TABLE merge_articles (
        inc_id TEXT PRIMARY KEY, inc_rowid INTEGER NOT NULL, local_id TEXT NOT NULL,
        mode TEXT NOT NULL, text_len INTEGER NOT NULL)""",
    "CREATE TEMP TABLE merge_tags (name TEXT PRIMARY KEY)",
    f"""CREATE TEMP TABLE merge_in (
        {", ".join(f'"{c}"' for c in _ANNOTATION_FIELDS)},
        reason TEXT, kind TEXT, local_deleted INTEGER, inc_article TEXT)""",
]

_INSERT_SCRATCH = f"""
INSERT INTO temp.merge_in ({_COLS}, reason, kind, local_deleted, inc_article)
SELECT {_capped("n.id", LIMITS["id"])}, m.local_id,
       CASE WHEN typeof(n.start) = 'integer' THEN n.start END,
       CASE WHEN typeof(n."end") = 'integer' THEN n."end" END,
       {_capped("n.exact", LIMITS["exact"])}, {_capped("n.prefix", LIMITS["context"])},
       {_capped("n.suffix", LIMITS["context"])}, {_capped("n.tag", TAG_MAX_LENGTH)},
       {_capped("n.speaker", LIMITS["speaker"])}, {_capped("n.status", 20)},
       {_capped("n.note", LIMITS["note"])}, {_capped("n.author", LIMITS["author"])},
       {_capped("n.created_at", LIMITS["timestamp"])},
       {_capped("n.updated_at", LIMITS["timestamp"])},
       {_capped("n.deleted_at", LIMITS["timestamp"])},
       CASE WHEN n.origin = 'suggestion' THEN 'suggestion' ELSE 'manual' END,
       {_REASON_SQL} AS reason,
       CASE WHEN m.mode = 'reanchor' THEN 'reanchor' ELSE {_classify("n", "l", "m.local_id")} END,
       l.deleted_at IS NOT NULL, m.inc_id
FROM {{inc}}.annotations AS n
LEFT JOIN temp.merge_articles AS m ON m.inc_id = n.article_id
LEFT JOIN main.annotations AS l ON l.id = n.id
ORDER BY n.id COLLATE BINARY
"""

_RECLASSIFY = f"""
UPDATE temp.merge_in AS x SET kind = {_classify("x", "l", "x.article_id")},
       local_deleted = l.deleted_at IS NOT NULL
FROM (SELECT r.rowid AS rid, o.* FROM temp.merge_in AS r
      LEFT JOIN main.annotations AS o ON o.id = r.id WHERE r.kind = 'placed') AS l
WHERE x.rowid = l.rid
"""

_MARK_DUPLICATES = """
UPDATE temp.merge_in SET reason = 'duplicate annotation id in the file'
WHERE reason IS NULL AND id IN
    (SELECT id FROM temp.merge_in WHERE reason IS NULL GROUP BY id HAVING count(*) > 1)
"""

# Conflicts keep, per annotation, one row per *content* (tag, status, speaker, note,
# deleted, span) other than the winner's: the greatest version seen with that content.
# That makes the table, like the annotations, independent of the order of merges.
_LOSER_COLUMNS = (
    'id, article_id, start, "end", exact, tag, speaker, status, note, author, created_at, '
    "updated_at, deleted_at, winner_updated_at"
)
# The few rows that meet a local version: the steps below read this, not all rows.
_COLLECT_CHANGED = [
    "DROP TABLE IF EXISTS temp.merge_changed",
    """CREATE TEMP TABLE merge_changed AS SELECT * FROM temp.merge_in
    WHERE reason IS NULL AND kind IN ('win', 'win_same', 'lose')""",
]
_COLLECT_LOSERS = [
    "DROP TABLE IF EXISTS temp.merge_losers",
    """CREATE TEMP TABLE merge_losers AS
    SELECT v.id, v.article_id, v.start, v."end", v.exact, v.tag, v.speaker, v.status, v.note,
           v.author, v.created_at, v.updated_at, v.deleted_at, x.updated_at AS winner_updated_at
    FROM temp.merge_changed AS x JOIN main.annotations AS v ON v.id = x.id
    WHERE x.reason IS NULL AND x.kind = 'win'
    UNION ALL
    SELECT v.id, v.article_id, v.start, v."end", v.exact, v.tag, v.speaker, v.status, v.note,
           v.author, v.created_at, v.updated_at, v.deleted_at, l.updated_at
    FROM temp.merge_changed AS v JOIN main.annotations AS l ON l.id = v.id
    WHERE v.reason IS NULL AND v.kind = 'lose'""",
]
_DROP_SUPERSEDED_CONFLICTS = f"""
DELETE FROM main.conflicts AS c WHERE EXISTS (
    SELECT 1 FROM temp.merge_losers AS v WHERE v.id = c.annotation_id
    AND {same_content("c", "v")} AND {version_key("v")} > {version_key("c")})
"""
_RECORD_LOSERS = f"""
INSERT INTO main.conflicts ({_CONFLICT_COLUMNS})
SELECT {_LOSER_COLUMNS}, :source, :now FROM temp.merge_losers AS v
WHERE NOT EXISTS (SELECT 1 FROM main.conflicts AS c
                  WHERE c.annotation_id = v.id AND {same_content("c", "v")})
"""
# After the wins are applied: a kept version with the winner's content is no conflict.
_DROP_WINNING_CONTENT = f"""
DELETE FROM main.conflicts AS c
WHERE c.annotation_id IN (SELECT id FROM temp.merge_changed
                          WHERE reason IS NULL AND kind IN ('win', 'win_same'))
AND EXISTS (SELECT 1 FROM main.annotations AS l
            WHERE l.id = c.annotation_id AND {same_content("c", "l")})
"""


def keep_as_conflicts(
    conn: sqlite3.Connection, ids: Sequence[str], *, winner_updated_at: str, source: str, now: str
) -> None:
    """Keep the local versions of ``ids``, about to be replaced by a winner stamped
    ``winner_updated_at``, in ``conflicts`` as a merge keeps its losers (one row per
    content, the greatest version). For ``import-annotations``, which applies edits
    made outside; call :func:`drop_conflicts_like_current` once they are applied."""
    conn.execute("DROP TABLE IF EXISTS temp.merge_losers")
    conn.execute(
        """CREATE TEMP TABLE merge_losers AS
        SELECT v.id, v.article_id, v.start, v."end", v.exact, v.tag, v.speaker, v.status,
               v.note, v.author, v.created_at, v.updated_at, v.deleted_at,
               ? AS winner_updated_at
        FROM main.annotations AS v WHERE v.id IN (SELECT value FROM json_each(?))""",
        [winner_updated_at, json.dumps(list(ids))],
    )
    conn.execute(_DROP_SUPERSEDED_CONFLICTS)
    conn.execute(_RECORD_LOSERS, {"source": source, "now": now})
    conn.execute("DROP TABLE temp.merge_losers")


def drop_conflicts_like_current(conn: sqlite3.Connection, ids: Sequence[str]) -> None:
    """Drop the kept versions of ``ids`` whose content is now the annotation's own
    (a kept version with the winner's content is no conflict)."""
    conn.execute(
        f"""DELETE FROM main.conflicts AS c
        WHERE c.annotation_id IN (SELECT value FROM json_each(?))
        AND EXISTS (SELECT 1 FROM main.annotations AS l
                    WHERE l.id = c.annotation_id AND {same_content("c", "l")})""",
        [json.dumps(list(ids))],
    )


# In id order (the index stays compact, the rowids follow the ids): ``merge_in`` is filled
# in that order (_INSERT_SCRATCH, reading a file's or the staging table's primary key,
# without a sort), so its rowid order is the id order and nothing is sorted again here.
_APPLY_NEW = f"""
INSERT INTO main.annotations ({_COLS})
SELECT {_COLS} FROM temp.merge_in WHERE reason IS NULL AND kind = 'new'
ORDER BY rowid
"""
#: From this many new annotations on, the two per-row triggers a new annotation fires
#: (live counts per article and tag, the notes' search index) are set aside for the
#: insert, inside its transaction, and both are brought up to date in one statement each:
#: the same rows (a quarter of a big insert's time). Fewer: the triggers, and no schema
#: change for the small merges a live sync makes every second.
BULK_NEW = 5_000
# The trigger each bulk statement replaces, as migration 11 wrote it: set aside only when
# the database holds exactly that one, so a later change of the trigger cannot be missed.
_BULK_STEPS = {
    "annotation_counts_insert": (
        _V11_COUNT_TRIGGERS[0],
        """INSERT INTO main.annotation_counts (article_id, tag, n)
        SELECT article_id, tag, count(*) FROM temp.merge_in
        WHERE reason IS NULL AND kind = 'new' AND deleted_at IS NULL GROUP BY article_id, tag
        ON CONFLICT (article_id, tag) DO UPDATE SET n = n + excluded.n""",
    ),
    "annotations_fts_insert": (
        next(s for s in _V11_FTS_STATEMENTS if "annotations_fts_insert" in s),
        # The new rows are those past the greatest rowid before the insert (``:before``,
        # see _apply_new): one range of the table read in rowid order, no join by id.
        """INSERT INTO main.annotations_fts (rowid, note, speaker)
        SELECT rowid, note, speaker FROM main.annotations
        WHERE rowid > :before AND (note IS NOT NULL OR speaker IS NOT NULL)
        ORDER BY rowid""",
    ),
}
# The greatest rowid SQLite gives by counting on: past it new rows get random rowids, and
# "after the greatest rowid before the insert" no longer names them.
_LAST_ROWID = 2**63 - 1


def _normalised_trigger(sql: str) -> str:
    return " ".join(sql.replace("IF NOT EXISTS ", "").split())


def _apply_new(conn: sqlite3.Connection, new: int) -> None:
    """Insert the new annotations (``_APPLY_NEW``); past :data:`BULK_NEW` of them, with
    the triggers of :data:`_BULK_STEPS` set aside and their work done in bulk."""
    aside: list[tuple[str, str]] = []
    before = 0
    if new >= BULK_NEW:
        # A table without AUTOINCREMENT numbers each new row one past its greatest rowid:
        # the insert's rows are exactly those past this (read in the same transaction).
        before = conn.execute("SELECT coalesce(max(rowid), 0) FROM main.annotations").fetchone()[0]
    if new >= BULK_NEW and before < _LAST_ROWID - new:
        for name, (frozen, _bulk) in _BULK_STEPS.items():
            found = conn.execute(
                "SELECT sql FROM main.sqlite_master WHERE type = 'trigger' AND name = ?", [name]
            ).fetchone()
            if found and _normalised_trigger(found[0]) == _normalised_trigger(frozen):
                aside.append((name, found[0]))
    for name, _sql in aside:
        conn.execute(f"DROP TRIGGER main.{name}")
    conn.execute(_APPLY_NEW)
    for name, sql in aside:
        bulk = _BULK_STEPS[name][1]
        conn.execute(bulk, {"before": before} if ":before" in bulk else {})
        conn.execute(sql)  # the trigger back, as it was (the transaction's, like the rest)


_CLEAR_HISTORY = """
DELETE FROM main.history WHERE annotation_id IN
    (SELECT id FROM temp.merge_changed WHERE reason IS NULL AND kind IN ('win', 'win_same'))
"""
_APPLY_WINS = """
UPDATE main.annotations AS l
SET start = x.start, "end" = x."end", exact = x.exact, prefix = x.prefix, suffix = x.suffix,
    tag = x.tag, speaker = x.speaker, status = x.status, note = x.note, author = x.author,
    created_at = x.created_at, updated_at = x.updated_at, deleted_at = x.deleted_at,
    origin = x.origin
FROM temp.merge_changed AS x
WHERE x.reason IS NULL AND x.kind IN ('win', 'win_same') AND l.id = x.id
"""
_COUNTS = """
SELECT reason, kind, deleted_at IS NOT NULL AS dead, local_deleted, count(*)
FROM temp.merge_in GROUP BY 1, 2, 3, 4
"""


def _local_version_of(conn: sqlite3.Connection, row: dict[str, Any]) -> tuple[str, str] | None:
    """The local article that is another version of an incoming one: same non-empty url,
    else same source and title; the most recently imported wins. ``(id, text)``."""
    if row["url"]:
        found = conn.execute(
            "SELECT id, text FROM main.articles WHERE url = ? "
            "ORDER BY imported_at DESC, id DESC LIMIT 1",
            [row["url"]],
        ).fetchone()
        if found:
            return found
    return conn.execute(
        "SELECT id, text FROM main.articles WHERE source = ? AND title = ? "
        "ORDER BY imported_at DESC, id DESC LIMIT 1",
        [row["source"], row["title"]],
    ).fetchone()


def _map_articles(
    store: Store, prepared: _Prepared, report: MergeReport
) -> dict[str, tuple[str, str]]:
    """Fill ``temp.merge_articles``; add new articles. Returns local texts of re-anchored ones."""
    conn = store.db.conn
    reanchor_texts: dict[str, tuple[str, str]] = {}
    for incoming in prepared.articles:
        row = incoming.row
        same = conn.execute(
            "SELECT id FROM main.articles WHERE content_hash = ?", [row["content_hash"]]
        ).fetchone()
        if same:
            local_id, mode = same[0], "same"
        elif (version := _local_version_of(conn, row)) is not None:
            local_id, mode = version[0], "reanchor"
            reanchor_texts[incoming.id] = (version[1], row["content_hash"])
        else:
            local_id, mode = store.new_article_id(row["content_hash"]), "new"
            with _own_schema(conn):  # values from Python: nothing read from the file
                conn.execute(
                    "INSERT INTO main.articles (id, content_hash, title, source, format, "
                    "author, published, url, metadata, text, structure, imported_at, "
                    "imported_by) VALUES (:id, :content_hash, :title, :source, :format, "
                    ":author, :published, :url, :metadata, :text, :structure, :imported_at, "
                    ":imported_by)",
                    {**row, "id": local_id},
                )
            # The structure was validated (and packed) by rebuilding the article from it.
            sections = section_rows(local_id, sections_from_stored(row["structure"]))
            store.db.table("sections").insert_all(sections)
            report.articles_added += 1
        conn.execute(
            "INSERT INTO temp.merge_articles VALUES (?, ?, ?, ?, ?)",
            [incoming.id, incoming.rowid, local_id, mode, len(row["text"])],
        )
    return reanchor_texts


def _ensure_tags(store: Store, prepared: _Prepared) -> None:
    """Add the file's tags missing here (a missing colour picked as
    ``Store.ensure_tag`` does), in one pass: per-tag ``ensure_tag`` reads every tag
    to pick a colour, quadratic for thousands of tags."""
    conn = store.db.conn
    existing = {name for (name,) in conn.execute("SELECT name FROM main.tags")}
    used = [colour for (colour,) in conn.execute("SELECT colour FROM main.tags")]
    used_set = set(used)
    new_rows = []
    for name in sorted(prepared.tags):
        if name in existing:
            continue
        colour, description = prepared.tags[name]
        if colour is None:
            free = next((c for c in TAG_PALETTE if c not in used_set), None)
            colour = free or TAG_PALETTE[len(used) % len(TAG_PALETTE)]
        used.append(colour)
        used_set.add(colour)
        new_rows.append((name, colour, (description or "").strip() or None))
    conn.executemany("INSERT INTO main.tags (name, colour, description) VALUES (?, ?, ?)", new_rows)
    conn.executemany(
        "INSERT OR IGNORE INTO temp.merge_tags VALUES (?)", [(n,) for n in prepared.tags]
    )


@dataclass(frozen=True)
class _Flagged:
    """A row of ``temp.merge_in`` placed on different words: what to keep in ``rechecks``
    if its version is the one applied."""

    rowid: int
    annotation_id: str
    article_id: str
    old_exact: str
    old_status: str
    moved: Reanchored


def _reanchor_rows(
    store: Store, reanchor_texts: dict[str, tuple[str, str]], source: str, now: str
) -> tuple[int, int, list[_Flagged]]:
    """Place the rows of re-anchored articles in the local text (flagging those placed
    on different words), or make them orphans."""
    conn = store.db.conn
    placed = orphaned = 0
    flagged: list[_Flagged] = []
    rows = conn.execute(
        f"SELECT rowid, {_COLS}, inc_article FROM temp.merge_in "
        "WHERE reason IS NULL AND kind = 'reanchor'"
    ).fetchall()
    for rowid, *values, inc_id in rows:
        row = dict(zip(_ANNOTATION_FIELDS, values, strict=True))
        text, incoming_hash = reanchor_texts[inc_id]
        moved = reanchor_annotation(text, row["exact"], row["prefix"], row["suffix"], row["status"])
        if moved.placed:
            conn.execute(
                'UPDATE temp.merge_in SET start = ?, "end" = ?, exact = ?, prefix = ?, '
                "suffix = ?, status = ?, kind = 'placed' WHERE rowid = ?",
                [
                    moved.start,
                    moved.end,
                    moved.exact,
                    moved.prefix,
                    moved.suffix,
                    moved.status,
                    rowid,
                ],
            )
            placed += 1
            if moved.needs_recheck and row["deleted_at"] is None:  # tombstones: no record
                flagged.append(
                    _Flagged(
                        rowid, row["id"], row["article_id"], row["exact"], row["status"], moved
                    )
                )
            continue
        conn.execute("UPDATE temp.merge_in SET kind = 'orphan' WHERE rowid = ?", [rowid])
        orphaned += 1
        record_orphan(
            conn,
            values,
            incoming_hash=incoming_hash,
            reason=moved.placement.how,
            source=source,
            now=now,
        )
    if placed:
        conn.execute(_RECLASSIFY)
    return placed, orphaned, flagged


def _record_rechecks(
    conn: sqlite3.Connection, flagged: list[_Flagged], source: str, now: str
) -> int:
    """Keep a ``rechecks`` row for each flagged version that is applied (new, or winning
    over the local one); returns how many."""
    applied = 0
    for item in flagged:
        kind = conn.execute(
            "SELECT kind FROM temp.merge_in WHERE rowid = ?", [item.rowid]
        ).fetchone()[0]
        if kind not in ("new", "win", "win_same"):
            continue
        record_recheck(
            conn,
            annotation_id=item.annotation_id,
            article_id=item.article_id,
            old_exact=item.old_exact,
            old_status=item.old_status,
            moved=item.moved,
            source=source,
            now=now,
        )
        applied += 1
    return applied


def _count(conn: sqlite3.Connection, report: MergeReport) -> None:
    for reason, kind, dead, local_deleted, count in conn.execute(_COUNTS):
        if reason is not None:
            report.skipped[reason] += count
        elif kind == "new":
            report.new += count
            report.new_deleted += count if dead else 0
        elif kind == "unchanged":
            report.unchanged += count
        elif kind in ("win", "win_same"):
            if dead and not local_deleted:
                report.deleted += count
            else:
                report.updated += count
            report.conflicts += count if kind == "win" else 0
        elif kind == "lose":
            report.conflicts += count
        elif kind == "other_article":
            report.skipped["id already used by an annotation of another article"] += count


def _unique_ids(conn: sqlite3.Connection, schema: str) -> bool:
    """Whether the file's annotations table has a unique index on ``id`` alone (a real
    reader file does: its primary key), so duplicate ids need no search. A damaged
    index can still lie; the local primary key then fails the whole merge safely."""
    for _seq, name, unique, *_rest in conn.execute(f"PRAGMA {schema}.index_list(annotations)"):
        if unique:
            literal = "'" + str(name).replace("'", "''") + "'"
            columns = [row[2] for row in conn.execute(f"PRAGMA {schema}.index_info({literal})")]
            if columns == ["id"]:
                return True
    return False


@contextlib.contextmanager
def _exact_matches(conn: sqlite3.Connection, articles: Sequence[IncomingArticle]) -> Iterator[None]:
    """``reader_exact_matches(rowid, start, end, exact)``, for the checks of one file's
    rows: whether ``exact`` (the bytes of a text) is the incoming article ``rowid``'s text
    from character ``start`` to ``end``, as ``exact = substr(text, start + 1, end - start)``
    says in SQL, where SQLite walks the text from its start for every row (a tenth of a big
    pull on 6 KB articles, more on longer ones): here the article's validated text (read
    once) is sliced. ``substr`` stops at a NUL, so the text is cut at its first one, as
    there; byte equality is SQL's ``=`` on UTF-8 text. Other arguments (which the checks
    before it rule out) match nothing."""
    texts = {a.rowid: a.row["text"].partition("\0")[0] for a in articles}

    def matches(rowid: object, start: object, end: object, exact: object) -> bool:
        text = texts.get(rowid) if isinstance(rowid, int) else None
        if text is None or not (isinstance(start, int) and isinstance(end, int)):
            return False
        if not isinstance(exact, bytes) or start < 0 or end < start:
            return False
        return text[start:end].encode() == exact

    conn.create_function(_EXACT_MATCHES, 4, matches, deterministic=True)
    try:
        yield
    finally:
        conn.create_function(_EXACT_MATCHES, 4, None)


@contextlib.contextmanager
def _own_schema(conn: sqlite3.Connection) -> Iterator[None]:
    """``trusted_schema`` back ON for statements that write this database from values or
    scratch tables only (never reading an attached file): the triggers of our own schema
    keep the search indexes, FTS5 virtual tables, which SQLite refuses to write from a
    trigger while ``trusted_schema`` is OFF. OFF again after (the merge keeps it off)."""
    conn.execute("PRAGMA trusted_schema = ON")
    try:
        yield
    finally:
        conn.execute("PRAGMA trusted_schema = OFF")


def _merge_one(
    store: Store, prepared: _Prepared, schema: str, now: str, *, attach: bool = True
) -> MergeReport:
    conn = store.db.conn
    source = prepared.path.name
    report = MergeReport(source=str(prepared.path), skipped=Counter(prepared.skipped))
    if attach:  # else the caller attached (and filled) ``schema`` itself: merge_staged
        conn.execute("ATTACH DATABASE ? AS " + schema, [readonly_uri(prepared.readable)])
        verify_schema(conn, schema, str(prepared.path))
    for statement in _SCRATCH_SQL:
        conn.execute(statement)
    reanchor_texts = _map_articles(store, prepared, report)
    _ensure_tags(store, prepared)
    with _exact_matches(conn, prepared.articles):
        conn.execute(_INSERT_SCRATCH.format(inc=schema))
    if not _unique_ids(conn, schema):
        conn.execute(_MARK_DUPLICATES)
    report.reanchored, report.orphans, flagged = _reanchor_rows(store, reanchor_texts, source, now)
    _count(conn, report)
    report.rechecks = _record_rechecks(conn, flagged, source, now)
    params = {"source": source, "now": now}
    for statement in (*_COLLECT_CHANGED, *_COLLECT_LOSERS):
        conn.execute(statement)
    conn.execute(_DROP_SUPERSEDED_CONFLICTS)
    conn.execute(_RECORD_LOSERS, params)
    conn.execute("DROP TABLE temp.merge_losers")
    conn.execute(_CLEAR_HISTORY)
    with _own_schema(conn):  # both read the scratch tables only
        conn.execute(_APPLY_WINS)
        conn.execute(_DROP_WINNING_CONTENT)
        _apply_new(conn, report.new)
    conn.execute("DROP TABLE temp.merge_changed")
    return report


def merge_staged(
    store: Store,
    schema: str,
    *,
    label: str,
    after_begin: Callable[[], None] | None = None,
    before_commit: Callable[[], None] | None = None,
) -> MergeReport:
    """Merge rows already staged in the database attached as ``schema`` (tables
    ``annotations``, ``articles`` and ``tags`` with the share file's columns, an
    article's ``id`` being what the annotations' ``article_id`` name) with exactly the
    rules and SQL of :func:`merge_files`, in one transaction, without writing a file:
    ``reader sync`` stages what it pulled from the team server in an in-memory database.
    The staged rows are as untrusted as a file's: the same checks skip bad ones.
    ``label`` names the source (as a file name would) in conflicts, orphans and
    re-checks. The caller attaches and detaches ``schema``. ``after_begin`` and
    ``before_commit`` run inside the merge's transaction, first and last."""
    conn = store.db.conn
    skipped: Counter[str] = Counter()
    try:
        articles = read_articles(conn, skipped, schema=schema)
        tags = _read_tags(conn, label, schema)
    except sqlite3.DatabaseError as error:
        raise StoreError(f"cannot read {label}: {_describe(error)}") from error
    prepared = _Prepared(Path(label), Path(label), articles, tags, skipped)
    (report,) = _merge_prepared(
        store,
        [prepared],
        dry_run=False,
        step=lambda label: None,
        before_commit=before_commit,
        staged=schema,
        after_begin=after_begin,
    )
    return report


class _DryRun(Exception):
    """Raised inside the transaction to roll a dry run back."""


def merge_files(
    store: Store,
    paths: Sequence[str | Path],
    *,
    dry_run: bool = False,
    on_step: Callable[[str], None] | None = None,
    before_commit: Callable[[], None] | None = None,
) -> list[MergeReport]:
    """Merge each file into ``store`` in one transaction; one report per file.

    Every file is checked (header, schema, articles, tags) before the local
    database is touched; any error rolls the whole merge back (``StoreError``).
    With ``dry_run`` the reports are computed the same way and nothing is kept.
    ``on_step`` is called with a label as each of the ``2 * len(paths)`` steps
    (check a file, merge a file) begins, for a progress display. ``before_commit``
    (not called in a dry run) runs inside the merge's transaction after the files are
    merged, for bookkeeping that must commit or roll back with them (``reader sync``).
    """
    step = on_step or (lambda label: None)
    if not paths:
        raise StoreError("no file to merge")
    if len(paths) > MAX_FILES:
        raise StoreError(f"merge at most {MAX_FILES} files at once")
    files = [Path(p).expanduser() for p in paths]
    local = Path(store.path).resolve() if store.path != ":memory:" else None
    for path in files:
        if local is not None and path.exists() and path.resolve() == local:
            raise StoreError(f"cannot merge {path} into itself")
    with contextlib.ExitStack() as snapshots:
        prepared = []
        for path in files:
            step(f"checking {path.name}")
            readable = snapshots.enter_context(readable_snapshot(path))
            prepared.append(_prepare(path, readable))
        return _merge_prepared(
            store, prepared, dry_run=dry_run, step=step, before_commit=before_commit
        )


def _merge_prepared(
    store: Store,
    prepared: list[_Prepared],
    *,
    dry_run: bool,
    step: Callable[[str], None],
    before_commit: Callable[[], None] | None = None,
    staged: str | None = None,
    after_begin: Callable[[], None] | None = None,
) -> list[MergeReport]:
    conn = store.db.conn
    trusted = conn.execute("PRAGMA trusted_schema").fetchone()[0]
    cache = conn.execute("PRAGMA main.cache_size").fetchone()[0]
    temp_cache = conn.execute("PRAGMA temp.cache_size").fetchone()[0]
    conn.execute("PRAGMA trusted_schema = OFF")
    # A bounded, larger page cache for the bulk work: far fewer page reads, memory still flat.
    conn.execute(f"PRAGMA main.cache_size = {-MERGE_CACHE_KIB}")
    conn.execute(f"PRAGMA temp.cache_size = {-MERGE_CACHE_KIB}")
    schemas = [staged] if staged else [f"incoming{i}" for i in range(len(prepared))]
    reports: list[MergeReport] = []
    try:
        with write_transaction(conn):
            if after_begin is not None:
                after_begin()
            now = utc_now()
            for item, schema in zip(prepared, schemas, strict=True):
                step(f"merging {item.path.name}")
                try:
                    reports.append(_merge_one(store, item, schema, now, attach=not staged))
                except sqlite3.DatabaseError as error:
                    raise StoreError(f"cannot merge {item.path}: {_describe(error)}") from error
            for statement in _SCRATCH_SQL[:3]:
                conn.execute(statement)
            if dry_run:
                raise _DryRun
            if before_commit is not None:
                before_commit()
    except _DryRun:
        pass
    finally:
        attached = {row[1] for row in conn.execute("PRAGMA database_list")}
        for schema in [] if staged else schemas:
            if schema in attached:
                conn.execute(f"DETACH DATABASE {schema}")
        conn.execute(f"PRAGMA trusted_schema = {int(trusted)}")
        conn.execute(f"PRAGMA main.cache_size = {int(cache)}")
        conn.execute(f"PRAGMA temp.cache_size = {int(temp_cache)}")
    return reports
