"""The keys of issue 9: q quits, " tags a quote, 1-9 tag with the first nine tags, never
twice the same annotation, and vim word motions (w/b/e) to select a phrase."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from test_ui import SIZE, live_rows, make_app, screen_of

from reader.io.importers import load_seed
from reader.store import Store
from reader.ui.screens.edit_annotation import EditAnnotationScreen
from reader.ui.screens.help_screen import HelpScreen, help_table
from reader.ui.screens.tag_picker import TagPicker


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "ui.db"


@pytest.fixture
def seeded(db_path: Path) -> Iterator[tuple[Store, str]]:
    store = Store.open(db_path, author="tester")
    stored, _ = store.import_article(load_seed())
    yield store, stored.id
    store.close()


def notes(app) -> list[str]:
    return [n.message for n in app.notices]


async def test_q_quits_and_tags_nothing(seeded: tuple[Store, str], db_path: Path) -> None:
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("q")
        await pilot.pause()
        assert app._exit  # the app is on its way out
    assert live_rows(db_path) == []


async def test_q_q_q_makes_no_annotation(seeded: tuple[Store, str], db_path: Path) -> None:
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("q", "q", "q")
    assert live_rows(db_path) == []


async def test_q_is_text_in_the_search_bar_and_the_forms(
    seeded: tuple[Store, str], db_path: Path
) -> None:
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        screen = screen_of(app)
        await pilot.press("slash", "q", "1")
        await pilot.pause()
        assert screen.search_bar.display
        assert not app._exit
        assert screen.search_bar.value == "q1"
        await pilot.press("escape", "escape")
        await pilot.press("quotation_mark", "E", "q", "2")
        await pilot.pause()
        assert isinstance(app.screen, EditAnnotationScreen)
        assert not app._exit
        await pilot.press("escape", "t", "q")
        await pilot.pause()
        assert isinstance(app.screen, TagPicker)
        assert not app._exit
        await pilot.press("escape")
        await pilot.pause()
        assert [r["tag"] for r in live_rows(db_path)] == ["quote"]


async def test_quotation_mark_tags_a_quote(seeded: tuple[Store, str], db_path: Path) -> None:
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("quotation_mark")
        [row] = live_rows(db_path)
        assert row["tag"] == "quote"
        assert row["exact"] == screen_of(app).article.sentences[0].text_of(
            screen_of(app).article.text
        )


async def test_number_keys_tag_with_the_first_nine_tags(
    seeded: tuple[Store, str], db_path: Path
) -> None:
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "j", "2", "j", "3")
        await pilot.pause()
        rows = sorted(live_rows(db_path), key=lambda r: r["start"])
        assert [r["tag"] for r in rows] == ["claim", "quote"]  # 3: no tag yet
        assert "No tag 3 yet: t chooses or creates a tag" in notes(app)
        await pilot.press("t", *"figure", "enter")
        await pilot.pause()
        await pilot.press("j", "3")
        await pilot.pause()
        rows = sorted(live_rows(db_path), key=lambda r: r["start"])
        assert [r["tag"] for r in rows] == ["claim", "quote", "figure", "figure"]


async def test_the_same_tag_twice_by_key_makes_one_row_and_one_undo_step(
    seeded: tuple[Store, str], db_path: Path
) -> None:
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("quotation_mark", "quotation_mark", "2", "c", "1")
        await pilot.pause()
        rows = live_rows(db_path)
        assert sorted(r["tag"] for r in rows) == ["claim", "quote"]
        assert any(n.startswith("Already tagged quote") for n in notes(app))
        assert any(n.startswith("Already tagged claim") for n in notes(app))
        await pilot.press("u")  # the claim
        await pilot.pause()
        assert [r["tag"] for r in live_rows(db_path)] == ["quote"]
        await pilot.press("u")  # the quote: no empty step in between
        await pilot.pause()
        assert live_rows(db_path) == []


async def test_help_names_the_tag_of_each_number_key(seeded: tuple[Store, str]) -> None:
    store, _ = seeded
    store.ensure_tag("figure")
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert app.screen.tag_names == ("claim", "quote", "figure")
        table = help_table(app.screen.tag_names)
        shown = "\n".join(str(cell) for column in table.columns for cell in column._cells)
        for line in (
            "1-9\n",
            "Tag: 1 claim · 2 quote · 3 figure · 4-9 no tag yet (t makes one)",
            '"\n',
            "Next word (the word cursor); in a selection: one word more",
            "Quit",
        ):
            assert line in shown
        await pilot.press("q")  # closes the help, as in less
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen) and not app._exit


SENTENCE = load_seed().sentences[4]  # "… abducting about 250 people and killing around 1,200."
FIGURE_SENTENCE = 28  # "His administration paused the delivery last week of 3,500 bombs as …"


async def test_w_and_e_select_a_figure_in_a_few_keys(
    seeded: tuple[Store, str], db_path: Path
) -> None:
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        screen = screen_of(app)
        screen.view.move_cursor(FIGURE_SENTENCE)
        await pilot.pause()
        await pilot.press(*"wwwwwwwww")  # the word cursor: His administration … of 3,500
        text = screen.article.text
        assert screen.view.selection.text_of(text) == "3,500"
        await pilot.press("v", "e", "c")
        [row] = live_rows(db_path)
        assert (row["tag"], row["exact"]) == ("claim", "3,500 bombs")


async def test_b_from_the_end_and_trimmed_punctuation(
    seeded: tuple[Store, str], db_path: Path
) -> None:
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        screen = screen_of(app)
        text = screen.article.text
        await pilot.press("j", "j", "j", "j")
        assert screen.view.cursor_span == SENTENCE
        await pilot.press("b")  # the last word of the sentence
        assert screen.view.selection.text_of(text) == "1,200."
        await pilot.press("b", "v", "e")  # around … 1,200.
        assert screen.view.selection.text_of(text) == "around 1,200."
        await pilot.press("1")
        await pilot.press("b", "b", "b", "b", "b", "b", "v", "w", "w", "b", "quotation_mark")
        rows = sorted(live_rows(db_path), key=lambda r: r["start"])
        assert [(r["tag"], r["exact"]) for r in rows] == [
            ("quote", "250 people"),
            ("claim", "around 1,200"),
        ]


async def test_b_in_a_selection_turns_round_its_first_word(
    seeded: tuple[Store, str], db_path: Path
) -> None:
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        screen = screen_of(app)
        text = screen.article.text
        await pilot.press("j", "j", "j", "j", "b", "v", "b", "b")
        assert screen.view.selection.text_of(text) == "killing around 1,200."
        await pilot.press("w")
        assert screen.view.selection.text_of(text) == "around 1,200."
        await pilot.press("c")
        [row] = live_rows(db_path)
        assert row["exact"] == "around 1,200"


async def test_shift_arrows_still_extend_by_words(seeded: tuple[Store, str], db_path: Path) -> None:
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        screen = screen_of(app)
        text = screen.article.text
        await pilot.press("w", "shift+right", "shift+right")
        assert screen.view.selection.text_of(text) == "Israel mounted its"
        await pilot.press("shift+left", "c")
        [row] = live_rows(db_path)
        assert row["exact"] == "Israel mounted"


async def test_after_a_search_w_starts_at_the_match(
    seeded: tuple[Store, str], db_path: Path
) -> None:
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        screen = screen_of(app)
        await pilot.press("slash", *"3,500", "enter")
        await pilot.pause()
        assert screen.view.cursor == FIGURE_SENTENCE
        await pilot.press("w", "v", "e", "c")
        [row] = live_rows(db_path)
        assert row["exact"] == "3,500 bombs"


async def test_t_and_number_keys_tag_exactly_the_selected_words(
    seeded: tuple[Store, str], db_path: Path
) -> None:
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "j", "j", "j", "b", "b", "v", "e", "t", *"figure", "enter")
        await pilot.pause()
        await pilot.press("b", "b", "b", "b", "b", "b", "v", "e", "2")  # 250 people
        await pilot.pause()
        await pilot.press("b", "b", "b", "b", "b", "b", "1")  # the word cursor alone: 250
        await pilot.pause()
        rows = sorted(live_rows(db_path), key=lambda r: (r["start"], r["end"]))
        assert [(r["tag"], r["exact"]) for r in rows] == [
            ("claim", "250"),
            ("quote", "250 people"),
            ("figure", "around 1,200"),
        ]
