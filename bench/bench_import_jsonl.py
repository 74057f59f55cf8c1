"""import-annotations of N JSONL rows (default 1,000,000) against a bare executemany insert.

Target (issue 4): `reader import-annotations` within 1.5x of the baseline: read
the same file line by line, json.loads each line, executemany a plain INSERT
of the same rows into an identical table (a copy of the same reader database:
same schema, indexes, WAL and foreign keys on, as reader's connection has),
in one BEGIN IMMEDIATE ... COMMIT transaction, like reader.

    python bench/bench_import_jsonl.py [--rows N]     (or READER_BENCH_ROWS=N)
    python bench/bench_import_jsonl.py --quick        (2,000 rows: proves it works)
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from support import (
    best_of,
    figure,
    fresh_copy,
    parse_args,
    python,
    reader,
    report,
    timed,
    workspace,
)
from support.figures import report as report_figures

TARGET = 1.5

BASELINE = """
import json, sqlite3, sys
from operator import itemgetter
columns = ("id", "article_id", "start", "end", "exact", "prefix", "suffix", "tag", "speaker",
           "status", "note", "author", "created_at", "updated_at")
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA foreign_keys = ON")
sql = "INSERT INTO annotations ({}) VALUES ({})".format(
    ", ".join(f'"{c}"' for c in columns), ", ".join("?" * len(columns)))
row = itemgetter(*columns)
loads = json.loads
with open(sys.argv[2], encoding="utf-8") as f:
    conn.execute("BEGIN IMMEDIATE")
    conn.executemany(sql, (row(loads(line)) for line in f))
    conn.execute("COMMIT")
print(conn.execute("SELECT count(*) FROM annotations").fetchone()[0])
"""


def main() -> int:
    args = parse_args(__doc__.splitlines()[0])
    title = f"import-annotations of {args.rows:,} JSONL rows"
    with workspace(args, title) as (workdir, articles_db, annotated_db):
        rows = workdir / f"rows-{args.rows}.jsonl"
        if not rows.exists():
            timed(reader("export", "--db", annotated_db, "--format", "jsonl", "-o", rows))
        base_db, ours_db = workdir / "baseline.db", workdir / "ours.db"
        base_out, ours_out = workdir / "baseline.out", workdir / "ours.out"
        baseline = best_of(
            args.repeat,
            python(BASELINE, str(base_db), str(rows)),
            stdout=base_out,
            prepare=lambda: fresh_copy(articles_db, base_db),
        )
        ours = best_of(
            args.repeat,
            reader("import-annotations", rows, "--db", ours_db),
            stdout=ours_out,
            prepare=lambda: fresh_copy(articles_db, ours_db),
        )
        name = "baseline: json.loads + executemany INSERT"
        report(args.rows, "reader import-annotations", ours, baseline, name, TARGET)
        print(f"  baseline inserted {base_out.read_text().strip()} rows")
        print(f"  reader: {ours_out.read_text().splitlines()[0]}")
    report_figures([figure("import JSONL", args.rows, ours, baseline, name, TARGET)], args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
