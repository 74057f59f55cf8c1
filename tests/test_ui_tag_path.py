"""What a tag key changes on the reader screen (issue 12): the panel's rows in place, the
article lines of the new mark only, and no background layout step between keys."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.io.importers import load_seed, parse_plain_text
from reader.store import Store
from reader.ui.app import create_app
from reader.ui.widgets.article_view import ArticleView

SIZE = (110, 36)
SEED = load_seed()
S = SEED.sentences


@pytest.fixture
def seeded(tmp_path: Path) -> Iterator[tuple[Store, str]]:
    store = Store.open(tmp_path / "ui.db", author="tester")
    stored, _ = store.import_article(SEED)
    store.add_annotation(stored.id, S[2].start, S[2].end, "quote")
    yield store, stored.id
    store.close()


def _rows(panel) -> list[tuple[str, str]]:
    """Each row's key and text, in order."""
    keys = [panel.coordinate_to_cell_key((row, 0)).row_key.value for row in range(panel.row_count)]
    return [(key, " | ".join(str(c) for c in panel.get_row(key))) for key in keys]


async def _fresh_rows(store: Store, article_id: str, cursor: int) -> list[tuple[str, str]]:
    """The panel's rows as a newly opened screen fills them, the cursor on ``cursor``."""
    app = create_app(store, article_id)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        app.reader_screen.view.move_cursor(cursor)
        await pilot.pause()
        return _rows(app.reader_screen.panel)


async def test_tag_status_delete_and_undo_change_the_panel_rows_as_a_refill_would(
    seeded: tuple[Store, str],
) -> None:
    store, article_id = seeded
    app = create_app(store, article_id)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.reader_screen
        panel = screen.panel
        quote = screen.annotations[0].id
        kept = panel.rows[quote]
        steps = [("j", "j", "j", "1"), ("k", "k", "k", "1"), ("s",), ("d",), ("u",), ("2",)]
        for keys in steps:
            await pilot.press(*keys)
            await pilot.pause()
            shown = _rows(panel)
            assert shown == await _fresh_rows(store, article_id, screen.view.cursor), keys
            # the chosen annotation's row highlighted, else the first row (as a refill)
            assert panel.highlighted_id == (screen.chosen_id or panel.annotation_ids[0])
        # the quote's row was never dropped and made again
        assert panel.rows[quote] is kept


async def test_a_tag_works_out_the_marks_of_the_tagged_lines_only(
    seeded: tuple[Store, str],
) -> None:
    store, article_id = seeded
    app = create_app(store, article_id)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        view = app.reader_screen.view
        await pilot.press("j", "j", "j", "j")
        await pilot.pause()
        made = view.summaries_made
        span = view.cursor_span
        lines = view.line_of_offset(span.end - 1) - view.line_of_offset(span.start) + 1
        await pilot.press("1")
        await pilot.pause()
        assert len(app.reader_screen.annotations) == 2
        # the sentence's lines (and a line touching either end), not the whole view
        assert 0 < view.summaries_made - made <= lines + 2 < view.size.height


async def test_the_background_layout_waits_while_keys_come(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = "A long one\n\n" + "".join(
        f"Paragraph {i} says a thing. And another thing.\n\n" for i in range(6000)
    )
    with Store.open(tmp_path / "long.db", author="tester") as store:
        article_id = store.import_article(parse_plain_text(text, source="long.txt"))[0].id
        monkeypatch.setattr(ArticleView, "SETTLE_DELAY", 3600.0)  # steps run by hand below
        app = create_app(store, article_id)
        async with app.run_test(size=(100, 30)) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            view = app.reader_screen.view
            assert not view.lines.settled
            await pilot.press("j")
            measured = view.lines.blocks_measured
            view._settle_some()  # a key came just now: the step waits
            assert view.lines.blocks_measured == measured
            monkeypatch.setattr(ArticleView, "SETTLE_AFTER_INPUT", 0.0)  # keys long past
            view._settle_some()
            assert view.lines.blocks_measured > measured
