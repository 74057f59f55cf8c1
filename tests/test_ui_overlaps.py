"""Issue 13, finding 12: many annotations on one span (a share file can carry a thousand,
one per author) must not make drawing the article or a key press slower per mark."""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from bounded import finishes

from reader.io.importers import load_seed
from reader.store import Store
from reader.ui.app import create_app

SIZE = (100, 30)


def annotate_by_many(store: Store, article_id: str, count: int) -> None:
    """``count`` claims on the first sentence, each by a different author (as merged
    from other people's share files: one author cannot make the same one twice)."""
    span = store.get_article(article_id).article.sentences[0]
    for number in range(count):
        store._author = f"author{number:04d}"  # what a merge of many files leaves
        store.add_annotation(article_id, span.start, span.end, "claim")


@pytest.fixture
def crowded(tmp_path: Path) -> Iterator[tuple[Store, str]]:
    store = Store.open(tmp_path / "crowded.db", author="tester")
    stored, _ = store.import_article(load_seed())
    annotate_by_many(store, stored.id, 60)
    yield store, stored.id
    store.close()


async def test_a_line_under_many_annotations_is_drawn_with_a_few_styles(
    crowded: tuple[Store, str],
) -> None:
    app = create_app(*crowded)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        view = app.reader_screen.view
        line = view.lines[view.line_of_offset(view.cursor_span.start)]
        text = view._styled_line(line, view.rich_style)
        # was one style per annotation plus one per pair of them: 60 + 1,770 spans
        assert len(text.spans) <= 6
        gutter = "".join(segment.text for segment in view.render_line(0))[1:3]
        assert gutter == "C "


async def test_a_key_press_works_out_no_line_marks_again(crowded: tuple[Store, str]) -> None:
    app = create_app(*crowded)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        view = app.reader_screen.view
        made = view.summaries_made
        await pilot.press("j", "k", "j")
        await pilot.pause()
        assert view.summaries_made == made
        assert view.cursor == 1


def test_a_thousand_annotations_on_one_span_open_and_answer_keys(tmp_path: Path) -> None:
    """Opening took 61 s and each key 60 s; now well under a few seconds each."""
    db = tmp_path / "thousand.db"
    with Store.open(db, author="tester") as store:
        stored, _ = store.import_article(load_seed())
        annotate_by_many(store, stored.id, 1000)
        article_id = stored.id
    code = f"""
        import asyncio
        from reader.store import Store
        from reader.ui.app import create_app

        async def main():
            with Store.open({str(db)!r}, author="tester") as store:
                app = create_app(store, {article_id!r})
                async with app.run_test(size=(100, 30)) as pilot:
                    await app.workers.wait_for_complete()
                    await pilot.pause()
                    assert len(app.reader_screen.panel.annotation_row_ids) == 1000
                    await pilot.press("j", "k", "j", "k")
                    await pilot.pause()
                    assert app.reader_screen.view.cursor == 0

        asyncio.run(main())
    """
    assert finishes(textwrap.dedent(code), seconds=60)
