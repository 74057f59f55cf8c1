"""The library (`L`): every article with its site, date, feed, read state and annotation
counts per tag; the feeds with their unread counts; `r` updates the feeds in the
background.

The rows come from the store in three indexed queries (``Store.library_entries``) and
are drawn by a virtual table, so sorting and filtering are list operations. A big
library (over ``FIRST_PAGE`` articles) shows its newest screenful first and reads every
row once that is drawn (``LibraryTable.Drawn``). `/` opens the full-text search
(``SearchScreen``); a hit opens its article at the passage. Feeds are updated in a
worker thread with a second store connection of its own (the UI thread keeps its
own: a connection is used from one thread at a time); the status line follows the
progress, and the rows are read again after each feed that brought new articles.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Footer, Header, Input, OptionList, Static
from textual.widgets.option_list import Option

from reader import web
from reader.io.http import HttpClient
from reader.model.feed import FeedEntry
from reader.model.safe_text import one_line
from reader.store import Feed, LibraryEntry, SearchHit, Store, StoreError
from reader.ui.keys import LIBRARY_COMMANDS, bindings
from reader.ui.library import (
    SORTS,
    filter_entries,
    haystack,
    next_sort,
    sort_entries,
    tag_detail,
)
from reader.ui.screen_messages import MessagesMixin
from reader.ui.screens.help_screen import LIBRARY_EXTRA_KEYS, HelpScreen
from reader.ui.screens.search_screen import SearchScreen
from reader.ui.widgets.library_table import LibraryTable

#: The feeds list's first option: every article.
ALL_FEEDS = "all"


class _Cancelled(Exception):
    """The update was cancelled (the app is closing): the current feed's check is not
    recorded, so its items not yet stored are fetched next time."""


@dataclass
class OpenArticle(Message):
    """The library asks the app to open the article ``article_id`` (and mark it read),
    with the cursor on the sentence at ``offset`` when given (a search hit)."""

    article_id: str
    offset: int | None = None


class LeaveLibrary(Message):
    """The library asks the app to go back to the article being read."""


class FeedList(OptionList):
    """The feeds, "All articles" first; j/k move as in the table."""

    BINDINGS = [
        Binding("j", "cursor_down", show=False),
        Binding("k", "cursor_up", show=False),
    ]


class LibraryScreen(MessagesMixin):
    """Every article and feed; Enter opens an article, `L` or esc goes back."""

    BINDINGS = [
        *bindings(LIBRARY_COMMANDS),
        # In the filter line: ↓ goes to the articles, the filter kept (as Enter).
        Binding("down", "leave_filter", show=False),
    ]

    #: How often the database is asked whether another connection changed it.
    POLL_SECONDS = 2.0
    #: Over this many articles the first screenful (the newest) is read and drawn first.
    FIRST_PAGE = 200

    def __init__(self, store: Store, http_client: Callable[[], HttpClient]) -> None:
        super().__init__()
        self.store = store
        self.http_client = http_client
        self.sort = "date"
        self.feed_id: int | None = None
        self.updating = False
        self.progress = ""
        self._all: list[LibraryEntry] = []  # every article, in the current sort
        self._newest: list[LibraryEntry] = []  # every article, newest first
        self._unread = 0
        self._texts: dict[str, str] = {}  # article id -> what the filter looks in
        self._feeds: list[Feed] = []
        self._data_version: int | None = None
        self._left = False  # the screen has been left since the rows were read
        self.partial = False  # only the first page is shown yet
        self._opened: set[str] = set()  # articles opened since the screen was left

    # ----- typed accessors --------------------------------------------------------------

    @property
    def table(self) -> LibraryTable:
        return self.query_one(LibraryTable)

    @property
    def filter_input(self) -> Input:
        return self.query_one("#library-filter", Input)

    @property
    def feed_list(self) -> OptionList:
        return self.query_one("#library-feeds", OptionList)

    @property
    def status(self) -> Static:
        return self.query_one("#library-status", Static)

    @property
    def detail(self) -> Static:
        return self.query_one("#library-detail", Static)

    @property
    def query_text(self) -> str:
        """The filter's words as typed."""
        return self.filter_input.value

    # ----- layout -----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="library-body"):
            yield FeedList(id="library-feeds")
            with Vertical(id="library-main"):
                yield Input(
                    placeholder="Filter: words of title, site, feed… (Enter keeps, esc clears)",
                    id="library-filter",
                    select_on_focus=False,
                )
                yield LibraryTable(id="library-table")
        yield Static(id="library-detail")
        yield Static(id="library-status")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Library"
        self.feed_list.border_title = "Feeds"
        self.filter_input.display = False
        count = self._store_call(self.store.article_count) or 0
        if count > self.FIRST_PAGE:
            # A big library: the newest articles drawn first, every row read once they
            # are on screen (or after a second, should the table not be drawn).
            self.table.tell_when_drawn()
            self._show_first_page()
            self.set_timer(1.0, self._finish_loading)
        else:
            self.reload()
        self.table.focus()
        self._data_version = self._store_call(self.store.data_version)
        self.set_interval(self.POLL_SECONDS, self.check_outside_changes)
        if self._store_call(self.store.waiting_passages):
            self._index_waiting()

    def _index_waiting(self) -> None:
        """Index, in a thread with its own connection, the search passages of the long
        files opened and closed before their reader's screen indexed them (issue 12), so
        that ``/`` finds them. A daemon: quitting meanwhile rolls its transaction back
        and they wait for the next time."""
        path, author = self.store.path, self.store.author
        if path == ":memory:":  # no second connection: here, now
            self._store_call(self.store.index_waiting_passages)
            return

        def run() -> None:
            with contextlib.suppress(StoreError), Store.open(path, author=author) as store:
                store.index_waiting_passages()

        threading.Thread(target=run, name="reader-index", daemon=True).start()

    def on_screen_suspend(self) -> None:
        self._left = True

    def on_screen_resume(self) -> None:
        """Back from an article: its read mark and annotation counts have changed (the
        first showing reads nothing again: ``on_mount`` has just read the rows)."""
        if self.is_mounted and self._left:
            self._left = False
            if self._opened and len(self._newest) > self.FIRST_PAGE and not self.partial:
                self._read_again(self._opened)  # a big library: only what was opened
            else:
                self.reload()
            self._opened = set()

    # ----- rows -------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the articles and feeds again; the cursor stays on its article."""
        entries = self._store_call(self.store.library_entries)
        feeds = self._store_call(self.store.list_feeds)
        if entries is None or feeds is None:
            return
        with contextlib.suppress(StoreError):  # what was read is seen: no second reload
            self._data_version = self.store.data_version()
        self.partial = False
        self._newest = sort_entries(entries, "date")
        self._all = sort_entries(self._newest, self.sort, newest_first=True)
        self._unread = sum(1 for e in entries if not e.read)
        if len(entries) > self.FIRST_PAGE:
            # Long-lived rows: the cycle collector need not walk 10,000 of them at every
            # pass (its pauses made a sort or a filter key stutter).
            gc.freeze()
        self._texts = {}
        self._feeds = feeds
        if self.feed_id is not None and all(f.id != self.feed_id for f in feeds):
            self.feed_id = None
        self._show_feeds()
        self._apply_filter()

    def _read_again(self, ids: set[str]) -> None:
        """Read the rows of ``ids`` again (articles opened from here: their read marks
        and counts changed), the others kept: a big library is not read whole again."""
        fresh = self._store_call(lambda: self.store.library_entries(ids=sorted(ids)))
        feeds = self._store_call(self.store.list_feeds)
        if fresh is None or feeds is None or len(fresh) != len(ids):
            self.reload()  # one is gone (or the store failed): everything again
            return
        by_id = {e.id: e for e in fresh}
        moved = False  # a refresh may have changed a date
        newest = []
        for entry in self._newest:
            now = by_id.get(entry.id, entry)
            moved = moved or now.date != entry.date
            newest.append(now)
        self._newest = sort_entries(newest, "date") if moved else newest
        self._all = sort_entries(self._newest, self.sort, newest_first=True)
        self._unread = sum(1 for e in self._newest if not e.read)
        for article_id in ids:
            self._texts.pop(article_id, None)
        self._feeds = feeds
        self._show_feeds()
        self._apply_filter()

    def _show_first_page(self) -> None:
        """The newest articles only (in the default sort, the rows the table shows
        first), until :meth:`reload` reads them all."""
        entries = self._store_call(lambda: self.store.library_entries(newest=self.FIRST_PAGE))
        if entries is None:
            return
        self.partial = True
        self._newest = entries
        self._all = sort_entries(entries, self.sort, newest_first=True)
        self._apply_filter()

    @on(LibraryTable.Drawn)
    def _finish_loading(self) -> None:
        """The first rows are on screen: read every row (once)."""
        if self.partial:
            self.reload()

    def _text_of(self, entry: LibraryEntry) -> str:
        text = self._texts.get(entry.id)
        if text is None:
            text = self._texts[entry.id] = haystack(entry)
        return text

    def _apply_filter(self) -> None:
        current = self.table.current
        shown = filter_entries(self._all, self.query_text, self.feed_id, self._text_of)
        self.table.sort = self.sort
        self.table.set_entries(shown, keep=current.id if current else None)
        self._show_status()

    def _show_feeds(self) -> None:
        options = [Option(_feed_prompt("All articles", self._unread), id=ALL_FEEDS)]
        for feed in self._feeds:
            name = ("! " if feed.last_error else "") + feed.name
            options.append(Option(_feed_prompt(name, feed.unread), id=f"feed-{feed.id}"))
        feeds = self.feed_list
        feeds.clear_options()
        feeds.add_options(options)
        chosen = ALL_FEEDS if self.feed_id is None else f"feed-{self.feed_id}"
        feeds.highlighted = feeds.get_option_index(chosen)

    def _show_status(self) -> None:
        if self.partial:
            self.status.update("Reading the library…")
            return
        total = len(self._all)
        unread = self._unread
        parts = [f"{_count(total, 'article')}, {unread} unread", f"sort: {SORTS[self.sort]}"]
        if self.query_text.strip() or self.feed_id is not None:
            parts.insert(1, f"{len(self.table.entries)} shown")
        if self.feed_id is not None:
            feed = next((f for f in self._feeds if f.id == self.feed_id), None)
            if feed is not None:
                parts.insert(2, f"feed: {one_line(feed.name, 30)}")
        if self.progress:
            parts.append(self.progress)
        self.status.update(Text(" · ".join(parts), no_wrap=True, overflow="ellipsis"))
        self.sub_title = f"{unread} unread"

    @on(LibraryTable.Highlighted)
    def _highlighted(self, event: LibraryTable.Highlighted) -> None:
        self.detail.update(_detail_line(event.entry))

    @on(LibraryTable.Chosen)
    def _chosen(self, event: LibraryTable.Chosen) -> None:
        self._opened.add(event.entry.id)
        self.post_message(OpenArticle(event.entry.id))

    # ----- filter -----------------------------------------------------------------------

    def on_key(self, event: events.Key) -> None:
        """A letter that is no key, typed while the table has the focus, starts the filter
        with it (so typing filters; `/` always does)."""
        if self.filter_input.has_focus or not event.is_printable or not event.character:
            return
        if event.character.isspace() or event.key in self.app.active_bindings:
            return
        event.stop()
        event.prevent_default()
        self.action_filter(event.character)

    def action_filter(self, start: str = "") -> None:
        """Show the filter line and type in it (``start`` appended)."""
        field = self.filter_input
        field.display = True
        if start:
            field.value += start
        field.cursor_position = len(field.value)
        field.focus()

    @on(Input.Changed, "#library-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._apply_filter()

    @on(Input.Submitted, "#library-filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._leave_filter()

    def action_leave_filter(self) -> None:
        self._leave_filter()

    def _leave_filter(self) -> None:
        self.filter_input.display = bool(self.query_text)
        self.table.focus()

    def action_clear_or_back(self) -> None:
        """esc: clear the filter (words and feed) when there is one, else go back."""
        if self.query_text or self.feed_id is not None or self.filter_input.has_focus:
            self.feed_id = None
            self.filter_input.value = ""  # posts Changed: the rows follow
            self._leave_filter()
            self._show_feeds()
            self._apply_filter()
            return
        self.action_back()

    @on(OptionList.OptionSelected, "#library-feeds")
    def _feed_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        option_id = event.option.id or ALL_FEEDS
        self.feed_id = None if option_id == ALL_FEEDS else int(option_id.removeprefix("feed-"))
        self._apply_filter()
        self.table.focus()

    # ----- commands ---------------------------------------------------------------------

    def action_open(self) -> None:
        """Open the article under the cursor (a double click does the same)."""
        self.table.action_choose()

    def action_back(self) -> None:
        self.post_message(LeaveLibrary())

    def action_search(self) -> None:
        """`/`: full-text search of every article and note; the hit chosen opens its
        article at the passage."""

        def chosen(hit: SearchHit | None) -> None:
            if hit is not None:
                self._opened.add(hit.article_id)
                self.post_message(OpenArticle(hit.article_id, hit.offset))

        self.app.push_screen(SearchScreen(self.store), chosen)

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(commands=LIBRARY_COMMANDS, extra=LIBRARY_EXTRA_KEYS))

    def action_cycle_sort(self) -> None:
        self.sort = next_sort(self.sort)
        self._all = sort_entries(self._newest, self.sort, newest_first=True)
        self._apply_filter()

    def action_toggle_read(self) -> None:
        entry = self.table.current
        if entry is None:
            return
        marked = self._store_call(
            lambda: self.store.mark_read(entry.id, read=not entry.read) or True
        )
        if marked is None:
            return
        self.reload()
        self.say(f"Marked {'unread' if entry.read else 'read'}: {one_line(entry.title, 60)}")

    # ----- changes made by other connections (another process, the update worker) -------

    def check_outside_changes(self) -> bool:
        """Read the rows again when another connection committed since the last look.
        True when it did."""
        try:
            version = self.store.data_version()
        except StoreError:
            return False
        if version == self._data_version:
            return False
        self._data_version = version
        self.reload()
        return True

    # ----- updating feeds ---------------------------------------------------------------

    def action_update_feeds(self) -> None:
        """`r`: update every feed in a worker thread; the screen keeps answering."""
        if self.updating:
            self.say("The feeds are being updated already")
            return
        if not self._feeds:
            self.say("No feeds yet: reader feed add URL subscribes to one")
            return
        if self.store.path == ":memory:":
            self.say("Feeds cannot be updated in an in-memory database")
            return
        self.updating = True
        self._set_progress(f"updating {_count(len(self._feeds), 'feed')}…")
        self._update_feeds(self.store.path, self.store.author)

    @work(group="feeds")
    async def _update_feeds(self, path: str, author: str) -> None:
        """The worker: the fetching runs in a daemon thread of its own (a thread worker
        would be waited for at exit: quitting during a slow fetch would hang until the
        HTTP timeout), with its own store connection and HTTP client; this worker waits
        for it and tells it to stop when cancelled (the app closing)."""
        loop = asyncio.get_running_loop()
        outcome: asyncio.Future[tuple[list[web.FeedReport], str | None]] = loop.create_future()
        stop = threading.Event()

        def settle(
            result: tuple[list[web.FeedReport], str | None] | None,
            error: BaseException | None = None,
        ) -> None:
            def set_outcome() -> None:
                if outcome.done():
                    return
                if error is not None:
                    outcome.set_exception(error)
                else:
                    outcome.set_result(result or ([], None))

            with contextlib.suppress(RuntimeError):  # the loop has closed: nobody waits
                loop.call_soon_threadsafe(set_outcome)

        def run() -> None:
            try:
                result = self._fetch_feeds(path, author, stop)
            except BaseException as error:  # a bug: the worker raises it (Textual reports)
                settle(None, error)
            else:
                settle(result)

        threading.Thread(target=run, name="reader-feed-update", daemon=True).start()
        try:
            reports, error = await outcome
        except asyncio.CancelledError:
            stop.set()
            raise
        self._updated(reports, error)

    def _fetch_feeds(
        self, path: str, author: str, stop: threading.Event
    ) -> tuple[list[web.FeedReport], str | None]:
        """Update every feed (in the fetching thread); each step is shown through
        ``call_from_thread``. Once ``stop`` is set it stops before the next item, leaving
        that feed's check unrecorded (its items not yet stored come next time)."""

        def tell(callback: Callable[..., object], *args: object) -> None:
            if stop.is_set():
                raise _Cancelled
            try:
                self.app.call_from_thread(callback, *args)
            except RuntimeError as error:  # the app has stopped
                raise _Cancelled from error

        reports: list[web.FeedReport] = []
        try:
            http = self.http_client()
        except Exception as error:  # its settings: say a bad $READER_HTTP_TIMEOUT
            return reports, str(error)
        try:
            with http as client, Store.open(path, author=author) as store:
                feeds = store.list_feeds()
                for number, feed in enumerate(feeds, 1):
                    where = f"feed {number}/{len(feeds)}: {one_line(feed.name, 30)}"
                    tell(self._set_progress, f"updating {where}…")

                    def progress(text: str, where: str = where) -> None:
                        tell(self._set_progress, f"updating {where} {text}")

                    report = web.update_feed(store, feed, client, _tracker(progress))
                    reports.append(report)
                    if report.new:
                        tell(self.reload)  # the new articles appear feed by feed
        except _Cancelled:
            return reports, "cancelled"
        except StoreError as failure:
            return reports, str(failure)
        return reports, None

    def _set_progress(self, text: str) -> None:
        self.progress = text
        self._show_status()

    def _updated(self, reports: list[web.FeedReport], error: str | None) -> None:
        """Back on the UI thread when the update is over: read the rows, say what came."""
        self.updating = False
        self.progress = ""
        self.reload()
        new = sum(r.new for r in reports)
        failed = [r for r in reports if r.error]
        message = f"Feeds updated: {_count(new, 'new item')}"
        if failed:
            names = ", ".join(one_line(r.feed.name, 30) for r in failed)
            message += f"; {_count(len(failed), 'feed')} failed ({names})"
        if error is not None:
            self.app.notify(
                one_line(f"Feed update stopped: {error}", 200), severity="error", markup=False
            )
            return
        self.say(message)


def _tracker(
    report: Callable[[str], None],
) -> Callable[[Sequence[FeedEntry], int, str], Iterable[FeedEntry]]:
    """A ``web.Tracker`` that reports ``item k of n`` before each item."""

    def track(items: Sequence[FeedEntry], total: int, description: str) -> Iterator[FeedEntry]:
        for number, item in enumerate(items, 1):
            report(f"item {number} of {total}")
            yield item

    return track


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _feed_prompt(name: str, unread: int) -> Text:
    """``Name          3``: the feed's name and its unread count."""
    line = Text(one_line(name, 40), no_wrap=True, overflow="ellipsis")
    if unread:
        line.append(f"  {unread}", style="bold")
    return line


def _detail_line(entry: LibraryEntry | None) -> Text:
    """The article under the cursor in full: title, then site, feed, author, date, tags."""
    if entry is None:
        return Text("No articles here: esc clears the filter, r updates the feeds")
    line = Text(one_line(entry.title, 300), style="bold", no_wrap=True, overflow="ellipsis")
    facts = [entry.site, f"feed: {entry.feed}" if entry.feed else None, entry.author]
    facts.append(entry.date[:10])
    facts.append(tag_detail(entry.tag_counts))
    if entry.versions > 1:
        facts.append(f"{entry.versions} versions")
    facts.append("read" if entry.read else "unread")
    line.append(" — " + " · ".join(one_line(f, 60) for f in facts if f))
    return line
