"""Every key acts where the screen says: after any move the cursor's sentence is on
screen, it is what the keys act on, and the panel, sidebar and header agree with it."""

from __future__ import annotations

from pathlib import Path

from reader.model import Span
from reader.store import Store
from reader.ui.app import ReaderApp
from reader.ui.screens.reader_screen import ReaderScreen
from test_ui import SIZE, db_path, live_rows, make_app, screen_of, seeded

__all__ = ["db_path", "seeded"]  # pytest fixtures reused from test_ui

HAMAS = "Hamas said its delegation had left for Qatar"


def visible_lines(screen: ReaderScreen) -> range:
    """The indices of the view's lines now on screen."""
    view = screen.view
    top = round(view.scroll_y)
    return range(top, top + view.scrollable_content_region.height)


def on_screen(screen: ReaderScreen, span: Span) -> bool:
    """Whether ``span`` is shown (or, when taller than the view, fills it from its top)."""
    view, shown = screen.view, visible_lines(screen)
    first = view.line_of_offset(span.start)
    last = view.line_of_offset(max(span.end - 1, span.start))
    return first in shown and (last in shown or first == shown.start)


def cursor_text(screen: ReaderScreen) -> str:
    return screen.view.cursor_span.text_of(screen.article.text)


def assert_consistent(screen: ReaderScreen) -> None:
    """The invariant every key must keep."""
    view = screen.view
    cursor = view.cursor_span
    assert cursor is not None
    assert on_screen(screen, cursor), "the cursor's sentence is off screen"
    target = view.target_span
    assert target == (view.selection if view.selection else cursor)
    chosen = screen.chosen_annotation()
    if chosen is not None:
        assert chosen.start < target.end and chosen.end > target.start
        if chosen.id in screen.panel.annotation_ids:
            assert screen.panel.highlighted_id == chosen.id, "the panel shows another row"
    section = screen.article.section_of_sentence(view.cursor)
    assert screen.section == section
    assert screen.sidebar.highlighted == section
    if view.current_match is not None:
        match = view.matches[view.current_match]
        assert cursor.start <= match.start < cursor.end
        assert on_screen(screen, match), "the current match is off screen"
        assert screen.sub_title == f"match {view.current_match + 1} of {len(view.matches)}"


async def test_n_into_an_annotated_section_keeps_the_cursor_on_the_match(
    seeded: tuple[Store, str],
) -> None:
    """The issue's reproduction: n eleven times crosses into the section holding a
    claim; the panel refilling there used to pull the cursor onto the claim."""
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        screen = screen_of(app)
        await pilot.press("right_square_bracket", "right_square_bracket", "j", "j", "c")
        await pilot.pause()
        assert [a.exact.startswith(HAMAS) for a in screen.annotations] == [True]
        await pilot.press(*["left_square_bracket"] * 3)
        await pilot.press("slash", *"rafah", "enter")
        await pilot.pause()
        assert screen.sub_title == "match 1 of 14"
        for _ in range(11):
            await pilot.press("n")
            await pilot.pause()
        view = screen.view
        match = view.matches[view.current_match]
        assert screen.sub_title == "match 12 of 14"
        assert view.cursor_span.start <= match.start < view.cursor_span.end
        assert "rafah" in cursor_text(screen).lower()
        assert HAMAS not in cursor_text(screen)
        assert on_screen(screen, match)
        assert screen.chosen_annotation() is None
        assert_consistent(screen)
