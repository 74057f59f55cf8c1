"""``sync_team``: pull then push through a real PostgreSQL server, with the file merge's
rules; the property test checks that any history synced through the server ends where
the same history merged by files ends."""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from merge_helpers import seeded_db, shared
from pg_fixtures import PgServer
from store_helpers import make_article
from team_helpers import Team, fresh_team, local_rows, make_team, password, server_rows

from reader.io.importers import load_seed
from reader.store import Store, StoreError
from reader.store.merge import merge_files
from reader.store.team import pending_count, remember_team, sync_team, team_status

pytestmark = pytest.mark.pg

SEED = load_seed()
SPANS = [(s.start, s.end) for s in SEED.sentences[:4]]


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database holding the seed article, copied for every member."""
    path = tmp_path_factory.mktemp("base") / "base.db"
    seeded_db(path, "base")
    return path


@pytest.fixture
def team(pg_server: PgServer, team_db: str) -> Team:
    return make_team(pg_server, team_db, "alice", "bob")


def _member_db(base: Path, folder: Path, role: str) -> Path:
    path = folder / f"{role}.db"
    shutil.copyfile(base, path)
    return path


def _article_id(path: Path) -> str:
    with Store.open(path) as store:
        return store.list_articles()[0].id


def test_a_tag_travels_from_one_member_to_another(team: Team, base: Path, tmp_path: Path) -> None:
    alice, bob = team.members
    a_db, b_db = _member_db(base, tmp_path, alice), _member_db(base, tmp_path, bob)
    with Store.open(a_db, author=alice) as store:
        note = store.add_annotation(_article_id(a_db), *SPANS[0], "claim")
        first = sync_team(store, team.url(alice))
    assert first.pulled is None
    assert (first.pushed.sent, first.pushed.new, first.pushed.articles) == (1, 1, 1)
    with Store.open(b_db, author=bob) as store:
        report = sync_team(store, team.url(bob))
        got = store.get_annotation(note.id)
    assert report.pulled is not None and report.pulled.new == 1
    assert report.pushed.sent == 0
    assert (got.author, got.start, got.end, got.tag) == (alice, *SPANS[0], "claim")
    assert local_rows(a_db) == local_rows(b_db)


@pytest.mark.parametrize("chunked", [True, False], ids=["chunked rows", "server-side cursor"])
def test_text_with_copy_escapes_travels_unchanged(
    team: Team, base: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunked: bool
) -> None:
    """Pushed as COPY text and pulled as binary rows: tabs, newlines, carriage returns,
    backslashes and a literal \\N arrive as they were, and NULL stays NULL; alike whether
    the pull reads chunks of rows (libpq 17) or a server-side cursor (older libpq)."""
    from reader.store.team import sync as team_sync

    if not chunked:
        monkeypatch.setattr(team_sync, "_CHUNKED_ROWS_LIBPQ", 10**9)
    elif psycopg.pq.version() < team_sync._CHUNKED_ROWS_LIBPQ:
        pytest.skip("this libpq has no chunked rows")
    monkeypatch.setattr(team_sync, "_FETCH_ROWS", 1)  # one row a chunk: every chunk's edge
    alice, bob = team.members
    a_db, b_db = _member_db(base, tmp_path, alice), _member_db(base, tmp_path, bob)
    tricky = "col1\tcol2\nline two\r\nend \\ back\\slash \\N \\t not a tab, ünï"
    with Store.open(a_db, author=alice) as store:
        noted = store.add_annotation(_article_id(a_db), *SPANS[0], "claim", note=tricky)
        bare = store.add_annotation(_article_id(a_db), *SPANS[1], "quote", speaker="O\\Ne\til")
        sync_team(store, team.url(alice))
    with Store.open(b_db, author=bob) as store:
        sync_team(store, team.url(bob))
        assert store.get_annotation(noted.id).note == tricky
        assert store.get_annotation(bare.id).speaker == "O\\Ne\til"
        assert store.get_annotation(bare.id).note is None
    assert local_rows(a_db) == local_rows(b_db) == server_rows(team)


def test_nothing_new_pulls_nothing_and_pushes_nothing(
    team: Team, base: Path, tmp_path: Path
) -> None:
    alice, _ = team.members
    a_db = _member_db(base, tmp_path, alice)
    with Store.open(a_db, author=alice) as store:
        store.add_annotation(_article_id(a_db), *SPANS[0], "claim")
        sync_team(store, team.url(alice))
        # Our own push moved the cursor past our own changes: nothing comes back.
        again = sync_team(store, team.url(alice))
        assert again.pulled is None
        assert again.pushed.sent == 0
        assert pending_count(store) == 0


def test_edits_and_deletions_travel_and_the_url_is_kept_without_password(
    team: Team, base: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    alice, bob = team.members
    a_db, b_db = _member_db(base, tmp_path, alice), _member_db(base, tmp_path, bob)
    with Store.open(a_db, author=alice) as store:
        kept = store.add_annotation(_article_id(a_db), *SPANS[0], "claim")
        gone = store.add_annotation(_article_id(a_db), *SPANS[1], "quote")
        sync_team(store, team.url(alice))
    with Store.open(b_db, author=bob) as store:
        sync_team(store, team.url(bob))
    with Store.open(a_db, author=alice) as store:
        store.update_annotation(kept.id, note="checked with the source")
        store.delete_annotation(gone.id)
        assert pending_count(store) == 2
        # The remembered address has no password: libpq's usual places give it.
        monkeypatch.setenv("PGPASSWORD", password(alice))
        sync_team(store)
    with Store.open(b_db, author=bob) as store:
        status = team_status(store)
        assert status is not None and "pw-" not in status.url
        report = sync_team(store, team.url(bob))
        assert report.pulled is not None
        assert (report.pulled.updated, report.pulled.deleted) == (1, 1)
        assert store.get_annotation(kept.id).note == "checked with the source"
        assert store.get_annotation(gone.id).deleted_at is not None
    assert local_rows(a_db) == local_rows(b_db)


def test_another_authors_annotation_edited_here_is_not_pushed(
    team: Team, base: Path, tmp_path: Path
) -> None:
    alice, bob = team.members
    a_db, b_db = _member_db(base, tmp_path, alice), _member_db(base, tmp_path, bob)
    with Store.open(a_db, author=alice) as store:
        note = store.add_annotation(_article_id(a_db), *SPANS[0], "claim")
        sync_team(store, team.url(alice))
    with Store.open(b_db, author=bob) as store:
        sync_team(store, team.url(bob))
        # Bypassing the app's refusal: the row is Alice's, Bob's push leaves it alone.
        store.db.execute(
            "UPDATE annotations SET note = 'bob was here', updated_at = '2999-01-01T00:00:00Z' "
            "WHERE id = ?",
            [note.id],
        )
        report = sync_team(store, team.url(bob))
    assert report.pushed.sent == 0 and report.pushed.not_yours == 1
    assert [row[9] for row in server_rows(team)] == [None]


def test_annotations_on_another_version_are_reanchored(team: Team, tmp_path: Path) -> None:
    alice, bob = team.members
    mine = "Valley Water\nThe firm paid 212 million in dividends last year.\nBills rise.\n"
    theirs = "Valley Water\nA new lead line.\n" + mine.split("\n", 1)[1]
    a_db, b_db = tmp_path / "a.db", tmp_path / "b.db"
    for path, text, who in ((a_db, mine, alice), (b_db, theirs, bob)):
        with Store.open(path, author=who) as store:
            store.import_article(make_article(text, title="Valley", source="valley.txt"))
    start = mine.index("paid")
    with Store.open(a_db, author=alice) as store:
        note = store.add_annotation(_article_id(a_db), start, start + 4, "claim")
        sync_team(store, team.url(alice))
    with Store.open(b_db, author=bob) as store:
        report = sync_team(store, team.url(bob))
        assert report.pulled is not None and report.pulled.reanchored == 1
        moved = store.get_annotation(note.id)
    assert moved.exact == "paid" and moved.start == theirs.index("paid")
    # Bob changed nothing: the server holds only the version Alice pushed.
    with team.admin() as conn:
        assert conn.execute("SELECT count(*) FROM team_articles").fetchone()[0] == 1


def test_a_server_without_a_team_is_refused_in_one_line(
    pg_server: PgServer, team_db: str, base: Path, tmp_path: Path
) -> None:
    db = _member_db(base, tmp_path, "x")
    with Store.open(db) as store, pytest.raises(StoreError, match="team init") as caught:
        sync_team(store, pg_server.admin_url(team_db))
    assert "\n" not in str(caught.value)


def test_sync_without_an_address_says_how(base: Path, tmp_path: Path) -> None:
    db = _member_db(base, tmp_path, "x")
    with Store.open(db) as store, pytest.raises(StoreError, match="no team server"):
        sync_team(store)


# -- the property: through the server == through files ---------------------------------------

# Devices 0 and 1 are member 0's (a laptop and a desktop), 2 and 3 member 1's: versions of
# one annotation then race (last writer wins), since only its author may change it.
DEVICES = 4
write = st.tuples(
    st.just("write"),
    st.integers(0, DEVICES - 1),
    st.integers(0, 2),  # which of the member's annotations
    st.integers(0, 4),  # updated_at second: ties happen
    st.integers(0, len(SPANS) - 1),
    st.sampled_from(["claim", "quote"]),
    st.sampled_from([None, "a", "b"]),
    st.booleans(),  # deleted
)
sync = st.tuples(st.just("sync"), st.integers(0, DEVICES - 1))


@pytest.fixture
def workdir() -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix="reader-team-prop-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


def _write(path: Path, op: tuple, author: str) -> None:
    _, _device, k, second, span, tag, note, deleted = op
    start, end = SPANS[span]
    text = SEED.text
    stamp = f"2026-01-01T00:00:0{second}.000000Z"
    with Store.open(path, author=author) as store:
        article_id = store.list_articles()[0].id
        store.db.execute(
            """INSERT INTO annotations (id, article_id, start, "end", exact, prefix, suffix,
                tag, speaker, status, note, author, created_at, updated_at, deleted_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, 'unverified', ?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET start = excluded.start, "end" = excluded."end",
                exact = excluded.exact, prefix = excluded.prefix, suffix = excluded.suffix,
                tag = excluded.tag, note = excluded.note, updated_at = excluded.updated_at,
                deleted_at = excluded.deleted_at""",
            [
                str(uuid.uuid5(uuid.NAMESPACE_URL, f"{author}-{k}")),
                article_id,
                start,
                end,
                text[start:end],
                text[max(0, start - 32) : start],
                text[end : end + 32],
                tag,
                note,
                author,
                "2026-01-01T00:00:00.000000Z",
                stamp,
                stamp if deleted else None,
            ],
        )


def _file_sync(device: Path, hub: Path, work: Path, author: str) -> None:
    """The file world's sync: pull (merge the hub's share), then push (the hub merges ours)."""
    hub_share = shared(hub, work / "hub-share.db")
    with Store.open(device, author=author) as store:
        merge_files(store, [hub_share])
    device_share = shared(device, work / "device-share.db")
    with Store.open(hub, author="hub") as store:
        merge_files(store, [device_share])


@settings(
    max_examples=20,
    # NOSHRINK=1: report the first failing history at once (shrinking needs many servers).
    phases=(Phase.explicit, Phase.generate) if os.environ.get("NOSHRINK") else tuple(Phase),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(history=st.lists(st.one_of(write, sync), min_size=1, max_size=16))
def test_any_history_synced_through_the_server_ends_as_merged_by_files(
    history: list[tuple], pg_server: PgServer, base: Path, workdir: Path
) -> None:
    for leftover in workdir.iterdir():
        leftover.unlink()
    with fresh_team(pg_server, "alice", "bob") as team:
        owner = [team.members[d // 2] for d in range(DEVICES)]
        server_dbs = [workdir / f"s{d}.db" for d in range(DEVICES)]
        file_dbs = [workdir / f"f{d}.db" for d in range(DEVICES)]
        hub = workdir / "hub.db"
        for path in [*server_dbs, *file_dbs, hub]:
            shutil.copyfile(base, path)
        for d, path in enumerate(server_dbs):
            with Store.open(path, author=owner[d]) as store:
                remember_team(store, team.url(owner[d]))

        def sync_both(d: int) -> None:
            with Store.open(server_dbs[d], author=owner[d]) as store:
                sync_team(store, team.url(owner[d]))
            _file_sync(file_dbs[d], hub, workdir, owner[d])

        for step, op in enumerate(history):
            d = op[1]
            if op[0] == "write":
                _write(server_dbs[d], op, owner[d])
                _write(file_dbs[d], op, owner[d])
            else:
                sync_both(d)
            for s_db, f_db in zip(server_dbs, file_dbs, strict=True):
                assert local_rows(s_db) == local_rows(f_db), f"{s_db.name} after step {step}"
        # Everyone syncs until quiet: every device holds the same, the server the hub's.
        for _round in range(2):
            for d in range(DEVICES):
                sync_both(d)
        final = local_rows(hub)
        for s_db, f_db in zip(server_dbs, file_dbs, strict=True):
            assert local_rows(s_db) == local_rows(f_db), s_db.name
            assert local_rows(f_db) == final, f_db.name
        assert server_rows(team) == final


def test_the_benchmark_runs_quick_and_writes_its_figures(tmp_path: Path) -> None:
    """bench/team_sync.py follows the benchmark contract (--quick, --json)."""
    import json
    import subprocess
    import sys

    from pg_fixtures import initdb_missing

    if initdb_missing() and not os.environ.get("CI"):
        pytest.skip("PostgreSQL's initdb not found (apt-get install postgresql); not in CI")
    out = tmp_path / "figures.json"
    script = Path(__file__).resolve().parent.parent / "bench" / "team_sync.py"
    done = subprocess.run(
        [sys.executable, str(script), "--quick", "--json", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    figures = {f["name"]: f for f in json.loads(out.read_text())}
    assert list(figures) == [
        "team push 100k",
        "team pull 100k",
        "team pull vs COPY+insert",
        "team pull floor: SQLite insert",
        "team 20 members sync p95",
    ]
    assert figures["team push 100k"]["target"] == "<= 3x"
    assert all(f["value"] > 0 for f in figures.values())
    assert figures["team push 100k"]["baseline"] > 0
    floor = figures["team pull floor: SQLite insert"]
    assert floor["met"] is None and floor["baseline"] > 0 and floor["ratio"] > 0
    assert "median" in figures["team 20 members sync p95"]["note"]


def test_the_last_writer_wins_key_orders_alike_in_sqlite_and_postgresql(team: Team) -> None:
    """merge.version_key/same_content are written once for both dialects: every pair of
    these versions compares the same way (bytewise text, NULLs, needs-recheck lowest)."""
    import sqlite3

    from reader.store.merge import same_content, version_key

    cols = 'n, updated_at, author, deleted_at, tag, status, speaker, note, start, "end", created_at'
    t0, t1 = "2026-01-01T00:00:00.000000Z", "2026-01-01T00:00:01.000000Z"
    rows = [
        (t0, "alice", None, "claim", "unverified", None, None, 0, 5, t0),
        (t0, "alice", None, "claim", "unverified", "", None, 0, 5, t0),
        (t0, "alice", None, "claim", "needs-recheck", None, None, 0, 5, t0),
        (t0, "alice", None, "claim", "disputed", None, None, 0, 5, t0),
        (t0, "alice", t0, "claim", "unverified", None, None, 0, 5, t0),
        (t0, "alice", None, "Claim", "unverified", None, "ünï", 0, 5, t0),
        (t0, "alice", None, "claim", "unverified", None, "Zed", 0, 5, t0),
        (t0, "alice", None, "claim", "unverified", None, "zed", 1, 5, t0),
        (t0, "Ålice", None, "claim", "unverified", None, None, 0, 5, t0),
        (t0, "bob", None, "quote", "unverified", "O'Neil", "a b", 0, 6, t1),
        (t1, "alice", None, "claim", "unverified", None, None, 0, 5, t0),
    ]
    numbered = [(i, *row) for i, row in enumerate(rows)]

    def query(dialect: str) -> str:
        less = f"{version_key('a', dialect)} < {version_key('b', dialect)}"
        same = same_content("a", "b", dialect)
        return f"SELECT a.n, b.n, {less}, {same} FROM v AS a, v AS b ORDER BY a.n, b.n"

    lite = sqlite3.connect(":memory:")
    lite.execute(f"CREATE TABLE v ({cols})")
    lite.executemany(f"INSERT INTO v VALUES ({', '.join('?' * 11)})", numbered)
    in_sqlite = [
        (a, b, bool(less), bool(same)) for a, b, less, same in lite.execute(query("sqlite"))
    ]
    with team.admin() as conn:
        conn.execute(
            "CREATE TEMP TABLE v (n int, updated_at text, author text, deleted_at text, "
            'tag text, status text, speaker text, note text, start int, "end" int, '
            "created_at text)"
        )
        with conn.cursor() as cur:
            cur.executemany(f"INSERT INTO v VALUES ({', '.join(['%s'] * 11)})", numbered)
        in_pg = [tuple(row) for row in conn.execute(query("postgresql"))]
    assert len(in_sqlite) == len(rows) ** 2
    assert in_pg == in_sqlite
    assert any(less for *_, less, _ in in_sqlite) and any(same for *_, same in in_sqlite)
    assert (2, 0, True, False) in in_sqlite  # needs-recheck ranks below a verdict
