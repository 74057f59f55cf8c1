"""The benchmark harness works (make bench, bench/run_all.py): one cheap script, --quick.

Timing targets are the benchmarks' business, never a test's: this only proves that a
registered script runs with --quick and --json, that its figures reach the one table and
bench/results.json, and that a script not written yet is skipped, not a failure.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "bench"


def test_run_all_quick_collects_the_figures_of_a_script(tmp_path: Path) -> None:
    results = tmp_path / "results.json"
    done = subprocess.run(
        [
            sys.executable,
            str(BENCH / "run_all.py"),
            "--quick",
            "--only",
            "merge.py",
            "--only",
            "not_written_yet.py",
            "--results",
            str(results),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "not_written_yet.py: skipped" in done.stdout
    header = next(line for line in done.stdout.splitlines() if line.startswith("figure"))
    assert header.split() == ["figure", "value", "baseline", "ratio", "target", "met", "stretch"]
    written = json.loads(results.read_text(encoding="utf-8"))
    assert written["quick"] is True
    statuses = {s["script"]: s["status"] for s in written["scripts"]}
    assert statuses == {"merge.py": "ok", "not_written_yet.py": "missing"}
    (merge,) = written["figures"]
    assert merge["script"] == "merge.py" and merge["name"] == "merge"
    assert merge["value"] > 0 and merge["baseline"] > 0
    assert merge["ratio"] == merge["value"] / merge["baseline"]
    assert any(line.startswith("merge ") for line in done.stdout.splitlines())
