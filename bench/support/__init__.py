"""Shared setup for the benchmarks in bench/: sizes, timed child processes, test data.

Not a benchmark itself (``make bench`` runs bench/*.py only). Every measured
step runs in its own child process, so each figure includes interpreter
start-up on both sides and its peak memory (max RSS) is the step's own.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

DEFAULT_ROWS = 1_000_000
ROWS_ENVVAR = "READER_BENCH_ROWS"
ARTICLES = 50
NOTES = ["", "", "", "=SUM(A1)", "'=quoted", "checked, with a comma", 'said "no"', "+1", "ünïcode"]
SPEAKERS = [None, None, "Ana", "@handle", "-", "Dr. O'Neil"]
STATUSES = ("unverified", "supported", "disputed", "false")


def parse_args(description: str) -> argparse.Namespace:
    """``--rows N`` (default ``$READER_BENCH_ROWS`` or 1,000,000) and ``--keep DIR``."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument(
        "--rows",
        type=int,
        default=int(os.environ.get(ROWS_ENVVAR, DEFAULT_ROWS)),
        help=f"annotations to generate [env {ROWS_ENVVAR}; default {DEFAULT_ROWS:,}]",
    )
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs of each side; the best counts [default 3]"
    )
    parser.add_argument("--workdir", type=Path, help="keep the files here (default: a temp dir)")
    return parser.parse_args()


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
    same plus ``rows`` annotations). Generated once per workdir and size."""
    articles_db = workdir / "articles.db"
    annotated_db = workdir / f"annotated-{rows}.db"
    if annotated_db.exists():
        return articles_db, annotated_db
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
        for i in range(rows):
            article_id, text = texts[i % len(texts)]
            start = rng.randrange(len(text) - 80)
            end = start + rng.randrange(1, 80)
            stamp = f"2026-05-{1 + i % 28:02d}T12:{i % 60:02d}:{i % 59:02d}.{i % 999999:06d}Z"
            yield (
                str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                article_id,
                start,
                end,
                text[start:end],
                text[max(0, start - 32) : start],
                text[end : end + 32],
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
    return articles_db, annotated_db


def report(name: str, ours: Timing, baseline: Timing, baseline_name: str, target: float) -> bool:
    """Print both figures and the ratio; True when within ``target``."""
    ratio = ours.seconds / baseline.seconds
    ok = ratio <= target
    print(f"  {baseline_name:<44} {baseline.seconds:8.2f} s  max RSS {baseline.max_rss_mb:7.1f} MB")
    print(f"  {name:<44} {ours.seconds:8.2f} s  max RSS {ours.max_rss_mb:7.1f} MB")
    print(f"  ratio {ratio:.2f}x (target <= {target}x): {'OK' if ok else 'TOO SLOW'}")
    return ok
