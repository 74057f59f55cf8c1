"""The section sidebar: one line per section, the count at the right edge."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.strip import Strip
from textual.style import Style as VisualStyle

from reader.io.importers import load_seed, parse_markdown, parse_plain_text
from reader.store import Store
from reader.ui.app import create_app
from reader.ui.widgets.section_sidebar import SectionSidebar
from tests.test_ui_big_article import long_text


async def test_a_long_title_without_a_count_stays_on_one_line(tmp_path: Path) -> None:
    """A long section title is shortened with an ellipsis, not wrapped: one line each."""
    text = "# Story\n\nLead sentence here.\n\n## What the plan includes for the harbour\n\nBody.\n"
    with Store.open(tmp_path / "w.db", author="tester") as store:
        article_id = store.import_article(parse_markdown(text, source="w.md"))[0].id
        app = create_app(store, article_id)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            sidebar = app.screen.query_one(SectionSidebar)
            assert sidebar.virtual_size.height == len(sidebar.article.sections) == 2
            line = sidebar.render_line(1).text.rstrip()
            assert line.startswith("What the plan") and line.endswith("…")


async def test_a_long_title_with_a_count_stays_on_one_line(tmp_path: Path) -> None:
    """'Alive and kicking' with a count wrapped the count onto a line of its own, which
    read as another section."""
    with Store.open(tmp_path / "s.db", author="tester") as store:
        article_id = store.import_article(load_seed())[0].id
        article = store.get_article(article_id).article
        for section in article.sections:
            if section.sentences:
                first = section.sentences[0]
                store.add_annotation(article_id, first.start, first.end, "claim")
        for size in ((100, 30), (80, 24)):
            app = create_app(store, article_id)
            async with app.run_test(size=size) as pilot:
                await pilot.pause()
                sidebar = app.screen.query_one(SectionSidebar)
                width = sidebar.scrollable_content_region.width
                lines = [
                    line.text.rstrip()
                    for line in (sidebar.render_line(y) for y in range(len(article.sections)))
                ]
                # every section takes exactly one line, its count at the right edge
                assert sidebar.virtual_size.height == len(article.sections)
                assert lines[2].startswith("Alive and kick") and lines[2].endswith(" 1")
                assert all(line.endswith(" 1") and len(line) <= width for line in lines)


def _cells(renderable: object, width: int) -> list[tuple[str, str]]:
    """Each character drawn with its style, trailing blanks left out."""
    from rich.console import Console

    console = Console(width=width, force_terminal=True, color_system="truecolor")
    drawn = [
        (char, str(segment.style or ""))
        for segment in console.render(renderable, console.options)
        for char in segment.text
    ]
    while drawn and drawn[-1][0] in " \n" and drawn[-1][1] in ("", "none"):
        drawn.pop()
    return drawn


def test_a_label_draws_as_the_two_column_grid_it_replaces() -> None:
    """The label (no rich Table per section: memory, issue 12) draws cell for cell as
    the grid did: the title shortened with an ellipsis, the count bold at the right."""
    from rich.text import Text

    from reader.ui.widgets.section_sidebar import _grid, _TitleCount

    for title in ("Lead", "A rather long section title that goes on", "“Quoted” — 日本語の見出し"):
        for count in ("", " 3", " 12345"):
            for width in (1, 3, 5, 8, 12, 21, 40):
                parts = (
                    Text(title, no_wrap=True, overflow="ellipsis"),
                    Text(count, style="bold" if count else ""),
                )
                assert _cells(_TitleCount(*parts), width) == _cells(_grid(*parts), width), (
                    title,
                    count,
                    width,
                )


@pytest.fixture
def many(tmp_path: Path) -> Iterator[tuple[Store, str]]:
    """An article of 400 sections, far more than a screen shows."""
    store = Store.open(tmp_path / "many.db", author="tester")
    stored, _ = store.import_article(
        parse_plain_text(long_text(800, per_heading=2), source="m.txt")
    )
    yield store, stored.id
    store.close()


def _count_rows(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The sections whose rows are rendered from now on, in order."""
    drawn: list[int] = []
    render = SectionSidebar._render_row

    def counted(self: SectionSidebar, index: int, width: int, style: VisualStyle) -> Strip:
        drawn.append(index)
        return render(self, index, width, style)

    monkeypatch.setattr(SectionSidebar, "_render_row", counted)
    return drawn


