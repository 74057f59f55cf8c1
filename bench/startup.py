"""Start-up as a person sees it (issue 12, parts 1 and 2): launch to the first text on screen.

Each program is started in a real terminal (a private tmux server, 100x30) and the
screen is polled until the first paragraph of the first section is visible:

- the baseline: a trivial Textual app (Header, Static, Footer: bench/support/trivial_app.py)
  showing that same paragraph, started the same way;
- ``reader`` on a fresh database (it imports and opens the bundled article), and on a
  database where it was opened before (its suggestions cached);
- ``reader FILE`` on the 10 MB article (bench/support/big_article.py), the first time
  (import and open) and again (re-open, the article already in the database);
- the peak memory of the reader on the 10 MB article (VmHWM), read once the app has gone
  idle (under 5% of a core for 1.5 s: the import finished in the background, the
  suggestions computed and saved), on a first open and on a reopen;
- quitting: from pressing q to the process's exit, right after the first text (on the
  10 MB article the first time, with the work on it still running).

The runs are interleaved (one of each per round) and each figure is the median of the
rounds, so a busy machine slows baseline and reader alike.

    python bench/startup.py            # 5 rounds, 10 MB
    python bench/startup.py --quick    # 1 round, 1 MB: proves the benchmark works
"""

from __future__ import annotations

import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from support.big_article import write_big_article
from support.figures import Figure, bench_arguments, report
from support.terminal import (
    QUIT_WAIT,
    Tmux,
    peak_rss_bytes,
    reader_env,
    tmux_server,
    wait_until_idle,
)

from reader.io.importers import load_seed

ROOT = Path(__file__).resolve().parent.parent
TRIVIAL_APP = ROOT / "bench" / "support" / "trivial_app.py"
#: How much of the first paragraph must be visible (it fits on one line at any width
#: the reader uses in 100 columns).
MARKER_CHARS = 24


def first_paragraph() -> str:
    """The bundled article's first paragraph (the 10 MB article starts with it too)."""
    seed = load_seed()
    return seed.sections[0].paragraphs[0].span.text_of(seed.text)


class Runs:
    """Launches the programs measured, each with its own database and settings."""

    def __init__(self, tmux: Tmux, work: Path, paragraph: str) -> None:
        self.tmux = tmux
        self.work = work
        self.paragraph = paragraph
        self.marker = paragraph[:MARKER_CHARS]
        self.reader = str(Path(sys.executable).with_name("reader"))
        self.count = 0

    def _env(self, db: Path) -> dict[str, str]:
        return reader_env(db, self.work / "home")

    def fresh_db(self) -> Path:
        """A database path not used before."""
        self.count += 1
        return self.work / f"run-{self.count}.db"

    def trivial(self) -> float:
        """Seconds until the trivial app shows the paragraph."""
        argv = [sys.executable, str(TRIVIAL_APP), self.paragraph]
        launched = self.tmux.launch(argv, self._env(self.fresh_db()), ROOT)
        try:
            return self.tmux.wait_for(launched, self.marker)
        finally:
            self.tmux.close(launched)

    def prepare(self, db: Path, seconds: float = 2.0) -> None:
        """Open the bundled article on ``db`` and leave it open ``seconds`` (its
        suggestions computed and cached), as a database used before is."""
        launched = self.tmux.launch([self.reader], self._env(db), ROOT)
        try:
            self.tmux.wait_for(launched, self.marker)
            time.sleep(seconds)
            self.tmux.quit_time(launched)
        finally:
            self.tmux.close(launched)

    def reader_run(
        self, args: list[str], db: Path, settle: bool = False
    ) -> tuple[float, float, int]:
        """``reader ARGS`` on ``db``: seconds to the first text, seconds from q to the
        exit, and the peak resident memory (bytes) before q; with ``settle``, q is
        pressed once the app has gone idle (its background work done), else at once."""
        launched = self.tmux.launch([self.reader, *args], self._env(db), ROOT)
        try:
            first = self.tmux.wait_for(launched, self.marker)
            if settle:
                wait_until_idle(launched.pid)
            peak = peak_rss_bytes(launched.pid)
            quit_seconds = self.tmux.quit_time(launched)
        finally:
            self.tmux.close(launched)
        return first, quit_seconds, peak


