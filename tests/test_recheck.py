"""Verdicts never move silently onto changed words (docs/sharing.md, "Re-checks").

A share made on one version of an article is merged into a database holding another
version: each annotation keeps its text (and status), or is flagged needs-recheck with
its old text and verdict kept, or is an orphan.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from cli_helpers import run
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from merge_helpers import checkpoint, digest, shared
from store_helpers import make_article

from reader.io.export import EXPORT_COLUMNS
from reader.store import NEEDS_RECHECK, Store, StoreError, migrations
from reader.store.merge import merge_files
from reader.store.migrations import SCHEMA_VERSION

TITLE, SOURCE = "Valley Water dividends", "valley.txt"
HEADING = "Valley Water"
FIGURE = "Valley Water paid £212 million in dividends to its owners last year."
NAME = "The chief executive, Sarah Jones, defended the payments to shareholders."
NEGATION = "The company said the payments were not excessive for a firm of its size."
QUOTED = 'The regulator called the sum "a fair return" for the investors and the firm.'
OTHER = "Bills will rise by 8% from April, the company told its customers."
SENTENCES = (FIGURE, NAME, NEGATION, QUOTED, OTHER)
THEIRS = "\n".join((HEADING, *SENTENCES)) + "\n"


def article_db(path: Path, text: str, author: str) -> str:
    """A database at ``path`` holding ``text`` as the Valley Water article; its id."""
    with Store.open(path, author=author) as store:
        stored, _ = store.import_article(make_article(text, title=TITLE, source=SOURCE))
    return stored.id


def their_share(tmp_path: Path, statuses: dict[str, str]) -> tuple[Path, dict[str, str]]:
    """Their database: each sentence of ``statuses`` annotated with that status; shared.
    Returns the share file and the annotation id of each sentence."""
    db = tmp_path / "theirs.db"
    article_id = article_db(db, THEIRS, "them")
    ids = {}
    with Store.open(db, author="them") as store:
        for sentence, status in statuses.items():
            start = THEIRS.index(sentence)
            note = store.add_annotation(article_id, start, start + len(sentence), "claim")
            ids[sentence] = store.update_annotation(note.id, status=status).id
    return shared(db, tmp_path / "theirs-share.db"), ids


def merged_into(tmp_path: Path, local_text: str, share_file: Path):
    """Merge ``share_file`` into a database holding ``local_text``; (report, db, article id)."""
    db = tmp_path / "mine.db"
    article_id = article_db(db, local_text, "me")
    with Store.open(db, author="me") as store:
        (report,) = merge_files(store, [share_file])
    return report, db, article_id


CHANGES = [
    pytest.param(FIGURE, "£212 million", "£198 million", "£212 → £198", "figure", id="figure"),
    pytest.param(NAME, "Sarah Jones", "Sarah Smith", "Jones → Smith", "name", id="name"),
    pytest.param(NEGATION, "were not excessive", "were excessive", "removed: not", "negation",
                 id="not"),
    pytest.param(QUOTED, '"a fair return"', '"a fine return"', "fair → fine", "quoted",
                 id="quoted word"),
]  # fmt: skip


@pytest.mark.parametrize(("sentence", "old", "new", "described", "kind"), CHANGES)
def test_a_changed_word_flags_the_annotation_and_keeps_its_old_text(
    tmp_path: Path, sentence: str, old: str, new: str, described: str, kind: str
) -> None:
    share_file, ids = their_share(tmp_path, {sentence: "supported", OTHER: "disputed"})
    local_sentence = sentence.replace(old, new)
    local_text = THEIRS.replace(sentence, local_sentence)
    report, db, article_id = merged_into(tmp_path, local_text, share_file)
    assert (report.reanchored, report.rechecks, report.orphans) == (2, 1, 0)
    with Store.open(db) as store:
        flagged = store.get_annotation(ids[sentence])
        assert flagged.status == NEEDS_RECHECK
        start = local_text.index(local_sentence)
        assert (flagged.start, flagged.end) == (start, start + len(local_sentence))
        assert flagged.exact == local_sentence
        (recheck,) = store.list_rechecks(article_id)
        assert recheck.annotation_id == flagged.id
        assert (recheck.old_exact, recheck.old_status) == (sentence, "supported")
        assert recheck.exact == local_sentence
        assert described in recheck.changes
        assert kind in (recheck.kinds or "").split(",")
        assert recheck.source == share_file.name and recheck.recorded_at
        untouched = store.get_annotation(ids[OTHER])  # the same words: moved, not flagged
        assert (untouched.status, untouched.exact) == ("disputed", OTHER)


def test_only_whitespace_and_quote_marks_changed_moves_silently(tmp_path: Path) -> None:
    share_file, ids = their_share(tmp_path, {QUOTED: "supported", FIGURE: "false"})
    quoted = QUOTED.replace('"a fair return"', "“a fair\u00a0 return”")
    figure = FIGURE.replace("in dividends", "in  dividends").replace("last year.", "last year")
    local_text = THEIRS.replace(QUOTED, quoted).replace(FIGURE, figure)
    report, db, article_id = merged_into(tmp_path, local_text, share_file)
    assert (report.reanchored, report.rechecks, report.orphans) == (2, 0, 0)
    with Store.open(db) as store:
        for sentence, now, status in ((QUOTED, quoted, "supported"), (FIGURE, figure, "false")):
            moved = store.get_annotation(ids[sentence])
            assert moved.status == status
            assert local_text[moved.start : moved.end] == moved.exact
            assert moved.exact == now  # the whole local sentence, as it is now
        assert store.list_rechecks(article_id) == []


def test_an_exact_placement_is_never_a_recheck_and_a_rewritten_one_is_an_orphan(
    tmp_path: Path,
) -> None:
    share_file, ids = their_share(tmp_path, {OTHER: "supported", NAME: "false"})
    rewritten = "Nobody from the board would comment on any of this on Monday."
    local_text = THEIRS.replace(FIGURE, FIGURE.replace("212", "198")).replace(NAME, rewritten)
    report, db, article_id = merged_into(tmp_path, local_text, share_file)
    assert (report.reanchored, report.rechecks, report.orphans) == (1, 0, 1)
    with Store.open(db) as store:
        kept = store.get_annotation(ids[OTHER])
        assert (kept.status, kept.exact, kept.start) == (
            "supported",
            OTHER,
            local_text.index(OTHER),
        )
        (orphan,) = store.list_orphans(article_id)
        assert orphan.id == ids[NAME] and orphan.status == "false"
        assert store.list_rechecks() == []


def test_a_deleted_annotation_is_flagged_but_not_counted_or_listed(tmp_path: Path) -> None:
    share_file, ids = their_share(tmp_path, {FIGURE: "supported"})
    with Store.open(tmp_path / "theirs.db", author="them") as store:
        store.delete_annotation(ids[FIGURE])
    shared(tmp_path / "theirs.db", share_file)
    report, db, _ = merged_into(tmp_path, THEIRS.replace("£212", "£198"), share_file)
    assert (report.new, report.new_deleted, report.reanchored, report.rechecks) == (1, 1, 1, 0)
    with Store.open(db) as store:
        gone = store.get_annotation(ids[FIGURE])
        assert gone.is_deleted and gone.status == NEEDS_RECHECK
        assert store.list_rechecks() == []
        assert store.db.execute("SELECT count(*) FROM rechecks").fetchone()[0] == 0


def figure_merge(tmp_path: Path):
    share_file, ids = their_share(tmp_path, {FIGURE: "supported"})
    local_text = THEIRS.replace("£212", "£198")
    report, db, article_id = merged_into(tmp_path, local_text, share_file)
    assert report.rechecks == 1
    return share_file, ids[FIGURE], db, article_id


def test_merging_again_changes_nothing_and_a_dry_run_counts_the_same(tmp_path: Path) -> None:
    share_file, _ident, db, _article_id = figure_merge(tmp_path)
    checkpoint(db)
    before = digest(db)
    with Store.open(db) as store:
        (dry,) = merge_files(store, [share_file], dry_run=True)
    checkpoint(db)
    assert digest(db) == before
    assert (dry.unchanged, dry.rechecks, dry.conflicts) == (1, 0, 0)
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    fresh_db = fresh / "mine.db"
    article_db(fresh_db, THEIRS.replace("£212", "£198"), "me")
    with Store.open(fresh_db) as store:
        (first_dry,) = merge_files(store, [share_file], dry_run=True)
        assert (first_dry.rechecks, first_dry.reanchored) == (1, 1)
        assert store.list_rechecks() == []


def test_s_resolves_a_recheck_undo_brings_it_back_and_editing_keeps_it(tmp_path: Path) -> None:
    _share, ident, db, article_id = figure_merge(tmp_path)
    with Store.open(db, author="me") as store:
        edited = store.update_annotation(ident, note="checked the annual report")
        assert edited.status == NEEDS_RECHECK and len(store.list_rechecks()) == 1
        assert store.cycle_status(ident).status == "unverified"  # a verdict to give again
        assert store.list_rechecks() == []
        assert store.cycle_status(ident).status == "supported"
        store.undo(article_id)
        store.undo(article_id)
        assert store.get_annotation(ident).status == NEEDS_RECHECK
        (recheck,) = store.list_rechecks()
        assert recheck.old_exact == FIGURE  # the record is still there


def test_a_flagged_copy_loses_a_tie_with_the_verdict_it_was_made_from(tmp_path: Path) -> None:
    """They share back the copy we flagged: on their own text their verdict stays."""
    _share_file, ident, db, _ = figure_merge(tmp_path)
    back = shared(db, tmp_path / "back.db")
    theirs = tmp_path / "theirs.db"
    with Store.open(theirs) as store:
        (report,) = merge_files(store, [back])
        assert report.updated == 0 and report.conflicts == 1
        assert store.get_annotation(ident).status == "supported"
        assert store.list_rechecks() == []


def test_a_share_file_may_hold_needs_recheck(tmp_path: Path) -> None:
    _share, ident, db, _ = figure_merge(tmp_path)
    onward = shared(db, tmp_path / "onward.db")
    third = tmp_path / "third.db"
    article_db(third, THEIRS.replace("£212", "£198"), "third")
    with Store.open(third) as store:
        (report,) = merge_files(store, [onward])
        assert (report.new, report.skipped_total) == (1, 0)
        assert store.get_annotation(ident).status == NEEDS_RECHECK
        (recheck,) = store.list_rechecks()
        assert recheck.old_exact is None  # the record is not shared


def test_cli_merge_prints_to_recheck_and_rechecks_lists_them(tmp_path: Path) -> None:
    share_file, ids = their_share(tmp_path, {FIGURE: "supported", OTHER: "false"})
    db = tmp_path / "mine.db"
    article_id = article_db(db, THEIRS.replace("£212", "£198"), "me")
    result = run("merge", "--db", db, share_file)
    assert result.exit_code == 0, result.stderr
    assert "2 re-anchored, 0 orphans, 1 to re-check" in result.output
    listed = run("rechecks", "--db", db)
    assert listed.exit_code == 0, listed.stderr
    lines = listed.output.splitlines()
    assert "£212 → £198 (was supported)" in lines[0] and ids[FIGURE][:8] in lines[0]
    assert lines[1] == f"  old: “{FIGURE}”"
    assert lines[2] == f"  new: “{FIGURE.replace('£212', '£198')}”"
    assert share_file.name in lines[3]
    assert "1 annotation to re-check" in listed.stderr
    as_json = json.loads(run("rechecks", "--db", db, "--article", article_id[:6], "--json").output)
    assert [r["id"] for r in as_json] == [ids[FIGURE]]
    assert as_json[0]["old_status"] == "supported" and as_json[0]["kinds"] == ["figure"]
    assert run("rechecks", "--db", db, "--article", "ffff").exit_code == 1


def test_export_shows_needs_recheck_in_the_status_column_and_imports_it_back(
    tmp_path: Path,
) -> None:
    _share, ident, db, _ = figure_merge(tmp_path)
    for fmt in ("csv", "jsonl", "w3c"):
        out = tmp_path / f"out.{fmt}"
        assert run("export", "--db", db, "--format", fmt, "-o", out).exit_code == 0
        if fmt == "csv":
            rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
            assert tuple(rows[0]) == EXPORT_COLUMNS  # the documented columns, unchanged
            assert [r["status"] for r in rows] == [NEEDS_RECHECK]
        copy = tmp_path / f"copy-{fmt}.db"
        article_db(copy, THEIRS.replace("£212", "£198"), "me")
        result = run("import-annotations", "--db", copy, out)
        assert result.exit_code == 0 and "1 new" in result.stderr + result.output, result
        with Store.open(copy) as store:
            assert store.get_annotation(ident).status == NEEDS_RECHECK


def test_a_version_4_database_is_upgraded_in_place_keeping_its_history(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "v4.db"
    with monkeypatch.context() as patch:  # the reader of version 4
        patch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:4])
        patch.setattr(migrations, "SCHEMA_VERSION", 4)
        article_id = article_db(path, THEIRS, "me")
        with Store.open(path, author="me") as store:
            note = store.add_annotation(article_id, 13, 30, "claim")
            store.cycle_status(note.id)
            with pytest.raises(sqlite3.IntegrityError):
                store.db.execute(
                    "UPDATE annotations SET status = 'needs-recheck' WHERE id = ?", [note.id]
                )
            assert store.db.execute("PRAGMA user_version").fetchone()[0] == 4
    with Store.open(path, author="me") as store:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 7
        assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert store.db.execute("SELECT count(*) FROM history").fetchone()[0] == 2
        assert store.get_annotation(note.id).status == "supported"
        store.db.execute("UPDATE annotations SET status = ? WHERE id = ?", [NEEDS_RECHECK, note.id])
        with pytest.raises(sqlite3.IntegrityError):
            store.db.execute("UPDATE annotations SET status = 'bogus' WHERE id = ?", [note.id])
        assert store.undo(article_id) is not None  # the history survived the upgrade
        assert store.get_annotation(note.id).status == "unverified"
        assert store.list_rechecks() == []


def test_an_upgrade_refuses_an_annotations_table_it_does_not_know(tmp_path: Path) -> None:
    path = tmp_path / "odd.db"
    article_db(path, THEIRS, "me")
    checkpoint(path)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute(
        "UPDATE sqlite_master SET sql = replace(sql, 'needs-recheck', 'other') "
        "WHERE name = 'annotations'"
    )
    conn.execute("PRAGMA writable_schema = OFF")
    conn.commit()
    conn.execute("PRAGMA user_version = 4")
    conn.close()
    with pytest.raises(StoreError, match="not as expected"):
        Store.open(path)
    conn = sqlite3.connect(path)  # rolled back: still version 4, nothing rewritten
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 4
    (sql,) = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'annotations'").fetchone()
    assert "'false', 'other')" in sql
    conn.close()


# -- the property: kept, flagged or orphan; never unflagged on different words ---------------

STATUS_OF = dict(
    zip(SENTENCES, ("supported", "disputed", "false", "unverified", "supported"), strict=True)
)
SHORT = "£212 million"  # a quote inside a sentence, at the fuzzy minimum length
PIECES = ["1", "9", "0", "not ", "no", " ", "  ", "\u00a0", "“", "”", '"', "'", "’", "—", "-",
          ",", ".", "e", "a", "X", "Smith", "£", "%"]  # fmt: skip
BODY_START = len(HEADING) + 1
TYPOGRAPHY = {" ": ["\u00a0", "  ", " \u2009"], '"': ["“", "”", "«"], "-": ["–", "—"]}
edit = st.one_of(
    st.tuples(
        st.integers(BODY_START, len(THEIRS) - 2),  # where
        st.integers(0, 6),  # characters removed
        st.lists(st.sampled_from(PIECES), max_size=3).map("".join),  # text put in
    ),
    st.tuples(  # the next space or quote mark from here becomes a typographic variant
        st.integers(BODY_START, len(THEIRS) - 2), st.just(-1), st.integers(0, 2).map(str)
    ),
)


def apply_edits(text: str, edits: list[tuple[int, int, str]]) -> str:
    """Apply the edits from the end backwards; never across a line break. A negative
    count removed is a typographic edit (see ``edit``)."""
    for where, removed, inserted in sorted(edits, reverse=True):
        where = min(where, len(text) - 1)
        if removed < 0:
            found = [i for i in range(where, len(text)) if text[i] in TYPOGRAPHY]
            if found:
                i = found[0]
                text = text[:i] + TYPOGRAPHY[text[i]][int(inserted)] + text[i + 1 :]
            continue
        cut = text[where : where + removed]
        if "\n" in cut:
            cut = cut[: cut.index("\n")]
        text = text[:where] + inserted + text[where + len(cut) :]
    return text


def words(text: str) -> list[str]:
    """An oracle independent of the code under test (and weaker than it): the \\w+ words."""
    return re.findall(r"\w+", text)


@pytest.fixture(scope="module")
def property_share(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """Their share: every sentence annotated with a status, and a short quote inside one."""
    tmp_path = tmp_path_factory.mktemp("theirs")
    share_file, ids = their_share(tmp_path, STATUS_OF)
    with Store.open(tmp_path / "theirs.db", author="them") as store:
        article_id = store.get_annotation(ids[FIGURE]).article_id
        start = THEIRS.index(SHORT)
        short = store.add_annotation(article_id, start, start + len(SHORT), "figure")
        ids[SHORT] = store.update_annotation(short.id, status="disputed").id
    return shared(tmp_path / "theirs.db", share_file), ids


@pytest.fixture
def scratch() -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix="reader-recheck-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(edits=st.lists(edit, min_size=1, max_size=4))
def test_every_annotation_keeps_its_words_or_is_flagged_or_is_an_orphan(
    edits: list[tuple[int, int, str]], property_share: tuple[Path, dict[str, str]], scratch: Path
) -> None:
    share_file, ids = property_share
    for leftover in scratch.iterdir():
        leftover.unlink()
    local_text = apply_edits(THEIRS, edits)
    _report, db, article_id = merged_into(scratch, local_text, share_file)
    old = {ident: (exact, STATUS_OF.get(exact, "disputed")) for exact, ident in ids.items()}
    with Store.open(db) as store:
        placed = {a.id: a for a in store.annotations(article_id)}
        orphans = {o.id for o in store.list_orphans(article_id)}
        rechecks = {r.annotation_id: r for r in store.list_rechecks(article_id)}
    for ident, (old_exact, old_status) in old.items():
        if ident in orphans:
            event("orphan")
            assert ident not in placed
            continue
        now = placed[ident]
        assert local_text[now.start : now.end] == now.exact
        if now.status == NEEDS_RECHECK:
            event("flagged")
            record = rechecks[ident]
            assert (record.old_exact, record.old_status, record.exact) == (
                old_exact,
                old_status,
                now.exact,
            )
        else:
            event("kept" if now.exact == old_exact else "moved silently")
            assert now.status == old_status
            assert words(now.exact) == words(old_exact), (old_exact, now.exact)
