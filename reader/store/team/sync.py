"""``reader sync``: pull everyone's changes from the team server, then push your own.

The rules are the file merge's, by construction (docs/team.md):

- **pull**: the server's annotations changed since the cursor (the last change number
  merged here) are read (binary, in chunks of rows) into an in-memory
  database attached as ``team_in``, together with their articles and tags, and merged
  with the file merge's own SQL (:func:`reader.store.merge.merge_staged`): last writer
  wins, losers kept as conflicts, tombstones travel, articles matched by content hash,
  annotations on another version re-anchored or kept as orphans. The cursor moves in
  the merge's own transaction. Nothing new costs one query.
- **push**: the annotations changed here since the last push (``team_outbox``) whose
  author is your team role are read in one query, streamed (``COPY``) into a temporary
  table on the server and applied in ONE server transaction with the same
  last-writer-wins key as the merge (:func:`reader.store.merge.version_key` in the
  PostgreSQL dialect, text compared bytewise with ``COLLATE "C"`` like SQLite), losing
  versions kept in ``team_conflicts``. The outbox is cleared only after the server
  committed; pushing again is harmless.

Pull comes first, so a version of yours that loses to the server's is recorded here
as a conflict, exactly as a file merge would. Annotations by another author are never
pushed (the server would refuse them: row-level security); they are counted.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, cast

import psycopg

from reader.model.article import sections_to_structure
from reader.store.articles import stored_sections
from reader.store.errors import StoreError
from reader.store.merge import MergeReport, merge_staged, same_content, version_key
from reader.store.ownership import change_refusal
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

_STAGE = "team_in"  # the in-memory database a pull stages the server's rows in
# The annotations are kept in id order (WITHOUT ROWID, one b-tree): the merge reads them
# in that order and inserts them in that order, with no sort.
_STAGE_SQL = (
    f"CREATE TABLE {_STAGE}.annotations ("
    + ", ".join(_q(c) + (" PRIMARY KEY" if c == "id" else "") for c in _FIELDS)
    + ", change_id INTEGER NOT NULL) WITHOUT ROWID",
    f"CREATE TABLE {_STAGE}.articles ({', '.join(_q(c) for c in _ARTICLE_FIELDS)})",
    f"CREATE TABLE {_STAGE}.tags (name, colour, description)",
)
# Rows a pull reads from the server at a time (about 5 MB of annotations).
_FETCH_ROWS = 10_000
# The libpq that can hand a result over in chunks of rows (psycopg's stream(size=...)).
_CHUNKED_ROWS_LIBPQ = 170_000
_STAGE_INSERT = f"INSERT INTO {_STAGE}.annotations VALUES ({', '.join('?' * (len(_FIELDS) + 1))})"

_STAGE_ARTICLE = (
    f"INSERT INTO {_STAGE}.articles ({', '.join(_q(c) for c in _ARTICLE_FIELDS)}) "
    f"VALUES ({', '.join('?' * len(_ARTICLE_FIELDS))})"
)


@contextlib.contextmanager
def _staging(local: sqlite3.Connection) -> Iterator[None]:
    """An empty in-memory database attached as ``team_in``, detached afterwards."""
    attached = {row[1] for row in local.execute("PRAGMA database_list")}
    if _STAGE in attached:  # left by a sync that could not clean up
        local.execute(f"DETACH DATABASE {_STAGE}")
    local.execute(f"ATTACH DATABASE ':memory:' AS {_STAGE}")
    try:
        # The largest pages: fewer splits while the staged b-tree grows (its rows arrive
        # in change order, not id order), and an article's text, read by the merge's
        # check of every annotation's exact text, in one page rather than a chain.
        local.execute(f"PRAGMA {_STAGE}.page_size = 65536")
        for statement in _STAGE_SQL:
            local.execute(statement)
        yield
    finally:
        if local.in_transaction:
            local.execute("ROLLBACK")
        local.execute(f"DETACH DATABASE {_STAGE}")


def _fetch_changes(
    conn: psycopg.Connection, local: sqlite3.Connection, cursor: int, refetch: list[str]
) -> int:
    """Stage the rows changed since ``cursor`` and those to fetch again (``refetch``), with
    their articles and tags, in ``team_in`` (one query when there are none: a binary
    server-side cursor read in chunks into the staging table); returns the new cursor.
    Articles and tags are insert-only, so reading them after the annotations cannot miss
    one an annotation refers to."""
    # Two disjoint parts, each with its own index, rather than one OR: the ids to fetch
    # again may be many (a week offline), and a plan filtering every row by them is not.
    # In id order (the server sorts, on its own core): the staged table is kept in id
    # order, and rows arriving in that order append to its b-tree instead of splitting it
    # everywhere (staging 100k rows: a third less CPU). Only a matter of speed: in a
    # collation that orders ids otherwise than bytewise the staged table is the same.
    query = (
        f"SELECT {_SERVER_COLS}, change_id FROM team_annotations WHERE change_id > %(c)s "
        f"UNION ALL SELECT {_SERVER_COLS}, change_id FROM team_annotations "
        "WHERE change_id <= %(c)s AND id IN (SELECT json_array_elements_text(%(ids)s::json)) "
        "ORDER BY id"
    )
    # A deferred transaction on the in-memory database only: the local one is not locked.
    local.execute("BEGIN")
    _stage_rows(conn, local, query, {"c": cursor, "ids": json.dumps(refetch)})
    top = local.execute(f"SELECT max(change_id) FROM {_STAGE}.annotations").fetchone()[0]
    if top is None:
        local.execute("COMMIT")
        return cursor
    # Both in one pass over the staged rows (the pairs are few: articles times tags).
    pairs = local.execute(f"SELECT DISTINCT article_id, tag FROM {_STAGE}.annotations").fetchall()
    hashes = sorted({pair[0] for pair in pairs})
    tags = sorted({pair[1] for pair in pairs})
    # The staged article's id is its content hash, as the annotations name it.
    picked = ", ".join("content_hash" if c == "id" else _q(c) for c in _ARTICLE_FIELDS)
    articles = conn.execute(
        f"SELECT {picked} FROM team_articles WHERE content_hash = ANY(%s)", [hashes]
    ).fetchall()
    tag_rows = conn.execute(
        "SELECT name, colour, description FROM team_tags WHERE name = ANY(%s)", [tags]
    ).fetchall()
    local.executemany(_STAGE_ARTICLE, articles)
    local.executemany(f"INSERT INTO {_STAGE}.tags VALUES (?, ?, ?)", tag_rows)
    local.execute("COMMIT")
    return max(cursor, int(top))


def _stage_rows(
    conn: psycopg.Connection, local: sqlite3.Connection, query: str, params: dict[str, Any]
) -> None:
    """Hand ``query``'s rows (binary) to SQLite as they arrive, in chunks of
    :data:`_FETCH_ROWS` rows: one query, one round trip, memory bounded by a chunk, each
    row a tuple made by psycopg's C loaders. A binary ``COPY`` read row by row spent as
    much time in Python per row as SQLite spent storing it. A libpq older than 17 has no
    chunked rows: a server-side cursor then fetches the chunks (a few round trips)."""
    if psycopg.pq.version() >= _CHUNKED_ROWS_LIBPQ:
        with conn.cursor(binary=True) as cur:
            # A generator (typed as an iterator): closed when an insert fails, it cancels
            # the query at once.
            rows = cast(
                "Generator[tuple[Any, ...], None, None]",
                cur.stream(query, params, size=_FETCH_ROWS),
            )
            with contextlib.closing(rows):
                local.executemany(_STAGE_INSERT, rows)
        return
    with conn.transaction(), conn.cursor("team_pull", binary=True) as cur:
        cur.execute(query, params)
        while chunk := cur.fetchmany(_FETCH_ROWS):
            local.executemany(_STAGE_INSERT, chunk)


# The outbox after a pull: what was just pulled need not go back, unless the local version
# is newer (the merge's order; on another version of the article, not counting the
# position, which re-anchoring changed). Read from the outbox (CROSS JOIN keeps that
# order): it is small next to a big pull.
_DONE_WITH_PULLED = f"""
DELETE FROM main.team_outbox WHERE annotation_id IN (
    SELECT o.annotation_id FROM main.team_outbox AS o
    CROSS JOIN {_STAGE}.annotations AS p ON p.id = o.annotation_id
    JOIN main.annotations AS a ON a.id = p.id
    JOIN main.articles AS r ON r.id = a.article_id
    WHERE NOT CASE WHEN r.content_hash = p.article_id
        THEN {version_key("a")} > {version_key("p")}
        ELSE {version_key("a", placed=False)} > {version_key("p", placed=False)} END)
