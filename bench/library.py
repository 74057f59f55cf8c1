"""A big library (issue 12, part 3): the library screen, full-text search, directory import.

Builds a library of 10,000 articles and 1,000,000 annotations (bench/support/
library_data.py: the seed article varied, bulk SQL through the store's connection, the
schema's triggers filling the search indexes and counts) and a small one of 10 articles
with the same annotations per article, then measures, each against a baseline taken in
this run:

- "library screen (10k)": in-process with Pilot, from creating the app to the library's
  table drawn with its rows (the first article line it renders), median of several
  runs, against the same screen on the 10-article library (target <= 1.5x); the note
  says when every row had been read (a big library draws its newest rows first);
- "library sort key (10k)", "library filter key (10k)": from `s`, or a letter typed in
  the filter, to its frame, median, against the 10-article library (target <= 1.5x);
- "FTS search p95 (10k)": ``Store.search`` (what `/` and `reader search` run) over a
  fixed mix of queries (common and rare words, two words, phrases, prefixes, a note or
  speaker field), p95, against the same queries on the 10-article library (target <= 50
  ms on the big one);
- "import DIR rate": `reader import DIR` of 2,000 files of about 5 KB in a child process
  (start-up included), against `reader import FILE...` of the same files, which reads
  every file before writing (target >= 200 articles a second); "import DIR peak RSS"
  compares their peak memory (target <= 1x: a batch at a time holds less).

    python bench/library.py [--quick] [--json PATH]

--quick: 500 articles and 20,000 annotations, 200 files, fewer runs (seconds).
"""

from __future__ import annotations

import asyncio
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from textual.strip import Strip

sys.path.insert(0, str(Path(__file__).resolve().parent))

from support import timed
from support.figures import Figure, bench_arguments, report
from support.library_data import EXTRA_WORDS, Variants, build_library, write_article_files

from reader.store import Store
from reader.ui.app import create_app
from reader.ui.screens.library_screen import LibraryScreen
from reader.ui.widgets.library_table import LibraryTable

SIZE = (100, 30)
ANNOTATIONS_PER_ARTICLE = 100


async def _screen_seconds(path: Path) -> tuple[float, float]:
    """Seconds from creating the app to the library's table drawn with its first rows
    (the first line of an article the table renders), and to every row read."""
    drawn: list[float] = []
    render_line = LibraryTable.render_line

    def watched(table: LibraryTable, y: int) -> Strip:
        strip = render_line(table, y)
        if y >= 1 and table.entries and not drawn:
            drawn.append(time.perf_counter())
        return strip

    LibraryTable.render_line = watched  # type: ignore[method-assign]
    try:
        with Store.open(path, author="bench") as store:
            started = time.perf_counter()
            app = create_app(store, None)
            async with app.run_test(size=SIZE) as pilot:
                while not drawn:
                    await asyncio.sleep(0.001)
                await pilot.pause()  # the rest of the rows, when read after the first
                screen = app.screen
                assert isinstance(screen, LibraryScreen) and not screen.partial
                return drawn[0] - started, time.perf_counter() - started
    finally:
        LibraryTable.render_line = render_line  # type: ignore[method-assign]


def screen_times(small: Path, big: Path, runs: int) -> tuple[float, float, float]:
    """Median seconds to the table drawn, small and big library, runs interleaved (so
    other load on the machine falls on both); and to every row of the big one."""
    asyncio.run(_screen_seconds(small))  # warm-up: imports, the stylesheet parsed
    asyncio.run(_screen_seconds(big))
    smalls, bigs, alls = [], [], []
    for _ in range(runs):
        smalls.append(asyncio.run(_screen_seconds(small))[0])
        drawn, every = asyncio.run(_screen_seconds(big))
        bigs.append(drawn)
        alls.append(every)
    return statistics.median(smalls), statistics.median(bigs), statistics.median(alls)


async def _key_seconds(path: Path) -> tuple[list[float], list[float]]:
    """Seconds from a key to its frame drawn: `s` (sort) through every order, then a
    filter typed letter by letter (the first letter reads every row's words)."""
    sorts, filters = [], []
    with Store.open(path, author="bench") as store:
        app = create_app(store, None)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, LibraryScreen)
            while screen.partial:
                await pilot.pause()
            for _ in range(5):
                started = time.perf_counter()
                await pilot.press("s")
                await pilot.pause()
                sorts.append(time.perf_counter() - started)
            await pilot.press("f")
            for letter in "harbour":
                started = time.perf_counter()
                await pilot.press(letter)
                await pilot.pause()
                filters.append(time.perf_counter() - started)
    return sorts, filters


def key_times(small: Path, big: Path) -> dict[str, tuple[float, float]]:
    """Median seconds of a sort key and of a filter key, (small, big)."""
    small_sorts, small_filters = asyncio.run(_key_seconds(small))
    big_sorts, big_filters = asyncio.run(_key_seconds(big))
    return {
        "sort": (statistics.median(small_sorts), statistics.median(big_sorts)),
        "filter": (statistics.median(small_filters), statistics.median(big_filters)),
    }


