"""Smoke test of the fuzz run (bench/fuzz/run.py): a tiny budget, it runs and reports."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "bench" / "fuzz" / "run.py"


def test_fuzz_run_prints_both_tables() -> None:
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--seconds", "3", "--quick"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].split() == ["fuzz", "target", "examples", "failures"]
    for target in ("split_sentences", "parse_markdown", "suggest", "merge reader"):
        assert any(line.startswith(target) for line in lines), target
    header = next(line for line in lines if line.startswith("target "))
    assert header.split()[:4] == ["target", "pattern", "n", "t(n)"]
    assert "series flagged super-linear" in lines[-1]
