"""Merge properties over random edit histories of three authors (hypothesis).

Each author works in their own database on the seed article: adds, status
changes, notes, deletions, and now and then merges another author's share.
Then the three final shares are merged into fresh databases in different
orders and groupings; the annotations (and the recorded conflicts) must not
depend on the order.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from merge_helpers import conflict_set, seeded_db, shared, state

from reader.io.importers import load_seed
from reader.store import Store
from reader.store.merge import merge_files

AUTHORS = ("alice", "bob", "carol")
SENTENCES = load_seed().sentences[:5]

author = st.integers(0, len(AUTHORS) - 1)
operation = st.one_of(
    st.tuples(
        st.just("add"),
        author,
        st.integers(0, len(SENTENCES) - 1),
        st.sampled_from(["claim", "quote"]),
    ),
    st.tuples(st.just("status"), author, st.integers(0, 20)),
    st.tuples(st.just("note"), author, st.integers(0, 20), st.sampled_from(["a", "b", ""])),
    st.tuples(st.just("delete"), author, st.integers(0, 20)),
    st.tuples(st.just("sync"), author, author),
)


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database with only the seed article, copied for every author and example."""
    path = tmp_path_factory.mktemp("base") / "base.db"
    seeded_db(path, "base")
    return path


@pytest.fixture
def workdir() -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix="reader-prop-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


def merged(target: Path, base: Path, *files: Path, separately: bool = True) -> Path:
    shutil.copyfile(base, target)
    with Store.open(target, author="merger") as store:
        if separately:
            for f in files:
                merge_files(store, [f])
        else:
            merge_files(store, list(files))
    return target


def play(history: list[tuple], base: Path, work: Path) -> list[Path]:
    """Apply the history; return each author's final share."""
    dbs = [work / f"{name}.db" for name in AUTHORS]
    for db in dbs:
        shutil.copyfile(base, db)
    article_id = seeded_db(dbs[0], AUTHORS[0])
    for op in history:
        who = op[1]
        with Store.open(dbs[who], author=AUTHORS[who]) as store:
            live = store.annotations(article_id)
            if op[0] == "add":
                span = SENTENCES[op[2]]
                store.add_annotation(article_id, span.start, span.end, op[3])
            elif op[0] == "sync":
                if op[2] != who:
                    merge_files(store, [shared(dbs[op[2]], work / "sync.db")])
            elif live:
                target = live[op[2] % len(live)].id
                if op[0] == "status":
                    store.cycle_status(target)
                elif op[0] == "note":
                    store.update_annotation(target, note=op[3])
                else:
                    store.delete_annotation(target)
    return [shared(db, work / f"share-{i}.db") for i, db in enumerate(dbs)]


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(history=st.lists(operation, min_size=1, max_size=14))
def test_merge_is_idempotent_commutative_and_associative(
    history: list[tuple], base: Path, workdir: Path
) -> None:
    for leftover in workdir.iterdir():
        leftover.unlink()
    sa, sb, sc = play(history, base, workdir)

    # idempotent: merging the same file twice equals once
    once = merged(workdir / "once.db", base, sa, sb)
    first = (state(once), conflict_set(once))
    with Store.open(once) as store:
        (report,) = merge_files(store, [sb])
    assert (report.new, report.updated, report.deleted) == (0, 0, 0)
    assert (state(once), conflict_set(once)) == first

    # commutative: a then b == b then a (annotations and conflicts)
    ab = merged(workdir / "ab.db", base, sa, sb)
    ba = merged(workdir / "ba.db", base, sb, sa)
    assert state(ab) == state(ba)
    assert conflict_set(ab) == conflict_set(ba)

    # associative: (a + b) + c == a + (b + c), in one call or one at a time
    abc = merged(workdir / "abc.db", base, sa, sb, sc, separately=False)
    bc = shared(merged(workdir / "bc.db", base, sb, sc), workdir / "share-bc.db")
    a_bc = merged(workdir / "a_bc.db", base, sa, bc)
    cba = merged(workdir / "cba.db", base, sc, sb, sa)
    assert state(abc) == state(a_bc) == state(cba)
    assert conflict_set(abc) == conflict_set(cba)

    # every live annotation is from some author's history, deletions propagate
    final = {row[0]: row for row in state(abc)}
    for share_file in (sa, sb, sc):
        for row in state(share_file):
            assert row[0] in final
            assert final[row[0]][13] >= row[13]  # updated_at never goes back


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(alphabet=st.sampled_from("ab\0é€😀\n"), max_size=12),
    start=st.integers(0, 14),
    length=st.integers(1, 6),
    exact=st.one_of(
        st.none(),
        st.text(alphabet=st.sampled_from("ab\0é€😀"), max_size=6),
        st.binary(max_size=6),
    ),
)
def test_the_exact_text_check_says_what_sqlite_substr_says(
    text: str, start: int, length: int, exact: str | bytes | None
) -> None:
    """The merge checks an annotation's exact text with a function on the article's text
    (merge._exact_matches): for any text (NUL, several bytes a character), offsets and
    exact (text, bytes that are not UTF-8), it answers what ``exact = substr(...)`` does."""
    import sqlite3

    from reader.store.merge import _EXACT_MATCHES, _exact_matches
    from reader.store.untrusted import IncomingArticle

    end = start + length
    conn = sqlite3.connect(":memory:")
    try:
        conn.execute("CREATE TABLE t (text TEXT, exact)")
        # exact as the file may hold it: text, or raw bytes cast to text (not UTF-8).
        cast = "CAST(? AS TEXT)" if isinstance(exact, bytes) else "?"
        conn.execute(f"INSERT INTO t VALUES (?, {cast})", [text, exact])
        with _exact_matches(conn, [IncomingArticle(7, "a", {"text": text})]):
            sql_says, ours = conn.execute(
                f"SELECT exact = substr(text, ? + 1, ? - ?), "
                f"{_EXACT_MATCHES}(7, ?, ?, CAST(exact AS BLOB)) FROM t",
                [start, end, start, start, end],
            ).fetchone()
    finally:
        conn.close()
    assert bool(sql_says) == bool(ours)