async def test_a_long_list_renders_only_the_rows_on_screen(
    many: tuple[Store, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """400 sections: the sidebar keeps no object per section and renders only the rows
    it shows (an OptionList made an option, a visual and lines for each: issue 12)."""
    drawn = _count_rows(monkeypatch)
    app = create_app(*many)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        sidebar = app.screen.query_one(SectionSidebar)
        rows = sidebar.scrollable_content_region.height
        assert len(sidebar.article.sections) == 400 == sidebar.virtual_size.height
        assert drawn and set(drawn) <= set(range(rows))
        assert not sidebar.children
        sidebar.focus()
        await pilot.press("end")
        await pilot.pause()
        assert sidebar.highlighted == 399
        top = int(sidebar.scroll_y)
        assert top == 400 - rows  # the last row scrolled into view, at the bottom
        assert set(drawn) <= set(range(rows)) | set(range(top, 400))
        assert len(set(drawn)) <= 2 * rows
        assert len(sidebar._rows) <= rows + SectionSidebar.CACHE_SLACK
        assert sidebar.render_line(rows - 1).text.startswith("Part 400")


async def test_keys_move_the_highlight_and_enter_chooses(many: tuple[Store, str]) -> None:
    """Up, down, page and home/end move the highlight and post nothing (the text stays
    where it is); Enter jumps to the highlighted section."""
    app = create_app(*many)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.reader_screen
        sidebar = screen.sidebar
        rows = sidebar.scrollable_content_region.height
        sidebar.focus()
        await pilot.press("down", "down", "down")
        await pilot.pause()
        assert sidebar.highlighted == 3
        assert screen.section == 0 and screen.view.cursor == 0
        await pilot.press("pagedown")
        assert sidebar.highlighted == 3 + rows
        assert int(sidebar.scroll_y) <= 3 + rows < int(sidebar.scroll_y) + rows
        await pilot.press("pageup", "home", "up")  # up from the first: the last
        assert sidebar.highlighted == 399
        await pilot.press("home", "down", "down", "enter")
        await pilot.pause()
        assert screen.section == 2
        assert screen.view.cursor == screen.article.first_sentence_of_section(2)
        assert screen.view.has_focus
        assert sidebar.highlighted == 2


async def test_a_click_on_a_row_chooses_its_section(many: tuple[Store, str]) -> None:
    app = create_app(*many)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.reader_screen
        # the border's top line, then the rows: row 4 is the fifth line
        await pilot.click(SectionSidebar, offset=(3, 5))
        await pilot.pause()
        assert screen.section == 4 == screen.sidebar.highlighted
        assert screen.view.cursor == screen.article.first_sentence_of_section(4)


async def test_a_changed_count_redraws_its_row_only(
    many: tuple[Store, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A tag changes one count: one row is rendered again, with the count at its end."""
    app = create_app(*many)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        sidebar = app.reader_screen.sidebar
        drawn = _count_rows(monkeypatch)
        counts = [0] * 400
        counts[5] = 12
        sidebar.set_counts(counts)
        await pilot.pause()
        assert drawn == [5]
        assert sidebar.render_line(5).text.rstrip().endswith(" 12")
        assert not sidebar.render_line(4).text.rstrip().endswith("0")
        sidebar.set_counts([0] * 400)
        await pilot.pause()
        assert drawn == [5, 5]
        assert sidebar.render_line(5).text.rstrip() == "Part 6"
