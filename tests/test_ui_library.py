"""The library screen (issue 11, part 3): the start screen when the database holds more
than one article; filter by typing, sort, Enter opens (and marks read), `L` and esc go
back; feeds with their unread counts; `r` updates the feeds in a worker while the screen
keeps answering; counts per tag; snapshots at 80x24 and 40x12."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from cli_helpers import FakeApp, fake_app_factory, run
from store_helpers import small_article
from web_server import WebServer, serve

import reader.ui.app
from reader.io.http import HttpClient, HttpSettings
from reader.io.importers import load_seed
from reader.model.article import Article
from reader.model.feed import FeedEntry
from reader.store import Store
from reader.ui.app import ReaderApp, create_app
from reader.ui.keys import LIBRARY_COMMANDS
from reader.ui.library import layout_columns, sort_entries
from reader.ui.screens.help_screen import HelpScreen, help_table
from reader.ui.screens.library_screen import LibraryScreen
from reader.ui.screens.reader_screen import ReaderScreen

SIZE = (100, 30)
TITLES = {
    "harbour": "Harbour plan approved after long debate",
    "drought": "Drought forces water limits",
    "cave": "Scientists map the deepest cave",
}


@pytest.fixture(scope="module")
def server() -> Iterator[WebServer]:
    with serve() as running:
        yield running


def web_article(key: str, site: str, published: str) -> Article:
    article = small_article(key.capitalize(), title=TITLES[key])
    url = f"https://{site.lower().replace(' ', '')}.example/{key}"
    metadata = {"url": url, "canonical_url": url, "site": site, "published": published}
    return replace(article, metadata=metadata)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "library.db"


@pytest.fixture
def library(db_path: Path) -> Iterator[Store]:
    """Three web articles (one from a feed, annotated: 2 claims and a quote) and no
    article read; every date is a publication date, so the rows do not move with time."""
    with Store.open(db_path, author="tester") as store:
        store.import_article(web_article("harbour", "Coastal Courier", "2026-03-14"))
        store.import_article(web_article("cave", "Science Today", "2026-08-11"))
        feed, _ = store.add_feed("https://news.example/rss")
        store.record_feed_check(feed.id, title="News Wire")
        entry = FeedEntry("d1", "https://newsdaily.example/drought", "Drought", None, None, "")
        item = store.add_feed_item(
            feed.id, entry, web_article("drought", "News Daily", "2026-05-01"), "page"
        )
        assert item.article_id is not None
        for tag, start in (("claim", 0), ("claim", 8), ("quote", 3)):
            store.add_annotation(item.article_id, start, start + 4, tag)
        yield store


def http_client() -> HttpClient:
    return HttpClient(HttpSettings(timeout=5.0))


def start(store: Store) -> ReaderApp:
    return create_app(store, None, http_client=http_client)


def titles(app: ReaderApp) -> list[str]:
    screen = app.screen
    assert isinstance(screen, LibraryScreen)
    return [e.title for e in screen.table.entries]


def row_text(app: ReaderApp, title: str) -> str:
    """The rendered line of the row with ``title`` (it must be on screen)."""
    screen = app.screen
    assert isinstance(screen, LibraryScreen)
    index = titles(app).index(title)
    return screen.table.render_line(index + 1 - int(screen.table.scroll_y)).text


# ----- the start screen ------------------------------------------------------------------


def test_no_file_opens_the_library_when_there_are_two_articles(
    library: Store, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    apps: list[FakeApp] = []
    monkeypatch.setattr(reader.ui.app, "create_app", fake_app_factory(apps))
    result = run("--db", db_path)
    assert result.exit_code == 0, result.stderr
    assert apps[0].ran and apps[0].article_id is None
    assert callable(apps[0].options["http_client"])
    assert library.article_count() == 3  # the seed was not added


def test_a_fresh_database_opens_the_seed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    apps: list[FakeApp] = []
    monkeypatch.setattr(reader.ui.app, "create_app", fake_app_factory(apps))
    result = run("--db", tmp_path / "fresh.db")
    assert result.exit_code == 0, result.stderr
    assert apps[0].article_title is not None
    assert apps[0].article_title.startswith("Israel mounted its bombardment")
    again = run("--db", tmp_path / "fresh.db")  # one article still: the seed again
    assert again.exit_code == 0 and apps[1].article_id == apps[0].article_id


async def test_app_without_an_article_starts_in_the_library(library: Store) -> None:
    app = start(library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        assert titles(app) == [TITLES["cave"], TITLES["drought"], TITLES["harbour"]]
        assert app.screen.table.has_focus
        assert "3 articles, 3 unread" in str(app.screen.status.render())


@pytest.mark.parametrize("first", ["library", "reader"])
async def test_the_library_is_styled_whichever_screen_comes_first(
    library: Store, first: str
) -> None:
    """styles/library.tcss is read when the library is first shown (start-up, issue 12):
    its rules apply both when the app starts there and when `L` opens it later."""
    article_id = None if first == "library" else library.library_entries()[0].id
    app = create_app(library, article_id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        if first == "reader":
            assert isinstance(app.screen, ReaderScreen)
            await pilot.press("L")
            await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        feeds = app.screen.query_one("#library-feeds")
        assert feeds.styles.width is not None and feeds.styles.width.value == 22
        assert feeds.outer_size.width == 22


async def test_a_big_library_draws_the_newest_first_then_every_row(
    library: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(LibraryScreen, "FIRST_PAGE", 2)  # "big": more than two articles
    seen: list[list[str]] = []
    original = LibraryScreen._show_first_page

    def first_page(screen: LibraryScreen) -> None:
        original(screen)
        seen.append([e.title for e in screen.table.entries])

    monkeypatch.setattr(LibraryScreen, "_show_first_page", first_page)
    app = start(library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert seen == [[TITLES["cave"], TITLES["drought"]]]  # the newest two
        assert titles(app) == [TITLES["cave"], TITLES["drought"], TITLES["harbour"]]
        assert "3 articles, 3 unread" in str(app.screen.status.render())


async def test_back_from_an_article_a_big_library_reads_only_that_one_again(
    library: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(LibraryScreen, "FIRST_PAGE", 2)  # "big": more than two articles
    app = start(library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        reads: list[object] = []
        entries = library.library_entries
        monkeypatch.setattr(
            library, "library_entries", lambda **kw: reads.append(kw) or entries(**kw)
        )
        await pilot.press("enter")  # the newest: the cave
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        app.screen.view.move_cursor(0)
        await pilot.press("c")  # a claim
        await pilot.pause()
        await pilot.press("L")
        await pilot.pause()
        assert app.screen is screen
        [read] = reads
        assert list(read) == ["ids"] and len(read["ids"]) == 1
        cave = next(e for e in screen.table.entries if e.title == TITLES["cave"])
        assert cave.read and cave.tag_counts == (("claim", 1),)
        assert "3 articles, 2 unread" in str(screen.status.render())


# ----- rows: counts per tag, read marks, terminal safety -----------------------------------


async def test_counts_per_tag_and_the_feed_are_shown(library: Store) -> None:
    app = start(library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        line = row_text(app, TITLES["drought"])
        assert line.startswith("● Drought forces water limits")
        assert "2026-05-01" in line and "News Daily" in line and "C2 Q1" in line
        await pilot.press("j")
        detail = str(app.screen.detail.render())
        assert "claim 2 · quote 1" in detail and "feed: News Wire" in detail
    async with start(library).run_test(size=(140, 30)) as pilot:
        await pilot.pause()
        assert row_text(pilot.app, TITLES["drought"]).rstrip().endswith("C2 Q1   News Wire")


async def test_titles_from_the_web_are_shown_literally(db_path: Path) -> None:
    with Store.open(db_path, author="tester") as store:
        evil = small_article("Evil", title="Red \x1b[31malert\x1b]0;owned\x07 [b]bold[/b]")
        store.import_article(replace(evil, metadata={"site": "Bad\x1b[2J Site"}))
        store.import_article(load_seed())
        app = start(store)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            line = row_text(app, evil.title)
            assert "\x1b" not in line and "\x07" not in line
            assert "[b]bold[/b]" in line  # markup is text, not style
            assert "␛[31malert" in line


def test_columns_fit_the_width() -> None:
    for width in (39, 57, 79, 120):
        columns = layout_columns(width)
        assert sum(c.width for c in columns) + len(columns) - 1 == width
        assert [c.key for c in columns[:2]] == ["mark", "title"]
    assert [c.key for c in layout_columns(39)] == ["mark", "title", "date", "notes"]
    assert [c.key for c in layout_columns(57)] == ["mark", "title", "date", "site", "notes"]
    assert [c.key for c in layout_columns(120)][-1] == "feed"


# ----- filter and sort ------------------------------------------------------------------


async def test_typing_filters_and_escape_clears(library: Store) -> None:
    app = start(library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        await pilot.press("h", "a", "r")  # h is no key: it starts the filter
        assert screen.query_text == "har"
        assert titles(app) == [TITLES["harbour"]]
        await pilot.press("enter")  # keeps the filter, back to the table
        assert screen.table.has_focus and titles(app) == [TITLES["harbour"]]
        await pilot.press("f", "b", "o", "u", "down")  # f opens it again; ↓ leaves it too
        assert screen.table.has_focus and screen.query_text == "harbou"
        await pilot.press("escape")
        assert screen.query_text == "" and len(titles(app)) == 3
        await pilot.press("f", "n", "e", "w", "s", "space", "w", "i", "r", "e")
        assert titles(app) == [TITLES["drought"]]  # by its feed's name; s and w are text here
        await pilot.press("escape")
        assert len(titles(app)) == 3 and isinstance(app.screen, LibraryScreen)


async def test_filter_that_matches_nothing_says_so(library: Store) -> None:
    app = start(library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f", "z", "z", "z")
        assert titles(app) == []
        assert "No articles here" in str(app.screen.detail.render())


async def test_s_cycles_the_sort(library: Store) -> None:
    app = start(library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        seen = {}
        for _ in range(5):
            await pilot.press("s")
            seen[screen.sort] = titles(app)
        assert list(seen) == ["title", "site", "annotations", "unread", "date"]
        assert seen["title"] == [TITLES["drought"], TITLES["harbour"], TITLES["cave"]]
        assert seen["site"] == [TITLES["harbour"], TITLES["drought"], TITLES["cave"]]
        assert seen["annotations"][0] == TITLES["drought"]
        assert seen["date"] == [TITLES["cave"], TITLES["drought"], TITLES["harbour"]]
        assert "sort: newest first" in str(screen.status.render())


def test_unread_first_keeps_newest_first_among_each(library: Store) -> None:
    cave = next(e for e in library.library_entries() if e.title == TITLES["cave"])
    library.mark_read(cave.id)
    ordered = [e.title for e in sort_entries(library.library_entries(), "unread")]
    assert ordered == [TITLES["drought"], TITLES["harbour"], TITLES["cave"]]


# ----- opening, going back ----------------------------------------------------------------


async def test_enter_opens_the_article_and_marks_it_read(library: Store) -> None:
    app = start(library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("j", "enter")
        await pilot.pause()
        reader_screen = app.screen
        assert isinstance(reader_screen, ReaderScreen)
        opened = library.get_article(reader_screen.article_id)
        assert opened.title == TITLES["drought"]
        read = {e.title: e.read for e in library.library_entries()}
        assert read == {TITLES["drought"]: True, TITLES["cave"]: False, TITLES["harbour"]: False}
        await pilot.press("L")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        assert row_text(app, TITLES["drought"]).startswith("  Drought")  # no unread mark
        assert row_text(app, TITLES["cave"]).startswith("● ")
        assert "2 unread" in str(app.screen.status.render())
        assert app.screen.table.current is not None
        assert app.screen.table.current.title == TITLES["drought"]  # the cursor stayed


async def test_l_goes_back_and_forth_without_stacking_screens(library: Store) -> None:
    first = library.library_entries()[0]
    app = create_app(library, first.id, http_client=http_client)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        reader_screen = app.screen
        assert isinstance(reader_screen, ReaderScreen)
        await pilot.press("j")
        cursor = reader_screen.view.cursor
        depth = len(app.screen_stack)
        for _ in range(3):
            await pilot.press("L")
            await pilot.pause()
            assert isinstance(app.screen, LibraryScreen)
            await pilot.press("L")
            await pilot.pause()
            assert app.screen is reader_screen  # the same article, where it was left
            assert len(app.screen_stack) == depth
        assert reader_screen.view.cursor == cursor
        await pilot.press("L")
        await pilot.pause()
        await pilot.press("escape")  # esc goes back too
        await pilot.pause()
        assert app.screen is reader_screen


async def test_opening_another_article_replaces_the_reader(library: Store) -> None:
    app = start(library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        opened = []
        for keys in (("enter",), ("j", "enter"), ("j", "enter")):
            await pilot.press(*keys)
            await pilot.pause()
            assert isinstance(app.screen, ReaderScreen)
            opened.append(app.screen.article_id)
            assert len(app.screen_stack) == 2
            await pilot.press("L")
            await pilot.pause()
        assert len(set(opened)) == 3
        assert all(e.read for e in library.library_entries())


async def test_escape_in_the_start_library_with_nothing_open_stays(library: Store) -> None:
    app = start(library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)


async def test_m_marks_read_and_unread(library: Store) -> None:
    app = start(library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("m")
        assert [e.read for e in library.library_entries() if e.title == TITLES["cave"]] == [True]
        assert row_text(app, TITLES["cave"]).startswith("  ")
        await pilot.press("m")
        assert row_text(app, TITLES["cave"]).startswith("● ")


async def test_changes_by_another_process_reach_the_library_and_wait_for_the_reader(
    library: Store, db_path: Path
) -> None:
    app = start(library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        reader_screen = app.screen
        assert isinstance(reader_screen, ReaderScreen)
        await pilot.press("L")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        with Store.open(db_path, author="someone else") as other:
            other.add_annotation(reader_screen.article_id, 0, 4, "claim")
        screen.check_outside_changes()  # (unless its own poll came first)
        assert "C1" in row_text(app, TITLES["cave"])
        # The reader kept aside does not reload (nor say so) while the library shows.
        assert not reader_screen.check_outside_changes()
        assert reader_screen.annotations == []
        await pilot.press("L")
        await pilot.pause()
        reader_screen.check_outside_changes()  # (unless its own poll came first)
        assert [a.tag for a in reader_screen.annotations] == ["claim"]


async def test_help_and_palette_list_the_library_keys(library: Store) -> None:
    app = start(library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        palette = [c.title for c in app.get_system_commands(app.screen)]
        for command in LIBRARY_COMMANDS:
            assert any(title.startswith(command.title) for title in palette)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        helps = [str(cell) for cell in help_table((), LIBRARY_COMMANDS).columns[1]._cells]
        assert all(c.help in helps for c in LIBRARY_COMMANDS)
        await pilot.press("escape")
        assert isinstance(app.screen, LibraryScreen) and app.screen.query_text == ""


# ----- feeds ---------------------------------------------------------------------------


async def test_feeds_with_unread_counts_and_choosing_one_filters(library: Store) -> None:
    app = start(library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        prompts = [
            str(screen.feed_list.get_option_at_index(i).prompt)
            for i in range(screen.feed_list.option_count)
        ]
        assert prompts == ["All articles  3", "News Wire  1"]
        screen.feed_list.focus()
        await pilot.press("j", "k", "j")  # j/k move in the feeds list too
        assert screen.query_text == ""
        await pilot.press("enter")
        assert titles(app) == [TITLES["drought"]] and screen.table.has_focus
        assert "feed: News Wire" in str(screen.status.render())
        await pilot.press("escape")
        assert len(titles(app)) == 3


async def test_r_updates_the_feeds_while_the_screen_keeps_answering(
    db_path: Path, server: WebServer
) -> None:
    with Store.open(db_path, author="tester") as store:
        store.import_article(load_seed())
        store.import_article(small_article("Other", title="Another article"))
        store.add_feed(server.url("gated/rss20.xml"))
        app = start(store)
        server.gate.clear()
        try:
            async with app.run_test(size=SIZE) as pilot:
                await pilot.pause()
                screen = app.screen
                assert isinstance(screen, LibraryScreen)
                await pilot.press("r")
                for _ in range(500):  # until the worker's request reaches the server
                    if server.requests["/gated/rss20.xml"]:
                        break
                    await pilot.pause(0.01)
                assert server.requests["/gated/rss20.xml"] == 1
                # The update waits for the server: the screen still answers keys.
                assert screen.updating and "updating" in str(screen.status.render())
                await pilot.press("s", "j")
                assert screen.sort == "title" and screen.table.cursor == 1
                await pilot.press("r")  # a second r while updating starts nothing
                server.gate.set()
                await app.workers.wait_for_complete()
                await pilot.pause()
                assert not screen.updating
                assert server.requests["/gated/rss20.xml"] == 1
                shown = titles(app)
                assert len(shown) == 5
                assert "Harbour plan approved after long debate" in shown
                assert "updating" not in str(screen.status.render())
                messages = [str(n.message) for n in app.notices]
                assert any("Feeds updated: 3 new items" in m for m in messages)
                assert "The Coastal Courier: News  3" in [
                    str(screen.feed_list.get_option_at_index(i).prompt)
                    for i in range(screen.feed_list.option_count)
                ]
        finally:
            server.gate.set()


async def test_quitting_during_an_update_does_not_wait_for_the_server(
    db_path: Path, server: WebServer
) -> None:
    """The fetching thread is a daemon (the process exits without it) and, told to stop,
    records nothing for the feed it was on: its items come at the next update."""
    with Store.open(db_path, author="tester") as store:
        store.import_article(load_seed())
        store.import_article(small_article("Other", title="Another article"))
        store.add_feed(server.url("gated/atom.xml"))
        app = start(store)
        server.gate.clear()
        try:
            async with app.run_test(size=SIZE) as pilot:
                await pilot.pause()
                await pilot.press("r")
                for _ in range(500):
                    if server.requests["/gated/atom.xml"]:
                        break
                    await pilot.pause(0.01)
                [thread] = [t for t in threading.enumerate() if t.name == "reader-feed-update"]
                assert thread.daemon
                await pilot.press("q")
        finally:
            server.gate.set()
        thread.join(timeout=30)
        assert not thread.is_alive()
        [feed] = store.list_feeds()
        assert (feed.last_checked, feed.items) == (None, 0)
        assert store.article_count() == 2


async def test_a_failing_feed_is_reported_and_marked(db_path: Path, server: WebServer) -> None:
    with Store.open(db_path, author="tester") as store:
        store.import_article(load_seed())
        store.import_article(small_article("Other", title="Another article"))
        store.add_feed(server.url("missing"))
        app = start(store)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press("r")
            await app.workers.wait_for_complete()
            await pilot.pause()
            messages = [str(n.message) for n in app.notices]
            assert any("1 feed failed" in m for m in messages)
            screen = app.screen
            assert isinstance(screen, LibraryScreen)
            prompt = str(screen.feed_list.get_option_at_index(1).prompt)
            assert prompt.startswith("! ")


async def test_bad_http_settings_are_an_error_line_not_a_crash(
    library: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("READER_HTTP_TIMEOUT", "soon")
    app = create_app(library, None, http_client=reader.cli._http_client)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        errors = [str(n.message) for n in app.notices if n.severity == "error"]
        assert any("READER_HTTP_TIMEOUT must be a positive number" in m for m in errors)
        assert isinstance(app.screen, LibraryScreen) and not app.screen.updating


async def test_r_without_feeds_says_how_to_add_one(library: Store) -> None:
    library.remove_feed("News Wire")
    app = start(library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        messages = [str(n.message) for n in app.notices]
        assert any("reader feed add URL" in m for m in messages)


# ----- snapshots ------------------------------------------------------------------------


@pytest.mark.parametrize("size", [(80, 24), (40, 12)])
def test_library_snapshot(snap_compare, library: Store, size: tuple[int, int]) -> None:
    async def settle(pilot) -> None:
        await pilot.pause()
        pilot.app.clear_notifications()

    assert snap_compare(start(library), terminal_size=size, run_before=settle)
