"""The resident memory of a first open of the 10 MB article, over time (issue 12).

``reader FILE`` is started on a new database in a tmux window (100x30, as
bench/startup.py does) and its VmRSS read from /proc every 10 ms until it has been idle
(its suggestions computed and saved) or ``--seconds`` have passed; then its VmHWM. It
prints the moments the resident memory moved by 1.5 MB or more, so that a transient
peak (a 10 MB value in SQLite's hands for ~30 ms) is told apart from the level the app
settles at; bench/startup.py's "10 MB peak RSS" gives only the peak.

Figures (not in ``make bench``: startup.py's peak is the figure the issue judges;
targets are the issue's 3x the file + 60 MB):

- "10 MB first open sampled peak": the highest VmRSS sampled (a peak shorter than
  10 ms can be missed: VmHWM, also printed, never misses one);
- "10 MB first open idle RSS": VmRSS once idle;
- the baseline of both: VmRSS at the first text on screen.

    python bench/memory_timeline.py [--quick] [--json PATH]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from startup import MARKER_CHARS, first_paragraph
from support.big_article import write_big_article
from support.figures import Figure, bench_arguments, report
from support.terminal import reader_env, status_bytes, tmux_server, wait_until_idle

ROOT = Path(__file__).resolve().parent.parent
#: Seconds between two readings of the process's memory.
SAMPLE = 0.01


def _megabytes(pid: int, field: str) -> float:
    """A memory field of the process in MB (10^6 bytes, as bench/startup.py)."""
    return status_bytes(pid, field) / 1e6


def _samples(pid: int, seconds: float) -> list[tuple[float, float]]:
    """(seconds since the first sample, VmRSS) every SAMPLE seconds until the process is
    idle (startup.py's rule) or ``seconds`` have passed."""
    start = time.perf_counter()
    samples: list[tuple[float, float]] = []

    def sample() -> None:
        samples.append((time.perf_counter() - start, _megabytes(pid, "VmRSS")))

    wait_until_idle(pid, timeout=seconds, each=sample, every=SAMPLE)
    return samples


def main() -> None:
    parser = bench_arguments(__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=120.0, help="sample at most this long")
    args = parser.parse_args()
    size_mb = 1 if args.quick else 10
    marker = first_paragraph()[:MARKER_CHARS]
    with tempfile.TemporaryDirectory(prefix="reader-timeline-") as folder, tmux_server() as tmux:
        work = Path(folder)
        big = write_big_article(work / "big.txt", size_mb * 1_000_000)
        file_mb = big.stat().st_size / 1e6
        reader = str(Path(sys.executable).with_name("reader"))
        env = reader_env(work / "reader.db", work / "home")
        launched = tmux.launch([reader, str(big)], env, ROOT)
        try:
            tmux.wait_for(launched, marker)
            at_first_text = _megabytes(launched.pid, "VmRSS")
            samples = _samples(launched.pid, args.seconds)
            hwm = _megabytes(launched.pid, "VmHWM")
        finally:
            tmux.close(launched)
    last = 0.0
    for seconds, rss in samples:
        if abs(rss - last) >= 1.5:
            print(f"{seconds:7.2f} s {rss:7.1f} MB", file=sys.stderr)
            last = rss
    print(f"VmHWM {hwm:.1f} MB", file=sys.stderr)
    target = f"<= {3 * file_mb + 60:.0f} MB"
    note = "baseline: VmRSS at the first text"
    report(
        [
            Figure(
                f"{size_mb} MB first open sampled peak",
                max(rss for _, rss in samples),
                "MB",
                target,
                at_first_text,
                note=note,
            ),
            Figure(
                f"{size_mb} MB first open idle RSS",
                samples[-1][1],
                "MB",
                target,
                at_first_text,
                note=note,
            ),
        ],
        args.json,
    )


if __name__ == "__main__":
    main()