def queries(count: int, seed: int = 12) -> list[str]:
    """A fixed mix of what people type: common words of the articles, rarer words, two
    words, a phrase, a prefix, a note or speaker field."""
    rng = random.Random(seed)
    text = Variants(seed).article.text
    words = [w for w in text.split() if w.isalpha() and len(w) > 3]
    mix: list[str] = []
    for n in range(count):
        kind = n % 8
        if kind in (0, 1):
            mix.append(rng.choice(words))
        elif kind == 2:
            mix.append(rng.choice(EXTRA_WORDS))
        elif kind == 3:
            mix.append(f"{rng.choice(words)} {rng.choice(EXTRA_WORDS)}")
        elif kind == 4:
            start = rng.randrange(len(words) - 1)
            mix.append(f'"{words[start]} {words[start + 1]}"')
        elif kind == 5:
            mix.append(rng.choice(words)[:3] + "*")
        elif kind == 6:
            mix.append(f"note:{rng.choice(EXTRA_WORDS)}")
        else:
            mix.append(f"speaker:{rng.choice(EXTRA_WORDS)} OR {rng.choice(words)}")
    return mix


def search_p95(path: Path, mix: list[str]) -> float:
    """p95 of ``Store.search`` over ``mix`` (seconds), after one untimed pass."""
    with Store.open(path, author="bench", readonly=True) as store:
        for query in mix[:10]:
            store.search(query)
        times = []
        for query in mix:
            started = time.perf_counter()
            store.search(query)
            times.append(time.perf_counter() - started)
    return statistics.quantiles(times, n=20)[-1]


# `reader ARGS` in a child that writes its own peak memory (VmHWM) to a file as it exits:
# the rusage of a child counts the high-water mark it inherited from this big process
# when forked (Linux keeps it through exec), so both imports would read the same.
_READER_HWM = """
import atexit, sys
from pathlib import Path
def _hwm():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            Path(sys.argv[1]).write_text(line.split()[1])
atexit.register(_hwm)
from reader.cli import main
main(sys.argv[2:])
"""


def timed_import(hwm: Path, *args: str | Path) -> tuple[float, float]:
    """Seconds and peak MB of `reader ARGS` in a child process."""
    timing = timed([sys.executable, "-c", _READER_HWM, str(hwm), *map(str, args)])
    peak = int(hwm.read_text()) / 1024 if hwm.exists() else timing.max_rss_mb
    return timing.seconds, peak


def main() -> int:
    args = bench_arguments(__doc__.splitlines()[0]).parse_args()
    articles, files, runs, searches = (500, 200, 3, 80) if args.quick else (10_000, 2_000, 5, 400)
    annotations = 20_000 if args.quick else 1_000_000
    size = f"{articles:,}" if articles % 1000 else f"{articles // 1000}k"
    with tempfile.TemporaryDirectory(prefix="reader-bench-library-") as tmp:
        work = Path(tmp)
        started = time.perf_counter()
        big = build_library(work / "big.db", articles, annotations)
        small = build_library(work / "small.db", 10, 10 * ANNOTATIONS_PER_ARTICLE)
        built = time.perf_counter() - started
        print(
            f"built {articles:,} articles and {annotations:,} annotations in {built:.1f} s",
            file=sys.stderr,
        )

        small_screen, big_screen, all_rows = screen_times(small, big, runs)
        keys = key_times(small, big)
        mix = queries(searches)
        small_search, big_search = search_p95(small, mix), search_p95(big, mix)

        directory = work / "files"
        paths = write_article_files(directory, files)
        dir_seconds, dir_peak = timed_import(
            work / "dir.hwm", "--db", work / "d.db", "import", directory
        )
        files_seconds, files_peak = timed_import(
            work / "files.hwm", "--db", work / "f.db", "import", *paths
        )

    report(
        [
            Figure(
                f"library screen ({size})",
                big_screen * 1000,
                "ms",
                "<= 1.5x",
                baseline=small_screen * 1000,
                note=(
                    f"{annotations:,} annotations; baseline: the 10-article library; "
                    f"every row read after {all_rows * 1000:.0f} ms"
                ),
            ),
            *(
                Figure(
                    f"library {what} key ({size})",
                    keys[what][1] * 1000,
                    "ms",
                    "<= 1.5x",
                    baseline=keys[what][0] * 1000,
                    note=f"median, key to frame; baseline: the 10-article library ({how})",
                )
                for what, how in (
                    ("sort", "s through every order"),
                    ("filter", "f, then 'harbour' letter by letter"),
                )
            ),
            Figure(
                f"FTS search p95 ({size})",
                big_search * 1000,
                "ms",
                "<= 50 ms",
                baseline=small_search * 1000,
                note=f"{len(mix)} queries; baseline: the 10-article library",
            ),
            Figure(
                "import DIR rate",
                files / dir_seconds,
                "/s",
                ">= 200 /s",
                baseline=files / files_seconds,
                note=f"{files:,} files of ~5 KB, start-up included; baseline: import FILE...",
            ),
            Figure(
                "import DIR peak RSS",
                dir_peak,
                "MB",
                "<= 1.0x",
                baseline=files_peak,
                note="baseline: import FILE... (every file read before writing)",
            ),
        ],
        args.json,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
