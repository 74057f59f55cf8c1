"""`/` in the library (issue 12, part 3): full-text search over every article and note,
results with their passages, Enter opens the article with the cursor at the passage."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from store_helpers import make_article, small_article

from reader.store import Store
from reader.ui.app import ReaderApp, create_app
from reader.ui.screens.library_screen import LibraryScreen
from reader.ui.screens.reader_screen import ReaderScreen
from reader.ui.screens.search_screen import SearchScreen, as_typed, hit_prompt

SIZE = (100, 30)
LONG = make_article(
    "The council met on Monday.\n"
    "Heading One\n"
    + "".join(f"Sentence {n} of the long report is about ordinary things.\n" for n in range(40))
    + "Heading Two\n"
    "Fishermen said the new quay would double the catch landed in the town.\n"
    "The mayor did not comment.\n",
    title="A long report",
    source="long.txt",
)


@pytest.fixture
def library(tmp_path: Path) -> Iterator[tuple[Store, str]]:
    with Store.open(tmp_path / "library.db", author="tester") as store:
        stored, _ = store.import_article(LONG)
        store.import_article(small_article("Other", title="Something else"))
        store.import_article(small_article("Third", title="A third one"))
        start = LONG.text.index("The mayor")
        store.add_annotation(stored.id, start, start + 9, "claim", note="Phone the harbourmaster")
        yield store, stored.id


def start(store: Store) -> ReaderApp:
    return create_app(store, None)


async def type_query(pilot, text: str) -> None:
    await pilot.press(*("space" if ch == " " else ch for ch in text))
    await pilot.pause(0.2)  # the search runs a moment after the last key


async def test_slash_searches_and_enter_opens_the_article_at_the_passage(
    library: tuple[Store, str],
) -> None:
    store, article_id = library
    app = start(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        await pilot.press("slash")
        screen = app.screen
        assert isinstance(screen, SearchScreen) and screen.query_input.has_focus
        await type_query(pilot, "quay")
        assert [(h.article_id, h.field) for h in screen.hits] == [(article_id, "text")]
        assert "quay" in str(screen.results.get_option_at_index(0).prompt)
        assert "1 article, 0 annotations" in str(screen.status.render())
        await pilot.press("enter")  # the first hit, at its passage
        await pilot.pause()
        reader = app.screen
        assert isinstance(reader, ReaderScreen) and reader.article_id == article_id
        quay = LONG.text.index("quay")
        assert reader.view.cursor == LONG.sentence_index_at(quay)
        assert reader.view.cursor > 0
        assert reader.view.cursor_span is not None
        assert "quay" in reader.view.cursor_span.text_of(LONG.text)


async def test_a_note_opens_at_its_annotation(library: tuple[Store, str]) -> None:
    store, _ = library
    app = start(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("slash")
        await type_query(pilot, "harbourma")  # the word being typed is a prefix
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        [hit] = screen.hits
        assert (hit.kind, hit.field) == ("annotation", "note")
        await pilot.press("down", "enter")
        await pilot.pause()
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        assert reader.view.cursor == LONG.sentence_index_at(LONG.text.index("The mayor"))


async def test_a_bad_query_is_said_and_esc_goes_back(library: tuple[Store, str]) -> None:
    store, _ = library
    app = start(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("slash")
        await type_query(pilot, '"quay')
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        assert "search query" in str(screen.status.render())
        assert screen.hits == []
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)


def test_a_hit_is_shown_literally_with_its_words_marked() -> None:
    from reader.store import SearchHit

    hit = SearchHit("article", "a1", "Evil\x1b[31m title", "text", "x\nquay\x07 y", ((2, 6),), 9)
    prompt = hit_prompt(hit)
    assert "\x1b" not in prompt.plain and "\x07" not in prompt.plain
    line = prompt.plain.splitlines()[1]
    marked = [span for span in prompt.spans if span.style == "reverse"]
    [span] = marked
    assert prompt.plain[span.start : span.end] == "quay"
    assert line.strip().startswith("x quay")


@pytest.mark.parametrize(
    ("typed", "searched"),
    [
        ("harb", "harb*"),
        ("new harb", "new harb*"),
        ("harbour ", "harbour "),
        ('"the new', '"the new'),
        ('"the new"', '"the new"'),
        ("quay OR", "quay OR"),
        ("quay*", "quay*"),
        ("", ""),
    ],
)
def test_the_word_being_typed_is_a_prefix(typed: str, searched: str) -> None:
    assert as_typed(typed) == searched


async def test_a_long_file_left_unindexed_is_indexed_when_the_library_opens(
    library: tuple[Store, str],
) -> None:
    # A long file opened with `reader FILE` and closed before its screen indexed it.
    store, _ = library
    text = "".join(f"Paragraph {n} of the long log mentions a lighthouse.\n\n" for n in range(2000))
    waiting, _ = store.import_article(
        make_article(text, title="A long log", source="log.txt"), index_later=True
    )
    assert store.waiting_passages() == 1 and store.search("lighthouse") == []
    app = start(store)
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(100):
            await pilot.pause(0.05)
            if store.waiting_passages() == 0:
                break
        await pilot.press("slash")
        await type_query(pilot, "lighthouse")
        assert [h.article_id for h in app.screen.hits] == [waiting.id]
