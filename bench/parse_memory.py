"""The plain-text parse's memory on the 10 MB article: its peak and what it leaves (issue 12).

Each figure is taken in a fresh process that imports the importer, reads the file,
resets its peak resident memory (VmHWM := VmRSS, /proc/self/clear_refs) and parses it
(``parse_article_text``, as the reader does on a first open): how far the parse raises
the peak, and how much more resident memory the process holds once it is done (the
article kept, everything else collected). The files: the article of
bench/support/big_article.py (one paragraph a line) and a hard-wrapped copy of it
(72 columns, blank lines between paragraphs: four times as many lines).

The baseline, measured in the same run: the size of the text itself in memory
(``sys.getsizeof``), so the ratio reads "the parse costs this much of its text again".
Figures (targets: before issue 12's arrays the parse of the 10 MB article peaked at
0.8x, its hard-wrapped copy at 2.3x, and left 0.35x behind):

- "10 MB parse peak rise": the one-paragraph-a-line file (target <= 0.4x);
- "10 MB wrapped parse peak rise": the hard-wrapped copy (target <= 0.4x);
- "10 MB parse RSS left": the one-paragraph-a-line file (target <= 0.3x; mostly freed
  heap glibc has not given back: what the next allocations reuse).

    python bench/parse_memory.py            # 10 MB
    python bench/parse_memory.py --quick    # 1 MB: proves the benchmark works
"""

from __future__ import annotations

import gc
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.support.big_article import hard_wrapped, write_big_article  # noqa: E402
from bench.support.child import run_child, status_kb  # noqa: E402
from bench.support.figures import Figure, bench_arguments, report  # noqa: E402

MB = 1024 * 1024


def child(path: Path) -> None:
    """Read ``path``, reset the peak, parse it; print the text's size, the peak's rise
    and the resident memory left (MB) as JSON."""
    from reader.io.importers import parse_article_text

    text = path.read_text(encoding="utf-8")
    gc.collect()
    before = status_kb("VmRSS")
    Path("/proc/self/clear_refs").write_text("5")  # VmHWM := VmRSS
    article = parse_article_text(path, text)
    gc.collect()
    peak, left = status_kb("VmHWM"), status_kb("VmRSS")
    assert article.text == text  # (kept alive until measured)
    print(
        json.dumps(
            {
                "text": sys.getsizeof(text) / MB,
                "rise": (peak - before) / 1024,
                "left": (left - before) / 1024,
            }
        )
    )


def measure(path: Path) -> dict[str, float]:
    """:func:`child` in a fresh process."""
    return run_child(__file__, str(path))


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        child(Path(sys.argv[2]))
        return
    args = bench_arguments(__doc__.splitlines()[0]).parse_args()
    size = 1_000_000 if args.quick else 10_000_000
    label = "1 MB" if args.quick else "10 MB"
    with tempfile.TemporaryDirectory() as folder:
        lines = write_big_article(Path(folder) / "big.txt", size)
        wrapped = Path(folder) / "wrapped.txt"
        wrapped.write_text(hard_wrapped(lines.read_text(encoding="utf-8")), encoding="utf-8")
        plain = measure(lines)
        hard = measure(wrapped)
    note = "baseline: the text's own size in memory"
    report(
        [
            Figure(
                f"{label} parse peak rise",
                round(plain["rise"], 1),
                "MB",
                "<= 0.4x",
                baseline=round(plain["text"], 1),
                note=note,
            ),
            Figure(
                f"{label} wrapped parse peak rise",
                round(hard["rise"], 1),
                "MB",
                "<= 0.4x",
                baseline=round(hard["text"], 1),
                note=note + " (the hard-wrapped copy)",
            ),
            Figure(
                f"{label} parse RSS left",
                round(plain["left"], 1),
                "MB",
                "<= 0.3x",
                baseline=round(plain["text"], 1),
                note=note,
            ),
        ],
        args.json,
    )


if __name__ == "__main__":
    main()