def main() -> None:
    parser = bench_arguments(__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, help="rounds of runs [default 5; --quick 1]")
    parser.add_argument(
        "--seed-only", action="store_true", help="only start-up and quit (no big article)"
    )
    args = parser.parse_args()
    rounds = args.rounds or (1 if args.quick else 5)
    size_mb = 1 if args.quick else 10
    paragraph = first_paragraph()
    # As make run does: without .pyc (PYTHONDONTWRITEBYTECODE) every start compiles reader/.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "reader")], check=True)
    # Killed (a CI timeout): still end the tmux server and the programs in it.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))
    trivial: list[float] = []
    seed: list[float] = []
    used: list[float] = []
    quit_seed: list[float] = []
    big_first: list[float] = []
    big_reopen: list[float] = []
    quit_big: list[float] = []
    peaks: list[int] = []
    with tempfile.TemporaryDirectory(prefix="reader-startup-") as folder, tmux_server() as tmux:
        work = Path(folder)
        big = write_big_article(work / "big.txt", size_mb * 1_000_000)
        file_mb = big.stat().st_size / 1e6
        runs = Runs(tmux, work, paragraph)
        if not args.quick:  # warm the disk cache and the bytecode of both programs
            runs.trivial()
            runs.reader_run([], runs.fresh_db())
        used_db = runs.fresh_db()
        runs.prepare(used_db)
        for number in range(rounds):
            trivial.append(runs.trivial())
            first, quit_seconds, _ = runs.reader_run([], runs.fresh_db())
            seed.append(first)
            quit_seed.append(quit_seconds)
            used.append(runs.reader_run([], used_db)[0])
            line = f"round {number + 1}/{rounds}: trivial {trivial[-1] * 1000:.0f} ms, "
            line += f"seed {seed[-1] * 1000:.0f} ms, used db {used[-1] * 1000:.0f} ms"
            if not args.seed_only:
                first, quit_seconds, _ = runs.reader_run([str(big)], runs.fresh_db())
                big_first.append(first)
                quit_big.append(quit_seconds)
                big_db = runs.fresh_db()
                peaks.append(runs.reader_run([str(big)], big_db, settle=True)[2])
                first, _, peak = runs.reader_run([str(big)], big_db, settle=True)
                big_reopen.append(first)
                peaks.append(peak)
                line += f", {size_mb} MB {big_first[-1] * 1000:.0f} ms, "
                line += f"reopen {big_reopen[-1] * 1000:.0f} ms"
            print(line, file=sys.stderr)

    def ms(values: list[float]) -> float:
        return statistics.median(values) * 1000

    label = f"{size_mb} MB"
    limit_mb = 3 * file_mb + 60
    note = f"median of {rounds}, tmux 100x30"
    paired = statistics.median(s / t for s, t in zip(seed, trivial, strict=True))
    paired_used = statistics.median(s / t for s, t in zip(used, trivial, strict=True))

    def spread(values: list[float]) -> str:
        return f"{min(values) * 1000:.0f}-{max(values) * 1000:.0f} ms"

    figures = [
        Figure(
            "start-up", ms(seed), "ms", "<= 1.3x", baseline=ms(trivial), stretch="<= 1.0x",
            note=f"reader (fresh db, bundled article) vs trivial Textual app; {note} "
            f"(median of the rounds' own ratios: {paired:.2f}x; reader {spread(seed)}, "
            f"trivial {spread(trivial)})",
        ),
        Figure(
            "start-up (used db)", ms(used), "ms", "<= 1.3x", baseline=ms(trivial),
            stretch="<= 1.0x",
            note=f"reader on a database where the bundled article was opened before "
            f"(suggestions cached) vs trivial Textual app; {note} (median of the rounds' "
            f"own ratios: {paired_used:.2f}x; reader {spread(used)})",
        ),
        Figure("quit", ms(quit_seed), "ms", "<= 1000 ms", note=f"q to exit, seed; {note}"),
    ]  # fmt: skip
    if not args.seed_only:
        figures[1:1] = [
            Figure(
                f"{label} first text", ms(big_first), "ms", "<= 2x", baseline=ms(seed),
                stretch="<= 1.3x", note=f"reader FILE, first time, vs reader on the seed; {note}",
            ),
            Figure(
                f"{label} reopen", ms(big_reopen), "ms", "<= 2x", baseline=ms(seed),
                stretch="<= 1.3x", note=f"reader FILE again, vs reader on the seed; {note}",
            ),
            Figure(
                f"{label} peak RSS", max(peaks) / 1e6, "MB", f"<= {limit_mb:.0f} MB",
                note=f"VmHWM once idle (first open and reopen), worst of {len(peaks)}; "
                f"3x {file_mb:.1f} MB + 60 MB",
            ),
        ]  # fmt: skip
        figures.append(
            Figure(
                f"quit ({label})",
                ms(quit_big),
                "ms",
                "<= 1000 ms",
                note=f"q at first text, first open (over {QUIT_WAIT:.0f} s counts as that); {note}",
            )
        )
    report(figures, args.json)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    main()
