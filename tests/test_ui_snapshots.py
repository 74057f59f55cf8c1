"""A few SVG snapshots where appearance matters (layout at 100x30, both themes).

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
