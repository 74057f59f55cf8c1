"""The app with a team configured: teammates' changes appear and yours leave without a
key, ``offline · N to sync`` when the server cannot be reached, and another person's
annotation is not editable (the app says so)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

import pytest
from pg_fixtures import PgServer
from team_helpers import make_team, password, server_rows

from reader.io.importers import load_seed
from reader.store import Store, StoreError, remember_team, sync_team
from reader.ui.app import ReaderApp, create_app
from reader.ui.screens.edit_annotation import EditAnnotationScreen
from reader.ui.screens.reader_screen import ReaderScreen

SIZE = (100, 30)
#: The first sentence of the seed (the cursor's at start).
UNREACHABLE = "postgresql://nobody@/team?host=/nonexistent-reader-socket&port=1"


async def wait_for(pilot, condition: Callable[[], bool], seconds: float = 15.0) -> bool:
    """Let the app run until ``condition`` holds (or give up after ``seconds``)."""
    for _ in range(int(seconds / 0.1)):
        if condition():
            return True
        await pilot.pause(0.1)
    return condition()


def _messages(app: ReaderApp) -> str:
    return " ".join(str(n.message) for n in app.notices)


def _seeded(path: Path, author: str) -> tuple[Store, str]:
    store = Store.open(path, author=author)
    stored, _ = store.import_article(load_seed())
    return store, stored.id


@pytest.fixture
def others_annotation(tmp_path: Path) -> tuple[Path, str]:
    """A database with the seed, an annotation by alice on the first sentence, and a
    (unreachable) team server configured."""
    path = tmp_path / "t.db"
    store, article_id = _seeded(path, "alice")
    first = load_seed().sentences[0]
    note = store.add_annotation(article_id, first.start, first.end, "claim")
    remember_team(store, UNREACHABLE)
    store.close()
    return path, note.id


def test_the_store_refuses_to_change_anothers_annotation_on_a_team(
    others_annotation: tuple[Path, str],
) -> None:
    path, note_id = others_annotation
    with Store.open(path, author="bob") as store:
        for change in (
            lambda: store.update_annotation(note_id, note="mine"),
            lambda: store.cycle_status(note_id),
            lambda: store.delete_annotation(note_id),
        ):
            with pytest.raises(StoreError, match="alice's"):
                change()
    with Store.open(path, author="alice") as store:  # her own: fine
        assert store.update_annotation(note_id, note="checked").note == "checked"


def test_without_a_team_anyone_may_change_it(tmp_path: Path) -> None:
    store, article_id = _seeded(tmp_path / "solo.db", "alice")
    note = store.add_annotation(article_id, 0, 10, "claim")
    store.close()
    with Store.open(tmp_path / "solo.db", author="bob") as store:
        assert store.update_annotation(note.id, note="fine").note == "fine"


async def test_the_app_says_so_instead_of_opening_the_form(
    others_annotation: tuple[Path, str],
) -> None:
    path, _ = others_annotation
    store = Store.open(path, author="bob")
    app = create_app(store, store.list_articles()[0].id)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press("E")
            await pilot.pause()
            assert isinstance(app.screen, ReaderScreen)
            assert not isinstance(app.screen, EditAnnotationScreen)
            assert "alice's" in _messages(app)
    finally:
        store.close()


async def test_a_teammates_rows_keep_the_author_column_on_a_narrow_panel(
    others_annotation: tuple[Path, str],
) -> None:
    """At 100 columns the panel has no room for every column: with someone else's
    annotation in the section, who wrote it outranks the note and the speaker; alone
    with one's own annotations, the author column is the first to go, as before."""
    path, note_id = others_annotation
    for me, author_shown in (("bob", True), ("alice", False)):
        store = Store.open(path, author=me)
        app = create_app(store, store.list_articles()[0].id)
        try:
            async with app.run_test(size=SIZE) as pilot:
                await pilot.pause()
                await pilot.pause()
                panel = app.reader_screen.panel
                assert ("Author" in panel._widths) is author_shown, me
                assert ("Note" in panel._widths) is not author_shown, me
                if author_shown:
                    row = panel.get_row(note_id)
                    assert row[list(panel._widths).index("Author")].plain == "alice"
        finally:
            store.close()


async def test_offline_shows_how_many_wait(others_annotation: tuple[Path, str]) -> None:
    path, _ = others_annotation
    store = Store.open(path, author="bob")
    first = load_seed().sentences[1]
    store.add_annotation(store.list_articles()[0].id, first.start, first.end, "quote")
    app = create_app(store, store.list_articles()[0].id)
    try:
        async with app.run_test(size=SIZE) as pilot:
            assert await wait_for(
                pilot, lambda: app.reader_screen.title.endswith("offline · 1 to sync")
            )
            await pilot.press("down", "down", "quotation_mark")  # another one, still offline
            assert await wait_for(pilot, lambda: "offline · 2 to sync" in app.reader_screen.title)
            for width in (100, 70):  # the title gives way, the status is shown whole
                await pilot.resize_terminal(width, 24)
                await pilot.pause()
                await pilot.pause()
                header = app.reader_screen.query_one("HeaderTitle")
                shown = header.render_line(0).text
                assert "Israel" in shown, (shown, app.size)
                assert "offline · 2 to sync" in shown, (shown, app.size)
    finally:
        store.close()


@pytest.mark.pg
async def test_teammates_changes_arrive_and_ours_leave_without_a_key(
    pg_server: PgServer, team_db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    team = make_team(pg_server, team_db, "alice", "bob")
    alice, bob = team.members
    a_store, a_article = _seeded(tmp_path / "a.db", alice)
    b_store, b_article = _seeded(tmp_path / "b.db", bob)
    sync_team(b_store, team.url(bob))  # remembers the server (without the password)
    monkeypatch.setenv("PGPASSWORD", password(bob))  # libpq's way, for the app's worker
    app = create_app(b_store, b_article)
    try:
        async with app.run_test(size=SIZE) as pilot:
            assert await wait_for(pilot, lambda: app.team_state is not None)
            assert app.team_state.online
            # Alice, in another terminal, tags a sentence and syncs.
            second = load_seed().sentences[1]
            note = a_store.add_annotation(a_article, second.start, second.end, "claim")
            await asyncio.to_thread(sync_team, a_store, team.url(alice))
            screen = app.reader_screen
            assert await wait_for(pilot, lambda: note.id in {a.id for a in screen.annotations})
            [arrived] = [a for a in screen.annotations if a.id == note.id]
            assert arrived.author == alice
            # Bob tags the first sentence: it reaches the server without any key.
            await pilot.press("quotation_mark")
            assert await wait_for(
                pilot, lambda: any(row[10] == bob for row in server_rows(team)), 15.0
            )
            assert await wait_for(pilot, lambda: app.reader_screen.title.endswith("synced"))
    finally:
        a_store.close()
        b_store.close()
