"""`/` in the library: full-text search over every article and annotation.

Typing searches (``Store.search``: FTS5 over titles, texts, notes and speakers) a
moment after the last key, the word being typed as a prefix (``as_typed``); each result
shows the article's title, what matched and the matching passage with its words marked.
Enter in the query opens the first hit's article at its passage (the screen is dismissed
with the hit); ↓ goes to the results, where Enter opens the one chosen; esc goes back to
the library. A
query FTS5 cannot read yet (an open quote while typing) is said on the status line, the
last results kept.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Header, Input, OptionList, Static
from textual.widgets.option_list import Option

from reader.model.safe_text import one_line, visible_text
from reader.store import SearchHit, Store, StoreError

__all__ = ["SearchResults", "SearchScreen", "as_typed", "hit_prompt"]

_SPACES = str.maketrans("\n\r\t\v\f", "     ")
#: Seconds after the last key before the query runs (typing a word runs it once).
DEBOUNCE_SECONDS = 0.12


class SearchResults(OptionList):
    """The hits; j/k move as in the library's table."""

    BINDINGS = [
        Binding("j", "cursor_down", show=False),
        Binding("k", "cursor_up", show=False),
    ]


class SearchScreen(Screen[SearchHit | None]):
    """Search every article and annotation; dismissed with the chosen hit (or None)."""

    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("down", "to_results", show=False),
    ]

    def __init__(self, store: Store, query: str = "") -> None:
        super().__init__()
        self.store = store
        self.initial = query
        self.hits: list[SearchHit] = []
        self.searched = ""  # the query the results are for
        self._timer: Timer | None = None

    # ----- typed accessors --------------------------------------------------------------

    @property
    def query_input(self) -> Input:
        return self.query_one("#search-query", Input)

    @property
    def results(self) -> SearchResults:
        return self.query_one(SearchResults)

    @property
    def status(self) -> Static:
        return self.query_one("#search-status", Static)

    # ----- layout -----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(
            value=self.initial,
            placeholder='Search every article and note: words, "a phrase", prefix*, OR, NOT',
            id="search-query",
        )
        yield SearchResults(id="search-results")
        yield Static(id="search-status")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Search"
        self.query_input.focus()
        self.status.update(
            "Type to search; Enter opens the first hit, ↓ goes to the others, esc back"
        )
        if self.initial.strip():
            self.run_search()

    # ----- searching --------------------------------------------------------------------

    @on(Input.Changed, "#search-query")
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(DEBOUNCE_SECONDS, self.run_search)

    def run_search(self) -> None:
        """Run the query as typed now and show its hits (or why it cannot run)."""
        query = self.query_input.value
        if not query.strip():
            self._show([], "")
            self.status.update("Type to search; esc goes back")
            return
        try:
            hits = self.store.search(as_typed(query))
        except StoreError:
            try:  # the prefix made it unreadable: the query as it is says why
                hits = self.store.search(query)
            except StoreError as error:
                self.status.update(Text(one_line(str(error), 200), style="bold"))
                return
        self._show(hits, query)

    def _show(self, hits: list[SearchHit], query: str) -> None:
        self.hits = hits
        self.searched = query
        results = self.results
        results.clear_options()
        results.add_options(Option(hit_prompt(hit), id=str(n)) for n, hit in enumerate(hits))
        if hits:
            results.highlighted = 0
        articles = sum(1 for h in hits if h.kind == "article")
        notes = len(hits) - articles
        if query:
            self.status.update(
                f"{_count(articles, 'article')}, {_count(notes, 'annotation')} · "
                "Enter opens at the passage · esc back"
            )

    # ----- keys -------------------------------------------------------------------------

    @on(Input.Submitted, "#search-query")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self._timer is not None:
            self._timer.stop()
        if self.query_input.value != self.searched:
            self.run_search()
        highlighted = self.results.highlighted
        if self.hits and highlighted is not None:  # the best hit, as a search box does
            self.dismiss(self.hits[highlighted])

    def action_to_results(self) -> None:
        if self.hits:
            self.results.focus()

    @on(OptionList.OptionSelected, "#search-results")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.hits[int(event.option.id or 0)])

    def action_back(self) -> None:
        """esc: from the results back to the query; from the query back to the library."""
        if self.results.has_focus:
            self.query_input.focus()
            return
        self.dismiss(None)


def as_typed(query: str) -> str:
    """``query`` with its last word as a prefix while it is being typed (``harb`` finds
    harbour), unless it ends in a space or punctuation, is an operator or is inside an
    open quote."""
    if not query or not query[-1].isalnum():
        return query
    last = query.split()[-1]
    if last in ("AND", "OR", "NOT", "NEAR") or query.count('"') % 2:
        return query
    return query + "*"


def hit_prompt(hit: SearchHit) -> Text:
    """Two lines for a hit: the title and what matched, then the passage, its matched
    words marked (everything shown literally)."""
    what = hit.field if hit.kind == "article" else f"{hit.field} of an annotation"
    prompt = Text(one_line(hit.title, 120), style="bold", no_wrap=True, overflow="ellipsis")
    prompt.append(f"  {what}", style="dim")
    passage = visible_text(hit.snippet.translate(_SPACES))  # one character for one
    line = Text("  " + ("…" if hit.cut_before else ""), no_wrap=True, overflow="ellipsis")
    base = len(line)
    line.append(passage + ("…" if hit.cut_after else ""))
    for start, end in hit.highlights:
        line.stylize("reverse", base + start, base + end)
    return Text("\n").join([prompt, line])


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
