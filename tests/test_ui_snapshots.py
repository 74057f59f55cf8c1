"""A few SVG snapshots where appearance matters: 100x30 in both themes, and the reader
on annotations (a claim, a quote, a claim overlapping the quote) at 40x12, 80x24 and
200x50 in the default theme and at 80x24 in the light theme.

Update them after an intended change with `make test PYTEST_ARGS=--snapshot-update`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.io.importers import load_seed
from reader.store import Store
from reader.ui.app import ReaderApp, create_app

SIZE = (100, 30)
SIZES = {"small": (40, 12), "standard": (80, 24), "large": (200, 50)}


@pytest.fixture
def app(tmp_path: Path) -> Iterator[ReaderApp]:
    with Store.open(tmp_path / "snap.db", author="tester") as store:
        stored, _ = store.import_article(load_seed())
        yield create_app(store, stored.id)


async def _quiet(pilot) -> None:
    await pilot.app.workers.wait_for_complete()  # suggestions are computed in a worker
    pilot.app.clear_notifications()
    await pilot.pause()


def test_opening_screen(snap_compare, app: ReaderApp) -> None:
    assert snap_compare(app, terminal_size=SIZE, run_before=_quiet)


def test_tagged_quote_and_claim_in_light_theme(snap_compare, app: ReaderApp) -> None:
    async def tag(pilot) -> None:
        pilot.app.theme = "textual-light"
        await pilot.press(
            "quotation_mark", "j", "c", "c", "right_square_bracket", "v", "j", "shift+left"
        )
        await _quiet(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=tag)


def test_help_screen(snap_compare, app: ReaderApp) -> None:
    async def help_keys(pilot) -> None:
        await _quiet(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=help_keys)


@pytest.fixture
def annotated(tmp_path: Path) -> Iterator[ReaderApp]:
    """The seed with a claim, a quote in the next paragraph and a claim overlapping the
    quote's first words (made through the store, so no key binding is involved)."""
    with Store.open(tmp_path / "snap.db", author="tester") as store:
        stored, _ = store.import_article(load_seed())
        first, second = stored.article.sentences[:2]
        store.add_annotation(stored.id, first.start, first.end, "claim")
        quote = store.add_annotation(stored.id, second.start, second.end, "quote")
        store.update_annotation(quote.id, speaker="AFP", note="check the \x1b[31mwire\ncopy")
        store.add_annotation(stored.id, second.start, second.start + 20, "claim")
        yield create_app(store, stored.id)


@pytest.mark.parametrize("size", list(SIZES))
def test_annotations_at_size(snap_compare, annotated: ReaderApp, size: str) -> None:
    assert snap_compare(annotated, terminal_size=SIZES[size], run_before=_quiet)


def test_annotations_in_light_theme_80x24(snap_compare, annotated: ReaderApp) -> None:
    async def light(pilot) -> None:
        pilot.app.theme = "textual-light"
        await _quiet(pilot)

    assert snap_compare(annotated, terminal_size=SIZES["standard"], run_before=light)
