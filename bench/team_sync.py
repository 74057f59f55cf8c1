"""Benchmark: ``reader sync`` against a private PostgreSQL server on this machine.

1. Push of N annotations (default 100,000) from one member's database, and their pull
   into another's, against PostgreSQL's own ``COPY`` of the same rows (in and out) in the
   same run. Target: each within 3x of its COPY.
2. M members (default 20) syncing at once on loopback, each with K new annotations
   (default 500): every change must arrive everywhere, none lost; median and p95 time of
   one sync.

The server is started like the tests' (tests/pg_fixtures.py: initdb as ``postgres``,
127.0.0.1, ``fsync=off`` for both sides alike) and removed afterwards. Skipped (exit 0,
a message) when PostgreSQL's initdb is missing.

    python bench/team_sync.py --rows 100000 --members 20 --each 500
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from pg_fixtures import (  # noqa: E402 - the tests' server helpers
    PgServer,
    initdb_missing,
    start_private_server,
    stop_private_server,
)

from reader.io.importers import load_seed  # noqa: E402
from reader.store import Store, add_member, init_team, sync_team  # noqa: E402

TARGET = 3.0
SEED = load_seed()
COLUMNS = (
    'id, article_hash, start, "end", exact, prefix, suffix, tag, speaker, status, note, '
    "author, created_at, updated_at, deleted_at, origin"
)


def seeded(path: Path, author: str) -> str:
    with Store.open(path, author=author) as store:
        stored, _ = store.import_article(SEED)
        return stored.id


def bulk(path: Path, author: str, count: int, stamp: str) -> None:
    """``count`` annotations by ``author`` on the seed's sentences, in one transaction."""
    text = SEED.text
    sentences = SEED.sentences
    with Store.open(path, author=author) as store:
        article_id = store.list_articles()[0].id
        conn = store.db.conn
        conn.execute("BEGIN")
        conn.executemany(
            """INSERT INTO annotations (id, article_id, start, "end", exact, prefix, suffix,
            tag, status, note, author, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, 'claim', 'unverified', ?, ?, ?, ?)""",
            (
                [
                    str(uuid.uuid4()),
                    article_id,
                    s.start,
                    s.end,
                    text[s.start : s.end],
                    text[max(0, s.start - 32) : s.start],
                    text[s.end : s.end + 32],
                    f"note {i}",
                    author,
                    stamp,
                    stamp,
                ]
                for i in range(count)
                for s in [sentences[i % len(sentences)]]
            ),
        )
        conn.execute("COMMIT")


