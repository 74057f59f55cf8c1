"""bench/big_article.py works (--quick, a 1 MB article): it opens the article in its
child processes and reports every figure. Its numbers are not judged here: a benchmark
reports, it never fails a test run."""

from __future__ import annotations

from pathlib import Path

from bench_helpers import run_quick


def test_the_big_article_benchmark_runs_quick(tmp_path: Path) -> None:
    figures, printed = run_quick("big_article.py", tmp_path, timeout=120)
    assert [f["name"] for f in figures] == [
        "1 MB import",
        "1 MB import / parse",
        "1 MB reopen load",
        "1 MB search",
        "1 MB structure load",
        "1 MB import peak RSS",
        "1 MB reopen peak RSS",
    ]
    assert all(f["value"] > 0 and f["baseline"] > 0 for f in figures)
    assert "1 MB reopen load" in printed  # the table was printed
