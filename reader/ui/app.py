"""The Textual application and its one factory, used by the CLI and the tests."""

from __future__ import annotations

import contextlib
import gc
import importlib
import sys
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import CancelledError
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any, TypeVar

from textual.app import App, SystemCommand
from textual.events import Resize
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.theme import Theme

from reader.model.article import Article
from reader.model.safe_text import one_line
from reader.store import Store, StoredArticle, StoreError
from reader.ui.keys import COMMANDS, LIBRARY_COMMANDS, title_text
from reader.ui.messages import TextDrawn
from reader.ui.screens.reader_screen import ReaderScreen
from reader.ui.settings import Settings, load_settings, save_settings, settings_path
from reader.ui.team_sync import SyncState, TeamSync, team_configured
from reader.ui.widgets.notice_line import (
    NoticeLine,
    NoticePosted,
    make_notice,
    recent_notices,
)

# The library screen (and with it the web code) is imported when first shown: `reader`
# on one article never needs it (start-up, issue 12). Its messages reach the app by
# name (on_open_article, on_leave_library).
if TYPE_CHECKING:
    from reader.io.http import HttpClient
    from reader.ui.screens.library_screen import LibraryScreen, OpenArticle


@dataclass(frozen=True)
class PendingOpen:
    """An article file too big to parse before the first frame (issue 12): the app shows
    ``preview`` (an article of its first part), runs ``load`` in a thread once that is
    drawn (it parses the whole and stores it with a connection of its own: the stored
    article), and opens the stored article where the preview's cursor was.
    ``StoreError`` or ``error_types`` raised by ``load`` end the app with the message."""

    preview: Article
    load: Callable[[], StoredArticle]
    error_types: tuple[type[Exception], ...] = ()


ScreenType = TypeVar("ScreenType", bound=Screen[Any])
#: Cells of the header that are not its title (the icon, its padding, the clock's room).
HEADER_CHROME = 20
#: The fewest characters of the article title the header keeps beside the team status.
HEADER_TITLE_MIN = 12


#: The stylesheet of the library and its search (styles/library.tcss): read when the
#: library is first shown, which a reader opened on an article may never do (its parse
#: and its rules, checked against every widget styled, cost ~3 ms before the first frame:
#: start-up, issue 12). Its rules select only the library's widgets.
LIBRARY_STYLESHEET = "library.tcss"


def stylesheet_paths() -> list[str | PurePath]:
    """The .tcss files shipped in the package (styles/ in the repository): found in its
    directory, not with importlib.resources (~3 ms at start-up; installed unzipped)."""
    init = importlib.import_module("reader.styles").__file__
    assert init is not None  # a regular package (styles/__init__.py)
    styles = Path(init).parent
    return [*sorted(str(p) for p in styles.iterdir() if p.name.endswith(".tcss"))]


def default_http_client() -> HttpClient:
    """An HTTP client with the default settings (the app's unless it is given a factory);
    reader.io.http is imported when feeds are first updated, not at start-up (issue 12)."""
    from reader.io.http import HttpClient

    return HttpClient()


def _is_library_stylesheet(path: str | PurePath) -> bool:
    return PurePath(path).name == LIBRARY_STYLESHEET


