"""Suggestions on the reader screen: computed off the UI thread, cached, shown quietly.

``SuggestionLayer`` holds every suggestion of the article (read once) and what hides
some of them: the rejected ones and those already annotated (same span, a tag equal to
the kind). A tag, an undo or a status change only recomputes that small hidden set; the
marks, the index by offset and the list are built once, so a key costs the same on a
10 MB article (tens of thousands of suggestions) as on a short one.

On open, a Textual thread worker reads the cache with a connection of its own (the
screen's store is only ever used from the UI thread), once the first frame shows the
text (until then it waits on an event, holding no GIL: start-up, issue 12); it first
indexes the search passages of a long file just opened (``reader FILE`` leaves them to
it: ``Store.index_waiting_passages``). When there
is no cache, the (pure) rules run in a daemon thread that the worker waits for, looking every 50 ms
whether it was cancelled, so quitting while they run exits at once (the daemon
thread dies with the process: what it computed is dropped, the annotations are
committed already); then the worker saves the result in batches
(``Store.save_suggestions(batch_size=...)``), never holding the write lock long against
a tag key. A store in memory has no second connection: there it is all done on the UI
thread, as before. When the rules raise, the error is logged (``reader.ui.suggestions``),
a notification says "Suggestions failed for this article" and the app goes on without
suggestions for it (a failing rule inside ``suggest`` only skips its one suggestion:
reader/suggest/guard.py).
"""

from __future__ import annotations

import bisect
import contextlib
import dataclasses
import logging
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from textual.worker import get_current_worker

from reader.model import Article, Span
from reader.model.suggestion import SuggestionTable, suggestion_order
from reader.store import Annotation, Store, StoreError, SuggestionRecord
from reader.ui.heap import give_back_freed_memory
from reader.ui.widgets.annotation_panel import (
    parse_suggestion_key,
    suggestion_key,
    suggestion_key_of,
)
from reader.ui.widgets.article_view import Mark, MarkSource

if TYPE_CHECKING:
    from textual.screen import Screen

    from reader.suggest import Suggestion

__all__ = ["SuggestionLayer"]

_FALLBACK_COLOUR = "#888888"

#: Where a failure of the rules as a whole is recorded (with its traceback).
_LOGGER = logging.getLogger(__name__)

#: Rows a background save writes per transaction (a few milliseconds of write lock).
SAVE_BATCH = 1000
#: How often the worker looks whether it was cancelled while the rules run (seconds).
_POLL = 0.05

_Key = tuple[str, int, int]


