"""The reader's memory on a 10 MB article once it is stored, its suggestions shown (issue 12).

``reader FILE`` is started in a real terminal (a private tmux server, 100x30, as
bench/startup.py does) on a database where the article was imported and its suggestions
computed and cached before (113,000 of them for the 10 MB article: the rules run here,
in this process, once, before any figure is taken). The screen is polled until the first
paragraph and then the suggestions (``quote?`` / ``claim?`` rows in the panel) are shown;
a second later the process's peak resident memory (VmHWM) is read, then ``q``.

The baseline, in the same run: the reader on the bundled article, its suggestions cached
too, measured the same way. Figure:

- "10 MB app RSS (suggestions shown)": the worst peak of the rounds, against issue 12's
  absolute target of 3x the file size + 60 MB (the ratio to the baseline shows what the
  article itself costs in the running app).

bench/startup.py's "10 MB peak RSS" is the session's peak, read once the app is idle
(on a first open, the rules run in it); this script isolates the app with the suggestions
cached, and is not in ``make bench`` (run it by itself: it takes minutes);
bench/big_article.py's has no app at all.

    python bench/app_memory.py            # 2 rounds, 10 MB (the rules take a minute or two)
    python bench/app_memory.py --quick    # 1 round, 1 MB
"""

from __future__ import annotations

import os
import signal
import sys
import tempfile
import time
from pathlib import Path

from support.big_article import write_big_article
from support.figures import Figure, bench_arguments, report
from support.terminal import Tmux, peak_rss_bytes, reader_env, tmux_server

from reader.io.importers import load_article, load_seed
from reader.model import Article
from reader.store import Store
from reader.suggest import RULES_VERSION, suggest

ROOT = Path(__file__).resolve().parent.parent
#: How much of the first paragraph must be visible (as bench/startup.py).
MARKER_CHARS = 24
#: What the annotation panel shows once the suggestions are there.
SUGGESTION_ROWS = ("quote?", "claim?")
#: Seconds left to the app after the suggestions show, before its peak is read.
SETTLE = 1.0


def cached_database(article: Article, database: Path) -> Path:
    """A database holding ``article`` with its suggestions computed and cached, as
    after a first reading of it."""
    with Store.open(database, author="bench") as store:
        stored, _ = store.import_article(article)
        store.save_suggestions(stored.id, RULES_VERSION, suggest(stored.article))
    return database


def run_reader(tmux: Tmux, work: Path, db: Path, args: list[str], marker: str) -> int:
    """``reader ARGS`` on ``db`` until its suggestions show; its peak RSS (bytes)."""
    env = reader_env(db, work)
    reader = str(Path(sys.executable).with_name("reader"))
    launched = tmux.launch([reader, *args], env, ROOT)
    try:
        tmux.wait_for(launched, marker)
        deadline = time.perf_counter() + 120
        while not any(row in tmux.screen(launched.pane) for row in SUGGESTION_ROWS):
            if time.perf_counter() > deadline:
                raise SystemExit("the suggestions never showed")
            time.sleep(0.05)
        time.sleep(SETTLE)
        peak = peak_rss_bytes(launched.pid)
        tmux.quit_time(launched)
    finally:
        tmux.close(launched)
    return peak


def main() -> None:
    parser = bench_arguments(__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, help="rounds of runs [default 2; --quick 1]")
    args = parser.parse_args()
    rounds = args.rounds or (1 if args.quick else 2)
    size_mb = 1 if args.quick else 10
    seed = load_seed()
    marker = seed.sections[0].paragraphs[0].span.text_of(seed.text)[:MARKER_CHARS]
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))
    big_peaks: list[int] = []
    seed_peaks: list[int] = []
    with tempfile.TemporaryDirectory(prefix="reader-memory-") as folder, tmux_server() as tmux:
        work = Path(folder)
        big = write_big_article(work / "big.txt", size_mb * 1_000_000)
        file_mb = big.stat().st_size / 1e6
        big_db = cached_database(load_article(big), work / "big.db")
        seed_db = cached_database(seed, work / "seed.db")
        for number in range(rounds):
            seed_peaks.append(run_reader(tmux, work, seed_db, [], marker))
            big_peaks.append(run_reader(tmux, work, big_db, [str(big)], marker))
            print(
                f"round {number + 1}/{rounds}: seed {seed_peaks[-1] / 1e6:.0f} MB, "
                f"{size_mb} MB {big_peaks[-1] / 1e6:.0f} MB",
                file=sys.stderr,
            )
    report(
        [
            Figure(
                f"{size_mb} MB app RSS (suggestions shown)",
                max(big_peaks) / 1e6,
                "MB",
                f"<= {3 * file_mb + 60:.0f} MB",
                baseline=max(seed_peaks) / 1e6,
                note=f"reader FILE, stored, suggestions cached and shown: VmHWM, worst of "
                f"{rounds}; 3x {file_mb:.1f} MB + 60 MB; baseline: the reader on the "
                "bundled article, suggestions cached",
            )
        ],
        args.json,
    )


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    main()
