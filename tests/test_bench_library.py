"""bench/library.py (issue 12, part 3) runs in its CI size and reports every figure in the
shared shape (bench/support/figures.py); it never fails on a target (it reports)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "bench" / "library.py"


def test_the_quick_run_reports_every_figure(tmp_path: Path) -> None:
    out = tmp_path / "library.json"
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--quick", "--json", str(out)],
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert done.returncode == 0, done.stderr
    figures = {f["name"]: f for f in json.loads(out.read_text(encoding="utf-8"))}
    assert set(figures) == {
        "library screen (500)",
        "library sort key (500)",
        "library filter key (500)",
        "FTS search p95 (500)",
        "import DIR rate",
        "import DIR peak RSS",
    }
    for figure in figures.values():
        assert figure["value"] > 0 and figure["baseline"] > 0
        assert figure["met"] in (True, False)
    assert "library screen (500)" in done.stdout
