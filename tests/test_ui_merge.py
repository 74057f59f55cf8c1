"""The sharing parts of the app: filter by author (f), orphans (O), conflicts (C),
re-checks (!)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import OptionList, Select

from reader.io.importers import load_seed
from reader.store import Store
from reader.ui.app import create_app
from reader.ui.screens.edit_annotation import EditAnnotationScreen
from reader.ui.screens.help_screen import help_table
from reader.ui.screens.merge_lists import MergeListScreen

SIZE = (120, 34)
SEED = load_seed()
S = SEED.sentences


@pytest.fixture
def two_authors(tmp_path: Path):
    """The seed with two lead annotations by alice and one by bob; the store is alice's."""
    path = tmp_path / "ui.db"
    with Store.open(path, author="bob") as bob:
        stored, _ = bob.import_article(SEED)
        bob.add_annotation(stored.id, S[0].start, S[0].end, "quote")
    store = Store.open(path, author="alice")
    store.add_annotation(stored.id, S[0].start, S[0].end, "claim")
    store.add_annotation(stored.id, S[1].start, S[1].end, "claim")
    yield store, stored.id
    store.close()


def _insert(store: Store, table: str, row: dict) -> None:
    store.db[table].insert(row)


def _version(article_id: str, **extra: object) -> dict:
    return {
        "article_id": article_id,
        "start": 0,
        "end": 6,
        "exact": "Israel \x1b[31mred\x1b[0m",
        "tag": "claim",
        "speaker": None,
        "status": "disputed",
        "note": "their\nnote",
        "author": "carol",
        "created_at": "2026-01-01T00:00:00.000000Z",
        "updated_at": "2026-01-02T00:00:00.000000Z",
        "deleted_at": None,
        "source": "carol.db",
        "recorded_at": "2026-01-03T00:00:00.000000Z",
        **extra,
    }


async def test_f_cycles_all_authors_then_each_and_shows_it_in_the_title(two_authors) -> None:
    store, article_id = two_authors
    app = create_app(store, article_id)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.reader_screen
        assert len(screen.panel.annotation_row_ids) == 3
        await pilot.press("f")
        assert screen.author_filter == "alice"
        assert {a.author for a in screen.annotations} == {"alice"}
        assert len(screen.panel.annotation_row_ids) == 2
        assert "author: alice" in str(screen.panel.border_title)
        await pilot.press("f")
        assert screen.author_filter == "bob" and len(screen.panel.annotation_row_ids) == 1
        await pilot.press("f")
        assert screen.author_filter is None and len(screen.panel.annotation_row_ids) == 3
        assert "author" not in str(screen.panel.border_title)


async def test_O_lists_orphans_one_terminal_safe_line_each(two_authors) -> None:
    store, article_id = two_authors
    app = create_app(store, article_id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("O")
        await pilot.pause()
        assert isinstance(app.screen, MergeListScreen)
        assert app.screen.lines == []
        await pilot.press("escape")
        _insert(
            store,
            "orphans",
            _version(
                article_id,
                id="0000-orphan",
                prefix="",
                suffix="",
                incoming_hash="ab" * 32,
                reason="quote not found (best match 71%)",
            ),
        )
        await pilot.press("O")
        await pilot.pause()
        (line,) = app.screen.lines
        text = line.plain
        assert "\x1b" not in text and "\n" not in text
        assert "carol" in text and "best match 71%" in text
        assert app.screen.query_one(OptionList).option_count == 1
        await pilot.press("escape")
        assert not isinstance(app.screen, MergeListScreen)


async def test_C_lists_conflicts_of_this_article(two_authors) -> None:
    store, article_id = two_authors
    _insert(
        store,
        "conflicts",
        _version(article_id, annotation_id="x1", winner_updated_at="2026-01-05T00:00:00.000000Z"),
    )
    app = create_app(store, article_id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("C")
        await pilot.pause()
        assert isinstance(app.screen, MergeListScreen)
        (line,) = app.screen.lines
        assert "disputed" in line.plain and "note: their note" in line.plain
        assert "lost to the version of 2026-01-05" in line.plain
        await pilot.press("C")
        assert not isinstance(app.screen, MergeListScreen)


def test_help_and_palette_list_the_new_commands(two_authors) -> None:
    rendered = " ".join(str(cell) for column in help_table().columns for cell in column._cells)
    for text in ("one author's annotations", "could not place", "lost a merge", "onto different"):
        assert text in rendered
    store, article_id = two_authors
    app = create_app(store, article_id)
    from reader.ui.screens.reader_screen import ReaderScreen

    titles = [c.title for c in app.get_system_commands(ReaderScreen(store, article_id))]
    assert {"Filter by author (f)", "Orphans (O)", "Conflicts (C)", "Re-checks (!)"} <= set(titles)


async def test_bang_lists_rechecks_and_s_resolves_one(two_authors) -> None:
    store, article_id = two_authors
    flagged = store.annotations(article_id)[0]
    store.update_annotation(flagged.id, status="needs-recheck")
    _insert(
        store,
        "rechecks",
        {
            "annotation_id": flagged.id,
            "article_id": article_id,
            "old_exact": "Israel \x1b[31mpaid £212\x1b[0m\nmillion",
            "old_status": "supported",
            "new_start": flagged.start,
            "new_end": flagged.end,
            "new_exact": flagged.exact,
            "changes": "£212 → £198",
            "kinds": "figure",
            "source": "carol\x07.db",
            "recorded_at": "2026-01-03T00:00:00.000000Z",
        },
    )
    app = create_app(store, article_id)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.reader_screen
        rows = [screen.panel.get_row(key) for key in screen.panel.annotation_row_ids]
        cells = [str(cell) for row in rows for cell in row]
        assert "⚠ re-check" in cells  # visibly not a verdict
        await pilot.press("exclamation_mark")
        await pilot.pause()
        assert isinstance(app.screen, MergeListScreen)
        (line,) = app.screen.lines
        text = line.plain
        assert "\x1b" not in text and "\x07" not in text and "\n" not in text
        assert "was supported" in text and "£212 → £198" in text
        assert "paid £212" in text and flagged.exact[:20] in text and "carol" in text
        await pilot.press("exclamation_mark")
        assert not isinstance(app.screen, MergeListScreen)
        screen.chosen_id = flagged.id
        await pilot.press("s")
        assert store.get_annotation(flagged.id).status == "unverified"
        await pilot.press("exclamation_mark")
        await pilot.pause()
        assert app.screen.lines == []
        assert "Nothing to re-check" in str(app.screen.query_one("#merge-list-empty").render())


async def test_editing_a_recheck_keeps_it(two_authors) -> None:
    store, article_id = two_authors
    flagged = store.annotations(article_id)[0]
    store.update_annotation(flagged.id, status="needs-recheck")
    app = create_app(store, article_id)
    async with app.run_test(size=SIZE) as pilot:
        app.reader_screen.chosen_id = flagged.id
        await pilot.press("E")
        await pilot.pause()
        assert isinstance(app.screen, EditAnnotationScreen)
        assert app.screen.query_one("#edit-status", Select).value == "needs-recheck"
        app.screen.note_area.insert("looked again")
        await pilot.press("ctrl+s")
        await pilot.pause()
    edited = store.get_annotation(flagged.id)
    assert (edited.status, edited.note) == ("needs-recheck", "looked again")
