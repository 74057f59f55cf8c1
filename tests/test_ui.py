"""Behaviour of the Textual app, driven with the Pilot and checked on widgets and rows."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import pyperclip
import pytest

from reader.io.importers import load_seed, parse_plain_text
from reader.store import Store
from reader.ui.app import ReaderApp, create_app
from reader.ui.keys import COMMANDS, help_text, number_keys_help, tag_number, title_text
from reader.ui.screens.edit_annotation import EditAnnotationScreen
from reader.ui.screens.help_screen import HelpScreen, help_table
from reader.ui.screens.reader_screen import ReaderScreen
from reader.ui.screens.tag_picker import TagPicker

SIZE = (100, 30)
FIRST_SENTENCE = (
    "Israel mounted its bombardment of the Gaza Strip and its southern city of Rafah, "
    "in particular, after truce talks in Cairo ended without any deal on Friday."
)
DISPLACED_FIRST = (
    "Israeli troops this week seized and closed the Palestinian side of the Rafah crossing "
    "between Egypt and Gaza – through which all fuel passes into the territory – after "
    "ordering residents of eastern Rafah to evacuate."
)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "ui.db"


@pytest.fixture
def seeded(db_path: Path) -> tuple[Store, str]:
    store = Store.open(db_path, author="tester")
    stored, _ = store.import_article(load_seed())
    yield store, stored.id
    store.close()


def make_app(seeded: tuple[Store, str]) -> ReaderApp:
    store, article_id = seeded
    return create_app(store, article_id)


def live_rows(db_path: Path) -> list[dict]:
    """Annotations as another process would see them now (a fresh connection)."""
    with Store.open(db_path, author="observer") as other:
        article = other.list_articles()[0]
        return [asdict(a) for a in other.annotations(article.id)]


def screen_of(app: ReaderApp) -> ReaderScreen:
    return app.reader_screen


async def test_opens_on_the_lead_with_four_sections(seeded: tuple[Store, str]) -> None:
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = screen_of(app)
        assert screen.view.cursor == 0
        assert screen.view.cursor_span.text_of(screen.article.text) == FIRST_SENTENCE
        titles = [screen.sidebar.render_line(i).text.strip() for i in range(4)]
        assert titles == ["Lead", "Displaced again", "Alive and kicking", "Arson"]
        assert screen.sidebar.highlighted == 0
        assert screen.title.startswith("Israel mounted its bombardment")


async def test_acceptance_keys_quote_section_claim(
    seeded: tuple[Store, str], db_path: Path
) -> None:
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("quotation_mark")
        await pilot.press("right_square_bracket")
        screen = screen_of(app)
        assert screen.sidebar.highlighted == 1
        assert screen.view.cursor_span.text_of(screen.article.text) == DISPLACED_FIRST
        await pilot.press("c")
        await pilot.pause()
        rows = sorted(live_rows(db_path), key=lambda r: r["start"])
        assert [(r["tag"], r["exact"]) for r in rows] == [
            ("quote", FIRST_SENTENCE),
            ("claim", DISPLACED_FIRST),
        ]
        assert all(r["author"] == "tester" and r["status"] == "unverified" for r in rows)
        assert screen.sidebar.counts == [1, 1, 0, 0]
        assert screen.panel.annotation_row_ids == [rows[1]["id"]]


async def test_previous_section_and_sidebar_choice(seeded: tuple[Store, str]) -> None:
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        screen = screen_of(app)
        await pilot.press("right_square_bracket", "right_square_bracket", "right_square_bracket")
        assert screen.section == 3
        await pilot.press("right_square_bracket")  # already on the last section
        assert screen.section == 3
        await pilot.press("left_square_bracket")
        assert screen.section == 2
        first_of_arson = screen.article.first_sentence_of_section(3)
        screen.sidebar.focus()
        await pilot.press("down", "enter")
        await pilot.pause()
        assert screen.view.cursor == first_of_arson
        assert screen.view.has_focus


async def test_j_k_move_by_sentence_and_update_section(seeded: tuple[Store, str]) -> None:
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        screen = screen_of(app)
        await pilot.press("j", "j", "down")
        assert screen.view.cursor == 3
        await pilot.press("k", "up")
        assert screen.view.cursor == 1
        await pilot.press("k", "k", "k")
        assert screen.view.cursor == 0
        lead_count = len(screen.article.sections[0].sentences)
        for _ in range(lead_count):
            await pilot.press("j")
        assert screen.section == 1
        assert screen.sidebar.highlighted == 1


async def test_edit_speaker_status_and_note(seeded: tuple[Store, str], db_path: Path) -> None:
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("quotation_mark", "E")
        await pilot.pause()
        assert isinstance(app.screen, EditAnnotationScreen)
        await pilot.press(*"Joe Biden")
        app.screen.note_area.insert("check the AFP wire")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        [row] = live_rows(db_path)
        assert row["speaker"] == "Joe Biden"
        assert row["note"] == "check the AFP wire"
        assert row["tag"] == "quote"


async def test_escape_cancels_the_edit(seeded: tuple[Store, str], db_path: Path) -> None:
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("quotation_mark", "E", *"nobody", "escape")
        await pilot.pause()
        [row] = live_rows(db_path)
        assert row["speaker"] is None


async def test_status_cycles(seeded: tuple[Store, str], db_path: Path) -> None:
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c", "s")
        assert live_rows(db_path)[0]["status"] == "supported"
        await pilot.press("s", "s")
        assert live_rows(db_path)[0]["status"] == "false"
        await pilot.press("s")
        assert live_rows(db_path)[0]["status"] == "unverified"


async def test_undo_redo_many_steps_and_persisted(seeded: tuple[Store, str], db_path: Path) -> None:
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("quotation_mark", "j", "c", "s")
        assert len(live_rows(db_path)) == 2
        await pilot.press("u")  # status back
        assert {r["status"] for r in live_rows(db_path)} == {"unverified"}
        await pilot.press("u")  # claim gone
        assert [r["tag"] for r in live_rows(db_path)] == ["quote"]
        await pilot.press("u")  # quote gone
        assert live_rows(db_path) == []
        await pilot.press("u")  # nothing left to undo: no change, no crash
        assert live_rows(db_path) == []
        await pilot.press("ctrl+r", "ctrl+r")
        assert sorted(r["tag"] for r in live_rows(db_path)) == ["claim", "quote"]
    # The redo stack survives a restart of the app.
    store, article_id = seeded
    app2 = create_app(store, article_id)
    async with app2.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+r")
        assert {r["status"] for r in live_rows(db_path)} == {"unverified", "supported"}
        assert screen_of(app2).sidebar.counts[0] == 2


async def test_delete_and_undo(seeded: tuple[Store, str], db_path: Path) -> None:
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("quotation_mark", "d")
        assert live_rows(db_path) == []
        assert screen_of(app).sidebar.counts[0] == 0
        await pilot.press("d")  # nothing under the cursor now: a message, no crash
        await pilot.press("u")
        assert len(live_rows(db_path)) == 1


async def test_visual_selection_over_two_sentences(
    seeded: tuple[Store, str], db_path: Path
) -> None:
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        screen = screen_of(app)
        second = screen.article.sentences[1]
        await pilot.press("v", "j", "c")
        [row] = live_rows(db_path)
        assert row["start"] == 0 and row["end"] == second.end
        assert screen.view.selection is None


async def test_selection_of_part_of_a_sentence(seeded: tuple[Store, str], db_path: Path) -> None:
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("v", "shift+left", "shift+left", "h", "quotation_mark")
        [row] = live_rows(db_path)
        assert FIRST_SENTENCE.startswith(row["exact"])
        assert row["exact"].endswith("Friday") is False
        assert row["exact"] == FIRST_SENTENCE[: len(row["exact"])]
        assert len(row["exact"]) < len(FIRST_SENTENCE) - 5


async def test_escape_cancels_the_selection(seeded: tuple[Store, str], db_path: Path) -> None:
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        screen = screen_of(app)
        await pilot.press("v", "j", "escape")
        assert screen.view.selection is None
        assert screen.view.cursor == 1  # the cursor followed the selection's moving end
        await pilot.press("c")
        [row] = live_rows(db_path)
        assert row["exact"] == screen.article.sentences[1].text_of(screen.article.text)


async def test_choose_or_create_a_tag(seeded: tuple[Store, str], db_path: Path) -> None:
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, TagPicker)
        await pilot.press(*"figure", "enter")
        await pilot.pause()
        [row] = live_rows(db_path)
        assert row["tag"] == "figure"
        store, _ = seeded
        assert "figure" in {t.name for t in store.tags()}
        await pilot.press("j", "t", *"quo", "enter")
        await pilot.pause()
        assert sorted(r["tag"] for r in live_rows(db_path)) == ["figure", "quote"]


async def test_tab_between_overlapping_annotations(
    seeded: tuple[Store, str], db_path: Path
) -> None:
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        screen = screen_of(app)
        await pilot.press("quotation_mark", "c")
        first = screen.chosen_id
        await pilot.press("greater_than_sign")
        assert screen.chosen_id != first
        await pilot.press("s")
        statuses = {r["id"]: r["status"] for r in live_rows(db_path)}
        assert statuses[screen.chosen_id] == "supported"
        assert statuses[first] == "unverified"


async def test_search_moves_the_cursor(seeded: tuple[Store, str]) -> None:
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        screen = screen_of(app)
        await pilot.press("slash", *"kerem shalom", "enter")
        await pilot.pause()
        text = screen.article.text
        assert "Kerem Shalom" in screen.view.cursor_span.text_of(text)
        count = text.count("Kerem Shalom")
        assert len(screen.view.matches) == count >= 2
        before = screen.view.current_match
        await pilot.press("n")
        assert screen.view.current_match == (before + 1) % count
        await pilot.press("N")
        assert screen.view.current_match == before


async def test_copy_citation_uses_pyperclip(
    seeded: tuple[Store, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    copied: list[str] = []
    monkeypatch.setattr(pyperclip, "copy", copied.append)
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("quotation_mark", "E", *"Joe Biden", "ctrl+s", "y")
        await pilot.pause()
    [citation] = copied
    assert citation.startswith(f"“{FIRST_SENTENCE}” — Joe Biden, Israel mounted")


async def test_copy_falls_back_to_the_terminal(
    seeded: tuple[Store, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_clipboard(text: str) -> None:
        raise pyperclip.PyperclipException("no clipboard")

    monkeypatch.setattr(pyperclip, "copy", no_clipboard)
    app = make_app(seeded)
    sent: list[str] = []
    monkeypatch.setattr(app, "copy_to_clipboard", sent.append)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right_square_bracket", "y")
        await pilot.pause()
    [citation] = sent
    assert citation.startswith(f"“{DISPLACED_FIRST}” — ")
    assert citation.endswith(", Displaced again")


async def test_help_lists_every_command(seeded: tuple[Store, str]) -> None:
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        names = [t.name for t in seeded[0].tags()]
        helps = [str(cell) for cell in help_table(app.screen.tag_names).columns[1]._cells]
        for command in COMMANDS:
            assert help_text(command, names) in helps or tag_number(command)
        assert number_keys_help(names) in helps
        await pilot.press("escape")
        assert isinstance(app.screen, ReaderScreen)


async def test_command_palette_lists_reader_commands(seeded: tuple[Store, str]) -> None:
    app = make_app(seeded)
    async with app.run_test(size=SIZE):
        titles = [command.title for command in app.get_system_commands(app.screen)]
        names = [t.name for t in seeded[0].tags()]
        for command in COMMANDS:
            assert any(title.startswith(title_text(command, names)) for title in titles)
        assert "Tag claim (1)" in titles and "Tag with tag 3 (3)" in titles


async def test_palette_command_runs_the_action(seeded: tuple[Store, str], db_path: Path) -> None:
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        command = next(
            c for c in app.get_system_commands(app.screen) if c.title.startswith("Tag quote")
        )
        command.callback()
        await pilot.pause()
        assert [r["tag"] for r in live_rows(db_path)] == ["quote"]


async def test_click_moves_the_cursor(seeded: tuple[Store, str]) -> None:
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        screen = screen_of(app)
        view = screen.view
        line = next(
            i
            for i, vl in enumerate(view.lines)
            if vl.start <= screen.article.sentences[2].start < vl.end
        )
        await pilot.click(view, offset=(6, line + 1))  # +1: the border
        await pilot.pause()
        assert view.cursor == 2


async def test_hostile_text_is_shown_literally(tmp_path: Path) -> None:
    article = parse_plain_text(
        "A title\n\nThe [bold red]markup[/] stays as typed. "
        "Escapes \x1b[31mred\x1b[0m do not reach the terminal.\n",
        source="hostile.txt",
    )
    with Store.open(tmp_path / "h.db", author="t") as store:
        stored, _ = store.import_article(article)
        app = create_app(store, stored.id)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            view = screen_of(app).view
            rendered = "".join(
                segment.text for y in range(view.size.height) for segment in view.render_line(y)
            )
            assert "[bold red]markup[/]" in rendered
            assert "\x1b" not in rendered
            assert "␛[31m" in rendered


async def test_mouse_selection_becomes_the_tag_target(
    seeded: tuple[Store, str], db_path: Path
) -> None:
    from textual.geometry import Offset
    from textual.selection import Selection

    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        view = screen_of(app).view
        # Select from the 8th character of the first line to the 5th of the second,
        # as Textual reports a mouse drag (offsets are (column, line) in the view).
        view.selection_updated(Selection(Offset(7, 0), Offset(5, 1)))
        first, second = view.lines[0], view.lines[1]
        expected = screen_of(app).article.text[first.start + 7 : second.start + 5]
        assert view.get_selection(Selection(Offset(7, 0), Offset(5, 1)))[0] == expected
        await pilot.press("c")
        [row] = live_rows(db_path)
        assert row["exact"] == expected.strip()
        assert view.selection is None


def test_visible_text_keeps_length_and_hides_controls() -> None:
    from reader.model.safe_text import visible_text

    hostile = "a\x1b[2Jb\x07c\u202ed\x9b"
    shown = visible_text(hostile)
    assert len(shown) == len(hostile)
    assert not any(ord(ch) < 0x20 or 0x7F <= ord(ch) < 0xA0 for ch in shown)
    assert "\u202e" not in shown
    assert shown.startswith("a␛[2Jb")


async def test_selection_grows_backwards_keeping_the_cursor_sentence(
    seeded: tuple[Store, str], db_path: Path
) -> None:
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        sentences = screen_of(app).article.sentences
        await pilot.press("j", "j", "v", "k", "k", "j", "k", "quotation_mark")
        [row] = live_rows(db_path)
        assert (row["start"], row["end"]) == (sentences[0].start, sentences[2].end)
        assert screen_of(app).view.cursor == 0  # the cursor followed the moving end
        await pilot.press("j", "j", "j", "v", "j", "o", "k", "c")  # o: now the start moves
        claim = next(r for r in live_rows(db_path) if r["tag"] == "claim")
        assert (claim["start"], claim["end"]) == (sentences[2].start, sentences[4].end)
