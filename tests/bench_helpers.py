"""Running a benchmark script of bench/ in its CI size, for the tests that prove it works
(a benchmark reports; its numbers are never judged in a test run)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent.parent / "bench"


def run_quick(script: str, tmp_path: Path, *, timeout: float) -> tuple[list[dict[str, Any]], str]:
    """``bench/SCRIPT --quick --json FILE`` in a fresh Python: the figures it wrote, in
    order, and the table it printed. Fails the test, with the script's errors, unless it
    ran through."""
    out = tmp_path / "figures.json"
    done = subprocess.run(
        [sys.executable, str(BENCH / script), "--quick", "--json", str(out)],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    figures: list[dict[str, Any]] = json.loads(out.read_text(encoding="utf-8"))
    return figures, done.stdout
