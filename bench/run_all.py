"""Every benchmark in one run, one table and bench/results.json (``make bench``).

Runs each registered script of bench/ (``SCRIPTS``) in its own process with
``--json FILE`` (and ``--quick`` with ``--quick``: a CI-sized run of seconds), collects
the figures they write (bench/support/figures.py: each against a baseline measured in
the same run) and prints them as one table: figure, value, baseline, ratio, target, met,
stretch. A script not written yet is skipped with a line. A missed target never fails
the run: the table says so. A script that crashes (or writes no figures) does: the exit
status is then 1, after the table of the others.

    python bench/run_all.py                 # the full run (minutes)
    python bench/run_all.py --quick         # small sizes, to prove the benchmarks work
    python bench/run_all.py --only startup.py --results /tmp/results.json
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from support.figures import Figure, format_table

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
#: The benchmarks ``make bench`` runs, in this order (each follows bench/support/figures.py).
SCRIPTS = [
    "startup.py",
    "big_article.py",
    "keys.py",
    "library.py",
    "team_sync.py",
    "bench_export_csv.py",
    "bench_import_jsonl.py",
    "merge.py",
    "feed_update.py",
]
#: Lines of a crashed script's output shown under the table.
TAIL_LINES = 15


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes: seconds per script")
    parser.add_argument(
        "--only",
        action="append",
        metavar="SCRIPT",
        help="run only this script (repeatable), e.g. startup.py",
    )
    parser.add_argument(
        "--results",
        type=Path,
        default=BENCH / "results.json",
        help="where to write the figures as JSON [default: bench/results.json]",
    )
    return parser.parse_args()


def run_script(name: str, quick: bool, folder: Path) -> dict[str, object]:
    """Run one script; its outcome (status, seconds, output file) and figures."""
    path = BENCH / name
    if not path.exists():
        return {"script": name, "status": "missing", "figures": []}
    out = folder / f"{path.stem}.json"
    log = folder / f"{path.stem}.log"
    argv = [sys.executable, str(path), "--json", str(out), *(["--quick"] if quick else [])]
    # The scripts import bench/support as ``support`` (their own folder is on sys.path) or
    # as ``bench.support`` (the repository root, added here).
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    started = time.perf_counter()
    with log.open("wb") as output:
        code = subprocess.run(argv, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
    seconds = round(time.perf_counter() - started, 1)
    figures: list[dict[str, object]] = []
    if out.exists():
        figures = json.loads(out.read_text(encoding="utf-8"))
    output = log.read_text(encoding="utf-8", errors="replace")
    status = "ok" if code.returncode == 0 and figures else "crashed"
    if code.returncode == 2 and "unrecognized arguments" in output and not figures:
        status = "old"  # not yet following the contract (--quick, --json): skipped
    result: dict[str, object] = {
        "script": name,
        "status": status,
        "exit": code.returncode,
        "seconds": seconds,
        "figures": figures,
    }
    if status == "crashed":
        result["output"] = output.splitlines()[-TAIL_LINES:]
    return result


def as_figure(data: dict[str, object]) -> Figure:
    """A figure back from its JSON (the computed keys dropped)."""
    names = ("name", "value", "unit", "target", "baseline", "stretch", "note")
    return Figure(**{name: data[name] for name in names if name in data})  # type: ignore[arg-type]


def main() -> int:
    args = arguments()
    scripts = args.only or SCRIPTS
    results = []
    with tempfile.TemporaryDirectory(prefix="reader-bench-all-") as tmp:
        for name in scripts:
            print(f"== {name}", end="", flush=True)
            result = run_script(name, args.quick, Path(tmp))
            if result["status"] == "missing":
                print(": skipped (not written yet)")
            elif result["status"] == "old":
                print(": skipped (takes no --json/--quick yet: see bench/support/figures.py)")
            else:
                print(f": {result['status']}, {result['seconds']} s")
            results.append(result)
    figures = [as_figure(f) for r in results for f in r["figures"]]  # type: ignore[attr-defined]
    print()
    print(format_table(figures))
    crashed = [r for r in results if r["status"] == "crashed"]
    for result in crashed:
        print(f"\n{result['script']} crashed (exit {result['exit']}); its last lines:")
        print("\n".join(f"  {line}" for line in result["output"]))  # type: ignore[attr-defined]
    missed = [f.name for f in figures if f.met is False]
    ran = sum(r["status"] == "ok" for r in results)
    print(
        f"\n{len(figures)} figures from {ran} scripts; "
        f"targets missed: {', '.join(missed) if missed else 'none'}"
    )
    args.results.write_text(
        json.dumps(
            {
                "when": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
                "quick": args.quick,
                "python": sys.version.split()[0],
                "scripts": [
                    {key: value for key, value in r.items() if key != "figures"} for r in results
                ],
                "figures": [
                    {"script": r["script"], **f}
                    for r in results
                    for f in r["figures"]  # type: ignore[attr-defined]
                ],
            },
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"written: {args.results}")
    return 1 if crashed else 0


if __name__ == "__main__":
    sys.exit(main())
