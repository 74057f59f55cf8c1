"""Shared setup for the benchmarks in bench/: sizes, timed child processes, test data.

Not a benchmark itself (``make bench`` runs bench/*.py only). Every measured
step runs in its own child process, so each figure includes interpreter
start-up on both sides and its peak memory (max RSS) is the step's own.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parents[1]
DEFAULT_ROWS = 1_000_000
#: Rows of a ``--quick`` run (make bench-quick): seconds, to prove the bench works.
QUICK_ROWS = 2_000
#: Below this size interpreter start-up (~0.3 s a process) dominates: ratios are shown
#: but not judged.
JUDGED_ROWS = 100_000
ROWS_ENVVAR = "READER_BENCH_ROWS"
ARTICLES = 50
NOTES = ["", "", "", "=SUM(A1)", "'=quoted", "checked, with a comma", 'said "no"', "+1", "ünïcode"]
SPEAKERS = [None, None, "Ana", "@handle", "-", "Dr. O'Neil"]
STATUSES = ("unverified", "supported", "disputed", "false")


def parse_args(description: str) -> argparse.Namespace:
    """The arguments of every benchmark (``--quick``, ``--json PATH``: support/figures.py),
    ``--rows N`` (default ``$READER_BENCH_ROWS`` or 1,000,000; ``--quick``: 2,000),
    ``--repeat N`` (``--quick``: 1) and ``--workdir DIR``."""
    from support.figures import bench_arguments

    parser = bench_arguments(description)
    parser.add_argument(
        "--rows",
        type=int,
        help=f"annotations to generate [env {ROWS_ENVVAR}; default {DEFAULT_ROWS:,}]",
    )
    parser.add_argument("--repeat", type=int, help="runs of each side; the best counts [default 3]")
    parser.add_argument("--workdir", type=Path, help="keep the files here (default: a temp dir)")
    args = parser.parse_args()
    if args.rows is None:
        args.rows = QUICK_ROWS if args.quick else int(os.environ.get(ROWS_ENVVAR, DEFAULT_ROWS))
    if args.repeat is None:
        args.repeat = 1 if args.quick else 3
    return args


@dataclass(frozen=True)
class Timing:
    seconds: float
    max_rss_mb: float


def timed(argv: list[str], *, stdout: Path | None = None) -> Timing:
    """Run ``argv`` as a child process; its wall time and peak memory. Fails loudly."""
    out = open(stdout, "wb") if stdout else subprocess.DEVNULL  # noqa: SIM115
    try:
        started = time.perf_counter()
        child = subprocess.Popen(argv, stdout=out, stderr=subprocess.PIPE)
        _pid, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        error = child.stderr.read().decode() if child.stderr else ""
    finally:
        if stdout:
            out.close()
    if child.returncode != 0:
        sys.exit(f"bench step failed ({child.returncode}): {' '.join(argv)}\n{error}")
    return Timing(seconds, usage.ru_maxrss / 1024)


def best_of(
    repeat: int,
    argv: list[str],
    *,
    stdout: Path | None = None,
    prepare: Callable[[], object] | None = None,
) -> Timing:
    """The fastest of ``repeat`` runs (other load on the machine only slows runs down);
    the max RSS is the largest seen. ``prepare()`` runs, untimed, before each run."""
    runs = []
    for _ in range(max(1, repeat)):
        if prepare is not None:
            prepare()
        runs.append(timed(argv, stdout=stdout))
    return Timing(min(r.seconds for r in runs), max(r.max_rss_mb for r in runs))


def fresh_copy(source: Path, target: Path) -> None:
    """Replace ``target`` (and its WAL files) by a copy of the database ``source``."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copy(source, target)


def python(code: str, *args: str) -> list[str]:
    """argv running ``code`` with this interpreter (the one reader is installed in)."""
    return [sys.executable, "-c", code, *args]


READER = "import sys; from reader.cli import main; main(sys.argv[1:])"


def reader(*args: str | Path) -> list[str]:
    """argv running ``reader ARGS`` with this interpreter."""
    return python(READER, *map(str, args))


def article_text(number: int, rng: random.Random) -> str:
    """A plain-text article: a lead and a few headed sections of plain sentences."""
    words = "the council said a bridge costs million euros and work starts in spring".split()  # noqa: SIM905
    parts = []
    for section in range(6):
        if section:
            parts.append(f"Section {section} of article {number}")
        for _paragraph in range(8):
            sentences = [
                " ".join(rng.choice(words) for _ in range(12)).capitalize() + "." for _ in range(5)
            ]
            parts.append(" ".join(sentences))
    return "\n\n".join(parts) + "\n"


def make_databases(workdir: Path, rows: int) -> tuple[Path, Path]:
    """``articles.db`` (articles only, imported by reader) and ``annotated.db`` (the
    same plus ``rows`` annotations). Generated once per workdir and size, in a child
    process: the bench process stays small, and a child's max RSS counts the
    memory of the process it was forked from."""
    articles_db = workdir / "articles.db"
    annotated_db = workdir / f"annotated-{rows}.db"
    if not annotated_db.exists():
        code = f"import sys; sys.path.insert(0, {str(BENCH_DIR)!r}); import support; "
        code += "support.build_databases(*sys.argv[1:])"
        subprocess.run(python(code, str(workdir), str(rows)), check=True)
    return articles_db, annotated_db