class ReaderApp(App[None]):
    """Reads and annotates articles; the library lists them all.

    The screen stack holds one main screen, the library or an article's reader, with
    dialogs above it: `L` and Enter switch between the two (both are kept, installed,
    so each keeps its place), never stacking one more screen per switch."""

    TITLE = "reader"
    #: Screen classes for small terminals (styles/reader.tcss hides the sidebar when
    #: narrow and shortens the annotation list when short).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (60, "-normal")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (20, "-tall")]
    #: Seconds after which the garbage collector runs again even when no article text
    #: was drawn (the library first): see :meth:`run`.
    COLLECTIONS_PAUSED_AT_MOST = 1.0
    #: Python's thread switch interval (seconds) while a big file is parsed in a thread.
    IMPORT_SWITCH_INTERVAL = 0.001

    def __init__(
        self,
        store: Store,
        article_id: str | None,
        settings_file: Path | None = None,
        http_client: Callable[[], HttpClient] | None = None,
        pending: PendingOpen | None = None,
    ) -> None:
        paths = stylesheet_paths()
        super().__init__(css_path=[p for p in paths if not _is_library_stylesheet(p)])
        self._library_stylesheets = [p for p in paths if _is_library_stylesheet(p)]
        self.store = store
        self.article_id = article_id
        self.pending = pending
        self._preview: ReaderScreen | None = None
        self.http_client = default_http_client if http_client is None else http_client
        self.settings_file = settings_path() if settings_file is None else settings_file
        self.settings = load_settings(self.settings_file)
        self._library: LibraryScreen | None = None
        self._reader: ReaderScreen | None = None
        self.team_sync: TeamSync | None = None
        self.team_state: SyncState | None = None
        #: The latest messages shown, oldest first (what the notice line showed).
        self.notices = recent_notices()
        self._collections_paused = False

    def run(self, *args: Any, **kwargs: Any) -> None:
        """Run the app (:meth:`textual.app.App.run`), with Python's cyclic garbage
        collector paused until the first article text is drawn (or
        :attr:`COLLECTIONS_PAUSED_AT_MOST` seconds): building the first screen makes tens
        of thousands of objects, and the collections they set off (a full one among them)
        cost ~40 ms before the first frame (start-up, issue 12). Nothing is lost: what
        is garbage then is collected by the next collections. The collector runs after
        it, even if it was paused before."""
        self._collections_paused = True
        gc.disable()
        try:
            return super().run(*args, **kwargs)
        finally:
            self.resume_collections()

    def resume_collections(self) -> None:
        """The garbage collector runs again (once, after :meth:`run` paused it; the CLI
        pauses it before importing Textual, for the same reason)."""
        if self._collections_paused:
            self._collections_paused = False
            gc.enable()

    def on_resize(self, event: Resize) -> None:
        if self.team_state is not None:  # fit the header's title to the new width
            self.show_team(self.team_state, event.size.width)

    def on_text_drawn(self, _message: TextDrawn) -> None:
        self.resume_collections()

    def on_mount(self) -> None:
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme
        self.theme_changed_signal.subscribe(self, self._keep_theme)
        if self.pending is not None:
            preview = self.pending.preview
            self._preview = ReaderScreen(self.store, "", preview=preview, when_drawn=self._import)
            self.push_screen(self._preview)
        elif self.article_id is None:
            self.push_screen(self.library_screen)
        # (else the article's reader is the default screen: get_default_screen)
        # Once the first screen is drawn (start-up, issue 12), and it has its title.
        self.call_after_refresh(self._start_team_sync)
        if self._collections_paused:
            self.set_timer(self.COLLECTIONS_PAUSED_AT_MOST, self.resume_collections)

    def get_default_screen(self) -> Screen[Any]:
        """The first screen: an article's reader is made the app's default screen, instead
        of being pushed over an empty one made, styled and laid out for nothing before
        the first frame (start-up, issue 12). The library and a preview are pushed."""
        if self.pending is None and self.article_id is not None:
            screen = self._new_reader(self.article_id)
            # As switch_screen gives the screen it puts on the stack (a pushed screen
            # gets one too): switching from it to the library pops this (none) result
            # callback. Textual's default screen has none, as it is never switched from.
            screen._push_result_callback(screen, None)
            return screen
        return super().get_default_screen()

    # ----- a big file: its preview first, the article once imported (issue 12) ------------

    def _import(self) -> None:
        """Parse and store the pending article in a thread (a daemon: quitting does not
        wait for it; what it had not committed is not stored); :meth:`_imported` takes
        the stored article on the UI thread."""
        pending = self.pending
        if pending is None:
            return

        def parse() -> None:
            # While this thread parses, the UI thread waits for Python's lock after each
            # key, frame or write to the terminal: for at most 1 ms, not the default 5.
            interval = sys.getswitchinterval()
            sys.setswitchinterval(min(interval, self.IMPORT_SWITCH_INTERVAL))
            try:
                outcome: StoredArticle | Exception = pending.load()
            except Exception as error:  # handed to the UI thread, which reports it
                outcome = error
            finally:
                sys.setswitchinterval(interval)
            with contextlib.suppress(RuntimeError, CancelledError):  # the app has ended
                self.call_from_thread(self._imported, outcome)

        threading.Thread(target=parse, name="reader-import", daemon=True).start()

    def _imported(self, outcome: StoredArticle | Exception) -> None:
        """Replace the preview by the stored article's reader, the cursor on the same
        sentence (dialogs over the preview are closed)."""
        pending, preview = self.pending, self._preview
        if pending is None or preview is None:
            return
        try:
            if isinstance(outcome, Exception):
                raise outcome
            # Loaded with the text the import holds (not read again: 10 MB), and kept
            # by the store for the screen (Store.get_article's last article).
            article = outcome.article
            article_id = self.store.get_article(
                outcome.id, text=article.text, text_hash=outcome.content_hash
            ).id
        except Exception as error:
            if not isinstance(error, (StoreError, *pending.error_types)):
                raise
            self._end_with_error(error)
            return
        self.pending = self._preview = None
        screen = self._new_reader(article_id)
        screen.go_to_offset(preview.cursor_offset if preview.is_mounted else 0)
        while self.screen is not preview and len(self.screen_stack) > 1:
            self.pop_screen()
        if self.screen is preview:
            self.switch_screen(screen)

    def _end_with_error(self, error: Exception) -> None:
        """End the app as the CLI ends on a user's error: one line, exit code 1."""
        self.exit(return_code=1, message=f"reader: error: {one_line(str(error), 500)}")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """No library while an article is being imported (its preview shows)."""
        return not (self.pending is not None and action == "show_library")

    def _start_team_sync(self) -> None:
        """Live sync (docs/team.md) when the database has a team server."""
        if team_configured(self.store):
            self.team_sync = TeamSync(self, self.store.path, self.store.author, self.show_team)
            self.team_sync.start()

    def show_team(self, state: SyncState, width: int | None = None) -> None:
        """The team status (``offline · N to sync``...) after the article title in the header
        (in the library: as its subtitle), fitted to ``width`` (default: the app's)."""
        self.team_state = state
        if self._reader is not None:
            reader = self._reader
            # The header cuts what does not fit at its end: the title gives way, the status
            # (``offline · 3 to sync``) stays whole.
            width = self.size.width if width is None else width
            room = max(HEADER_TITLE_MIN, width - HEADER_CHROME - len(state.label) - 3)
            reader.title = f"{one_line(reader.article.title, room)} · {state.label}"
        if self._library is not None:
            self._library.sub_title = state.label

    # ----- the two main screens -----------------------------------------------------------

    @property
    def library_screen(self) -> LibraryScreen:
        """The library (made, and installed so it is kept, the first time it is shown)."""
        if self._library is None:
            from reader.ui.screens.library_screen import LibraryScreen

            # Parsed with the next widget styled; the other sheets' rules are kept parsed.
            for path in self._library_stylesheets:
                self.stylesheet.read(path)
            self._library = self._sized(LibraryScreen(self.store, self.http_client))
            self.install_screen(self._library, "library")
        return self._library

    def _sized(self, screen: ScreenType) -> ScreenType:
        """``screen`` with the classes of the terminal's size (``-narrow``, ``-tall``...:
        the breakpoints) set before it is mounted, as Textual sets them when it is resized:
        set only then, they restyle every widget before the first frame (start-up, issue 12).
        """
        width, height = self.size
        horizontal = (
            self.HORIZONTAL_BREAKPOINTS
            if screen.HORIZONTAL_BREAKPOINTS is None
            else screen.HORIZONTAL_BREAKPOINTS
        ) or []
        vertical = (
            self.VERTICAL_BREAKPOINTS
            if screen.VERTICAL_BREAKPOINTS is None
            else screen.VERTICAL_BREAKPOINTS
        ) or []
        on = screen._get_breakpoint_classes(width, horizontal)
        on |= screen._get_breakpoint_classes(height, vertical)
        classes = {name: name in on for _, name in [*horizontal, *vertical]}
        screen.update_classes(classes, update=False)
        return screen

    def _new_reader(self, article_id: str) -> ReaderScreen:
        """A reader screen for ``article_id``, installed in place of the previous one
        (which must not be on the stack: it is removed)."""
        screen = self._sized(ReaderScreen(self.store, article_id))
        old, self._reader = self._reader, screen
        if old is not None:
            self.uninstall_screen(old)
            if old.is_attached:
                old.remove()
        self.install_screen(screen, f"reader-{screen.article_id}-{id(screen)}")
        self.article_id = screen.article_id
        return screen

    def reopen_reader(self) -> None:
        """Replace the reader by a new one on its article's current version (after a
        refresh its text, sections and annotations all change together)."""
        if self._reader is None:
            return
        old = self._reader
        screen = self._sized(ReaderScreen(self.store, old.article_id))
        self._reader = screen
        self.install_screen(screen, f"reader-{screen.article_id}-{id(screen)}")
        self.switch_screen(screen)
        self.uninstall_screen(old)

    def action_show_library(self) -> None:
        """`L` in the reader: the library, the article kept as it is."""
        self.switch_screen(self.library_screen)

    def on_leave_library(self) -> None:
        """`L` or esc in the library: back to the article read last."""
        if self._reader is not None:
            self.switch_screen(self._reader)
        else:
            self.notify("No article open yet: Enter opens the one under the cursor", timeout=3)

    def on_open_article(self, message: OpenArticle) -> None:
        """Enter in the library: the article's reader (the same one, where it was left,
        when it is the article read last); opening marks it read."""
        try:
            self.store.mark_read(message.article_id)
            if self._reader is None or self._reader.article_id != message.article_id:
                self._new_reader(message.article_id)
        except StoreError as error:
            self.notify(one_line(str(error), 200), severity="error", markup=False, timeout=6)
            return
        assert self._reader is not None
        self.switch_screen(self._reader)
        if message.offset is not None:
            self._reader.go_to_offset(message.offset)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Show ``message`` on the notice line of the current screen (thread-safe), never
        as one of Textual's toasts: see reader/ui/widgets/notice_line.py for why. The
        message is always shown literally (``markup`` is ignored)."""
        text = f"{title}: {message}" if title else message
        self.post_message(NoticePosted(make_notice(text, severity, timeout)))

    async def on_notice_posted(self, event: NoticePosted) -> None:
        self.notices.append(event.notice)
        screen = self.screen
        lines = screen.query_children(NoticeLine)
        line = lines.first() if lines else None
        if line is None:
            line = NoticeLine()
            await screen.mount(line)
        line.show(event.notice)

    def clear_notifications(self) -> None:
        """Hide the notice line on every screen and forget the messages."""
        super().clear_notifications()
        self.notices.clear()
        for screen in self.screen_stack:
            for line in screen.query_children(NoticeLine):
                line.hide()

    def _keep_theme(self, theme: Theme) -> None:
        """A theme chosen (ctrl+p "Change theme") is kept for the next run."""
        if theme.name != self.settings.theme:
            self.settings = Settings(theme=theme.name)
            save_settings(self.settings, self.settings_file)

    @property
    def reader_screen(self) -> ReaderScreen:
        """The reader screen of the article read last (on the stack or kept aside)."""
        for screen in reversed(self.screen_stack):
            if isinstance(screen, ReaderScreen):
                return screen
        if self._reader is not None:
            return self._reader
        raise LookupError("the reader screen is not open")

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The command palette lists every reader command next to Textual's own."""
        from reader.ui.screens.library_screen import LibraryScreen

        yield from super().get_system_commands(screen)
        if isinstance(screen, LibraryScreen):
            for command in LIBRARY_COMMANDS:
                keys = command.key_display or command.keys.split(",")[0]
                yield SystemCommand(
                    f"{command.title} ({keys})",
                    command.help,
                    lambda action=command.action: self.call_later(screen.run_action, action),
                )
            return
        if not isinstance(screen, ReaderScreen):
            return
        tag_names = [tag.name for tag in screen.store.tags()]
        for command in COMMANDS:
            keys = command.key_display or command.keys.split(",")[0]
            yield SystemCommand(
                f"{title_text(command, tag_names)} ({keys})",
                command.help,
                lambda action=command.action: self.call_later(screen.run_action, action),
            )


def create_app(
    store: Store,
    article_id: str | None,
    *,
    http_client: Callable[[], HttpClient] | None = None,
    pending: PendingOpen | None = None,
) -> ReaderApp:
    """Build the app on one article of ``store``, or on the library when ``article_id``
    is ``None``, or on ``pending``, an article file being imported (its preview first);
    ``http_client`` makes the client feeds are updated with. The CLI runs it, tests
    drive it."""
    return ReaderApp(store, article_id, http_client=http_client, pending=pending)