# The rules (reader.suggest: 84 regular expressions, and the hash of their sources that
# is their version) are imported on first use, not with the screen: start-up (issue 12).
def suggest(article: Article) -> Sequence[Suggestion]:
    """The suggestions of ``article`` (:func:`reader.suggest.suggest`), as the compact
    table :func:`reader.suggest.suggest_table` makes without a record per claim."""
    from reader.suggest import suggest_table

    return suggest_table(article)


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
        #: Every suggestion, hidden ones too, in a compact table (None: not read or
        #: computed yet).
        self.all: SuggestionTable | None = None
        self._rejected: set[_Key] = set()
        self._annotated: set[_Key] = set()
        self._hidden: frozenset[_Key] = frozenset()
        self._hidden_keys: frozenset[str] = frozenset()
        self._marks: tuple[tuple[tuple[str, str], ...], SuggestionMarks] | None = None
        self.shown = True
        self.on_ready: Callable[[], None] | None = None
        self.chosen_key: str | None = None  # picked in the panel: a/x act on it first
        #: True while the worker writes the cache through its own connection.
        self.saving = False

    # -- reading and computing -------------------------------------------------------------

    def start(self, on_ready: Callable[[], None], after: threading.Event | None = None) -> None:
        """Show the cached suggestions, or compute them, off the UI thread (a store in
        memory: the cache is read here and now). The worker waits for ``after`` (the
        first frame: its thread would hold the GIL against it) before it starts work."""
        self.on_ready = on_ready
        path = self.store.path
        if path == ":memory:":
            with contextlib.suppress(StoreError):
                self.store.index_waiting_passages(self.article_id, self.article.text)
            try:
                cached = self.store.suggestion_table(
                    self.article_id, rules_version(), self.article.text
                )
            except StoreError:
                cached = None
            if cached is not None:
                self._arrived(cached)
                return
        self.screen.run_worker(
            lambda: self._work(path, after), thread=True, exclusive=True, group="suggestions"
        )

    def _work(self, path: str, after: threading.Event | None = None) -> None:
        """The worker: read the cache, else run the rules and save them (own connection)."""
        worker = get_current_worker()
        while after is not None and not after.wait(_POLL):
            if worker.is_cancelled:
                return
        own = None
        if path != ":memory:":
            with contextlib.suppress(StoreError):
                own = Store.open(path, author=self.store.author)
        try:
            cached = None
            if own is not None:
                with contextlib.suppress(StoreError):
                    # A file just opened: its search passages, left by its import.
                    own.index_waiting_passages(self.article_id, self.article.text)
                with contextlib.suppress(StoreError):
                    cached = own.suggestion_table(
                        self.article_id, rules_version(), self.article.text
                    )
            if cached is not None:
                self._to_ui(self._arrived, cached)
                return
            if own is not None:
                with contextlib.suppress(StoreError):
                    own.release_memory()  # (its pages of the passages just indexed)
            found = self._run_rules(lambda: worker.is_cancelled)
            if found is None or worker.is_cancelled:
                return
            saved = False
            if own is not None:
                self.saving = True
                try:
                    saved = own.save_suggestions(
                        self.article_id,
                        rules_version(),
                        found,
                        batch_size=SAVE_BATCH,
                        stop=lambda: worker.is_cancelled,
                        text_length=len(self.article.text),
                    )
                except StoreError:
                    saved = False
            if not worker.is_cancelled:
                self._to_ui(self._computed, found, saved)
            # The rules' work is freed; the C heap keeps its pages unless told.
            give_back_freed_memory()
        finally:
            if worker.is_cancelled:
                self.saving = False
            if own is not None:
                own.close()

    def _run_rules(self, cancelled: Callable[[], bool]) -> SuggestionTable | None:
        """The rules' suggestions (as a compact table: the rules' records are dropped
        once it is made), run in a daemon thread; None when they failed (said on the UI
        thread) or the worker was cancelled first."""
        article, article_id = _detached(self.article), self.article_id
        done = threading.Event()
        result: list[SuggestionTable] = []

        def run() -> None:
            try:
                result.append(_as_table(article.text, suggest(article)))
            except Exception:  # a bug in the rules: the article stays open without them
                _LOGGER.exception("suggestions failed for article %s", article_id)
            finally:
                done.set()

        threading.Thread(target=run, name="reader-suggest", daemon=True).start()
        while not done.wait(_POLL):
            if cancelled():
                return None
        if not result:
            self._to_ui(self._failed)
            return None
        return result.pop()

    def _to_ui(self, callback: Callable[..., None], *args: object) -> None:
        # the app may have closed meanwhile: then there is nothing to show
        with contextlib.suppress(RuntimeError):
            self.screen.app.call_from_thread(callback, *args)

    def _computed(self, found: SuggestionTable, saved: bool) -> None:
        """New suggestions, on the UI thread: saved here unless the worker did."""
        self.saving = False  # (the screen's poll then takes the worker's commit as its own)
        if not saved:  # a store in memory, or the worker could not open or write its own
            with contextlib.suppress(StoreError):
                self.store.save_suggestions(self.article_id, rules_version(), found)
        self._arrived(found)

    def _arrived(self, records: Sequence[SuggestionRecord]) -> None:
        self._set_all(records)
        if self.on_ready is not None:
            self.on_ready()

    def _failed(self) -> None:
        """The rules raised: no suggestions this time (nothing cached, so the next opening
        tries again), said once; the article is read and annotated as usual."""
        self._set_all([])
        self.screen.app.notify(
            "Suggestions failed for this article", severity="warning", markup=False, timeout=6
        )
        if self.on_ready is not None:
            self.on_ready()

    def _set_all(self, records: Sequence[SuggestionRecord]) -> None:
        self.all = _as_table(self.article.text, records)
        self._marks = None
        self._read_rejections()

    def _read_rejections(self) -> None:
        try:
            self._rejected = self.store.rejected_suggestions(self.article_id)
        except StoreError:
            self._rejected = set()
        self._update_hidden()

    def refresh(self, annotations: Iterable[Annotation] | None = None) -> bool:
        """Bring what is hidden up to date after a change: the rejections (re-read: one
        small query) and, when given, the article's live annotations. False while
        there are no suggestions yet."""
        if annotations is not None:
            self._annotated = {(a.tag, a.start, a.end) for a in annotations}
        if self.all is None:
            return False
        self._read_rejections()
        return True

    def _update_hidden(self) -> None:
        hidden = frozenset(self._rejected | self._annotated)
        if hidden != self._hidden:
            self._hidden = hidden
            self._hidden_keys = frozenset(
                suggestion_key_of(kind, start, end) for kind, start, end in hidden
            )

    # -- what the screen shows -------------------------------------------------------------

    @property
    def ready(self) -> bool:
        return self.all is not None

    @property
    def visible(self) -> list[SuggestionRecord] | None:
        """The suggestions not hidden (None: not computed yet), each made when asked
        for: a 10 MB article's are kept as one compact table."""
        if self.all is None:
            return None
        return self._shown_between(0, len(self.all), shown_or_not=True)

    def items(self) -> list[SuggestionRecord]:
        """Visible suggestions, or none while hidden or not computed."""
        return list(self.visible or []) if self.shown else []

    @property
    def hidden_keys(self) -> frozenset[str]:
        """The mark keys of the suggestions not shown (rejected or annotated)."""
        return self._hidden_keys

    def marks(self, colours: dict[str, str]) -> SuggestionMarks | list[Mark]:
        """The marks of the suggestions, hidden ones included (the view leaves out
        :attr:`hidden_keys`): the same object while the tag colours stay the same. Its
        marks are made for the lines drawn, never all at once."""
        if not self.shown or self.all is None:
            return []
        wanted = tuple(sorted((kind, colours.get(kind, "")) for kind in ("quote", "claim")))
        if self._marks is None or self._marks[0] != wanted:
            self._marks = (wanted, SuggestionMarks(self.all, colours))
        return self._marks[1]

    def _shown_between(
        self, lo: int, hi: int, *, shown_or_not: bool = False
    ) -> list[SuggestionRecord]:
        table = self.all
        if table is None or not (self.shown or shown_or_not):
            return []
        hidden, starts = self._hidden, table.starts
        return [
            table[i]
            for i in range(lo, hi)
            if not hidden or (table.kind(i), starts[i], table.end(i)) not in hidden
        ]

    def in_section(self, section: int) -> list[SuggestionRecord]:
        if self.all is None:
            return []
        starts = self.all.starts
        sections = self.article.sections
        if not sections:
            return self._shown_between(0, len(starts))
        lo = 0 if section == 0 else bisect.bisect_left(starts, sections[section].span.start)
        hi = (
            len(starts)
            if section + 1 >= len(sections)
            else bisect.bisect_left(starts, sections[section + 1].span.start)
        )
        return self._shown_between(lo, hi)

    def under(self, target: Span | None) -> list[SuggestionRecord]:
        """Suggestions overlapping ``target``, quotes first."""
        if target is None or self.all is None:
            return []
        table = self.all
        lo = bisect.bisect_left(table.starts, target.start - table.longest)
        hi = bisect.bisect_left(table.starts, target.end)
        found = [s for s in self._shown_between(lo, hi) if s.end > target.start]
        return sorted(
            found, key=lambda s: (suggestion_key(s) != self.chosen_key, s.kind != "quote", s.start)
        )

    def choose(self, key: str) -> SuggestionRecord | None:
        """Remember a suggestion picked in the panel; returns it (None for another key)."""
        chosen = self._by_key(key)
        self.chosen_key = key if chosen is not None else None
        return chosen

    def _by_key(self, key: str) -> SuggestionRecord | None:
        """The visible suggestion whose panel key is ``key`` (found by bisection)."""
        parsed = parse_suggestion_key(key)
        if self.all is None or not self.shown or parsed is None:
            return None
        kind, start, end = parsed
        starts = self.all.starts
        lo = bisect.bisect_left(starts, start)
        hi = bisect.bisect_right(starts, start)
        return next(
            (s for s in self._shown_between(lo, hi) if s.kind == kind and s.end == end), None
        )

    @staticmethod
    def describe(items: Sequence[SuggestionRecord]) -> str:
        if len(items) == 1:
            s = items[0]
            who = f" ({s.speaker})" if s.speaker else ""
            return f"{s.kind}{who}"
        return f"{len(items)} suggestions"


