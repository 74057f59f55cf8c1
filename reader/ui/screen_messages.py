"""What the reader and the library screens share: a short message, and a store call whose
``StoreError`` becomes an error message instead of a crash."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from textual.screen import Screen

from reader.model.safe_text import one_line
from reader.store import StoreError

T = TypeVar("T")


class MessagesMixin(Screen[None]):
    """``say`` and ``_store_call`` for a screen; user text is always shown literally."""

    def say(self, message: str) -> None:
        """A short notification; user text in it is shown literally."""
        self.app.notify(one_line(message, 200), markup=False, timeout=3)

    def _store_call(self, call: Callable[[], T]) -> T | None:
        """Run a store call; a StoreError becomes an error notification, never a crash."""
        try:
            return call()
        except StoreError as error:
            self.app.notify(one_line(str(error), 200), severity="error", markup=False, timeout=6)
            return None
