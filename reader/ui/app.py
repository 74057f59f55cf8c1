"""The Textual application and its one factory, used by the CLI and the tests."""

from __future__ import annotations

from collections.abc import Iterable
from importlib.resources import files
from pathlib import Path, PurePath

from textual.app import App, SystemCommand
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.theme import Theme

from reader.store import Store
from reader.ui.keys import COMMANDS, title_text
from reader.ui.screens.reader_screen import ReaderScreen
from reader.ui.settings import Settings, load_settings, save_settings, settings_path
from reader.ui.widgets.notice_line import (
    NoticeLine,
    NoticePosted,
    make_notice,
    recent_notices,
)


def stylesheet_paths() -> list[str | PurePath]:
    """The .tcss files shipped in the package (styles/ in the repository)."""
    styles = files("reader.styles")
    return [*sorted(str(p) for p in styles.iterdir() if p.name.endswith(".tcss"))]


class ReaderApp(App[None]):
    """Reads one article from the store and annotates it."""

    TITLE = "reader"
    #: Screen classes for small terminals (styles/reader.tcss hides the sidebar when
    #: narrow and shortens the annotation list when short).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (60, "-normal")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (20, "-tall")]

    def __init__(self, store: Store, article_id: str, settings_file: Path | None = None) -> None:
        super().__init__(css_path=stylesheet_paths())
        self.store = store
        self.article_id = article_id
        self.settings_file = settings_path() if settings_file is None else settings_file
        self.settings = load_settings(self.settings_file)
        #: The latest messages shown, oldest first (what the notice line showed).
        self.notices = recent_notices()

    def on_mount(self) -> None:
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme
        self.theme_changed_signal.subscribe(self, self._keep_theme)
        self.push_screen(ReaderScreen(self.store, self.article_id))

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
        """The main screen (wherever it is in the screen stack)."""
        for screen in reversed(self.screen_stack):
            if isinstance(screen, ReaderScreen):
                return screen
        raise LookupError("the reader screen is not open")

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The command palette lists every reader command next to Textual's own."""
        yield from super().get_system_commands(screen)
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


def create_app(store: Store, article_id: str) -> ReaderApp:
    """Build the app for one article of ``store``; the CLI runs it, tests drive it."""
    return ReaderApp(store, article_id)
