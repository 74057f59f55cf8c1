"""bench/memory_timeline.py works (--quick, a 1 MB article, in tmux): its two figures, the
peak sampled at least the level the app settles at, both above the app at its first text."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from bench_helpers import run_quick


@pytest.mark.skipif(shutil.which("tmux") is None, reason="drives a real terminal: tmux")
def test_the_memory_timeline_benchmark_runs_quick(tmp_path: Path) -> None:
    found, _printed = run_quick("memory_timeline.py", tmp_path, timeout=180)
    figures = {figure["name"]: figure for figure in found}
    assert set(figures) == {"1 MB first open sampled peak", "1 MB first open idle RSS"}
    peak, idle = figures["1 MB first open sampled peak"], figures["1 MB first open idle RSS"]
    assert peak["value"] >= idle["value"] > idle["baseline"] > 20
