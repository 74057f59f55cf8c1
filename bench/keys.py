"""Keystroke latency on the reader screen (issue 12), in-process with the Pilot.

Figures:

- ``tag key p95 (seed)`` and ``tag key p95 (10 MB)``: from pressing ``1`` (tag claim)
  to the annotation committed and the screen drawn again, with the article's
  suggestions cached (the worst case: every suggestion is drawn and listed). The
  baseline, measured in the same run on the same screen, is ``j`` (cursor down).
- ``search first match (10 MB)``: from typing the last letter of a search to the
  first match drawn; baseline: the same search on the seed.
- ``quit while suggesting``: a child process opens the big article without cached
  suggestions and presses ``q`` while they are being computed; from the key to the
  process gone. Baseline: the same on the seed, its suggestions cached.

``--quick`` uses a 1 MB article and a few keys.

    .venv/bin/python bench/keys.py [--quick] [--json PATH]
"""

from __future__ import annotations

import asyncio
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

from textual import events
from textual.pilot import Pilot
from textual.screen import Screen

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.support.big_article import big_article_text  # noqa: E402
from bench.support.figures import Figure, bench_arguments, report  # noqa: E402
from reader.io.importers import load_seed, parse_plain_text  # noqa: E402
from reader.store import Store  # noqa: E402
from reader.suggest import RULES_VERSION, suggest  # noqa: E402
from reader.ui.app import ReaderApp, create_app  # noqa: E402

SIZE = (100, 30)


def p95(times: list[float]) -> float:
    """The 95th percentile of ``times`` (the largest when there are few)."""
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


class _Frames:
    """Records when the app draws a frame (in-process: the headless driver's output)."""

    def __init__(self, app: ReaderApp) -> None:
        self.times: list[float] = []
        draw = app._display

        def display(screen: Screen, renderable: object) -> None:
            draw(screen, renderable)  # type: ignore[arg-type]
            if renderable is not None:
                self.times.append(time.perf_counter())

        app._display = display  # type: ignore[method-assign]

    async def after(self, done: Callable[[], bool], key: str, app: ReaderApp) -> float:
        """Press ``key``; ms until ``done()`` holds and a frame was drawn after that."""
        start = time.perf_counter()
        app.post_message(events.Key(key, key if len(key) == 1 else None))
        seen: float | None = None
        while True:
            await asyncio.sleep(0)
            now = time.perf_counter()
            if seen is None and done():
                seen = now
            if seen is not None and self.times and self.times[-1] >= seen:
                return (self.times[-1] - start) * 1000
            if now - start > 120:
                raise TimeoutError(key)


async def _settled(pilot: Pilot[None]) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def _keys(store: Store, article_id: str, count: int) -> tuple[list[float], list[float]]:
    """Times (ms) of ``count`` tag keys and of as many cursor keys."""
    app = create_app(store, article_id)
    tags: list[float] = []
    moves: list[float] = []
    async with app.run_test(size=SIZE) as pilot:
        await _settled(pilot)
        frames = _Frames(app)
        screen = app.reader_screen
        assert screen is not None
        # one new sentence per key (at the last one j stops moving)
        for _ in range(min(count, len(screen.article.sentences) - 2)):
            cursor = screen.view.cursor
            moves.append(await frames.after(lambda was=cursor: screen.view.cursor != was, "j", app))
            await pilot.pause()
            before = len(screen.annotations)
            tagged = frames.after(lambda was=before: len(screen.annotations) > was, "1", app)
            tags.append(await tagged)
            await pilot.pause()
    tagged = len(store.annotations(article_id))
    assert tagged == len(tags), f"only {tagged} of {len(tags)} tags committed"
    return tags, moves


async def _search(store: Store, article_id: str, query: str) -> float:
    """Time (ms) from the last letter of ``query`` to its first match drawn."""
    app = create_app(store, article_id)
    async with app.run_test(size=SIZE) as pilot:
        await _settled(pilot)
        await pilot.press("slash", *query[:-1])
        await pilot.pause()
        frames = _Frames(app)
        screen = app.reader_screen
        assert screen is not None
        view = screen.view
        elapsed = await frames.after(
            lambda: (
                view.current_match is not None
                and query in view.matches[view.current_match].text_of(screen.article.text).lower()
            ),
            query[-1],
            app,
        )
    return elapsed


_QUIT_CHILD = textwrap.dedent(
    """
    import asyncio, sys, time
    sys.path.insert(0, {root!r})
    from textual import events
    from reader.store import Store
    from reader.ui.app import create_app

    async def main():
        store = Store.open({db!r}, author="bench")
        app = create_app(store, {article_id!r})
        async with app.run_test(size=(100, 30)):
            await asyncio.sleep(1.0)
            print(time.time(), flush=True)
            # the key as a terminal sends it (Pilot.press would wait for an idle CPU)
            app.post_message(events.Key("q", "q"))
            while app.is_running:
                await asyncio.sleep(0.005)
        store.close()

    asyncio.run(main())
    """
)


def _quit_ms(db: Path, article_id: str) -> float:
    """Time (ms) from ``q`` to the child process gone."""
    code = _QUIT_CHILD.format(root=str(ROOT), db=str(db), article_id=article_id)
    child = subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, cwd=ROOT
    )
    assert child.stdout is not None
    pressed = float(child.stdout.readline())
    child.wait(timeout=120)
    return (time.time() - pressed) * 1000


def main() -> None:
    args = bench_arguments(__doc__.splitlines()[0]).parse_args()
    size = 1_000_000 if args.quick else 10_000_000
    label = "1 MB" if args.quick else "10 MB"
    count = 8 if args.quick else 40
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "keys.db"
        with Store.open(db, author="bench") as store:
            seed = store.import_article(load_seed())[0].id
            big_article = parse_plain_text(big_article_text(size), source="big.txt")
            big = store.import_article(big_article)[0].id
            fresh = store.import_article(
                parse_plain_text(big_article_text(size) + "Fresh.\n", source="fresh.txt")
            )[0].id
            for article_id, article in ((seed, load_seed()), (big, big_article)):
                store.save_suggestions(article_id, RULES_VERSION, suggest(article))
            cached = len(store.cached_suggestions(big, RULES_VERSION) or [])
            print(f"{label} article: {cached} suggestions cached", file=sys.stderr)
            for name, article_id in (("seed", seed), (label, big)):
                tags, moves = asyncio.run(_keys(store, article_id, count))
                figures.append(
                    Figure(
                        f"tag key p95 ({name})",
                        p95(tags),
                        "ms",
                        "<= 33 ms",
                        baseline=p95(moves),
                        stretch="<= 16 ms",
                        note=f"p50 {statistics.median(tags):.1f} ms; baseline: j",
                    )
                )
            query = "copy 3001"
            figures.append(
                Figure(
                    f"search first match ({label})",
                    asyncio.run(_search(store, big, query)),
                    "ms",
                    "<= 50 ms",
                    baseline=asyncio.run(_search(store, seed, "rafah")),
                    note="baseline: the seed",
                )
            )
        figures.append(
            Figure(
                "quit while suggesting",
                _quit_ms(db, fresh),
                "ms",
                "<= 1000 ms",
                baseline=_quit_ms(db, seed),
                note="baseline: the seed, cached",
            )
        )
    report(figures, args.json)


if __name__ == "__main__":
    main()
