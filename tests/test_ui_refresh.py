"""`R` and `D` in the app (issue 11, part 4): refresh the open article in a worker,
reload it, say it was updated since you annotated it, and show what changed."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from web_server import DATA, WebServer, serve

from reader import web
from reader.io.http import HttpClient
from reader.store import Store
from reader.ui.app import create_app
from reader.ui.screens.changes_screen import ChangesScreen
from reader.ui.screens.reader_screen import ReaderScreen

SIZE = (120, 40)
TAGGED = "Councillors voted nine to four in favour after a debate that ran past midnight."
ADDED = "Update: the regional board has already scheduled its hearing."


@pytest.fixture(scope="module")
def server() -> Iterator[WebServer]:
    with serve() as running:
        yield running


@pytest.fixture
def opened(server: WebServer, tmp_path: Path) -> Iterator[tuple[Store, str, str]]:
    store = Store.open(tmp_path / "ui.db", author="tester")
    article = web.load_source(server.url("wordpress.html"), HttpClient)
    stored, _ = store.import_article(article)
    start = stored.article.text.index(TAGGED)
    annotation = store.add_annotation(stored.id, start, start + len(TAGGED), "claim")
    yield store, stored.id, annotation.id
    store.close()
    server.overrides.clear()


async def _settle(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


def _serve_with_a_paragraph_added(server: WebServer) -> None:
    """The page as served from now on: the article with the ADDED paragraph."""
    server.overrides["/wordpress.html"] = (
        (DATA / "wordpress.html")
        .read_bytes()
        .replace(b"{{BASE}}", server.base.encode())
        .replace(
            b"<h2>What happens next</h2>", f"<p>{ADDED}</p><h2>What happens next</h2>".encode()
        )
    )


async def _suggestions_ready(pilot, screen: ReaderScreen) -> None:  # type: ignore[no-untyped-def]
    """Wait (up to 30 s) until the screen's suggestions were read or computed and saved:
    the poll looks away while the worker saves them (their commit)."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    deadline = time.monotonic() + 30
    while not screen.suggestions.ready and time.monotonic() < deadline:
        await pilot.pause(0.05)


def _refreshed_by_another_process(server: WebServer, path: Path, article_id: str) -> None:
    """Another process fetches the page again and stores its new version."""
    with Store.open(path, author="other") as other:
        changed = web.load_source(server.url("wordpress.html"), HttpClient)
        other.refresh_article(article_id, changed)


def _reopened_with_the_tag_kept(
    store: Store,
    app,
    before: ReaderScreen,
    annotation_id: str,  # type: ignore[no-untyped-def]
) -> None:
    screen = app.reader_screen
    assert screen is not before and ADDED in screen.article.text
    annotation = store.get_annotation(annotation_id)
    assert screen.article.text[annotation.start : annotation.end] == TAGGED


async def test_r_refreshes_the_open_article_and_d_shows_what_changed(
    server: WebServer, opened: tuple[Store, str, str]
) -> None:
    store, article_id, annotation_id = opened
    _serve_with_a_paragraph_added(server)
    app = create_app(store, article_id)
    async with app.run_test(size=SIZE) as pilot:
        before = app.reader_screen
        assert before.sub_title == ""
        await pilot.press("R")
        await _settle(pilot)
        screen = app.reader_screen
        assert isinstance(screen, ReaderScreen) and screen is not before
        assert ADDED in screen.article.text
        assert screen.sub_title == ReaderScreen.UPDATED_NOTICE
        annotation = store.get_annotation(annotation_id)
        assert screen.article.text[annotation.start : annotation.end] == TAGGED
        assert [a.id for a in screen.annotations] == [annotation_id]

        await pilot.press("D")
        await pilot.pause()
        changes = app.screen
        assert isinstance(changes, ChangesScreen)
        assert (changes.old_version, changes.new_version) == (1, 2)
        assert [(c.old, c.new) for c in changes.changes] == [((), (ADDED,))]
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen

        await pilot.press("R")  # the same text again: nothing changes
        await _settle(pilot)
        assert app.reader_screen is screen
        assert len(store.list_versions(article_id)) == 2


async def test_r_on_a_page_that_is_gone_says_so_and_changes_nothing(
    server: WebServer, opened: tuple[Store, str, str]
) -> None:
    store, article_id, _annotation_id = opened
    server.overrides["/wordpress.html"] = b""  # an empty page: no article text
    app = create_app(store, article_id)
    notices: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        screen = app.reader_screen
        screen.say = notices.append  # type: ignore[method-assign]
        await pilot.press("R")
        await _settle(pilot)
        assert app.reader_screen is screen
        assert notices[-1].startswith("Cannot refresh: ")
        assert len(store.list_versions(article_id)) == 1


async def test_a_refresh_by_another_process_reopens_the_article(
    server: WebServer, opened: tuple[Store, str, str], tmp_path: Path
) -> None:
    store, article_id, annotation_id = opened
    _serve_with_a_paragraph_added(server)
    app = create_app(store, article_id)
    async with app.run_test(size=SIZE) as pilot:
        before = app.reader_screen
        await _suggestions_ready(pilot, before)
        _refreshed_by_another_process(server, tmp_path / "ui.db", article_id)
        assert before.check_outside_changes()
        await pilot.pause()
        await pilot.pause()
        _reopened_with_the_tag_kept(store, app, before, annotation_id)


async def test_a_refresh_made_while_the_suggestions_are_saved_is_not_missed(
    server: WebServer, opened: tuple[Store, str, str], tmp_path: Path
) -> None:
    store, article_id, annotation_id = opened
    _serve_with_a_paragraph_added(server)
    app = create_app(store, article_id)
    async with app.run_test(size=SIZE) as pilot:
        before = app.reader_screen
        await _suggestions_ready(pilot, before)
        before.suggestions.saving = True  # the worker writes the cache: the poll looks away
        _refreshed_by_another_process(server, tmp_path / "ui.db", article_id)
        assert not before.check_outside_changes()
        before.suggestions.saving = False
        before._suggestions_ready()  # what the worker's end calls on the UI thread
        await pilot.pause()
        await pilot.pause()
        _reopened_with_the_tag_kept(store, app, before, annotation_id)
