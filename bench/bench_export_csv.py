"""CSV export of N annotations (default 1,000,000) against `sqlite3 -csv` on the same query.

Target (issue 4): `reader export` within 2.5x of the sqlite3 command-line shell
running the very SQL the exporter runs (section join and spreadsheet-safety
apostrophes included). Without a sqlite3 shell on PATH the baseline is
Python's sqlite3 module + csv.writer on that query, and the output says so.

    python bench/bench_export_csv.py [--rows N]     (or READER_BENCH_ROWS=N)
    python bench/bench_export_csv.py --quick        (2,000 rows: proves it works)
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from support import (
    best_of,
    figure,
    parse_args,
    python,
    reader,
    reader_value,
    report,
    workspace,
)
from support.figures import report as report_figures

TARGET = 2.5

PYTHON_BASELINE = """
import csv, sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
cursor = conn.execute(sys.argv[2])
with open(sys.argv[3], "w", encoding="utf-8", newline="") as out:
    writer = csv.writer(out, lineterminator="\\r\\n")
    writer.writerow([d[0] for d in cursor.description])
    writer.writerows(cursor)
"""


def main() -> int:
    args = parse_args(__doc__.splitlines()[0])
    title = f"CSV export of {args.rows:,} annotations"
    with workspace(args, title) as (workdir, _articles, db):
        # The shell does not have reader's SQL function for the rare values (holding a
        # ';', a tab or a NUL): it runs the rest of the same query, those values as they are.
        sql = reader_value(
            "q.export_query(spreadsheet_safe=True)[0].replace(q.SAFE_FUNCTION + '(', '(')"
        )
        shell = shutil.which("sqlite3")
        if shell:
            name = "baseline: sqlite3 -csv (same query)"
            argv = [shell, "-csv", "-header", str(db), sql]
            baseline = best_of(args.repeat, argv, stdout=workdir / "base.csv")
        else:
            name = "baseline: python sqlite3 + csv (no sqlite3 shell)"
            argv = python(PYTHON_BASELINE, str(db), sql, str(workdir / "base.csv"))
            baseline = best_of(args.repeat, argv)
        ours = best_of(args.repeat, reader("export", "--db", db, "-o", workdir / "ours.csv"))
        report(args.rows, "reader export (CSV)", ours, baseline, name, TARGET)
        sizes = [(workdir / n).stat().st_size for n in ("base.csv", "ours.csv")]
        print(f"  output sizes: baseline {sizes[0]:,} bytes, reader {sizes[1]:,} bytes")
    report_figures([figure("export CSV", args.rows, ours, baseline, name, TARGET)], args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
