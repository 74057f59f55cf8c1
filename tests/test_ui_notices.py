"""Issue 13, finding 7: a burst of 2,000 key presses that each show a message froze the
app for good. Textual 8.2.8's toasts could start a timer with a negative interval (a
notification that expired while the toast rack caught up), and such a timer loops
without yielding (docs/upstream/textual-notification-timer.md). Messages now go to one
notice line whose timer always has a positive interval."""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from bounded import finishes

from reader.io.importers import load_seed
from reader.store import Store
from reader.ui.app import create_app
from reader.ui.widgets.notice_line import NoticeLine

SIZE = (100, 30)


@pytest.fixture
def seeded(tmp_path: Path) -> Iterator[tuple[Store, str]]:
    store = Store.open(tmp_path / "ui.db", author="tester")
    stored, _ = store.import_article(load_seed())
    yield store, stored.id
    store.close()


def test_the_app_answers_after_a_burst_of_2000_keys_that_each_say_something(
    tmp_path: Path,
) -> None:
    """The burst arrives faster than the app handles it (posted at once, as a held key or
    a paste does). Textual's notification clock is made to advance 1 µs per reading, as
    on a slow machine, which made the freeze happen every time before the fix."""
    db = tmp_path / "burst.db"
    with Store.open(db, author="tester") as store:
        stored, _ = store.import_article(load_seed())
        article_id = stored.id
    code = f"""
        import asyncio, itertools, time
        import textual.notifications
        import textual.timer
        from textual import events
        from reader.store import Store
        from reader.ui.app import create_app

        readings = itertools.count()
        textual.notifications.time = lambda: time.time() + next(readings) * 1e-6
        intervals = []
        original = textual.timer.Timer.__init__

        def recording(self, *args, **kwargs):
            original(self, *args, **kwargs)
            intervals.append(self._interval)

        textual.timer.Timer.__init__ = recording

        async def main():
            with Store.open({str(db)!r}, author="tester") as store:
                app = create_app(store, {article_id!r})
                async with app.run_test(size=(100, 30), notifications=True) as pilot:
                    await app.workers.wait_for_complete()
                    await pilot.pause()
                    screen = app.reader_screen
                    screen.suggestions.shown = False  # x: "Suggestions are hidden"
                    for _ in range(2000):
                        app.post_message(events.Key("x", "x"))
                    await pilot.pause()
                    await pilot.press("j")
                    for _ in range(200):
                        if screen.view.cursor == 1:
                            break
                        await pilot.pause()
                    assert screen.view.cursor == 1, "the app did not answer j"
                    assert app.notices[-1].message == "Suggestions are hidden"
                    assert min(intervals) > 0, "a timer with a negative interval"

        asyncio.run(main())
    """
    assert finishes(textwrap.dedent(code), seconds=60)


async def test_a_message_shows_on_the_notice_line_literally(seeded: tuple[Store, str]) -> None:
    app = create_app(*seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.reader_screen.say("[bold]Not[/] found: \x1b[2J")
        await pilot.pause()
        line = app.screen.query_one(NoticeLine)
        assert line.display
        assert str(line.render()) == "[bold]Not[/] found: ␛[2J"
        app.reader_screen.say("second")
        await pilot.pause()
        assert str(line.render()) == "second"
        assert [n.message for n in app.notices][-2:] == ["[bold]Not[/] found: ␛[2J", "second"]
        line.hide()
        assert not line.display
