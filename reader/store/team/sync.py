"""``reader sync``: pull everyone's changes from the team server, then push your own.

The rules are the file merge's, by construction (docs/team.md):

- **pull**: the server's annotations changed since the cursor (the last change number
  merged here) are written into a temporary file with the share-file schema, together
  with their articles and tags, and merged with :func:`reader.store.merge.merge_files`:
  last writer wins, losers kept as conflicts, tombstones travel, articles matched by
  content hash, annotations on another version re-anchored or kept as orphans. The
  cursor moves in the merge's own transaction. Nothing new costs one query.
- **push**: the annotations changed here since the last push (``team_outbox``) whose
  author is your team role are copied (``COPY``) into a temporary table on the server
  and applied in ONE server transaction with the same last-writer-wins comparison as
  the merge (``_version_key`` in :mod:`reader.store.merge`, text compared bytewise with
  ``COLLATE "C"`` like SQLite), losing versions kept in ``team_conflicts``. The outbox
  is cleared only after the server committed; pushing again is harmless.

Pull comes first, so a version of yours that loses to the server's is recorded here
as a conflict, exactly as a file merge would. Annotations by another author are never
pushed (the server would refuse them: row-level security); they are counted.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
from psycopg.rows import dict_row

from reader.model.article import sections_to_structure
from reader.store.articles import stored_sections
from reader.store.errors import StoreError
from reader.store.merge import MergeReport, merge_files
from reader.store.merge import _version_key as version_key
from reader.store.ownership import change_refusal
from reader.store.records import NEEDS_RECHECK
from reader.store.store import Store
from reader.store.team.connect import open_team, team_errors, without_password
from reader.store.team.schema import CHANGE_LOCK, TEAM_SCHEMA_VERSION, current_version
from reader.store.transactions import write_transaction
from reader.store.untrusted import KNOWN_COLUMNS
from reader.store.validation import utc_now

__all__ = [
    "PushReport",
    "SyncReport",
    "TeamStatus",
    "edit_refusal",
    "forget_team",
    "pending_count",
    "remember_team",
    "sync_team",
    "team_status",
]

_FIELDS = KNOWN_COLUMNS["annotations"]  # id, article_id, ..., origin
_SERVER_FIELDS = tuple("article_hash" if f == "article_id" else f for f in _FIELDS)
_ARTICLE_FIELDS = KNOWN_COLUMNS["articles"]
_STRUCTURE_FIELD = _ARTICLE_FIELDS.index("structure")
_TEMP_NAME = "team-server.db"


def _q(name: str) -> str:
    return f'"{name}"'


_SERVER_COLS = ", ".join(_q(c) for c in _SERVER_FIELDS)


@dataclass(frozen=True)
class PushReport:
    """What pushing did: versions sent, and how the server took them."""

    sent: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    conflicts: int = 0
    articles: int = 0
    not_yours: int = 0  # local annotations by another author: never pushed


@dataclass(frozen=True)
class SyncReport:
    """What one sync did."""

    url: str
    role: str
    pulled: MergeReport | None
    pushed: PushReport
    cursor: int


@dataclass(frozen=True)
class TeamStatus:
    """The remembered team server of a database, and what waits to be pushed."""

    url: str
    role: str | None
    cursor: int
    last_sync_at: str | None
    last_error: str | None
    pending: int


# -- local bookkeeping (SQLite) ---------------------------------------------------------------


def remember_team(store: Store, url: str) -> str:
    """Remember ``url`` (without its password) as the database's team server; returns
    what is remembered. A different server starts over: cursor 0, every annotation in
    the outbox (the pushes are filtered by author)."""
    kept = without_password(url)
    conn = store.db.conn
    with write_transaction(conn):
        row = conn.execute("SELECT url FROM team_remote WHERE id = 1").fetchone()
        if row is not None and row[0] == kept:
            return kept
        conn.execute(
            "INSERT INTO team_remote (id, url) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET "
            "url = excluded.url, role = NULL, pull_cursor = 0, last_sync_at = NULL, "
            "last_error = NULL",
            [kept],
        )
        conn.execute("INSERT OR IGNORE INTO team_outbox SELECT id FROM annotations")
    return kept


def forget_team(store: Store) -> None:
    """Forget the team server (the outbox too)."""
    with write_transaction(store.db.conn):
        store.db.conn.execute("DELETE FROM team_remote")
        store.db.conn.execute("DELETE FROM team_outbox")


def pending_count(store: Store, role: str | None = None) -> int:
    """Annotations changed here and not yet pushed whose author is ``role`` (default:
    the remembered role, else the store's author)."""
    conn = store.db.conn
    if role is None:
        row = conn.execute("SELECT role FROM team_remote WHERE id = 1").fetchone()
        role = row[0] if row and row[0] else store.author
    found = conn.execute(
        "SELECT count(*) FROM team_outbox AS o JOIN annotations AS a ON a.id = o.annotation_id "
        "WHERE a.author = ?",
        [role],
    ).fetchone()
    return int(found[0])


def team_status(store: Store) -> TeamStatus | None:
    """The remembered team server, or ``None`` when this database has none."""
    row = store.db.conn.execute(
        "SELECT url, role, pull_cursor, last_sync_at, last_error FROM team_remote WHERE id = 1"
    ).fetchone()
    if row is None:
        return None
    return TeamStatus(row[0], row[1], int(row[2]), row[3], row[4], pending_count(store, row[1]))


def _record_error(store: Store, message: str) -> None:
    with contextlib.suppress(StoreError, sqlite3.Error), write_transaction(store.db.conn):
        store.db.conn.execute("UPDATE team_remote SET last_error = ? WHERE id = 1", [message])


def edit_refusal(store: Store, author: str) -> str | None:
    """Why the store's author may not change an annotation by ``author`` here (a team is
    configured and it is someone else's), or ``None``: for the UI, before a form opens."""
    return change_refusal(store.db.conn, author, store.author)


# -- pull ---------------------------------------------------------------------------------------


def _fetch_changes(
    conn: psycopg.Connection, cursor: int, refetch: list[str]
) -> tuple[list[tuple[Any, ...]], list[dict[str, Any]], list[tuple[Any, ...]], int]:
    """Rows changed since ``cursor`` (one query when there are none) and those to fetch
    again, their articles and tags, and the new cursor. Articles and tags are insert-only,
    so reading them after the annotations cannot miss one an annotation refers to."""
    rows = conn.execute(
        f"SELECT {_SERVER_COLS}, change_id FROM team_annotations "
        "WHERE change_id > %s OR id = ANY(%s) ORDER BY change_id",
        [cursor, refetch],
    ).fetchall()
    if not rows:
        return [], [], [], cursor
    hashes = sorted({row[1] for row in rows})
    tags = sorted({row[7] for row in rows})
    cols = ", ".join(_q(c) for c in _ARTICLE_FIELDS)
    with conn.cursor(row_factory=dict_row) as cur:
        articles = cur.execute(
            f"SELECT {cols} FROM team_articles WHERE content_hash = ANY(%s)", [hashes]
        ).fetchall()
    tag_rows = conn.execute(
        "SELECT name, colour, description FROM team_tags WHERE name = ANY(%s)", [tags]
    ).fetchall()
    return [row[:-1] for row in rows], articles, tag_rows, max(cursor, int(rows[-1][-1]))


def _write_incoming(
    path: Path,
    author: str,
    rows: Sequence[tuple[Any, ...]],
    articles: Sequence[dict[str, Any]],
    tags: Sequence[tuple[Any, ...]],
) -> None:
    """A share file at ``path`` holding the pulled rows (article ids = content hashes)."""
    with Store.open(path, author=author) as scratch:
        conn = scratch.db.conn
        conn.execute("PRAGMA journal_mode = OFF")
        conn.execute("PRAGMA synchronous = OFF")
        with write_transaction(conn):
            placeholders = ", ".join("?" * len(_ARTICLE_FIELDS))
            conn.executemany(
                f"INSERT INTO articles ({', '.join(_q(c) for c in _ARTICLE_FIELDS)}) "
                f"VALUES ({placeholders})",
                [
                    [a["content_hash"] if c == "id" else a[c] for c in _ARTICLE_FIELDS]
                    for a in articles
                ],
            )
            conn.executemany("INSERT OR REPLACE INTO tags VALUES (?, ?, ?)", tags)
            conn.executemany(
                f"INSERT INTO annotations ({', '.join(_q(c) for c in _FIELDS)}) "
                f"VALUES ({', '.join('?' * len(_FIELDS))})",
                rows,
            )


def _partial_key(a: str) -> str:
    status = f"(CASE {a}.status WHEN '{NEEDS_RECHECK}' THEN '' ELSE {a}.status END)"
    return (
        f"({a}.updated_at, {a}.author, {a}.deleted_at IS NOT NULL, {a}.tag, {status}, "
        f"ifnull({a}.speaker, ''), ifnull({a}.note, ''))"
    )


_DONE_WITH_PULLED = f"""
DELETE FROM main.team_outbox WHERE annotation_id IN (
    SELECT p.id FROM incoming0.annotations AS p
    JOIN main.annotations AS a ON a.id = p.id
    JOIN main.articles AS r ON r.id = a.article_id
    WHERE NOT CASE WHEN r.content_hash = p.article_id
        THEN {version_key("a")} > {version_key("p")}
        ELSE {_partial_key("a")} > {_partial_key("p")} END)
"""


def _pull(
    store: Store, conn: psycopg.Connection, cursor: int, url: str, role: str
) -> tuple[MergeReport | None, int]:
    # Besides what changed on the server: the server's version of every annotation changed
    # here (a version of ours older than the server's loses now, as it would when merging
    # the whole share) and of those whose push lost.
    refetch = [
        r[0]
        for r in store.db.conn.execute(
            "SELECT annotation_id FROM team_refetch UNION SELECT annotation_id FROM team_outbox"
        )
    ]
    with team_errors("cannot pull from the team server"):
        rows, articles, tags, new_cursor = _fetch_changes(conn, cursor, refetch)
    if not rows:
        return None, cursor
    pulled = json.dumps([row[0] for row in rows])

    def bookkeeping() -> None:
        local = store.db.conn
        local.execute(
            "UPDATE team_remote SET pull_cursor = ?, role = ? WHERE id = 1", [new_cursor, role]
        )
        local.execute(
            "DELETE FROM team_refetch WHERE annotation_id IN (SELECT value FROM json_each(?))",
            [pulled],
        )
        # What was just pulled need not go back, unless the local version is newer
        # (the merge's order; on another version of the article, not counting the
        # position, which re-anchoring changed). The pulled file is still attached.
        local.execute(_DONE_WITH_PULLED)

    folder = Path(tempfile.mkdtemp(prefix="reader-sync-"))
    try:
        path = folder / _TEMP_NAME
        _write_incoming(path, store.author, rows, articles, tags)
        (report,) = merge_files(store, [path], before_commit=bookkeeping)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    report.source = url
    return report, new_cursor


# -- push ---------------------------------------------------------------------------------------


def _pg_key(a: str) -> str:
    """The merge's last-writer-wins key (``merge._version_key``) in PostgreSQL."""
    c = 'COLLATE "C"'
    status = f"(CASE {a}.status WHEN '{NEEDS_RECHECK}' THEN '' ELSE {a}.status END)"
    return (
        f"({a}.updated_at {c}, {a}.author {c}, {a}.deleted_at IS NOT NULL, {a}.tag {c}, "
        f"{status} {c}, coalesce({a}.speaker, '') {c}, coalesce({a}.note, '') {c}, "
        f"{a}.start, {a}.\"end\", {a}.created_at {c}, coalesce({a}.deleted_at, '') {c})"
    )


def _pg_same_content(x: str, y: str) -> str:
    return (
        f"({x}.tag IS NOT DISTINCT FROM {y}.tag AND {x}.status IS NOT DISTINCT FROM {y}.status "
        f"AND {x}.speaker IS NOT DISTINCT FROM {y}.speaker "
        f"AND {x}.note IS NOT DISTINCT FROM {y}.note "
        f"AND ({x}.deleted_at IS NULL) = ({y}.deleted_at IS NULL) "
        f'AND {x}.start = {y}.start AND {x}."end" = {y}."end")'
    )


_CONFLICT_COLS = (
    'annotation_id, article_hash, start, "end", exact, tag, speaker, status, note, author, '
    "created_at, updated_at, deleted_at, winner_updated_at"
)


def _loser(x: str, winner: str) -> str:
    return (
        f'{x}.id, {x}.article_hash, {x}.start, {x}."end", {x}.exact, {x}.tag, {x}.speaker, '
        f"{x}.status, {x}.note, {x}.author, {x}.created_at, {x}.updated_at, {x}.deleted_at, "
        f"{winner}.updated_at"
    )


_PUSH_SQL = {
    "temp": f"""CREATE TEMP TABLE push_in ON COMMIT DROP AS
        SELECT {_SERVER_COLS} FROM team_annotations WITH NO DATA""",
    "lost": f"""SELECT p.id FROM push_in AS p JOIN team_annotations AS t ON t.id = p.id
        WHERE {_pg_key("p")} < {_pg_key("t")}""",
    "lost_here": f"""INSERT INTO team_conflicts ({_CONFLICT_COLS})
        SELECT {_loser("p", "t")} FROM push_in AS p JOIN team_annotations AS t ON t.id = p.id
        WHERE {_pg_key("p")} < {_pg_key("t")} AND NOT {_pg_same_content("p", "t")}""",
    "lost_there": f"""INSERT INTO team_conflicts ({_CONFLICT_COLS})
        SELECT {_loser("t", "p")} FROM push_in AS p JOIN team_annotations AS t ON t.id = p.id
        WHERE {_pg_key("p")} > {_pg_key("t")} AND NOT {_pg_same_content("p", "t")}""",
    "update": f"""UPDATE team_annotations AS t SET
        article_hash = p.article_hash, start = p.start, "end" = p."end", exact = p.exact,
        prefix = p.prefix, suffix = p.suffix, tag = p.tag, speaker = p.speaker,
        status = p.status, note = p.note, author = p.author, created_at = p.created_at,
        updated_at = p.updated_at, deleted_at = p.deleted_at, origin = p.origin
        FROM push_in AS p WHERE t.id = p.id AND {_pg_key("p")} > {_pg_key("t")}
        RETURNING t.change_id""",
    "insert": f"""INSERT INTO team_annotations ({_SERVER_COLS})
        SELECT {_SERVER_COLS} FROM push_in AS p
        WHERE NOT EXISTS (SELECT 1 FROM team_annotations AS t WHERE t.id = p.id)
        ORDER BY p.id
        ON CONFLICT (id) DO NOTHING RETURNING change_id""",
}


def _outgoing(store: Store, role: str) -> tuple[list[tuple[Any, ...]], int]:
    """The outbox's annotations by ``role`` (server columns), and how many are by others."""
    conn = store.db.conn
    cols = ", ".join("r.content_hash" if c == "article_id" else f"a.{_q(c)}" for c in _FIELDS)
    rows = conn.execute(
        f"SELECT {cols} FROM team_outbox AS o JOIN annotations AS a ON a.id = o.annotation_id "
        "JOIN articles AS r ON r.id = a.article_id WHERE a.author = ?",
        [role],
    ).fetchall()
    others = conn.execute(
        "SELECT count(*) FROM team_outbox AS o JOIN annotations AS a ON a.id = o.annotation_id "
        "WHERE a.author <> ?",
        [role],
    ).fetchone()[0]
    return rows, int(others)


def _structure_as_json(row: Sequence[Any]) -> list[Any]:
    """An ``articles`` row (in :data:`_ARTICLE_FIELDS` order) with its structure as the
    JSON of ``Article.to_structure()``: the team server keeps that form (a text column),
    which every reader version reads; this database keeps it packed."""
    values = list(row)
    structure = values[_STRUCTURE_FIELD]
    if not isinstance(structure, str):
        values[_STRUCTURE_FIELD] = json.dumps(sections_to_structure(stored_sections(structure)))
    return values


def _push_articles(store: Store, conn: psycopg.Connection, hashes: list[str]) -> int:
    present = {
        row[0]
        for row in conn.execute(
            "SELECT content_hash FROM team_articles WHERE content_hash = ANY(%s)", [hashes]
        )
    }
    missing = [h for h in hashes if h not in present]
    if not missing:
        return 0
    cols = ", ".join(_q(c) for c in _ARTICLE_FIELDS)
    values = ", ".join(["%s"] * len(_ARTICLE_FIELDS))
    local = [
        _structure_as_json(row)
        for row in store.db.conn.execute(
            f"SELECT {cols} FROM articles WHERE content_hash IN (SELECT value FROM json_each(?))",
            [json.dumps(missing)],
        )
    ]
    with conn.cursor() as cur:
        cur.executemany(
            f"INSERT INTO team_articles ({cols}) VALUES ({values}) "
            "ON CONFLICT (content_hash) DO NOTHING",
            local,
        )
    return len(local)


def _push_tags(store: Store, conn: psycopg.Connection, names: list[str]) -> None:
    local = store.db.conn.execute(
        "SELECT name, colour, description FROM tags WHERE name IN (SELECT value FROM json_each(?))",
        [json.dumps(names)],
    ).fetchall()
    with conn.cursor() as cur:
        cur.executemany(
            "INSERT INTO team_tags (name, colour, description) VALUES (%s, %s, %s) "
            "ON CONFLICT (name) DO NOTHING",
            local,
        )


def _push(store: Store, conn: psycopg.Connection, role: str, cursor: int) -> tuple[PushReport, int]:
    """Push the outbox; returns the report and the pull cursor, moved past our own
    changes when nobody else changed anything since our pull."""
    rows, others = _outgoing(store, role)
    if not rows:
        _clear_outbox(store, [], role, cursor, [])
        return PushReport(not_yours=others), cursor
    with team_errors("cannot push to the team server"), conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", [CHANGE_LOCK])
        before = conn.execute("SELECT coalesce(max(change_id), 0) FROM team_annotations")
        latest = int(before.fetchone()[0])  # type: ignore[index]
        articles = _push_articles(store, conn, sorted({row[1] for row in rows}))
        _push_tags(store, conn, sorted({row[7] for row in rows}))
        conn.execute(_PUSH_SQL["temp"])
        with conn.cursor() as cur, cur.copy(f"COPY push_in ({_SERVER_COLS}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        lost = [r[0] for r in conn.execute(_PUSH_SQL["lost"]).fetchall()]
        conflicts = conn.execute(_PUSH_SQL["lost_here"]).rowcount
        conflicts += conn.execute(_PUSH_SQL["lost_there"]).rowcount
        updated = [r[0] for r in conn.execute(_PUSH_SQL["update"]).fetchall()]
        inserted = [r[0] for r in conn.execute(_PUSH_SQL["insert"]).fetchall()]
    changed = updated + inserted
    new_cursor = max([cursor, *changed]) if latest == cursor and changed else cursor
    _clear_outbox(store, rows, role, new_cursor, lost)
    report = PushReport(
        sent=len(rows),
        new=len(inserted),
        updated=len(updated),
        unchanged=len(rows) - len(changed),
        conflicts=conflicts,
        articles=articles,
        not_yours=others,
    )
    return report, new_cursor


def _clear_outbox(
    store: Store, rows: Sequence[tuple[Any, ...]], role: str, cursor: int, lost: list[str]
) -> None:
    """After the server committed: drop the pushed versions (unless changed again since)
    and what can never be pushed (another author's); remember the cursor and time, and
    the versions that lost on the server (the next pull fetches the winners)."""
    pushed = json.dumps([[row[0], row[13]] for row in rows])  # id, updated_at
    conn = store.db.conn
    with write_transaction(conn):
        conn.execute(
            """DELETE FROM team_outbox WHERE annotation_id IN (
                SELECT json_extract(p.value, '$[0]') FROM json_each(?) AS p
                JOIN annotations AS a ON a.id = json_extract(p.value, '$[0]')
                WHERE a.updated_at = json_extract(p.value, '$[1]'))""",
            [pushed],
        )
        conn.executemany("INSERT OR IGNORE INTO team_refetch VALUES (?)", [[i] for i in lost])
        conn.execute(
            "DELETE FROM team_outbox WHERE annotation_id IN (SELECT o.annotation_id "
            "FROM team_outbox AS o JOIN annotations AS a ON a.id = o.annotation_id "
            "WHERE a.author <> ?)",
            [role],
        )
        conn.execute(
            "UPDATE team_remote SET pull_cursor = ?, role = ?, last_sync_at = ?, "
            "last_error = NULL WHERE id = 1",
            [cursor, role, utc_now()],
        )


# -- the whole sync ----------------------------------------------------------------------------


def sync_team(
    store: Store,
    url: str | None = None,
    *,
    on_step: Callable[[str], None] | None = None,
) -> SyncReport:
    """Pull, then push; ``url`` (default: the remembered one) is remembered without its
    password. ``StoreError`` (one line) when the server cannot be reached or refuses;
    local work is then untouched and stays in the outbox for the next sync."""
    step = on_step or (lambda label: None)
    status = team_status(store)
    if url is None:
        if status is None:
            raise StoreError("no team server: give its address (reader sync URL)")
        url = status.url
    remembered = remember_team(store, url)
    cursor = team_status(store).cursor  # type: ignore[union-attr]
    try:
        step("connecting")
        with open_team(url, autocommit=True) as conn:
            role = conn.info.user
            if status is None or status.url != remembered:
                with team_errors("cannot use the team server"):
                    version = current_version(conn)
                if version == 0:
                    raise StoreError(
                        f"{remembered} has no team: an editor runs 'reader team init' first"
                    )
                if version > TEAM_SCHEMA_VERSION:
                    raise StoreError("the team server is newer than this reader: upgrade reader")
            step("pulling")
            pulled, cursor = _pull(store, conn, cursor, remembered, role)
            step("pushing")
            pushed, cursor = _push(store, conn, role, cursor)
    except StoreError as error:
        _record_error(store, str(error))
        raise
    return SyncReport(remembered, role, pulled, pushed, cursor)
