"""The main screen: sidebar, article text, annotation panel; every command's action."""

from __future__ import annotations

import bisect
import contextlib
import gc
import re
import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Footer, Header

from reader.model import Span
from reader.model.article import Article
from reader.model.safe_text import one_line
from reader.store import Annotation, Store, StoreError
from reader.ui.keys import bindings
from reader.ui.matches import TextMatches, literal_matches
from reader.ui.messages import (
    AnnotationChosen,
    CursorMoved,
    SearchRequested,
    SectionChosen,
    SelectionChanged,
)
from reader.ui.screen_messages import MessagesMixin
from reader.ui.suggestions import SuggestionLayer
from reader.ui.widgets.annotation_panel import AnnotationPanel
from reader.ui.widgets.article_view import ArticleView, Mark
from reader.ui.widgets.section_sidebar import SectionSidebar
from reader.ui.words import (
    trim_phrase,
    word_at_or_after,
    word_before,
    word_end_after,
    word_end_before,
    word_start_after,
    word_start_before,
)

# The dialogs, the search bar, the web and the clipboard are imported by the actions that
# use them: the first screen needs none of them (start-up, issue 12).
if TYPE_CHECKING:
    from reader.ui.screens.edit_annotation import AnnotationEdit
    from reader.ui.widgets.search_bar import SearchBar

#: From this size of text on, the objects of an open article are kept out of the
#: garbage collector's passes (see ``_keep_out_of_collections``).
FREEZE_FROM_CHARS = 1_000_000


def _keep_out_of_collections(article: Article) -> None:
    """For a big article: leave the objects alive now (its spans, suggestions and marks:
    millions on 10 MB) out of the garbage collector's full passes, which otherwise walk
    them all and pause a key for 100 ms or more. Collected first, so no garbage is
    frozen; they are still freed when no longer used, and thawed when the screen goes."""
    if len(article.text) >= FREEZE_FROM_CHARS:
        gc.collect()
        gc.freeze()


def _first_from(matches: Sequence[Span], offset: int) -> int:
    """The index of the first of ``matches`` (in text order) that starts at or after
    ``offset``; ``len(matches)`` when none does."""
    if isinstance(matches, TextMatches):
        return matches.index_from(offset)
    return bisect.bisect_left(matches, offset, key=lambda m: m.start)