"""
# The triggers filling the outbox act only while ``team_remote`` has its row. A pull's
# merge writes the server's versions, not changes to push: the row is set aside for the
# merge's transaction and put back (with the new cursor) before it commits.
_SET_REMOTE_ASIDE = (
    "DROP TABLE IF EXISTS temp.team_remote_aside",
    "CREATE TEMP TABLE team_remote_aside AS SELECT * FROM main.team_remote",
    "DELETE FROM main.team_remote",
)
_PUT_REMOTE_BACK = (
    "INSERT INTO main.team_remote SELECT * FROM temp.team_remote_aside",
    "DROP TABLE temp.team_remote_aside",
)


def _pull(
    store: Store, conn: psycopg.Connection, cursor: int, url: str, role: str
) -> tuple[MergeReport | None, int]:
    # Besides what changed on the server: the server's version of every annotation changed
    # here (a version of ours older than the server's loses now, as it would when merging
    # the whole share) and of those whose push lost.
    # From cursor 0 every server row is fetched anyway (none has a change number <= 0):
    # no ids to send (a first sync of a big database would send them all).
    local = store.db.conn
    refetch = (
        [
            r[0]
            for r in local.execute(
                "SELECT annotation_id FROM team_refetch UNION SELECT annotation_id FROM team_outbox"
            )
        ]
        if cursor
        else []
    )

    def set_remote_aside() -> None:
        for statement in _SET_REMOTE_ASIDE:
            local.execute(statement)

    def bookkeeping() -> None:
        for statement in _PUT_REMOTE_BACK:
            local.execute(statement)
        local.execute(
            "UPDATE team_remote SET pull_cursor = ?, role = ? WHERE id = 1", [new_cursor, role]
        )
        # Read from the (small) table: not a list of every pulled id built to probe it.
        local.execute(
            f"DELETE FROM team_refetch WHERE EXISTS (SELECT 1 FROM {_STAGE}.annotations AS p "
            "WHERE p.id = team_refetch.annotation_id)"
        )
        local.execute(_DONE_WITH_PULLED)

    with _staging(local):
        with team_errors("cannot pull from the team server"):
            new_cursor = _fetch_changes(conn, local, cursor, refetch)
        if new_cursor == cursor and not _staged_any(local):
            return None, cursor
        report = merge_staged(
            store,
            _STAGE,
            label=_TEMP_NAME,
            after_begin=set_remote_aside,
            before_commit=bookkeeping,
        )
    report.source = url
    return report, new_cursor


def _staged_any(local: sqlite3.Connection) -> bool:
    return local.execute(f"SELECT 1 FROM {_STAGE}.annotations LIMIT 1").fetchone() is not None


# -- push ---------------------------------------------------------------------------------------


def _pg_key(a: str) -> str:
    return version_key(a, "postgresql")


def _pg_same_content(x: str, y: str) -> str:
    return same_content(x, y, "postgresql")


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


# One server transaction. The pushed versions are COPY'd into ``push_in`` (a temporary
# table: PostgreSQL refuses COPY into a table with row-level security); one join with
# the server's rows finds those that meet an existing version (``push_met``: which side
# wins, ``side`` 1 or -1, 0 for the same version; whether the content differs), and the
# statements after it read only those. The rest are inserted: ``push_in`` without the
# ids in ``push_met`` (never a join with ``team_annotations`` itself, which the insert
# is growing: with its statistics saying empty, the planner once chose a nested loop
# rescanning it, minutes for 100k rows). The insert needs no ON CONFLICT: every statement changing
# annotations takes the change lock first (a statement trigger, for psql too), which
# the push holds; a conflict would fail the push as a whole, to be sent again.
# ``push_in`` is not ANALYZEd (that sampled every column, a sixth of a push): the
# planner reads its size from the table itself, and the only join on it is by the
# primary key of the other side.
_PUSH_SQL = {
    # The transition table of the change log's trigger and the join's hash, in memory.
    "memory": "SET LOCAL work_mem = '64MB'",
    "temp": f"""CREATE TEMP TABLE push_in ON COMMIT DROP AS
        SELECT {_SERVER_COLS} FROM team_annotations WITH NO DATA""",
    "met": f"""CREATE TEMP TABLE push_met ON COMMIT DROP AS
        SELECT p.id, CASE WHEN {_pg_key("p")} > {_pg_key("t")} THEN 1
                WHEN {_pg_key("p")} < {_pg_key("t")} THEN -1 ELSE 0 END AS side,
            {_pg_same_content("p", "t")} AS same
        FROM push_in AS p JOIN team_annotations AS t ON t.id = p.id""",
    "lost": "SELECT id FROM push_met WHERE side < 0",
    "lost_here": f"""INSERT INTO team_conflicts ({_CONFLICT_COLS})
        SELECT {_loser("p", "t")} FROM push_met AS m JOIN push_in AS p ON p.id = m.id
        JOIN team_annotations AS t ON t.id = m.id WHERE m.side < 0 AND NOT m.same""",
    "lost_there": f"""INSERT INTO team_conflicts ({_CONFLICT_COLS})
        SELECT {_loser("t", "p")} FROM push_met AS m JOIN push_in AS p ON p.id = m.id
        JOIN team_annotations AS t ON t.id = m.id WHERE m.side > 0 AND NOT m.same""",
    "update": """UPDATE team_annotations AS t SET
        article_hash = p.article_hash, start = p.start, "end" = p."end", exact = p.exact,
        prefix = p.prefix, suffix = p.suffix, tag = p.tag, speaker = p.speaker,
        status = p.status, note = p.note, author = p.author, created_at = p.created_at,
        updated_at = p.updated_at, deleted_at = p.deleted_at, origin = p.origin
        FROM push_met AS m JOIN push_in AS p ON p.id = m.id
        WHERE t.id = m.id AND m.side > 0""",
    "insert": f"""INSERT INTO team_annotations ({_SERVER_COLS})
        SELECT {_SERVER_COLS} FROM push_in AS p
        WHERE NOT EXISTS (SELECT 1 FROM push_met AS m WHERE m.id = p.id)""",
    # Holding the change lock, every number above the one before the push is ours.
    "last": "SELECT coalesce(max(change_id), 0) FROM team_annotations",
}
_APPLY_STEPS = ("met", "lost", "lost_here", "lost_there", "update", "insert", "last")

# The outbox's annotations by the pushing role, as the server's columns: read in one
# statement (one consistent read) straight into the COPY, no copy of them kept here.
_OUTGOING_FROM = (
    "FROM team_outbox AS o JOIN annotations AS a ON a.id = o.annotation_id "
    "JOIN articles AS r ON r.id = a.article_id WHERE a.author = :role"
)
_OUTGOING_SQL = (
    "SELECT "
    + ", ".join(
        "r.content_hash AS article_hash" if c == "article_id" else f"a.{_q(c)}" for c in _FIELDS
    )
    + " "
    + _OUTGOING_FROM
)
_ANY_OUTGOING = f"SELECT EXISTS (SELECT 1 {_OUTGOING_FROM})"
_ID, _HASH, _TAG, _UPDATED = (
    _SERVER_FIELDS.index(c) for c in ("id", "article_hash", "tag", "updated_at")
)


@dataclass
class _Sent:
    """What a push sent, gathered while the rows streamed into the COPY."""

    versions: list[tuple[str, str]]  # (id, updated_at) of each version sent
    hashes: set[str]
    tags: set[str]


def _send(local: sqlite3.Connection, copy: psycopg.Copy, role: str) -> _Sent:
    """Stream the outbox's annotations by ``role`` into ``copy``; what was sent."""
    sent = _Sent([], set(), set())
    versions, hashes, tags = sent.versions.append, sent.hashes.add, sent.tags.add
    write = copy.write_row
    rows = local.execute(_OUTGOING_SQL, {"role": role})
    try:  # closed even when the server stops the COPY: no read left open here
        for row in rows:
            write(row)
            versions((row[_ID], row[_UPDATED]))
            hashes(row[_HASH])
            tags(row[_TAG])
    finally:
        rows.close()
    return sent