def new_team(server: PgServer, name: str, members: list[str]) -> str:
    with psycopg.connect(server.admin_url(), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    init_team(server.admin_url(name))
    for member in members:
        add_member(server.admin_url(name), member, f"pw-{member}")
    return name


def url(server: PgServer, db: str, role: str) -> str:
    return server.member_url(db, role, f"pw-{role}")


def copy_baseline(server: PgServer, db: str) -> tuple[float, float, int]:
    """COPY the team's annotations out to memory, then into a plain table: seconds each."""
    with psycopg.connect(server.admin_url(db), autocommit=True) as conn:
        buffer = io.BytesIO()
        started = time.perf_counter()
        with conn.cursor().copy(f"COPY (SELECT {COLUMNS} FROM team_annotations) TO STDOUT") as c:
            for chunk in c:
                buffer.write(chunk)
        copy_out = time.perf_counter() - started
        conn.execute("CREATE TABLE copy_in (LIKE team_annotations INCLUDING DEFAULTS)")
        conn.execute("ALTER TABLE copy_in ADD PRIMARY KEY (id)")
        started = time.perf_counter()
        with conn.transaction(), conn.cursor().copy(f"COPY copy_in ({COLUMNS}) FROM STDIN") as c:
            c.write(buffer.getvalue())
        copy_in = time.perf_counter() - started
        count = conn.execute("SELECT count(*) FROM copy_in").fetchone()[0]  # type: ignore[index]
    return copy_in, copy_out, int(count), buffer.getvalue()


def sqlite_insert(data: bytes, work: Path) -> float:
    """Seconds to insert the COPY'd rows into a bare SQLite table (what any pull must also
    do, besides reading them): the floor of a pull into a SQLite database."""
    rows = [line.split("\t") for line in data.decode().splitlines()]
    conn = sqlite3.connect(work / "bare.db", isolation_level=None)
    conn.execute(f"CREATE TABLE a ({COLUMNS.replace('id,', 'id PRIMARY KEY,', 1)})")
    started = time.perf_counter()
    conn.execute("BEGIN")
    conn.executemany(f"INSERT INTO a VALUES ({', '.join('?' * len(rows[0]))})", rows)
    conn.execute("COMMIT")
    elapsed = time.perf_counter() - started
    conn.close()
    return elapsed


def push_pull(server: PgServer, work: Path, rows: int) -> list[tuple[str, float, float]]:
    alice, bob = "bench_alice", "bench_bob"
    db = new_team(server, "bench_push_pull", [alice, bob])
    a_db, b_db = work / "alice.db", work / "bob.db"
    seeded(a_db, alice)
    seeded(b_db, bob)
    bulk(a_db, alice, rows, "2026-03-01T00:00:00.000000Z")
    with Store.open(a_db, author=alice) as store:
        started = time.perf_counter()
        report = sync_team(store, url(server, db, alice))
        push = time.perf_counter() - started
    assert report.pushed.new == rows, report
    with Store.open(b_db, author=bob) as store:
        started = time.perf_counter()
        pulled = sync_team(store, url(server, db, bob)).pulled
        pull = time.perf_counter() - started
    assert pulled is not None and pulled.new == rows, pulled
    copy_in, copy_out, count, data = copy_baseline(server, db)
    assert count == rows
    bare = copy_out + sqlite_insert(data, work)
    return [("push", push, copy_in), ("pull", pull, copy_out), ("pull*", pull, bare)]


def many_members(server: PgServer, work: Path, members: int, each: int) -> tuple[list[float], int]:
    roles = [f"bench_m{i:02d}" for i in range(members)]
    db = new_team(server, "bench_many", roles)
    paths = {role: work / f"{role}.db" for role in roles}
    for role, path in paths.items():
        seeded(path, role)
        bulk(path, role, each, "2026-03-02T00:00:00.000000Z")
    times: list[float] = []
    errors: list[BaseException] = []
    lock = threading.Lock()
    barrier = threading.Barrier(members)

    def member(role: str) -> None:
        try:
            with Store.open(paths[role], author=role) as store:
                barrier.wait()
                for _round in range(2):  # at once, then once more to take the late ones
                    started = time.perf_counter()
                    sync_team(store, url(server, db, role))
                    with lock:
                        times.append(time.perf_counter() - started)
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=member, args=(role,)) for role in roles]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    # Everyone syncs once more, one after the other: then every store must hold every row.
    for role in roles:
        with Store.open(paths[role], author=role) as store:
            sync_team(store, url(server, db, role))
    expected = members * each
    for role, path in paths.items():
        with Store.open(path) as store:
            got = store.db.execute("SELECT count(*) FROM annotations").fetchone()[0]
        assert got == expected, f"{role}: {got} of {expected} annotations"
    with psycopg.connect(server.admin_url(db)) as conn:
        on_server = conn.execute("SELECT count(*) FROM team_annotations").fetchone()[0]  # type: ignore[index]
    assert on_server == expected
    return times, expected


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--rows", type=int, default=int(os.environ.get("READER_BENCH_TEAM_ROWS", 100_000))
    )
    parser.add_argument("--members", type=int, default=20)
    parser.add_argument("--each", type=int, default=500)
    args = parser.parse_args()
    if initdb_missing():
        print("skipped: PostgreSQL's initdb not found (apt-get install postgresql)")
        return 0
    server = start_private_server()
    work = Path(tempfile.mkdtemp(prefix="reader-bench-team-"))
    try:
        results = push_pull(server, work, args.rows)
        times, total = many_members(server, work, args.members, args.each)
    finally:
        stop_private_server(server)
        shutil.rmtree(work, ignore_errors=True)
    print(f"{args.rows:,} annotations, PostgreSQL on loopback (fsync=off for both sides)")
    print(f"{'':6} {'reader sync':>12} {'COPY':>9} {'ratio':>7}  target <= {TARGET:g}x")
    for name, ours, copy in results:
        ratio = ours / copy
        print(
            f"{name:6} {ours:11.2f}s {copy:8.2f}s {ratio:6.1f}x  "
            + ("ok" if ratio <= TARGET else "OVER")
        )
    print(
        f"{args.members} members at once, {args.each} new each: all {total:,} changes arrived "
        f"everywhere; one sync: median {statistics.median(times):.2f}s, "
        f"p95 {statistics.quantiles(times, n=20)[-1]:.2f}s ({len(times)} syncs)"
    )
    print("pull*: against COPY out plus a bare SQLite INSERT of the same rows (a pull's floor)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
