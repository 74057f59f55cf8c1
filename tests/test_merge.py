"""Sharing and merging tag databases: share files, last-writer-wins merges, re-anchoring."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from merge_helpers import (
    checkpoint,
    claim_and_share,
    conflict_set,
    digest,
    seeded_db,
    shared,
    state,
)

from reader.io.importers import load_seed, parse_markdown
from reader.store import Store, StoreError
from reader.store import merge as merge_module
from reader.store import share as share_module
from reader.store.merge import merge_files
from reader.store.migrations import SCHEMA_VERSION
from reader.store.share import share

SEED_TEXT = load_seed().text
LEAD = SEED_TEXT.index("Israel mounted")
DISPLACED = SEED_TEXT.index("Israeli troops this week")


@pytest.fixture
def two(tmp_path: Path) -> tuple[Path, Path, str]:
    """alice.db and bob.db, each with the seed article; its id."""
    a, b = tmp_path / "alice.db", tmp_path / "bob.db"
    article_id = seeded_db(a, "alice")
    assert seeded_db(b, "bob") == article_id
    return a, b, article_id


def merge(db: Path, *files: Path, dry_run: bool = False, author: str = "me"):
    with Store.open(db, author=author) as store:
        return merge_files(store, list(files), dry_run=dry_run)


# -- share -------------------------------------------------------------------------------------


def test_share_writes_a_reader_database_with_tombstones_and_metadata(
    two: tuple[Path, Path, str], tmp_path: Path
) -> None:
    a, _b, article_id = two
    with Store.open(a, author="alice") as store:
        keep = store.add_annotation(article_id, LEAD, LEAD + 6, "claim")
        gone = store.add_annotation(article_id, LEAD + 7, LEAD + 14, "quote")
        store.delete_annotation(gone.id)
        report = share(store, tmp_path / "out.db")
    assert (report.articles, report.annotations, report.deleted) == (1, 2, 1)
    out = tmp_path / "out.db"
    assert not list(tmp_path.glob(".out.db.*")), "no temporary file is left"
    assert not Path(f"{out}-wal").exists()
    with Store.open(out, author="x") as copy:  # the same schema: opens as a main database
        assert [n.id for n in copy.annotations(article_id)] == [keep.id]
        assert copy.get_annotation(gone.id).is_deleted
        meta = dict(copy.db.execute("SELECT key, value FROM meta").fetchall())
    assert meta["shared_by"] == "alice"
    assert meta["schema_version"] == str(SCHEMA_VERSION)
    assert {"shared_at", "reader_version", "filters"} <= set(meta)


def test_share_filters_by_article_tag_and_author(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    seed_id = seeded_db(db, "alice")
    with Store.open(db, author="alice") as store:
        other, _ = store.import_article(parse_markdown("# T\n\nOne. Two.", source="t.md"))
        store.add_annotation(seed_id, LEAD, LEAD + 6, "claim")
        store.add_annotation(seed_id, LEAD, LEAD + 6, "quote")
        store.add_annotation(other.id, 0, 3, "claim")
    with Store.open(db, author="bob") as store:
        store.add_annotation(seed_id, DISPLACED, DISPLACED + 7, "claim")
        report = share(store, tmp_path / "c.db", tags=["claim"], authors=["alice"])
        assert (report.articles, report.annotations) == (2, 2)
        report = share(store, tmp_path / "d.db", articles=[seed_id[:6]], tags=["Claim"])
        assert (report.articles, report.annotations) == (1, 2)
        with pytest.raises(StoreError, match="no tag"):
            share(store, tmp_path / "e.db", tags=["nope"])
    assert not (tmp_path / "e.db").exists()


def test_share_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    seeded_db(db, "alice")
    out = tmp_path / "out.db"
    out.write_text("precious")
    with Store.open(db, author="alice") as store:
        with pytest.raises(StoreError, match="already exists"):
            share(store, out)
        assert out.read_text() == "precious"
        share(store, out, force=True)
    assert out.read_bytes().startswith(b"SQLite format 3")


def test_a_failed_share_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "a.db"
    seeded_db(db, "alice")

    def boom(*args: object, **kwargs: object) -> None:
        raise StoreError("disk on fire")

    monkeypatch.setattr(share_module, "_copy", boom)
    with Store.open(db, author="alice") as store, pytest.raises(StoreError, match="fire"):
        share(store, tmp_path / "out.db")
    assert [p.name for p in tmp_path.iterdir() if not p.name.startswith("a.db")] == []


# -- merge -------------------------------------------------------------------------------------


def test_two_authors_merged_both_ways_agree_and_remerging_changes_nothing(
    two: tuple[Path, Path, str], tmp_path: Path
) -> None:
    a, b, article_id = two
    with Store.open(a, author="alice") as store:
        store.add_annotation(article_id, LEAD, LEAD + 6, "claim")
        gone = store.add_annotation(article_id, LEAD + 7, LEAD + 14, "quote")
        store.delete_annotation(gone.id)
    with Store.open(b, author="bob") as store:
        store.add_annotation(article_id, DISPLACED, DISPLACED + 14, "claim", note="check")
    sa, sb = shared(a, tmp_path / "sa.db"), shared(b, tmp_path / "sb.db")
    (report,) = merge(a, sb)
    assert (report.new, report.skipped_total) == (1, 0)
    (report,) = merge(b, sa)
    assert (report.new, report.new_deleted) == (2, 1)
    assert state(a) == state(b)
    (again,) = merge(b, sa)
    assert (again.new, again.updated, again.unchanged) == (0, 0, 2)
    assert state(a) == state(b)


def test_dry_run_reports_the_same_and_changes_nothing(
    two: tuple[Path, Path, str], tmp_path: Path
) -> None:
    a, b, article_id = two
    sa = claim_and_share(a, "alice", article_id, tmp_path / "sa.db", LEAD)
    checkpoint(b)
    before = digest(b)
    (dry,) = merge(b, sa, dry_run=True)
    assert digest(b) == before
    (real,) = merge(b, sa)
    assert dry.as_dict() == real.as_dict()
    assert real.new == 1


def test_same_span_same_tag_by_two_people_gives_two_annotations(
    two: tuple[Path, Path, str], tmp_path: Path
) -> None:
    a, b, article_id = two
    for db, who in ((a, "alice"), (b, "bob")):
        with Store.open(db, author=who) as store:
            store.add_annotation(article_id, LEAD, LEAD + 6, "claim")
    merge(a, shared(b, tmp_path / "sb.db"))
    with Store.open(a) as store:
        live = store.annotations(article_id)
    assert sorted(n.author for n in live) == ["alice", "bob"]
    assert {(n.start, n.end, n.tag) for n in live} == {(LEAD, LEAD + 6, "claim")}


def shared_note(two: tuple[Path, Path, str], tmp_path: Path) -> str:
    """alice annotates the lead; bob merges her share: both have the annotation. Its id."""
    a, b, article_id = two
    with Store.open(a, author="alice") as store:
        note = store.add_annotation(article_id, LEAD, LEAD + 6, "claim")
    merge(b, shared(a, tmp_path / "sa.db"))
    return note.id


def test_concurrent_edits_latest_wins_and_the_loser_is_a_conflict(
    two: tuple[Path, Path, str], tmp_path: Path
) -> None:
    a, b, article_id = two
    note_id = shared_note(two, tmp_path)
    with Store.open(a, author="alice") as store:
        store.update_annotation(note_id, note="alice says")
    with Store.open(b, author="bob") as store:
        store.update_annotation(note_id, status="disputed")  # later: wins
    sa, sb = shared(a, tmp_path / "sa.db"), shared(b, tmp_path / "sb.db")
    (into_a,) = merge(a, sb)
    (into_b,) = merge(b, sa)
    assert (into_a.updated, into_a.conflicts) == (1, 1)
    assert (into_b.unchanged, into_b.conflicts) == (0, 1)
    assert state(a) == state(b)
    with Store.open(a) as store:
        winner = store.get_annotation(note_id)
        assert (winner.status, winner.note) == ("disputed", None)
        (lost,) = store.list_conflicts(article_id)
    assert (lost.annotation_id, lost.note, lost.winner_updated_at) == (
        note_id,
        "alice says",
        winner.updated_at,
    )
    assert conflict_set(a) == conflict_set(b)
    (again,) = merge(a, sb)
    assert again.unchanged == 1 and len(conflict_set(a)) == 1


def test_a_deletion_propagates_and_history_of_merged_annotations_is_cleared(
    two: tuple[Path, Path, str], tmp_path: Path
) -> None:
    a, b, article_id = two
    note_id = shared_note(two, tmp_path)
    with Store.open(a, author="alice") as store:
        store.delete_annotation(note_id)
    (report,) = merge(b, shared(a, tmp_path / "sa.db"))
    assert report.deleted == 1
    with Store.open(b, author="bob") as store:
        assert store.annotations(article_id) == []
        assert store.get_annotation(note_id).is_deleted
        assert store.undo(article_id) is None  # a merge is not undoable with u


VERSION_1 = """\
# Council votes on the bridge

