"""Suggestions on the reader screen: computed off the UI thread, cached, shown quietly.

``SuggestionLayer`` keeps the screen's list of visible suggestions. On open it
reads the store's cache for this article and rules version; when there is
none, a Textual thread worker runs the (pure) rules and hands the result back
to the UI thread, which caches it and redraws. The store is only ever used
from the UI thread. When the rules raise, the error is logged (``reader.ui.suggestions``),
a notification says "Suggestions failed for this article" and the app goes on without
suggestions for it (a failing rule inside ``suggest`` only skips its one suggestion:
reader/suggest/guard.py).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from reader.model import Article, Span
from reader.store import Store, StoreError, SuggestionRecord
from reader.ui.widgets.annotation_panel import SUGGESTION_KEY as SUGGESTION_KEY_PREFIX
from reader.ui.widgets.annotation_panel import suggestion_key
from reader.ui.widgets.article_view import Mark

if TYPE_CHECKING:
    from textual.screen import Screen

    from reader.suggest import Suggestion

__all__ = ["SUGGESTION_KEY_PREFIX", "SuggestionLayer"]

_FALLBACK_COLOUR = "#888888"

#: Where a failure of the rules as a whole is recorded (with its traceback).
_LOGGER = logging.getLogger(__name__)


# The rules (reader.suggest: 84 regular expressions, and the hash of their sources that
# is their version) are imported on first use, not with the screen: start-up (issue 12).
def suggest(article: Article) -> list[Suggestion]:
    """The suggestions of ``article`` (:func:`reader.suggest.suggest`)."""
    from reader.suggest import suggest as rules

    return rules(article)


def rules_version() -> int:
    """The version of the rules the cache is keyed by (:data:`reader.suggest.RULES_VERSION`)."""
    from reader.suggest import RULES_VERSION

    return RULES_VERSION


class SuggestionLayer:
    """The suggestions of one article as the screen shows them."""

    def __init__(self, screen: Screen, store: Store, article_id: str, article: Article) -> None:
        self.screen = screen
        self.store = store
        self.article_id = article_id
        self.article = article
        self.visible: list[SuggestionRecord] | None = None  # None: not computed yet
        self.shown = True
        self.on_ready: Callable[[], None] | None = None
        self.chosen_key: str | None = None  # picked in the panel: a/x act on it first

    # -- computing -------------------------------------------------------------------------

    def start(self, on_ready: Callable[[], None]) -> None:
        """Show cached suggestions now, or compute them in a thread worker."""
        self.on_ready = on_ready
        if self.refresh():
            on_ready()
            return
        article = self.article

        def compute() -> None:
            try:
                found = suggest(article)
            except Exception:  # a bug in the rules: the article stays open without them
                _LOGGER.exception("suggestions failed for article %s", self.article_id)
                with contextlib.suppress(RuntimeError):
                    self.screen.app.call_from_thread(self._failed)
                return
            # the app may have closed while the rules ran: then there is nothing to show
            with contextlib.suppress(RuntimeError):
                self.screen.app.call_from_thread(self._computed, found)

        self.screen.run_worker(compute, thread=True, exclusive=True, group="suggestions")

    def _computed(self, found: list[Suggestion]) -> None:
        try:
            self.store.save_suggestions(self.article_id, rules_version(), found)
        except StoreError:
            self.visible = found
        else:
            self.refresh()
        if self.on_ready is not None:
            self.on_ready()

    def _failed(self) -> None:
        """The rules raised: no suggestions this time (nothing cached, so the next opening
        tries again), said once; the article is read and annotated as usual."""
        self.visible = []
        self.screen.app.notify(
            "Suggestions failed for this article", severity="warning", markup=False, timeout=6
        )
        if self.on_ready is not None:
            self.on_ready()

    def refresh(self) -> bool:
        """Re-read the visible suggestions from the cache; False when there is no cache."""
        try:
            cached = self.store.cached_suggestions(self.article_id, rules_version())
        except StoreError:
            return False
        if cached is None:
            return False
        self.visible = cached
        return True

    # -- what the screen shows -------------------------------------------------------------

    @property
    def ready(self) -> bool:
        return self.visible is not None

    def items(self) -> list[SuggestionRecord]:
        """Visible suggestions, or none while hidden or not computed."""
        return list(self.visible or []) if self.shown else []

    def marks(self, colours: dict[str, str]) -> list[Mark]:
        return [
            Mark(
                s.start,
                s.end,
                colours.get(s.kind, _FALLBACK_COLOUR),
                suggestion_key(s),
                quiet=True,
                tag=s.kind,
            )
            for s in self.items()
        ]

    def in_section(self, section: int) -> list[SuggestionRecord]:
        return [s for s in self.items() if (self.article.section_index_at(s.start) or 0) == section]

    def under(self, target: Span | None) -> list[SuggestionRecord]:
        """Suggestions overlapping ``target``, quotes first."""
        if target is None:
            return []
        found = [s for s in self.items() if s.start < target.end and s.end > target.start]
        return sorted(
            found, key=lambda s: (suggestion_key(s) != self.chosen_key, s.kind != "quote", s.start)
        )

    def choose(self, key: str) -> SuggestionRecord | None:
        """Remember a suggestion picked in the panel; returns it (None for another key)."""
        chosen = next((s for s in self.items() if suggestion_key(s) == key), None)
        self.chosen_key = key if chosen is not None else None
        return chosen

    @staticmethod
    def describe(items: Sequence[SuggestionRecord]) -> str:
        if len(items) == 1:
            s = items[0]
            who = f" ({s.speaker})" if s.speaker else ""
            return f"{s.kind}{who}"
        return f"{len(items)} suggestions"
