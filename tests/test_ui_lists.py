"""The annotation panel's note column, the conflicts list (who changed what and when, keep
either version) and changes made by another process showing up on their own."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import OptionList

from reader.io.importers import load_seed
from reader.store import Store
from reader.ui.app import create_app
from reader.ui.screens.merge_lists import ConflictListScreen

SIZE = (120, 34)
SEED = load_seed()
S = SEED.sentences


@pytest.fixture
def alice(tmp_path: Path) -> Iterator[tuple[Store, str]]:
    """alice's store with the seed and a claim on the first sentence."""
    store = Store.open(tmp_path / "ui.db", author="alice")
    stored, _ = store.import_article(SEED)
    store.add_annotation(stored.id, S[0].start, S[0].end, "claim")
    yield store, stored.id
    store.close()


def _row_text(panel, row: int) -> str:
    return " ".join(str(cell) for cell in panel.get_row_at(row))


def _carol_version(store: Store, annotation_id: str, **values: object) -> int:
    a = store.get_annotation(annotation_id)
    row = {
        "annotation_id": a.id,
        "article_id": a.article_id,
        "start": a.start,
        "end": a.end,
        "exact": a.exact,
        "tag": a.tag,
        "speaker": a.speaker,
        "status": a.status,
        "note": a.note,
        "author": "carol",
        "created_at": a.created_at,
        "updated_at": "2026-01-02T09:30:00.000000Z",
        "deleted_at": None,
        "winner_updated_at": a.updated_at,
        "source": "carol.db",
        "recorded_at": "2026-01-03T00:00:00.000000Z",
        **values,
    }
    return store.db["conflicts"].insert(row).last_pk


async def test_panel_row_shows_the_note_on_one_safe_line_and_the_speaker(
    alice: tuple[Store, str],
) -> None:
    store, article_id = alice
    (claim,) = store.annotations(article_id)
    store.update_annotation(claim.id, note="check \x1b[31mthe\nfigure[/b]", speaker="Biden")
    app = create_app(store, article_id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        panel = app.reader_screen.panel
        assert "Note" in [str(c.label) for c in panel.columns.values()]
        text = _row_text(panel, 0)
        assert "check ␛[31mthe…" in text and "Biden" in text  # shortened to the column
        assert "\x1b" not in text and "\n" not in text


async def test_narrow_panel_puts_the_note_after_the_excerpt(alice: tuple[Store, str]) -> None:
    store, article_id = alice
    (claim,) = store.annotations(article_id)
    store.update_annotation(claim.id, note="my note")
    app = create_app(store, article_id)
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        panel = app.reader_screen.panel
        assert "Note" not in [str(c.label) for c in panel.columns.values()]
        assert "· my…" in _row_text(panel, 0)  # shortened to the 10-cell excerpt column


async def test_C_shows_who_changed_what_and_when_and_t_takes_the_other(
    alice: tuple[Store, str],
) -> None:
    store, article_id = alice
    (claim,) = store.annotations(article_id)
    _carol_version(store, claim.id, status="disputed", note="their note")
    app = create_app(store, article_id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("C")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ConflictListScreen)
        (line,) = screen.lines
        assert "status: unverified → disputed" in line.plain
        assert "note: — → their note" in line.plain
        assert f"current: alice {claim.updated_at[:16].replace('T', ' ')}" in line.plain
        assert "other: carol 2026-01-02 09:30 (from carol.db" in line.plain
        await pilot.press("t")
        await pilot.pause()
        assert "Took the other version" in " ".join(n.message for n in app.notices)
        assert screen.lines == [] and store.list_conflicts(article_id) == []
        taken = store.get_annotation(claim.id)
        assert (taken.status, taken.note) == ("disputed", "their note")
        await pilot.press("escape")
        await pilot.pause()
        reader = app.reader_screen
        assert app.screen is reader
        assert reader.annotations[0].status == "disputed"  # the screen reloaded
        await pilot.press("u")
        await pilot.pause()
        assert store.get_annotation(claim.id).status == "unverified"


async def test_C_k_keeps_the_current_version(alice: tuple[Store, str]) -> None:
    store, article_id = alice
    (claim,) = store.annotations(article_id)
    first = _carol_version(store, claim.id, tag="quote", recorded_at="2026-01-04T00:00:00Z")
    second = _carol_version(store, claim.id, status="false")
    app = create_app(store, article_id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("C")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ConflictListScreen)
        assert [c.id for c in screen.conflicts] == [first, second]
        await pilot.press("k")
        await pilot.pause()
        assert [c.id for c in store.list_conflicts(article_id)] == [second]
        assert len(screen.query_one(OptionList).options) == 1
        assert store.get_annotation(claim.id) == claim


async def test_a_change_by_another_process_shows_up_without_moving_the_cursor(
    alice: tuple[Store, str], tmp_path: Path
) -> None:
    store, article_id = alice
    app = create_app(store, article_id)
    async with app.run_test(size=SIZE) as pilot:
        reader = app.reader_screen
        await pilot.press("j", "j")
        await pilot.pause()
        cursor, scroll = reader.view.cursor, reader.view.scroll_y
        with Store.open(tmp_path / "ui.db", author="bob") as other:
            other.add_annotation(article_id, S[1].start, S[1].end, "quote")
        for _ in range(50):  # the poll runs every POLL_SECONDS; wait for it, not for a time
            await pilot.pause(0.1)
            if len(reader.annotations) == 2:
                break
        assert [a.author for a in reader.annotations] == ["alice", "bob"]
        assert "bob" in " ".join(
            _row_text(reader.panel, row) for row in range(reader.panel.row_count)
        )
        assert (reader.view.cursor, reader.view.scroll_y) == (cursor, scroll)
        assert "Updated by another process" in " ".join(n.message for n in app.notices)
        assert not reader.check_outside_changes()  # nothing new since


async def test_a_commit_that_changes_nothing_shown_says_nothing(
    alice: tuple[Store, str], tmp_path: Path
) -> None:
    """A team sync's own bookkeeping (the outbox, the cursor) is a commit by another
    connection too: after your own tag it must not say "Updated by another process"."""
    store, article_id = alice
    app = create_app(store, article_id)
    async with app.run_test(size=SIZE) as pilot:
        reader = app.reader_screen
        await pilot.press("j", "c")
        await pilot.pause()
        assert len(reader.annotations) == 2
        with Store.open(tmp_path / "ui.db", author="alice") as worker:
            worker.db.execute("DELETE FROM team_outbox")  # what a push does afterwards
        assert not reader.check_outside_changes()
        assert len(reader.annotations) == 2
        assert "Updated by another process" not in " ".join(n.message for n in app.notices)
