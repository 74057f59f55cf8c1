"""The section sidebar: one line per section, the count at the right edge."""

from __future__ import annotations

from pathlib import Path

from reader.io.importers import load_seed, parse_markdown
from reader.store import Store
from reader.ui.app import create_app
from reader.ui.widgets.section_sidebar import SectionSidebar


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
