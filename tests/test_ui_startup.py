"""Start-up (issue 12): what the reader screen leaves until its first frame is drawn.

The garbage collector is paused from ``ReaderApp.run`` until then.

The suggestion worker (its own connection, the cache or the rules, in a thread that
holds the GIL as much as the UI) starts only after the frame that first shows the
article's text, and reading the cache needs the rules' version, not the rules (84
regular expressions): they are imported only when suggestions must be computed.
"""

from __future__ import annotations

import gc
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot

from reader.io.importers import load_seed
from reader.store import Store
from reader.suggest import RULES_VERSION, suggest
from reader.ui.app import create_app
from reader.ui.screens.reader_screen import ReaderScreen
from reader.ui.widgets.article_view import ArticleView

SIZE = (100, 30)


@pytest.fixture
def seeded(tmp_path: Path) -> Iterator[tuple[Store, str]]:
    store = Store.open(tmp_path / "ui.db", author="tester")
    stored, _ = store.import_article(load_seed())
    yield store, stored.id
    store.close()


async def test_the_suggestion_worker_starts_after_the_text_is_drawn(
    seeded: tuple[Store, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    store, article_id = seeded
    events: list[str] = []
    render_lines = ArticleView.render_lines
    suggestion_table = Store.suggestion_table

    def drawing(view: ArticleView, crop):  # type: ignore[no-untyped-def]
        strips = render_lines(view, crop)
        if any(strip.text.strip() for strip in strips):
            events.append("text drawn")
        return strips

    def reading(own: Store, *args, **kwargs):  # type: ignore[no-untyped-def]
        events.append("cache read")
        return suggestion_table(own, *args, **kwargs)

    monkeypatch.setattr(ArticleView, "render_lines", drawing)
    monkeypatch.setattr(Store, "suggestion_table", reading)
    app = create_app(store, article_id)
    async with app.run_test(size=SIZE) as pilot:
        # the worker is there from the start (waiting), so this waits for the suggestions
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        screen = pilot.app.reader_screen
        assert screen.suggestions.ready and screen.suggestions.items()
    assert events.index("text drawn") < events.index("cache read")
    assert events.count("cache read") == 1


async def test_when_text_drawn_runs_at_once_once_drawn(seeded: tuple[Store, str]) -> None:
    store, article_id = seeded
    app = create_app(store, article_id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        view = pilot.app.reader_screen.view
        assert view.text_drawn
        called: list[int] = []
        view.when_text_drawn(lambda: called.append(1))
        assert called == [1]


_OPEN_AND_REPORT = """
import asyncio, sys
from reader.store import Store
from reader.ui.app import create_app
from reader.ui.screens.reader_screen import ReaderScreen
from reader.ui.widgets.article_view import ArticleView

rules = "reader.suggest.attribution"
at_first_text = []
render_lines = ArticleView.render_lines

def drawing(view, crop):
    strips = render_lines(view, crop)
    if not at_first_text and any(strip.text.strip() for strip in strips):
        at_first_text.append(rules in sys.modules)
    return strips

ArticleView.render_lines = drawing

async def main():
    store = Store.open(sys.argv[1], author="tester")
    app = create_app(store, sys.argv[2])
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        shown = len(pilot.app.reader_screen.suggestions.items())
    print(at_first_text[0], rules in sys.modules, shown)

asyncio.run(main())
"""


def _open_in_a_new_process(db: Path, article_id: str) -> tuple[str, str, int]:
    done = subprocess.run(
        [sys.executable, "-c", _OPEN_AND_REPORT, str(db), article_id],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    before, after, shown = done.stdout.split()
    return before, after, int(shown)


def test_the_rules_are_imported_only_when_suggestions_are_computed(
    seeded: tuple[Store, str], tmp_path: Path
) -> None:
    store, article_id = seeded
    every = len(suggest(store.get_article(article_id).article))
    # No cache: the rules run, but only after the first text is on screen.
    assert _open_in_a_new_process(tmp_path / "ui.db", article_id) == ("False", "True", every)
    # Cached now: read with the rules' version, the rules are never imported.
    assert len(store.cached_suggestions(article_id, RULES_VERSION) or []) == every
    assert _open_in_a_new_process(tmp_path / "ui.db", article_id) == ("False", "False", every)


def test_a_cache_written_by_other_rules_is_computed_again(
    seeded: tuple[Store, str], tmp_path: Path
) -> None:
    store, article_id = seeded
    found = suggest(store.get_article(article_id).article)
    store.save_suggestions(article_id, RULES_VERSION + 1, found[:1])  # other rules' cache
    opened = _open_in_a_new_process(tmp_path / "ui.db", article_id)
    assert opened == ("False", "True", len(found))


def test_the_garbage_collector_is_paused_until_the_text_is_drawn(
    seeded: tuple[Store, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    store, article_id = seeded
    seen: dict[str, bool] = {}
    on_mount = ReaderScreen.on_mount

    def mounting(screen: ReaderScreen) -> None:
        seen["at mount"] = gc.isenabled()
        on_mount(screen)

    async def pilot(pilot: Pilot[None]) -> None:
        await pilot.pause()
        seen["text drawn"] = pilot.app.reader_screen.view.text_drawn
        seen["after"] = gc.isenabled()
        pilot.app.exit("the result")

    monkeypatch.setattr(ReaderScreen, "on_mount", mounting)
    assert gc.isenabled()
    try:
        result = create_app(store, article_id).run(headless=True, size=SIZE, auto_pilot=pilot)
        assert result == "the result"  # what App.run returns is passed on
        assert seen == {"at mount": False, "text drawn": True, "after": True}
        assert gc.isenabled()
    finally:
        gc.enable()


@pytest.mark.parametrize(
    ("size", "classes", "sidebar"),
    [((100, 30), {"-normal", "-tall"}, True), ((50, 15), {"-narrow", "-short"}, False)],
)
async def test_the_screen_has_its_size_classes_before_it_is_mounted(
    seeded: tuple[Store, str],
    monkeypatch: pytest.MonkeyPatch,
    size: tuple[int, int],
    classes: set[str],
    sidebar: bool,
) -> None:
    # Set only when the first resize arrives, they restyled every widget before the
    # first frame (start-up, issue 12).
    store, article_id = seeded
    at_compose: list[set[str]] = []
    compose = ReaderScreen.compose

    def composing(screen: ReaderScreen):  # type: ignore[no-untyped-def]
        at_compose.append(set(screen.classes))
        return compose(screen)

    monkeypatch.setattr(ReaderScreen, "compose", composing)
    app = create_app(store, article_id)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = pilot.app.reader_screen
        assert at_compose == [classes]
        assert classes <= set(screen.classes)
        assert screen.sidebar.display is sidebar


async def test_the_annotation_list_is_drawn_from_the_frame_after_the_text(
    seeded: tuple[Store, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Its table is the costliest widget to draw: the first frame is for the text.
    store, article_id = seeded
    list_drawn_with_the_text: list[bool] = []
    render_lines = ArticleView.render_lines

    def drawing(view: ArticleView, crop):  # type: ignore[no-untyped-def]
        strips = render_lines(view, crop)
        if not list_drawn_with_the_text and any(strip.text.strip() for strip in strips):
            list_drawn_with_the_text.append(view.screen.panel.visible)
        return strips

    monkeypatch.setattr(ArticleView, "render_lines", drawing)
    app = create_app(store, article_id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = pilot.app.reader_screen
        assert list_drawn_with_the_text == [False]
        assert screen.panel.visible and screen.panel.row_count >= 1


async def test_the_first_resume_leaves_the_styles_of_the_mount(
    seeded: tuple[Store, str],
) -> None:
    # The reader screen skips Textual's restyle of the whole screen on its first resume
    # (its widgets were styled as they were mounted): a restyle now changes nothing.
    store, article_id = seeded
    app = create_app(store, article_id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = pilot.app.reader_screen

        def styles() -> list[tuple[str, str]]:
            return [(repr(node), node.styles.css) for node in screen.walk_children(with_self=True)]

        before = styles()
        screen.update_node_styles(animate=False)
        await pilot.pause()
        assert styles() == before
        assert len(before) > 10


async def test_the_text_is_the_first_widget_focused(
    seeded: tuple[Store, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Not the sidebar first (Textual's default), then the text: two restyles less.
    from textual.screen import Screen

    store, article_id = seeded
    focused: list[str] = []
    set_focus = Screen.set_focus

    def focusing(screen: Screen, widget, *args, **kwargs):  # type: ignore[no-untyped-def]
        if widget is not None and screen.focused is not widget:
            focused.append(type(widget).__name__)
        return set_focus(screen, widget, *args, **kwargs)

    monkeypatch.setattr(Screen, "set_focus", focusing)
    app = create_app(store, article_id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert focused == ["ArticleView"]
        assert isinstance(pilot.app.focused, ArticleView)


async def test_the_reader_is_the_first_screen_and_switches_to_the_library(
    seeded: tuple[Store, str],
) -> None:
    # Not pushed over Textual's empty default screen, which was composed, styled and laid
    # out for nothing before the first frame: the reader is the app's default screen.
    from reader.ui.screens.library_screen import LibraryScreen

    store, article_id = seeded
    app = create_app(store, article_id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        reader = pilot.app.screen
        assert isinstance(reader, ReaderScreen) and pilot.app.screen_stack == [reader]
        await pilot.press("L")
        await pilot.pause()
        assert isinstance(pilot.app.screen, LibraryScreen)
        assert len(pilot.app.screen_stack) == 1
        await pilot.press("L")
        await pilot.pause()
        assert pilot.app.screen_stack == [reader]
        await pilot.press("question_mark")  # a dialog over it, then closed
        await pilot.pause()
        assert len(pilot.app.screen_stack) == 2
        await pilot.press("escape")
        await pilot.pause()
        assert pilot.app.screen_stack == [reader]
