"""A big file not yet imported opens on a preview of its start (issue 12: the first text
without waiting for the whole parse), then on the stored article, the cursor kept."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import pytest

import reader.ui.app
from reader.cli_open import PREVIEW_FROM_CHARS, _pending_open
from reader.io.importers import ArticleImportError, parse_article_text, read_article_text
from reader.model.article import content_hash
from reader.store import Store, StoredArticle, StoreError
from reader.ui.app import PendingOpen, ReaderApp, create_app
from reader.ui.screens.reader_screen import ReaderScreen
from tests.cli_helpers import FakeApp, fake_app_factory, run
from tests.test_ui_big_article import long_text, shown

SIZE = (100, 30)


@pytest.fixture
def big_file(tmp_path: Path) -> Path:
    file = tmp_path / "big.txt"
    file.write_text(long_text(3000), encoding="utf-8")  # ~700 KB
    assert len(file.read_text(encoding="utf-8")) >= PREVIEW_FROM_CHARS
    return file


async def _until(app: ReaderApp, pilot: object, done: object, seconds: float = 20.0) -> None:
    for _ in range(int(seconds / 0.05)):
        if done():  # type: ignore[operator]
            return
        await asyncio.sleep(0.05)
        await pilot.pause()  # type: ignore[attr-defined]
    raise AssertionError("timed out")


async def test_a_big_file_shows_its_preview_then_the_stored_article(
    tmp_path: Path, big_file: Path
) -> None:
    text = read_article_text(big_file)
    with Store.open(tmp_path / "r.db", author="tester") as store:
        given = [text]
        pending = _pending_open(store, str(big_file), given, content_hash(text))
        assert len(pending.preview.text) < len(text) // 10  # its start only
        assert text.startswith(pending.preview.text)
        release = threading.Event()

        def load_when_released() -> StoredArticle:
            release.wait(30)
            return pending.load()

        held = PendingOpen(pending.preview, load_when_released)
        app = create_app(store, None, pending=held)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            preview = app.screen
            assert isinstance(preview, ReaderScreen) and preview.preview
            assert preview.sub_title == ReaderScreen.IMPORTING_NOTICE
            assert "(Copy 1.)" in shown(preview.view)
            # Moving works; tagging waits for the stored article (nothing to tag it in).
            await pilot.press("j", "j", "right_square_bracket", "j", "question_mark", "c")
            moved_to = preview.cursor_offset
            assert moved_to > 0 and store.list_articles() == []
            release.set()
            await _until(app, pilot, lambda: app.pending is None)
            assert given == []  # the import thread took the text (and let it go)
            screen = app.reader_screen
            assert not screen.preview and screen.article_id == app.article_id
            assert screen.cursor_offset == moved_to  # the same sentence
            assert screen.article == parse_article_text(big_file, text)
            # Its second section shows, as on the preview (once the view has scrolled).
            await _until(app, pilot, lambda: "(Copy 41.)" in shown(screen.view))
            assert store.annotations(screen.article_id) == []  # the "c" on the preview
            await pilot.press("c")
            await pilot.pause()
            (claim,) = store.annotations(screen.article_id)
            assert claim.start == moved_to
            # Its search passages, left by the import, are indexed by the screen's worker.
            await _until(app, pilot, lambda: store.waiting_passages() == 0)
            hits = store.search("Copy")
            assert hits and hits[0].article_id == screen.article_id
        (entry,) = store.library_entries()
        assert entry.read


async def test_quitting_during_the_import_stores_nothing_and_exits_at_once(
    tmp_path: Path, big_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = read_article_text(big_file)
    with Store.open(tmp_path / "r.db", author="tester") as store:
        pending = _pending_open(store, str(big_file), [text], content_hash(text))
        started = asyncio.Event()

        def slow_load() -> StoredArticle:
            started.set()
            import time

            time.sleep(30)  # (a daemon thread: the quit does not wait for it)
            raise AssertionError("not reached")

        app = create_app(store, None, pending=PendingOpen(pending.preview, slow_load))
        async with app.run_test(size=SIZE) as pilot:
            await _until(app, pilot, started.is_set)
            await pilot.press("q")
        assert store.list_articles() == []


@pytest.mark.parametrize(
    "error", [ArticleImportError("no article text found"), StoreError("database is locked")]
)
async def test_a_parse_or_store_error_ends_the_app_with_its_one_line_message(
    tmp_path: Path, big_file: Path, error: Exception
) -> None:
    text = read_article_text(big_file)
    with Store.open(tmp_path / "r.db", author="tester") as store:
        pending = _pending_open(store, str(big_file), [text], content_hash(text))

        def failing_load() -> StoredArticle:
            raise error

        app = create_app(
            store,
            None,
            pending=PendingOpen(pending.preview, failing_load, (ArticleImportError,)),
        )
        async with app.run_test(size=SIZE) as pilot:
            await _until(app, pilot, lambda: app.return_code is not None)
        assert app.return_code == 1
        assert store.list_articles() == []


def test_reader_file_on_a_big_file_hands_the_app_a_pending_open(
    tmp_path: Path, big_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[FakeApp] = []
    monkeypatch.setattr(reader.ui.app, "create_app", fake_app_factory(calls))
    db = tmp_path / "r.db"
    assert run("--db", db, big_file).exit_code == 0
    (app,) = calls
    assert app.options["pending"] is not None  # (FakeApp.run stores it as the app would)
    assert app.article_title == "A very long article"
    # Closed before the reader's screen indexed it: the search indexes it first.
    with Store.open(db, author="tester", readonly=True) as store:
        assert store.waiting_passages() == 1
    found = run("--db", db, "search", "Copy", "--json")
    assert found.exit_code == 0 and app.article_id in found.output
    with Store.open(db, author="tester", readonly=True) as store:
        assert store.waiting_passages() == 0
    assert run("--db", db, big_file).exit_code == 0  # found by its hash: no preview
    assert calls[1].options["pending"] is None
    assert calls[1].article_id == app.article_id
