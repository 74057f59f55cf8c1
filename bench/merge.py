"""Benchmark: `reader merge` of a database with N annotations into one with N others.

Compared with a bare ``ATTACH`` + ``INSERT OR IGNORE INTO annotations SELECT *``
of the same rows, measured in the same run on copies of the same files.
Target: the merge within 1.5x of the baseline. N defaults to 1,000,000;
``--rows N`` or ``READER_BENCH_ROWS=N`` for a quicker run. Peak memory (max RSS)
is printed to show it stays flat: the merge streams in SQL and never holds
the rows in Python.

    python bench/merge.py --rows 100000
    python bench/merge.py --quick          (2,000 rows: proves it works)
"""

from __future__ import annotations

import os
import resource
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from support.figures import Figure, bench_arguments
from support.figures import report as report_figures

from reader.io.importers import parse_plain_text
from reader.store import Store
from reader.store.merge import merge_files

TARGET = 1.5
QUICK_ROWS = 2_000
#: Below this many rows the fixed costs dominate both sides: reported, not judged.
JUDGED_ROWS = 100_000
ROWS_PER_ARTICLE = 1000
SENTENCE = (
    "the council said on Tuesday that the bridge would be rebuilt by spring while critics "
    "argued costs had doubled since the first estimate and residents waited for answers"
)
WORDS = SENTENCE.split(" ")


def article_text(number: int, length: int = 3000) -> str:
    words: list[str] = []
    size = 0
    i = number
    while size < length:
        word = WORDS[(i * 7 + size) % len(WORDS)]
        words.append(word + ("." if len(words) % 12 == 11 else ""))
        size += len(word) + 1
        i += 1
    return f"Article {number}. " + " ".join(words)


def make_db(path: Path, rows: int, author: str, seed: int) -> None:
    """A reader database with ``rows`` annotations over rows/1000 shared articles (the
    articles imported as reader imports them, so the bench follows the schema)."""
    count = max(1, rows // ROWS_PER_ARTICLE)
    with Store.open(path, author=author) as store:
        for number in range(count):
            store.import_article(parse_plain_text(article_text(number), source="bench.txt"))
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("BEGIN")
    conn.execute(
        "CREATE TEMP TABLE arts AS SELECT row_number() OVER (ORDER BY id) - 1 AS n, id, text, "
        "length(text) AS len FROM articles"
    )
    conn.execute("CREATE INDEX temp.arts_n ON arts (n)")
    conn.execute(
        f"""
        WITH RECURSIVE c(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM c WHERE i < {rows - 1}),
        s AS (SELECT i, a.id AS article_id, a.text AS text,
                     (i * 7919 + {seed}) % (a.len - 100) AS start, 10 + (i + {seed}) % 60 AS span
              FROM c JOIN arts AS a ON a.n = i % {count})
        INSERT INTO annotations
        SELECT lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4'
                   || substr(lower(hex(randomblob(2))), 2) || '-a'
                   || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6))),
               article_id, start, start + span, substr(text, start + 1, span),
               substr(text, max(start - 32, 0) + 1, start - max(start - 32, 0)),
               substr(text, start + span + 1, 32),
               CASE i % 2 WHEN 0 THEN 'claim' ELSE 'quote' END, NULL, 'unverified', NULL,
               '{author}', '2026-01-02T00:00:00.000000Z', '2026-01-02T00:00:00.000000Z', NULL,
               'manual'
        FROM s
        """
    )
    conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def copy_db(source: Path, target: Path) -> None:
    shutil.copyfile(source, target)


def baseline(local: Path, incoming: Path) -> float:
    conn = sqlite3.connect(local, isolation_level=None)
    started = time.perf_counter()
    conn.execute("ATTACH DATABASE ? AS inc", [str(incoming)])
    conn.execute("BEGIN")
    conn.execute("INSERT OR IGNORE INTO annotations SELECT * FROM inc.annotations")
    conn.execute("COMMIT")
    elapsed = time.perf_counter() - started
    conn.close()
    return elapsed


def reader_merge(local: Path, incoming: Path) -> tuple[float, dict]:
    with Store.open(local, author="me") as store:
        started = time.perf_counter()
        (report,) = merge_files(store, [incoming])
        elapsed = time.perf_counter() - started
    return elapsed, report.as_dict()


def max_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 if sys.platform != "darwin" else peak / 1024 / 1024


def main() -> int:
    parser = bench_arguments(__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, help="annotations on each side [default 1,000,000]")
    args = parser.parse_args()
    if args.rows is None:
        args.rows = (
            QUICK_ROWS if args.quick else int(os.environ.get("READER_BENCH_ROWS", 1_000_000))
        )
    with tempfile.TemporaryDirectory(prefix="reader-bench-") as tmp:
        work = Path(tmp)
        local, incoming = work / "local.db", work / "incoming.db"
        started = time.perf_counter()
        make_db(local, args.rows, "alice", 1)
        make_db(incoming, args.rows, "bob", 2)
        print(f"built 2 x {args.rows:,} annotations in {time.perf_counter() - started:.1f} s")
        print(f"peak memory after building: {max_rss_mb():.0f} MB")
        copy_db(local, work / "base.db")
        base = baseline(work / "base.db", incoming)
        copy_db(local, work / "merge.db")
        merged, report = reader_merge(work / "merge.db", incoming)
        ratio = merged / base
        print(f"baseline ATTACH + INSERT OR IGNORE: {base:.2f} s")
        print(f"reader merge:                       {merged:.2f} s")
        print(f"ratio: {ratio:.2f}x (target <= {TARGET}x) {'OK' if ratio <= TARGET else 'SLOW'}")
        print(f"merge report: new {report['new']:,}, skipped {sum(report['skipped'].values())}")
        print(f"peak memory: {max_rss_mb():.0f} MB")
    judged = args.rows >= JUDGED_ROWS
    report_figures(
        [
            Figure(
                "merge",
                merged,
                "s",
                f"<= {TARGET}x" if judged else "",
                baseline=base,
                note=f"{args.rows:,} rows into {args.rows:,} vs ATTACH + INSERT OR IGNORE; "
                f"peak {max_rss_mb():.0f} MB"
                + ("" if judged else f"; not judged below {JUDGED_ROWS:,} rows"),
            )
        ],
        args.json,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
