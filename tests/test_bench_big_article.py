"""bench/big_article.py works (--quick, a 1 MB article): it opens the article in its
child processes and reports every figure. Its numbers are not judged here: a benchmark
reports, it never fails a test run."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_big_article_benchmark_runs_quick(tmp_path: Path) -> None:
    out = tmp_path / "figures.json"
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "big_article.py"), "--quick", "--json", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    figures = json.loads(out.read_text(encoding="utf-8"))
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
    assert "1 MB reopen load" in done.stdout  # the table was printed
