"""bench/library.py (issue 12, part 3) runs in its CI size and reports every figure in the
shared shape (bench/support/figures.py); it never fails on a target (it reports)."""

from __future__ import annotations

from pathlib import Path

from bench_helpers import run_quick


def test_the_quick_run_reports_every_figure(tmp_path: Path) -> None:
    found, printed = run_quick("library.py", tmp_path, timeout=240)
    figures = {f["name"]: f for f in found}
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
    assert "library screen (500)" in printed