def _not_yours(conn: sqlite3.Connection, role: str, mine: int) -> int:
    """How many outbox annotations are by another author (``mine`` are by ``role``)."""
    total = conn.execute("SELECT count(*) FROM team_outbox").fetchone()[0]
    if total == mine:  # every outbox row was ours: no join needed
        return 0
    found = conn.execute(
        "SELECT count(*) FROM team_outbox AS o JOIN annotations AS a ON a.id = o.annotation_id "
        "WHERE a.author <> ?",
        [role],
    ).fetchone()
    return int(found[0])


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
    local = store.db.conn
    version = _data_version(local)  # before the outbox is read: a write in between shows
    if not local.execute(_ANY_OUTGOING, {"role": role}).fetchone()[0]:
        others = _not_yours(local, role, 0)
        _clear_outbox(store, role, cursor, [], [])
        return PushReport(not_yours=others), cursor
    with team_errors("cannot push to the team server"), conn.transaction():
        # The change lock first, for the whole push. Taken after the COPY, articles and
        # tags, members pushing at once queued twice: an insert of an article another
        # open push had inserted (the same story) waited for that push's commit, which
        # waited for the lock. 20 members at once, p95: 3.4-4.6 s with the lock after
        # the COPY, 3.0-3.2 s after the COPY only, 1.9-2.0 s first (2.4 s before the
        # pipeline). One member's push is the same either way.
        conn.execute("SELECT pg_advisory_xact_lock(%s)", [CHANGE_LOCK])
        for step in ("memory", "temp"):
            conn.execute(_PUSH_SQL[step])
        with (
            conn.cursor() as cur,
            cur.copy(f"COPY push_in ({_SERVER_COLS}) FROM STDIN") as copy,
        ):
            sent = _send(local, copy, role)
        articles = _push_articles(store, conn, sorted(sent.hashes))
        _push_tags(store, conn, sorted(sent.tags))
        # Then ONE round trip (a pipeline) until the commit: with many members syncing
        # at once from one process, each round trip may wait for the interpreter
        # (another member's merge), and the lock with it. (A libpq older than 14 has
        # no pipeline: the same statements, one round trip each.)
        pipelined = psycopg.Pipeline.is_supported()
        with conn.pipeline() if pipelined else contextlib.nullcontext():
            before = conn.execute("SELECT coalesce(max(change_id), 0) FROM team_annotations")
            results = {step: conn.execute(_PUSH_SQL[step]) for step in _APPLY_STEPS}
        latest = int(before.fetchone()[0])  # type: ignore[index]
        lost = [r[0] for r in results["lost"].fetchall()]
        conflicts = results["lost_here"].rowcount + results["lost_there"].rowcount
        updated = results["update"].rowcount
        inserted = results["insert"].rowcount
        last = int(results["last"].fetchone()[0])  # type: ignore[index]
    changed = updated + inserted
    new_cursor = max(cursor, last) if latest == cursor and changed else cursor
    count = len(sent.versions)
    others = _not_yours(local, role, count)
    _clear_outbox(store, role, new_cursor, lost, sent.versions, version)
    report = PushReport(
        sent=count,
        new=inserted,
        updated=updated,
        unchanged=count - changed,
        conflicts=conflicts,
        articles=articles,
        not_yours=others,
    )
    return report, new_cursor


