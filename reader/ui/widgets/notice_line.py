"""Short messages ("Tagged claim", errors) on one line above the footer, instead of
Textual's toasts.

Why not ``App.notify``'s toasts: in Textual 8.2.8 a toast built for a notification that
expired while the toast rack was catching up gets a negative timeout, and a timer with a
negative interval loops without ever yielding: the app froze for good after a burst of
2,000 key presses (docs/upstream/textual-notification-timer.md). Here one line shows the
latest message and one timer, always with a positive interval, hides it.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from rich.text import Text
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Static

from reader.model.safe_text import one_line

#: A message stays at least this long (seconds), whatever timeout it was given.
SHORTEST = 0.5
#: How many recent messages the app remembers (``ReaderApp.notices``).
REMEMBERED = 100


@dataclass(frozen=True)
class Notice:
    """One message as shown: its text (one safe line) and severity."""

    message: str
    severity: str = "information"
    timeout: float = 3.0


class NoticePosted(Message, bubble=False):
    """Posted to the app (from any thread) to show ``notice``."""

    def __init__(self, notice: Notice) -> None:
        super().__init__()
        self.notice = notice


def make_notice(message: object, severity: str, timeout: float | None) -> Notice:
    """A notice of ``message`` shown literally on one line (never read as markup)."""
    return Notice(one_line(str(message), 300), severity, max(timeout or 3.0, SHORTEST))


def recent_notices() -> deque[Notice]:
    """An empty record of the latest notices."""
    return deque(maxlen=REMEMBERED)


class NoticeLine(Static):
    """The latest message, hidden again after its timeout (one timer, reset per message)."""

    DEFAULT_CSS = """
    NoticeLine {
        layer: notice;
        dock: bottom;
        height: 1;
        width: 100%;
        margin-bottom: 1;
        padding: 0 1;
        background: $panel-lighten-1;
        color: $foreground;
        border-left: outer $success;
        display: none;
    }
    NoticeLine.-warning { border-left: outer $warning; }
    NoticeLine.-error { border-left: outer $error; }
    """

    def __init__(self) -> None:
        super().__init__("", markup=False)
        self._timer: Timer | None = None

    def show(self, notice: Notice) -> None:
        """Show ``notice`` (replacing the one shown) for its timeout."""
        # one line whatever it says (height 1, the full width): no layout to redo
        self.update(Text(notice.message, no_wrap=True, overflow="ellipsis"), layout=False)
        for severity in ("information", "warning", "error"):
            self.set_class(notice.severity == severity, f"-{severity}")
        self.display = True
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(max(notice.timeout, SHORTEST), self.hide)

    def hide(self) -> None:
        """Hide the line until the next message."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self.display = False