class ReaderScreen(MessagesMixin):
    """Reads and annotates one article; all changes go through the store at once."""

    #: The text has the focus from the start: Textual's default (the first focusable
    #: widget, the sidebar) was focused and then left in on_mount, restyling both twice
    #: before the first frame (start-up, issue 12).
    AUTO_FOCUS = "ArticleView"

    BINDINGS = [
        *bindings(),
        Binding("h", "extend('char', -1)", show=False),
        Binding("l", "extend('char', 1)", show=False),
        Binding("o", "swap_selection_end", show=False),
        Binding("escape", "cancel_selection", show=False),
    ]

    #: The actions a preview (an article being imported) allows: moving about, searching
    #: and the help; what reads or writes its annotations waits for the stored article.
    PREVIEW_ACTIONS = frozenset(
        [
            "cursor_down",
            "cursor_up",
            "first_sentence",
            "last_sentence",
            "next_section",
            "previous_section",
            "visual",
            "cancel_selection",
            "swap_selection_end",
            "word",
            "extend",
            "search",
            "search_next",
            "search_previous",
            "help",
        ]
    )
    #: The header's subtitle while a preview shows.
    IMPORTING_NOTICE = "importing the whole article: tagging in a moment"

    def __init__(
        self,
        store: Store,
        article_id: str,
        *,
        preview: Article | None = None,
        when_drawn: Callable[[], None] | None = None,
    ) -> None:
        """The reader of the stored article ``article_id``; or, with ``preview``, a preview
        of an article not stored yet (its first part, issue 12: a big file shows while it
        is imported): it only moves and searches, and ``when_drawn`` is called once its
        text is first drawn. The app replaces it by the stored article's reader."""
        super().__init__()
        self.store = store
        self.preview = preview is not None
        self._when_drawn = when_drawn
        if preview is None:
            stored = store.get_article(article_id)
            self.article_id = stored.id
            self.article = stored.article
            self.content_hash = stored.content_hash
        else:
            self.article_id = article_id
            self.article = preview
            self.content_hash = preview.content_hash
        # From the packed arrays of a stored article: no Span made for 117,000 sentences.
        self._sentence_starts = self.article.sentence_starts
        self._sentence_ends = self.article.sentence_ends
        self.annotations: list[Annotation] = []
        self.colours: dict[str, str] = {}
        self.section = 0
        self.chosen_id: str | None = None
        self.visual = False
        self._anchor = 0
        self._head = 0
        self._sentences: tuple[int, int] | None = None
        # The selection last made by word motions (w/b/e, shift+←/→): tagged trimmed
        # of the punctuation around it.
        self._by_words: Span | None = None
        self._search: str = ""
        self._lowered_text: str | None = None
        self._start_sentence = 0  # where the cursor starts (go_to_offset before mounting)
        self._resumed_before = False
        self.suggestions = SuggestionLayer(self, store, self.article_id, self.article)

    def go_to_offset(self, offset: int) -> None:
        """Put the cursor on the sentence holding ``offset`` (a library search hit); before
        the screen is mounted, that is where the cursor starts."""
        index = self.article.sentence_index_at(offset)
        if index is None:
            return
        if self.is_mounted:
            self.view.move_cursor(index)
        else:
            self._start_sentence = index

    # ----- typed accessors ------------------------------------------------------------

    @property
    def view(self) -> ArticleView:
        return self.query_one(ArticleView)

    @property
    def sidebar(self) -> SectionSidebar:
        return self.query_one(SectionSidebar)

    @property
    def panel(self) -> AnnotationPanel:
        return self.query_one(AnnotationPanel)

    @property
    def search_bar(self) -> SearchBar:
        """The search bar: mounted (hidden) when first asked for, as the first screen does
        not show it (an input is costly to style: start-up, issue 12)."""
        from reader.ui.widgets.search_bar import SearchBar  # (Textual's Input with it)

        bars = self.query_children(SearchBar)
        if bars:
            return bars.first()
        bar = SearchBar(id="search")
        bar.display = False
        self.mount(bar, before=self.query_one(Footer))
        return bar

    # ----- layout -----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="body"):
            yield SectionSidebar(self.article, id="sidebar")
            with Vertical(id="main"):
                yield ArticleView(self.article, id="article")
                yield AnnotationPanel(id="annotations")
        yield Footer()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A preview allows only :attr:`PREVIEW_ACTIONS` (its keys do nothing else)."""
        return not self.preview or action in self.PREVIEW_ACTIONS

    @property
    def cursor_offset(self) -> int:
        """Where the cursor's sentence starts in the text."""
        span = self.view.cursor_span
        return span.start if span is not None else 0

    def on_mount(self) -> None:
        self.title = one_line(self.article.title, 200)
        if self.preview:
            self.idle_sub_title = self.sub_title = self.IMPORTING_NOTICE
            self.search_bar.display = False
            self.view.focus()
            self.view.move_cursor(self._start_sentence)
            if self._when_drawn is not None:
                self.view.when_text_drawn(self._when_drawn)
            return
        self.idle_sub_title = self._updated_notice()
        self.sub_title = self.idle_sub_title
        # The annotation list is filled and laid out now but drawn from the second frame
        # on: its table is the costliest widget to draw, and the first frame is for the
        # text (start-up, issue 12).
        self.panel.visible = False
        self.view.when_text_drawn(self._show_list)
        self.reload_annotations()
        self.view.focus()
        self.view.move_cursor(self._start_sentence)
        self._data_version = self._store_call(self.store.data_version)
        # The suggestions (read from the cache or computed, in a worker thread that holds
        # the GIL as much as the UI) once the first frame shows the text: start-up.
        text_drawn = threading.Event()
        self.view.when_text_drawn(text_drawn.set)
        self.suggestions.start(self._suggestions_ready, after=text_drawn)
        self.set_interval(self.POLL_SECONDS, self.check_outside_changes)
        # Its full collection (~15 ms on a 10 MB article) after the first frame too.
        self.view.when_text_drawn(lambda: _keep_out_of_collections(self.article))

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        # Runs before Textual's own handler (Screen._on_screen_resume). The first time,
        # every widget was styled as it was mounted a moment ago: the restyle of the whole
        # screen Textual makes on a resume would be a second one (its ~40 component
        # classes included), before the first frame (start-up, issue 12).
        if not self._resumed_before:
            self._resumed_before = True
            event.refresh_styles = False

    def _show_list(self) -> None:
        self.panel.visible = True

    def on_unmount(self) -> None:
        if len(self.article.text) >= FREEZE_FROM_CHARS:
            gc.unfreeze()  # this article's objects are garbage collected again

    # ----- changes made by another process ------------------------------------------------

    #: How often the database is asked whether another process changed it.
    POLL_SECONDS = 1.0

    def check_outside_changes(self) -> bool:
        """Reload the annotations when another connection committed since the last look
        (``PRAGMA data_version``); the cursor stays where it is. When the article's text
        itself changed (a refresh elsewhere), reopen it instead: the annotations' offsets
        are in the new text. True when what is shown changed (a commit that changed none
        of it, like a team sync's bookkeeping, says nothing)."""
        if self not in self.app.screen_stack:
            return False  # kept aside while the library shows: looked at when back
        if self.suggestions.saving:
            return False  # the worker's own connection is writing the suggestion cache
        try:
            version = self.store.data_version()
        except StoreError:
            return False
        if version == self._data_version:
            return False
        self._data_version = version
        current = self._store_call(lambda: self.store.get_article(self.article_id))
        if current is not None and current.content_hash != self.content_hash:
            self.say("The article was refreshed by another process: reopened")
            self._reopen()
            return True
        shown = (self.annotations, self.colours)
        with self.panel.prevent(DataTable.RowHighlighted):  # refilling must not move the cursor
            self.reload_annotations()
        if (self.annotations, self.colours) == shown:
            return False
        self.say("Updated by another process")
        return True

    # ----- annotations ------------------------------------------------------------------

    def reload_annotations(self) -> None:
        """Read the article's annotations and tags from the store and redraw them."""
        every = self.store.annotations(self.article_id)
        self.annotations = self._of_chosen_author(every)
        self.colours = {t.name: t.colour or "#888888" for t in self.store.tags()}
        self.suggestions.refresh(every)
        self.view.set_marks(
            [
                Mark(a.start, a.end, self.colours.get(a.tag, "#888888"), a.id, tag=a.tag)
                for a in self.annotations
            ]
        )
        self.view.set_suggestion_marks(
            self.suggestions.marks(self.colours), self.suggestions.hidden_keys
        )
        counts = [0] * len(self.article.sections)
        for a in self.annotations:
            counts[self._section_of(a)] += 1
        self.sidebar.set_counts(counts)
        self._show_section_annotations()
        self._choose_under_cursor()

    def _suggestions_ready(self) -> None:
        """The suggestions arrived (read or computed and saved by the worker's own
        connection: that commit is ours, not another process's). A commit of another
        process made while they were saved (the poll looks away then) is not lost: a
        refresh of the article reopens it, other changes are read with the annotations."""
        if self in self.app.screen_stack:  # (set aside: the poll looks when it is back)
            with contextlib.suppress(StoreError):
                self._data_version = self.store.data_version()
            current = self._store_call(lambda: self.store.get_article(self.article_id))
            if current is not None and current.content_hash != self.content_hash:
                self.say("The article was refreshed by another process: reopened")
                self._reopen()
                return
        self.reload_annotations()
        _keep_out_of_collections(self.article)

    def _section_of(self, annotation: Annotation) -> int:
        return self.article.section_index_at(annotation.start) or 0

    def _show_section_annotations(self) -> None:
        in_section = [a for a in self.annotations if self._section_of(a) == self.section]
        title = self.article.sections[self.section].display_title if self.article.sections else ""
        suggested = self.suggestions.in_section(self.section)
        title = one_line(title, 60) + self._author_title()
        self.panel.show(in_section, self.colours, title, suggested, me=self.store.author)
        self.panel.highlight(self.chosen_id)

    def annotations_under_cursor(self) -> list[Annotation]:
        """Annotations that overlap the selection or the cursor's sentence."""
        target = self.view.target_span
        if target is None:
            return []
        return [a for a in self.annotations if a.start < target.end and a.end > target.start]

    def chosen_annotation(self) -> Annotation | None:
        """The annotation the next s/e/d/y acts on: the one chosen under the cursor."""
        under = self.annotations_under_cursor()
        for a in under:
            if a.id == self.chosen_id:
                return a
        return under[0] if under else None

    def _choose_under_cursor(self) -> None:
        chosen = self.chosen_annotation()
        self.chosen_id = chosen.id if chosen else None
        self.panel.highlight(self.chosen_id)

    # ----- messages from widgets ---------------------------------------------------------

    @on(CursorMoved)
    def _cursor_moved(self, event: CursorMoved) -> None:
        if event.section != self.section:
            self.section = event.section
            self.sidebar.show_section(event.section)
            self._show_section_annotations()
        self._choose_under_cursor()
        self._leave_match_if_moved_off()

    @on(SelectionChanged)
    def _selection_changed(self, event: SelectionChanged) -> None:
        if event.span is None:
            self.visual = False
        self._choose_under_cursor()

    @on(SectionChosen)
    def _section_chosen(self, event: SectionChosen) -> None:
        self._go_to_section(event.section)
        self.view.focus()

    @on(AnnotationChosen)
    def _row_chosen(self, event: AnnotationChosen) -> None:
        """A row the user chose in the panel: put the cursor on its passage, so the keys
        act on it (the panel posts nothing when it is only refilled or synced)."""
        self.chosen_id = event.annotation_id
        annotation = next((a for a in self.annotations if a.id == event.annotation_id), None)
        chosen = self.suggestions.choose(event.annotation_id) if self.panel.has_focus else None
        if annotation is not None:
            start = annotation.start
        elif chosen is not None:
            start = chosen.start
        else:
            return
        index = self.article.sentence_index_at(start)
        if index is not None and index != self.view.cursor:
            self.view.move_cursor(index)
            if annotation is not None:
                self.chosen_id = annotation.id
                self.panel.highlight(annotation.id)

    @on(SearchRequested)
    def _search_requested(self, event: SearchRequested) -> None:
        self._search = event.query
        matches = self._find(event.query)
        cursor_start = self.view.cursor_span.start if self.view.cursor_span else 0
        current = _first_from(matches, cursor_start)  # (and counts them: one pass)
        if not matches:
            self.view.set_matches([], None)
            self.sub_title = self.idle_sub_title
            if event.final and event.query:
                self.say(f"Not found: {event.query}")
            return
        current = current if current < len(matches) else 0
        self._go_to_match(matches, current)

    # ----- navigation actions ------------------------------------------------------------

    def action_cursor_down(self) -> None:
        """Next sentence (or extend the selection by one in selection mode)."""
        if self.visual:
            self.action_extend("sentence", 1)
        else:
            self.view.move_cursor(self.view.cursor + 1)

    def action_cursor_up(self) -> None:
        """Previous sentence (or shrink/extend the selection backwards)."""
        if self.visual:
            self.action_extend("sentence", -1)
        else:
            self.view.move_cursor(self.view.cursor - 1)

    def action_first_sentence(self) -> None:
        self.view.move_cursor(0)

    def action_last_sentence(self) -> None:
        self.view.move_cursor(len(self.article.sentences) - 1)

    def action_next_section(self) -> None:
        self._go_to_section(self._section_with_sentences(self.section, 1))

    def action_previous_section(self) -> None:
        self._go_to_section(self._section_with_sentences(self.section, -1))

    def _section_with_sentences(self, start: int, step: int) -> int:
        index = start + step
        while 0 <= index < len(self.article.sections):
            if self.article.sections[index].sentences:
                return index
            index += step
        return start

    def _go_to_section(self, index: int) -> None:
        first = self.article.first_sentence_of_section(index)
        if first is not None:
            self.visual = False
            self.view.move_cursor(first)
            # The section from its heading, unless that pushes the end of the cursor's
            # sentence below the view (a small window): then as little lower as shows it.
            self.view.scroll_offset_to_top(self.article.sections[index].span.start)
            self.view.scroll_to_cursor()

    # ----- selection -----------------------------------------------------------------

    def action_visual(self) -> None:
        """Start (or stop) extending a selection from the cursor's sentence."""
        if self.visual:
            self.action_cancel_selection()
            return
        span = self.view.target_span
        if span is None:
            return
        self.visual = True
        self._anchor, self._head = span.start, span.end
        # While only j/k are used, whole sentences are selected, the cursor's
        # sentence always included: (anchor sentence, moving sentence).
        cursor = self.view.cursor
        self._sentences = (cursor, cursor) if span == self.view.cursor_span else None
        self.view.set_selection(span)
        self.say(
            "Selection: w/b/e by word, j/k by sentence, h/l by character; "
            'c, ", 1-9 or t to tag, esc to stop'
        )

    def action_cancel_selection(self) -> None:
        self.visual = False
        self.view.set_selection(None)
        self.view.refresh()

    def action_swap_selection_end(self) -> None:
        """In selection mode: the other end of the selection becomes the moving one."""
        if self.visual:
            self._anchor, self._head = self._head, self._anchor
            if self._sentences is not None:
                self._sentences = (self._sentences[1], self._sentences[0])

    def action_word(self, direction: int) -> None:
        """`w`/`e` (1) and `b` (-1). In a selection: move its moving end by a word.
        Otherwise move the word cursor, a highlighted word (c, ", 1-9, t tag it; v starts a
        selection there): the first press puts it on the current search match in the
        cursor's sentence, else on the sentence's first (w) or last (b) word."""
        if self.visual:
            self.action_extend("word", direction)
            return
        text = self.article.text
        current = self.view.selection
        sentence = self.view.cursor_span
        match = self._match_in(sentence)
        if current is None and match is not None:
            word = word_at_or_after(text, match.start)  # start where the search found
        elif current is not None:
            word = (
                word_at_or_after(text, current.end)
                if direction > 0
                else word_before(text, current.start)
            )
        elif sentence is not None:
            word = (
                word_at_or_after(text, sentence.start)
                if direction > 0
                else word_before(text, sentence.end)
            )
        else:
            word = None
        if word is None:
            return
        index = self.article.sentence_index_at(word.start)
        if index is not None and index != self.view.cursor:
            self.view.move_cursor(index, keep_selection=True)
        self.view.set_selection(word)
        self._by_words = word

    def _match_in(self, sentence: Span | None) -> Span | None:
        """The current search match, when it is in ``sentence``."""
        current = self.view.current_match
        if sentence is None or current is None or not 0 <= current < len(self.view.matches):
            return None
        match = self.view.matches[current]
        return match if sentence.start <= match.start < sentence.end else None

    def action_extend(self, unit: str, direction: int) -> None:
        """Move the selection's moving end by a sentence, word or character."""
        if not self.visual:
            if unit == "char":
                return
            self.action_visual()
        text_length = len(self.article.text)
        if unit == "sentence" and self._sentences is not None:
            self._step_sentences(direction)
        else:
            self._sentences = None
            self._head = min(max(self._next_head(unit, direction), 0), text_length)
        start, end = sorted((self._anchor, self._head))
        self.view.set_selection(Span(start, end) if end > start else None)
        self._by_words = self.view.selection if unit == "word" else None
        if end > start:
            index = self.article.sentence_index_at(
                max(self._head - 1, 0) if direction > 0 else self._head
            )
            if index is not None:
                self.view.move_cursor(index, keep_selection=True)
        else:
            self.visual = True  # an empty selection stays in selection mode

    def _step_sentences(self, direction: int) -> None:
        """Whole-sentence selection: move the moving sentence by one."""
        assert self._sentences is not None
        anchor, moving = self._sentences
        moving = min(max(moving + direction, 0), len(self.article.sentences) - 1)
        self._sentences = (anchor, moving)
        sentences = self.article.sentences
        if moving >= anchor:
            self._anchor, self._head = sentences[anchor].start, sentences[moving].end
        else:
            self._anchor, self._head = sentences[anchor].end, sentences[moving].start

    def _next_head(self, unit: str, direction: int) -> int:
        head = self._head
        if unit == "char":
            return head + direction
        if unit == "word":
            return self._word_head(direction)
        starts, ends = self._sentence_starts, self._sentence_ends
        if direction > 0:
            # Growing forwards: to the next sentence end; shrinking: to the next start.
            bounds = ends if head >= self._anchor else starts
            i = bisect.bisect_right(bounds, head)
            return bounds[i] if i < len(bounds) else head
        i = bisect.bisect_left(ends, head) - 1
        if head > self._anchor and i >= 0 and ends[i] > self._anchor:
            return ends[i]
        j = bisect.bisect_left(starts, head) - 1
        return starts[j] if j >= 0 else head

    def _word_head(self, direction: int) -> int:
        """The moving end one whole word on. Forwards of the anchor it goes from word end
        to word end, backwards of it from word start to word start; at a one-word
        selection it turns round the word (anchor and head swap ends), so the selection
        always keeps at least the word it started from, as in vim."""
        text, anchor, head = self.article.text, self._anchor, self._head
        if direction > 0 and head < anchor:
            start = word_start_after(text, head)
            if start is not None and start < anchor:
                return start
            self._anchor, head = head, anchor  # one word left: turn round it
        elif direction < 0 and head > anchor:
            end = word_end_before(text, head)
            if end is not None and end > anchor:
                return end
            self._anchor, head = head, anchor
        if direction > 0:
            found = word_end_after(text, max(head, self._anchor))
        else:
            found = word_start_before(text, min(head, self._anchor))
        return head if found is None else found

    # ----- annotation actions -------------------------------------------------------------

    def _target(self) -> Span | None:
        span = self.view.target_span
        if span is None:
            return None
        if span == self._by_words and self.view.selection == span:
            span = trim_phrase(self.article.text, span)
        text = span.text_of(self.article.text)
        stripped = text.strip()
        if not stripped:
            return None
        start = span.start + (len(text) - len(text.lstrip()))
        return Span(start, start + len(stripped))

    def action_tag(self, tag: str) -> None:
        """Tag the selection or the cursor's sentence with ``tag``."""
        target = self._target()
        if target is None:
            self.say("Nothing to tag here")
            return
        same = self._store_call(
            lambda: self.store.same_annotation(self.article_id, target.start, target.end, tag)
        )
        annotation = same or self._store_call(
            lambda: self.store.add_annotation(self.article_id, target.start, target.end, tag)
        )
        if annotation is None:
            return
        self.chosen_id = annotation.id
        self.visual = False
        self.view.set_selection(None)
        self.reload_annotations()
        if same is not None:
            self.say(f"Already tagged {annotation.tag}: {one_line(annotation.exact, 50)}")
        else:
            self.say(f"Tagged {tag}: {one_line(annotation.exact, 50)}")

    def action_tag_number(self, number: int) -> None:
        """Keys 1-9: tag with the n-th tag in the store's order (1 claim, 2 quote)."""
        tags = self._store_call(self.store.tags)
        if tags is None:
            return
        if not 1 <= number <= len(tags):
            self.say(f"No tag {number} yet: t chooses or creates a tag")
            return
        self.action_tag(tags[number - 1].name)

    def action_choose_tag(self) -> None:
        """Pick or create a tag, then tag the selection or sentence with it."""
        from reader.ui.screens.tag_picker import TagPicker

        target = self._target()
        if target is None:
            self.say("Nothing to tag here")
            return
        tags = self._store_call(self.store.tags)
        if tags is None:
            return

        def chosen(name: str | None) -> None:
            if not name:
                return
            tag = self._store_call(lambda: self.store.ensure_tag(name))
            if tag is not None:
                self.view.set_selection(target if self.view.selection else None)
                self.action_tag(tag.name)

        self.app.push_screen(TagPicker(tags), chosen)

    def _with_chosen(self, verb: str) -> Annotation | None:
        annotation = self.chosen_annotation()
        if annotation is None:
            self.say(f"No annotation under the cursor to {verb}")
        return annotation

    def action_cycle_status(self) -> None:
        """unverified → supported → disputed → false → unverified."""
        annotation = self._with_chosen("change")
        if annotation is None:
            return
        updated = self._store_call(lambda: self.store.cycle_status(annotation.id))
        if updated is not None:
            self.chosen_id = updated.id
            self.reload_annotations()
            self.say(f"Status: {updated.status}")

    def action_edit(self) -> None:
        """Edit tag, speaker, status and note in a form."""
        from reader.ui.screens.edit_annotation import EditAnnotationScreen

        annotation = self._with_chosen("edit")
        if annotation is None:
            return
        from reader.store import edit_refusal  # with it the team code: not at start-up

        if refusal := self._store_call(lambda: edit_refusal(self.store, annotation.author)):
            self.say(refusal)  # another's, on a team: said before any typing is lost
            return
        tags = self._store_call(self.store.tags) or []

        def done(edit: AnnotationEdit | None) -> None:
            if edit is None:
                return
            changes = {
                "tag": edit.tag,
                "speaker": edit.speaker,
                "status": edit.status,
                "note": edit.note,
            }
            if (
                self._store_call(lambda: self.store.update_annotation(annotation.id, **changes))
                is not None
            ):
                self.chosen_id = annotation.id
                self.reload_annotations()
                self.say("Saved")

        self.app.push_screen(EditAnnotationScreen(annotation, [t.name for t in tags]), done)

    def action_delete(self) -> None:
        """Delete the annotation under the cursor (undo with u)."""
        annotation = self._with_chosen("delete")
        if annotation is None:
            return
        if self._store_call(lambda: self.store.delete_annotation(annotation.id)) is not None:
            self.reload_annotations()
            self.say(f"Deleted {annotation.tag} — u to undo")

    def action_next_annotation(self) -> None:
        """Cycle among several annotations under the cursor."""
        under = self.annotations_under_cursor()
        if not under:
            self.say("No annotation under the cursor")
            return
        ids = [a.id for a in under]
        position = ids.index(self.chosen_id) if self.chosen_id in ids else -1
        self.chosen_id = ids[(position + 1) % len(ids)]
        self.panel.highlight(self.chosen_id)

    def action_undo(self) -> None:
        self._history_step(self.store.undo, "Undone", "Nothing to undo")

    def action_redo(self) -> None:
        self._history_step(self.store.redo, "Redone", "Nothing to redo")

    def _history_step(self, step: Callable[[str], object], done: str, nothing: str) -> None:
        result = self._store_call(lambda: step(self.article_id))
        if result is None:
            self.say(nothing)
            return
        self.reload_annotations()
        # Show where the change happened (even an annotation the step removed).
        annotation_id = getattr(result, "annotation_id", None)
        changed = None
        if annotation_id:
            with contextlib.suppress(StoreError):
                changed = self.store.get_annotation(annotation_id)
        if changed is not None:
            self.chosen_id = changed.id
            index = self.article.sentence_index_at(changed.start)
            if index is not None:
                self.view.move_cursor(index)
        self.say(f"{done}: {getattr(result, 'description', '')}".rstrip(": "))

    # ----- other actions ------------------------------------------------------------------

    def action_copy_citation(self) -> None:
        """Copy "exact text" — speaker, article title, section."""
        from reader.ui.citation import format_citation
        from reader.ui.clipboard import copy_text

        annotation = self.chosen_annotation()
        if annotation is not None:
            exact, speaker, start = annotation.exact, annotation.speaker, annotation.start
        else:
            target = self._target()
            if target is None:
                return
            exact, speaker, start = target.text_of(self.article.text), None, target.start
        section = self.article.sections[self.article.section_index_at(start) or 0]
        citation = format_citation(
            exact,
            speaker=speaker,
            title=self.article.title,
            section=section.display_title if section.title else "",
        )
        how = copy_text(citation, self.app.copy_to_clipboard)
        self.say("Copied citation" + (" (via the terminal)" if how == "terminal" else ""))

    def action_search(self) -> None:
        self._lowered()  # at "/", not at the first letter typed (10 MB: tens of ms)
        self.search_bar.open()

    def action_search_next(self) -> None:
        self._step_match(1)

    def action_search_previous(self) -> None:
        self._step_match(-1)

    def _step_match(self, step: int) -> None:
        """From the current match, or (when the cursor has left it) from the cursor:
        n to the first match in or after its sentence, N to the last in or before it."""
        matches = self.view.matches
        if not matches:
            self.say("No search: press / to search")
            return
        current = self.view.current_match
        cursor = self.view.cursor_span
        if current is not None or cursor is None:
            self._go_to_match(matches, ((current or 0) + step) % len(matches))
        elif step > 0:
            after = _first_from(matches, cursor.start)
            self._go_to_match(matches, after % len(matches))
        else:
            before = _first_from(matches, cursor.end) - 1
            self._go_to_match(matches, before % len(matches))

    def _leave_match_if_moved_off(self) -> None:
        """The header names the current match only while the cursor is on it."""
        view, cursor = self.view, self.view.cursor_span
        if view.current_match is None or cursor is None:
            return
        match = view.matches[view.current_match]
        if not cursor.start <= match.start < cursor.end:
            view.set_matches(view.matches, None)
            count = len(view.matches)
            self.sub_title = f"{count} match" + ("" if count == 1 else "es")

    def _go_to_match(self, matches: Sequence[Span], current: int) -> None:
        self.view.set_matches(matches, current)
        index = self.article.sentence_index_at(matches[current].start)
        if index is not None:
            self.view.move_cursor(index)
        self.sub_title = f"match {current + 1} of {len(matches)}"

    def _find(self, query: str) -> Sequence[Span]:
        """Every match of ``query``, ignoring case. The text is lower-cased once: a plain
        search in it is about ten times faster than one ignoring case (a 10 MB article:
        15 ms, not 170), where lower-casing keeps every offset (nearly every text); there
        the matches are read as shown (``TextMatches``: a one-letter search lists no
        million matches at each key typed)."""
        if not query:
            return []
        lowered = self._lowered()
        if lowered is not None and len(query.lower()) == len(query):
            return literal_matches(lowered, query.lower())
        found = re.compile(re.escape(query), re.IGNORECASE).finditer(self.article.text)
        return [Span(m.start(), m.end()) for m in found]

    def _lowered(self) -> str | None:
        """The article's text lower-cased, when that keeps every offset (else None)."""
        if self._lowered_text is None:
            lowered = self.article.text.lower()
            self._lowered_text = lowered if len(lowered) == len(self.article.text) else ""
        return self._lowered_text or None

    def action_help(self) -> None:
        from reader.ui.screens.help_screen import HelpScreen

        tags = self._store_call(self.store.tags) or []
        self.app.push_screen(HelpScreen([t.name for t in tags]))

    # ----- suggestions ----------------------------------------------------------------------

    def action_accept_suggestion(self) -> None:
        """Accept the suggestion under the cursor: it becomes an annotation."""
        self._decide_suggestions(self.suggestions.under(self.view.target_span)[:1], accept=True)

    def action_reject_suggestion(self) -> None:
        """Reject the suggestion under the cursor: it is not shown again."""
        self._decide_suggestions(self.suggestions.under(self.view.target_span)[:1], accept=False)

    def action_accept_section_suggestions(self) -> None:
        """Accept every suggestion of the current section (one undo step)."""
        self._decide_suggestions(self.suggestions.in_section(self.section), accept=True)

    def action_toggle_suggestions(self) -> None:
        """Show or hide the suggestions."""
        self.suggestions.shown = not self.suggestions.shown
        self.reload_annotations()
        self.say("Suggestions shown" if self.suggestions.shown else "Suggestions hidden")

    def _decide_suggestions(self, items: list, *, accept: bool) -> None:
        if not self.suggestions.ready:
            self.say("Suggestions are still being computed")
            return
        if not items:
            self.say("No suggestion here" if self.suggestions.shown else "Suggestions are hidden")
            return
        if accept:
            made = self._store_call(lambda: self.store.accept_suggestions(self.article_id, items))
            if made is None:
                return
            self.chosen_id = made[0].id
        elif (
            self._store_call(lambda: self.store.reject_suggestion(self.article_id, items[0]))
            is None
        ):
            return
        self.reload_annotations()
        verb = "Accepted" if accept else "Rejected"
        self.say(f"{verb} {self.suggestions.describe(items)} — u to undo")

    # ----- sharing: filter by author, orphans, conflicts -----------------------------------

    #: Only this author's annotations are shown (``None``: everyone's).
    author_filter: str | None = None

    def _of_chosen_author(self, annotations: list[Annotation]) -> list[Annotation]:
        if self.author_filter is None:
            return annotations
        return [a for a in annotations if a.author == self.author_filter]

    def _author_title(self) -> str:
        if self.author_filter is None:
            return ""
        return f" · author: {one_line(self.author_filter, 20)}"

    def action_filter_author(self) -> None:
        """Cycle: all authors, then each author of the article's annotations in turn."""
        authors = self._store_call(lambda: self.store.annotation_authors(self.article_id))
        if authors is None:
            return
        choices: list[str | None] = [None, *authors]
        position = choices.index(self.author_filter) if self.author_filter in choices else 0
        self.author_filter = choices[(position + 1) % len(choices)]
        self.reload_annotations()
        who = "all authors" if self.author_filter is None else self.author_filter
        self.say(f"Showing {who}")

    def action_show_orphans(self) -> None:
        """List the merged annotations that could not be placed in this article's text."""
        from reader.ui.screens.merge_lists import orphans_screen

        orphans = self._store_call(lambda: self.store.list_orphans(self.article_id))
        if orphans is not None:
            self.app.push_screen(orphans_screen(orphans))

    def action_show_conflicts(self) -> None:
        """List the annotation versions of this article that lost a merge."""
        from reader.ui.screens.merge_lists import conflicts_screen

        screen = self._store_call(lambda: conflicts_screen(self.store, self.article_id))
        if screen is not None:

            def closed(_result: None) -> None:
                if screen.changed:
                    self.reload_annotations()

            self.app.push_screen(screen, closed)

    def action_show_rechecks(self) -> None:
        """List this article's annotations that a merge moved onto different words."""
        from reader.ui.screens.merge_lists import rechecks_screen

        rechecks = self._store_call(lambda: self.store.list_rechecks(self.article_id))
        if rechecks is not None:
            self.app.push_screen(rechecks_screen(rechecks))

    # ----- articles that change (R, D) ------------------------------------------------------

    #: What the header says when the text changed since the user's first annotation.
    UPDATED_NOTICE = "updated since you annotated it · D to see what changed"

    def _updated_notice(self) -> str:
        versions = self._store_call(lambda: self.store.annotated_version(self.article_id))
        if versions is None or versions[0] == versions[1]:
            return ""
        return self.UPDATED_NOTICE

    def action_refresh_article(self) -> None:
        """Fetch the article again in a worker thread (the store is used only on the UI
        thread); when its text changed, store the new version and reload the screen."""
        from reader import web
        from reader.io.http import HttpClient

        stored = self._store_call(lambda: self.store.get_article(self.article_id))
        if stored is None:
            return
        self.say("Fetching the article again…")

        def fetch() -> None:
            try:
                with HttpClient() as client:
                    article = web.fetch_again(stored, client)
            except web.WEB_ERRORS as error:
                self.app.call_from_thread(self.say, f"Cannot refresh: {error}")
                return
            self.app.call_from_thread(self._refreshed, article)

        self.run_worker(fetch, thread=True, exclusive=True, group="refresh")

    def _refreshed(self, article: Article) -> None:
        report = self._store_call(lambda: self.store.refresh_article(self.article_id, article))
        if report is None:
            return
        if not report.changed:
            self.say(f"No change: the article is as it was (version {report.version})")
            return
        self.say(
            f"Updated to version {report.version}: {report.reanchored} re-anchored, "
            f"{report.orphans} orphaned (O lists them), {report.rechecks} to re-check (!)"
        )
        self._reopen()

    def _reopen(self) -> None:
        """Replace this screen by a new one on the article's current version (its text,
        sections and annotations all change together); dialogs over it are closed."""
        while self.app.screen is not self and len(self.app.screen_stack) > 1:
            self.app.pop_screen()
        reopen = getattr(self.app, "reopen_reader", None)
        if reopen is not None:
            reopen()  # the app keeps one reader (beside the library)
        else:
            self.app.switch_screen(ReaderScreen(self.store, self.article_id))

    def action_show_changes(self) -> None:
        """Open the list of paragraphs changed since the version you annotated (else
        since the version before the current one)."""
        from reader.model.text_diff import changed_paragraphs
        from reader.ui.screens.changes_screen import ChangesScreen

        found = self._store_call(
            lambda: (
                self.store.annotated_version(self.article_id),
                self.store.list_versions(self.article_id),
            )
        )
        if found is None:
            return
        (annotated, current), versions = found
        if current <= 1:
            self.say("This article has one version: nothing changed")
            return
        base = annotated if annotated < current else current - 1
        texts = {v.version: v.text for v in versions}
        changes = changed_paragraphs(texts[base], texts[current])
        self.app.push_screen(ChangesScreen(base, current, changes))