The council met on Tuesday. It voted 7 to 2 to rebuild the old bridge over the river.

## What the mayor said

"We will start in spring," the mayor said. Work takes a year.
"""
VERSION_2 = """\
# Council votes on the bridge

The council met on Tuesday. It voted 7-2 to rebuild the old bridge over the river.

## What the mayor said

The mayor added: "We will start in the spring." Work takes a year and a half.
"""


def test_annotations_of_another_version_are_re_anchored_or_kept_as_orphans(
    tmp_path: Path,
) -> None:
    mine, theirs = tmp_path / "mine.db", tmp_path / "theirs.db"
    with Store.open(mine, author="me") as store:
        local, _ = store.import_article(parse_markdown(VERSION_1, source="bridge.md"))
    with Store.open(theirs, author="them") as store:
        other, _ = store.import_article(parse_markdown(VERSION_2, source="bridge.md"))
        text = other.article.text

        def tag(fragment: str, name: str = "claim") -> str:
            start = text.index(fragment)
            return store.add_annotation(other.id, start, start + len(fragment), name).id

        exact_id = tag("The council met on Tuesday.")
        fuzzy_id = tag("It voted 7-2 to rebuild the old bridge over the river.")
        orphan_id = tag("We will start in the spring.", "quote")  # 82% like the old one
    (report,) = merge(mine, shared(theirs, tmp_path / "t.db"))
    assert (report.reanchored, report.orphans, report.articles_added) == (2, 1, 0)
    with Store.open(mine) as store:
        placed = {n.id: n for n in store.annotations(local.id)}
        local_text = local.article.text
        assert placed[exact_id].exact == "The council met on Tuesday."
        for n in placed.values():
            assert local_text[n.start : n.end] == n.exact
        assert "7 to 2 to rebuild the old bridge over the river" in placed[fuzzy_id].exact
        assert orphan_id not in placed
        (orphan,) = store.list_orphans(local.id)
        assert orphan.id == orphan_id and orphan.exact == "We will start in the spring."
        assert "not found" in orphan.reason
        assert len(store.list_articles()) == 1
    (again,) = merge(mine, shared(theirs, tmp_path / "t.db"))
    assert again.unchanged == 2 and again.orphans == 1


def test_more_files_than_allowed_and_merging_into_itself_are_refused(
    two: tuple[Path, Path, str],
) -> None:
    a, _b, _ = two
    with pytest.raises(StoreError, match="itself"):
        merge(a, a)
    with pytest.raises(StoreError, match="at most"):
        merge(a, *([a] * 9))


def test_the_local_database_is_unchanged_when_one_file_of_several_fails(
    two: tuple[Path, Path, str], tmp_path: Path
) -> None:
    a, b, article_id = two
    good = claim_and_share(b, "bob", article_id, tmp_path / "good.db", LEAD)
    bad = tmp_path / "bad.db"
    bad.write_bytes(good.read_bytes()[:4096])  # truncated
    checkpoint(a)
    before = digest(a)
    with pytest.raises(StoreError, match="truncated"):
        merge(a, good, bad)
    assert digest(a) == before
    conn = sqlite3.connect(a)
    assert conn.execute("SELECT count(*) FROM annotations").fetchone()[0] == 0
    conn.close()


@pytest.mark.parametrize(
    ("change", "winner"),
    [
        ({"author": "bob", "note": "other"}, ("bob", "other")),  # tie: greater author wins
        ({"note": "zzz"}, ("alice", "zzz")),  # same author too: the content decides
    ],
)
def test_ties_on_updated_at_resolve_the_same_way_in_either_order(
    two: tuple[Path, Path, str], tmp_path: Path, change: dict, winner: tuple
) -> None:
    a, _b, article_id = two
    sa = claim_and_share(a, "alice", article_id, tmp_path / "sa.db", LEAD)
    sb = tmp_path / "sb.db"
    sb.write_bytes(sa.read_bytes())
    conn = sqlite3.connect(sb)
    sets = ", ".join(f"{column} = ?" for column in change)
    conn.execute(f"UPDATE annotations SET {sets}", list(change.values()))
    conn.commit()
    conn.close()
    one, other = tmp_path / "one.db", tmp_path / "other.db"
    for db, files in ((one, (sa, sb)), (other, (sb, sa))):
        seeded_db(db, "me")
        for f in files:
            merge(db, f)
    assert state(one) == state(other)
    assert (state(one)[0][11], state(one)[0][10]) == winner
    assert conflict_set(one) == conflict_set(other) and len(conflict_set(one)) == 1


def test_an_article_new_to_the_local_database_exports_with_its_sections(tmp_path: Path) -> None:
    theirs = tmp_path / "theirs.db"
    with Store.open(theirs, author="bob") as store:
        stored, _ = store.import_article(load_seed())
        displaced = stored.article.sections[1].sentences[0]
        store.add_annotation(stored.id, displaced.start, displaced.end, "claim")
    shared = tmp_path / "shared.db"
    with Store.open(theirs, author="bob") as store:
        share(store, shared)
    with Store.open(tmp_path / "mine.db", author="alice") as mine:
        merge_files(mine, [shared])
        [row] = list(mine.iter_export_rows())
    assert row["section"] == "Displaced again"


def test_merge_reports_each_step_and_the_steps_bar_is_silent_off_a_terminal(
    tmp_path: Path,
) -> None:
    import io

    from reader.cli_progress import steps

    theirs = tmp_path / "theirs.db"
    with Store.open(theirs, author="bob") as store:
        stored, _ = store.import_article(load_seed())
        store.add_annotation(stored.id, 0, 10, "claim")
        share(store, tmp_path / "shared.db")
    labels: list[str] = []
    with Store.open(tmp_path / "mine.db", author="alice") as mine:
        merge_files(mine, [tmp_path / "shared.db"], on_step=labels.append)
    assert labels == ["checking shared.db", "merging shared.db"]

    quiet = io.StringIO()
    with steps(2, "merge", stream=quiet) as advance:
        advance("one")
    assert quiet.getvalue() == ""

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    shown = Terminal()
    with steps(2, "merge", stream=shown) as advance:
        advance("checking a.db")
    assert "merge" in shown.getvalue()


def _trigger_sql(db: Path) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name"
        ).fetchall()
    finally:
        conn.close()


def test_a_big_merge_keeps_counts_and_search_as_the_per_row_triggers_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past BULK_NEW new annotations the counts and the notes' search index are updated in
    bulk: the same counts, the same search hits, the index sound, the triggers back."""
    article_id = seeded_db(tmp_path / "theirs.db", "bob")
    with Store.open(tmp_path / "theirs.db", author="bob") as store:
        for i in range(12):
            made = store.add_annotation(
                article_id,
                i * 7,
                i * 7 + 5,
                ("claim", "quote", "figure")[i % 3],
                note=f"harbour {i}" if i % 2 else None,
                speaker="Mayor Reed" if i % 3 == 0 else None,
            )
            if i % 4 == 1:
                store.delete_annotation(made.id)
    incoming = shared(tmp_path / "theirs.db", tmp_path / "theirs-share.db")
    results = {}
    for bulk in (False, True):
        local = tmp_path / f"mine-{bulk}.db"
        seeded_db(local, "alice")
        with Store.open(local, author="alice") as store:
            store.add_annotation(store.list_articles()[0].id, 2, 9, "claim", note="harbour own")
        before = _trigger_sql(local)
        monkeypatch.setattr(merge_module, "BULK_NEW", 1 if bulk else 10**9)
        with Store.open(local, author="alice") as store:
            (report,) = merge_files(store, [incoming])
            assert report.new == 12
            counts = store.db.execute(
                "SELECT article_id, tag, n FROM annotation_counts ORDER BY 1, 2"
            ).fetchall()
            live = store.db.execute(
                "SELECT article_id, tag, count(*) FROM annotations WHERE deleted_at IS NULL "
                "GROUP BY 1, 2 ORDER BY 1, 2"
            ).fetchall()
            assert counts == live
            hits = [
                (hit.kind, hit.article_id, hit.field, hit.snippet)
                for word in ("harbour", "reed")
                for hit in store.search(word)
            ]
            store.db.execute(
                "INSERT INTO annotations_fts (annotations_fts) VALUES ('integrity-check')"
            )
        assert _trigger_sql(local) == before
        results[bulk] = (counts, sorted(hits))
    assert results[True] == results[False]
    assert len(results[True][1]) > 5