def reader_value(expression: str) -> str:
    """``print(expression)`` evaluated by a child process that has imported reader
    (keeps reader out of the bench process, see :func:`make_databases`)."""
    code = f"import reader.store.export_query as q; print({expression})"
    return subprocess.run(python(code), check=True, capture_output=True, text=True).stdout


def anchored_columns(
    rng: random.Random, article_id: str, text: str, start: int, end: int
) -> tuple[str, str, int, int, str, str, str]:
    """An annotation row's first columns: a random id, then its article and where it is
    (``id, article_id, start, end, exact, prefix, suffix``, 32 characters of context)."""
    return (
        str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        article_id,
        start,
        end,
        text[start:end],
        text[max(0, start - 32) : start],
        text[end : end + 32],
    )


def _span(text: str, rng: random.Random) -> tuple[int, int]:
    """A random span of up to 80 characters with no space at either end (as the store
    keeps a span: trimmed)."""
    start = rng.randrange(len(text) - 80)
    end = start + rng.randrange(1, 80)
    while start < end - 1 and text[start].isspace():
        start += 1
    while end > start + 1 and text[end - 1].isspace():
        end -= 1
    return start, end


def build_databases(workdir: str, rows: str) -> None:
    """The body of :func:`make_databases`, run in the child."""
    articles_db = Path(workdir) / "articles.db"
    annotated_db = Path(workdir) / f"annotated-{rows}.db"
    rows = int(rows)  # type: ignore[assignment]
    from reader.io.importers import parse_plain_text
    from reader.store import Store

    rng = random.Random(4)
    if not articles_db.exists():
        with Store.open(articles_db, author="bench") as store:
            for number in range(ARTICLES):
                store.import_article(
                    parse_plain_text(article_text(number, rng), source=f"a{number}.txt")
                )
    partial = annotated_db.with_suffix(".partial")  # renamed when complete
    shutil.copy(articles_db, partial)
    conn = sqlite3.connect(partial, isolation_level=None)
    texts = conn.execute("SELECT id, text FROM articles").fetchall()

    def generate():
        seen: set[tuple[str, int, int, bool, int]] = set()  # the store keeps one of each
        for i in range(rows):
            article_id, text = texts[i % len(texts)]
            start, end = _span(text, rng)
            same = (bool(i % 3), i % 7)  # the tag and the author below
            while (article_id, start, end, *same) in seen:
                start, end = _span(text, rng)
            seen.add((article_id, start, end, *same))
            stamp = f"2026-05-{1 + i % 28:02d}T12:{i % 60:02d}:{i % 59:02d}.{i % 999999:06d}Z"
            yield (
                *anchored_columns(rng, article_id, text, start, end),
                "claim" if i % 3 else "quote",
                rng.choice(SPEAKERS),
                STATUSES[i % 4],
                rng.choice(NOTES) or None,
                f"author{i % 7}",
                stamp,
                stamp,
                None,
            )

    conn.execute("BEGIN")
    conn.executemany(
        'INSERT INTO annotations (id, article_id, start, "end", exact, prefix, suffix, tag, '
        "speaker, status, note, author, created_at, updated_at, deleted_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        generate(),
    )
    conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    partial.rename(annotated_db)


@contextlib.contextmanager
def workspace(args: argparse.Namespace, title: str) -> Iterator[tuple[Path, Path, Path]]:
    """Print the bench's title; yield ``(workdir, articles_db, annotated_db)``.

    The files live in ``--workdir`` (kept, and reused by the next run of the same
    size) or in a temporary directory removed afterwards.
    """
    with tempfile.TemporaryDirectory(prefix="reader-bench-formats-") as tmp:
        workdir = args.workdir or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        floor = timed(["true"]).max_rss_mb
        print(f"{title}, best of {args.repeat} ({workdir})")
        print(f"  (max RSS counts from {floor:.1f} MB: a child starts as a copy of this process)")
        yield (workdir, *make_databases(workdir, args.rows))


def figure(name: str, rows: int, ours: Timing, baseline: Timing, baseline_name: str, target: float):
    """The measurement as a figure of ``make bench`` (support/figures.py); below
    ``JUDGED_ROWS`` it has no target (interpreter start-up dominates both sides)."""
    from support.figures import Figure

    judged = rows >= JUDGED_ROWS
    return Figure(
        name,
        ours.seconds,
        "s",
        f"<= {target}x" if judged else "",
        baseline=baseline.seconds,
        note=f"{rows:,} rows vs {baseline_name.removeprefix('baseline: ')}; "
        f"max RSS {ours.max_rss_mb:.0f} MB"
        + ("" if judged else f"; not judged below {JUDGED_ROWS:,} rows"),
    )


def report(
    rows: int, name: str, ours: Timing, baseline: Timing, baseline_name: str, target: float
) -> bool:
    """Print both figures and the ratio; False when a judged run misses ``target``."""
    ratio = ours.seconds / baseline.seconds
    ok = ratio <= target
    verdict = "OK" if ok else "TOO SLOW"
    if rows < JUDGED_ROWS:
        verdict = f"not judged below {JUDGED_ROWS:,} rows: start-up time dominates"
    print(f"  {baseline_name:<44} {baseline.seconds:8.2f} s  max RSS {baseline.max_rss_mb:7.1f} MB")
    print(f"  {name:<44} {ours.seconds:8.2f} s  max RSS {ours.max_rss_mb:7.1f} MB")
    print(f"  ratio {ratio:.2f}x (target <= {target}x): {verdict}")
    return ok or rows < JUDGED_ROWS
