"""bench/suggest_memory.py works (--quick, a 1 MB article): it writes its two figures."""

from __future__ import annotations

from pathlib import Path

from bench_helpers import run_quick


def test_the_rules_memory_benchmark_runs_quick(tmp_path: Path) -> None:
    found, _printed = run_quick("suggest_memory.py", tmp_path, timeout=300)
    figures = {figure["name"]: figure for figure in found}
    assert set(figures) == {"rules peak rise (1 MB)", "rules time (1 MB)"}
    assert figures["rules peak rise (1 MB)"]["baseline"] > 0
    assert figures["rules time (1 MB)"]["value"] > 0
