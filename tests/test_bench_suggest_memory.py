"""bench/suggest_memory.py works (--quick, a 1 MB article): it writes its two figures."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_rules_memory_benchmark_runs_quick(tmp_path: Path) -> None:
    out = tmp_path / "figures.json"
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "suggest_memory.py"), "--quick", "--json", str(out)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    figures = {figure["name"]: figure for figure in json.loads(out.read_text())}
    assert set(figures) == {"rules peak rise (1 MB)", "rules time (1 MB)"}
    assert figures["rules peak rise (1 MB)"]["baseline"] > 0
    assert figures["rules time (1 MB)"]["value"] > 0
