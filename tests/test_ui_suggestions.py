"""Suggestions in the app: computed in a worker, accepted (a, A), rejected (x), hidden (S),
undone (u), all driven with the Pilot on the bundled article."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.io.importers import load_seed
from reader.store import Store
from reader.suggest import RULES_VERSION
from reader.ui.app import ReaderApp, create_app
from reader.ui.screens.reader_screen import ReaderScreen

SIZE = (100, 30)
DE_DOMENICO = "We lost the main entry point for all humanitarian aid"


@pytest.fixture
def seeded(tmp_path: Path) -> Iterator[tuple[Store, str]]:
    store = Store.open(tmp_path / "ui.db", author="tester")
    stored, _ = store.import_article(load_seed())
    yield store, stored.id
    store.close()


async def _ready(pilot) -> ReaderScreen:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    return pilot.app.reader_screen


async def _cursor_on(pilot, screen: ReaderScreen, words: str) -> None:
    index = screen.article.sentence_index_at(screen.article.text.index(words))
    screen.view.move_cursor(index)
    await pilot.pause()


async def _press_on_de_domenico(pilot, key: str) -> ReaderScreen:
    screen = await _ready(pilot)
    await _cursor_on(pilot, screen, DE_DOMENICO)
    await pilot.press(key)
    await pilot.pause()
    return screen


def _quote_keys(screen: ReaderScreen) -> set[str]:
    return {s.exact for s in screen.suggestions.items() if s.kind == "quote"}


async def test_suggestions_computed_in_a_worker_then_cached(seeded: tuple[Store, str]) -> None:
    store, article_id = seeded
    assert store.cached_suggestions(article_id, RULES_VERSION) is None
    app: ReaderApp = create_app(store, article_id)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _ready(pilot)
        assert screen.suggestions.ready
        assert DE_DOMENICO in {s.exact for s in screen.suggestions.items()}
        quiet = [m for m in screen.view.marks if m.quiet]
        assert len(quiet) == len(screen.suggestions.items()) > 10
    assert store.cached_suggestions(article_id, RULES_VERSION) is not None


async def test_the_worker_gives_the_freed_heap_back_once_it_computed_not_when_cached(
    seeded: tuple[Store, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import reader.ui.suggestions

    store, article_id = seeded
    trims: list[bool] = []
    monkeypatch.setattr(
        reader.ui.suggestions,
        "give_back_freed_memory",
        lambda: trims.append(store.cached_suggestions(article_id, RULES_VERSION) is not None),
    )
    for _ in range(2):  # computed and saved, then read from the cache
        async with create_app(store, article_id).run_test(size=SIZE) as pilot:
            assert (await _ready(pilot)).suggestions.ready
    assert trims == [True]  # once, after the save


async def test_accept_makes_a_quote_with_its_speaker_and_undo_takes_it_back(
    seeded: tuple[Store, str],
) -> None:
    store, article_id = seeded
    app = create_app(store, article_id)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _press_on_de_domenico(pilot, "a")
        (annotation,) = store.annotations(article_id)
        assert annotation.tag == "quote"
        assert annotation.exact == DE_DOMENICO
        assert annotation.speaker == "Andrea De Domenico"
        assert annotation.origin == "suggestion"
        assert DE_DOMENICO not in _quote_keys(screen)
        assert annotation.id in screen.panel.annotation_ids
        await pilot.press("u")
        await pilot.pause()
        assert store.annotations(article_id) == []
        assert DE_DOMENICO in _quote_keys(screen)


async def test_reject_is_remembered_after_reopening_and_undoable(
    seeded: tuple[Store, str],
) -> None:
    store, article_id = seeded
    app = create_app(store, article_id)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _press_on_de_domenico(pilot, "x")
        assert DE_DOMENICO not in _quote_keys(screen)
        assert store.annotations(article_id) == []
    app = create_app(store, article_id)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _ready(pilot)
        assert screen.suggestions.ready
        assert DE_DOMENICO not in _quote_keys(screen)
        await pilot.press("u")
        await pilot.pause()
        assert DE_DOMENICO in _quote_keys(screen)
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert DE_DOMENICO not in _quote_keys(screen)


async def test_accept_all_in_section_is_one_undo(seeded: tuple[Store, str]) -> None:
    store, article_id = seeded
    app = create_app(store, article_id)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _ready(pilot)
        await pilot.press("right_square_bracket")  # "Displaced again"
        await pilot.pause()
        expected = screen.suggestions.in_section(1)
        assert len(expected) >= 3
        await pilot.press("A")
        await pilot.pause()
        made = store.annotations(article_id)
        assert len(made) == len(expected)
        assert {(a.tag, a.start, a.end) for a in made} == {
            (s.kind, s.start, s.end) for s in expected
        }
        assert all(a.origin == "suggestion" for a in made)
        assert screen.suggestions.in_section(1) == []
        await pilot.press("u")
        await pilot.pause()
        assert store.annotations(article_id) == []
        assert len(screen.suggestions.in_section(1)) == len(expected)


async def test_show_hide_suggestions(seeded: tuple[Store, str]) -> None:
    store, article_id = seeded
    app = create_app(store, article_id)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _ready(pilot)
        assert any(m.quiet for m in screen.view.marks)
        await pilot.press("S")
        await pilot.pause()
        assert not any(m.quiet for m in screen.view.marks)
        assert not any(k.startswith("suggestion:") for k in screen.panel.annotation_ids)
        await _cursor_on(pilot, screen, DE_DOMENICO)
        await pilot.press("a")
        await pilot.pause()
        assert store.annotations(article_id) == []  # hidden suggestions are not accepted
        await pilot.press("S")
        await pilot.pause()
        assert any(m.quiet for m in screen.view.marks)


async def test_every_seed_quote_has_its_speaker_in_the_panel(seeded: tuple[Store, str]) -> None:
    store, article_id = seeded
    app = create_app(store, article_id)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _ready(pilot)
        await pilot.press("right_square_bracket", "right_square_bracket", "right_square_bracket")
        await pilot.pause()
        speakers = {s.speaker for s in screen.suggestions.in_section(3) if s.kind == "quote"}
        assert speakers == {"Benjamin Netanyahu"}
        rows = [k for k in screen.panel.annotation_ids if k.startswith("suggestion:quote")]
        assert len(rows) == 2


async def test_picking_a_suggestion_row_moves_the_cursor_and_a_accepts_it(
    seeded: tuple[Store, str],
) -> None:
    store, article_id = seeded
    app = create_app(store, article_id)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _ready(pilot)
        await pilot.press("right_square_bracket")  # "Displaced again"
        await pilot.pause()
        rows = screen.panel.annotation_ids
        key = next(k for k in rows if k.startswith("suggestion:quote"))
        screen.panel.focus()
        await pilot.pause()  # the user is in the panel before choosing a row
        screen.panel.move_cursor(row=rows.index(key))
        await pilot.pause()
        chosen = next(s for s in screen.suggestions.items() if key.endswith(f":{s.start}:{s.end}"))
        assert screen.view.cursor == screen.article.sentence_index_at(chosen.start)
        await pilot.press("a")
        await pilot.pause()
        (annotation,) = store.annotations(article_id)
        assert (annotation.start, annotation.end) == (chosen.start, chosen.end)