def _data_version(conn: sqlite3.Connection) -> int:
    """SQLite's ``data_version``: it changes when another connection commits."""
    return int(conn.execute("PRAGMA main.data_version").fetchone()[0])


def _clear_outbox(
    store: Store,
    role: str,
    cursor: int,
    lost: list[str],
    pushed: list[tuple[str, str]],
    snapshot_version: int | None = None,
) -> None:
    """After the server committed: drop the pushed versions (``pushed``: id and
    ``updated_at``) unless changed again since, and what can never be pushed (another
    author's); remember the cursor and time, and the versions that lost on the server
    (the next pull fetches the winners). ``snapshot_version`` is :func:`_data_version`
    read just before the outbox was read."""
    conn = store.db.conn
    with write_transaction(conn):
        if snapshot_version is not None and _data_version(conn) == snapshot_version:
            # Nobody wrote here since the outbox was read: every outbox row was pushed
            # (ours) or can never be (another author's). All of it goes, and SQLite
            # truncates a table emptied without a WHERE at once.
            conn.execute("DELETE FROM team_outbox")
        else:
            conn.execute("DROP TABLE IF EXISTS temp.team_pushed")
            conn.execute("CREATE TEMP TABLE team_pushed (id TEXT PRIMARY KEY, updated_at TEXT)")
            conn.executemany("INSERT INTO temp.team_pushed VALUES (?, ?)", pushed)
            conn.execute(
                """DELETE FROM team_outbox WHERE annotation_id IN (
                    SELECT p.id FROM temp.team_pushed AS p JOIN annotations AS a ON a.id = p.id
                    WHERE a.updated_at = p.updated_at)"""
            )
            conn.execute("DROP TABLE temp.team_pushed")
            conn.execute(
                "DELETE FROM team_outbox WHERE annotation_id IN (SELECT o.annotation_id "
                "FROM team_outbox AS o JOIN annotations AS a ON a.id = o.annotation_id "
                "WHERE a.author <> ?)",
                [role],
            )
        conn.executemany("INSERT OR IGNORE INTO team_refetch VALUES (?)", [[i] for i in lost])
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
    found = store.db.conn.execute("SELECT pull_cursor FROM team_remote WHERE id = 1").fetchone()
    cursor = int(found[0])
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