def _detached(article: Article) -> Article:
    """``article`` with sections of their own (sharing the text and the packed arrays)
    for the rules: the sections, paragraphs and sentences they make (every one of them:
    ~20 MB on a 10 MB article) go when they finish, instead of staying cached in the
    screen's article (issue 12's memory target). Built sections: the article itself."""
    detach = getattr(article.sections, "detached", None)
    if detach is None:
        return article
    return dataclasses.replace(article, sections=detach())


def _as_table(text: str, records: Sequence[SuggestionRecord]) -> SuggestionTable:
    """``records`` as a table sorted by :func:`suggestion_order` (a table: as it is)."""
    if isinstance(records, SuggestionTable):
        return records
    return SuggestionTable.of(text, sorted(records, key=suggestion_order))


class SuggestionMarks(MarkSource):
    """The marks of a table of suggestions, made for the range asked for (the lines
    drawn): a ``Mark`` and its key per suggestion shown, not per suggestion."""

    def __init__(self, table: SuggestionTable, colours: dict[str, str]) -> None:
        self.table = table
        self._colours = {kind: colours.get(kind, _FALLBACK_COLOUR) for kind in ("quote", "claim")}

    def _mark(self, index: int) -> Mark:
        table = self.table
        kind, start, end = table.kind(index), table.starts[index], table.end(index)
        return Mark(
            start,
            end,
            self._colours[kind],
            suggestion_key_of(kind, start, end),
            quiet=True,
            tag=kind,
        )

    def on(self, start: int, end: int) -> list[Mark]:
        """The marks overlapping ``[start, end)``, by start (the longest first)."""
        table = self.table
        starts = table.starts
        lo = bisect.bisect_left(starts, start - table.longest)
        hi = bisect.bisect_left(starts, end)
        found = [self._mark(i) for i in range(lo, hi) if table.end(i) > start and starts[i] < end]
        return sorted(found, key=_view_order)

    def __iter__(self) -> Iterator[Mark]:
        return iter(sorted((self._mark(i) for i in range(len(self.table))), key=_view_order))

    def ranges_of(self, keys: Iterable[str]) -> list[tuple[int, int]]:
        """The text ranges of the suggestions with these keys (read from the key: a key
        that is not a suggestion's gives none)."""
        parsed = (parse_suggestion_key(key) for key in keys)
        return [(found[1], found[2]) for found in parsed if found is not None]


def _view_order(mark: Mark) -> tuple[int, int]:
    return (mark.start, -(mark.end - mark.start))
