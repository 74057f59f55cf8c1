"""bench/parse_memory.py works (--quick, a 1 MB article): it writes its three figures; its
hard-wrapped copy of the big article is one the parser unwraps."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

from bench_helpers import run_quick

from reader.io.plaintext import parse_plain_text

ROOT = Path(__file__).resolve().parent.parent


def test_the_parse_memory_benchmark_runs_quick(tmp_path: Path) -> None:
    found, _printed = run_quick("parse_memory.py", tmp_path, timeout=120)
    figures = {figure["name"]: figure for figure in found}
    assert set(figures) == {
        "1 MB parse peak rise",
        "1 MB wrapped parse peak rise",
        "1 MB parse RSS left",
    }
    # the baseline is the text in memory: at least its 1,000,000 characters
    assert all(figure["baseline"] >= 0.9 for figure in figures.values())
    assert figures["1 MB parse peak rise"]["value"] >= figures["1 MB parse RSS left"]["value"]


def _big_article_module() -> ModuleType:
    """bench/support/big_article.py, loaded from its file (bench is not a package here)."""
    spec = importlib.util.spec_from_file_location(
        "big_article", ROOT / "bench" / "support" / "big_article.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_hard_wrapped_copy_parses_to_the_same_sections_and_paragraphs() -> None:
    big_article = _big_article_module()
    text = big_article.big_article_text(100_000)
    wrapped = big_article.hard_wrapped(text)
    assert wrapped.count("\n") > 3 * text.count("\n")  # (wrapped: many more lines)
    lines, blocks = parse_plain_text(text, source="a"), parse_plain_text(wrapped, source="b")
    assert lines.title == blocks.title
    assert [s.title for s in lines.sections] == [s.title for s in blocks.sections]
    assert [len(s.paragraphs) for s in lines.sections] == [
        len(s.paragraphs) for s in blocks.sections
    ]
