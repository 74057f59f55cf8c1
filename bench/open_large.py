"""How long opening a large article takes, phase by phase.

Builds a synthetic plain-text article of SIZE_MB (default 10) from the bundled
seed, then times: import (read, normalise, segment), store (insert), load (read
back and rebuild the model) and layout (word wrap for an 80-column view).
The baseline, measured in the same run, is reading and normalising the same
file (the least any importer must do); each phase is printed with its ratio.

    python bench/open_large.py            # 10 MB
    READER_BENCH_MB=1 python bench/open_large.py
"""

from __future__ import annotations

import os
import tempfile
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from reader.io.importers import load_article, load_seed
from reader.store import Store
from reader.ui.layout import layout_article

T = TypeVar("T")


def synthetic_article(path: Path, size_mb: float) -> None:
    """Repeat the seed (with numbered headings) until the file reaches ``size_mb``."""
    seed = load_seed().text
    parts: list[str] = []
    total, index = 0, 0
    while total < size_mb * 1_000_000:
        part = seed.replace("Displaced again", f"Displaced again {index}").replace(
            "\nArson\n", f"\nArson {index}\n"
        )
        parts.append(part)
        total += len(part) + 1
        index += 1
    path.write_text("\n".join(parts), encoding="utf-8")


def timed(label: str, baseline: float | None, action: Callable[[], T]) -> tuple[T, float]:
    """Run ``action`` once, print its time and ratio to ``baseline``."""
    start = time.perf_counter()
    result = action()
    seconds = time.perf_counter() - start
    ratio = f"{seconds / baseline:6.1f}x baseline" if baseline else "(baseline)"
    print(f"  {label:<28} {seconds:7.3f} s  {ratio}")
    return result, seconds


def main() -> None:
    size_mb = float(os.environ.get("READER_BENCH_MB", "10"))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "large.txt"
        synthetic_article(path, size_mb)
        print(f"open a {path.stat().st_size / 1e6:.1f} MB plain-text article")
        _, base = timed(
            "read + normalise",
            None,
            lambda: unicodedata.normalize("NFC", path.read_text(encoding="utf-8")),
        )
        article, _ = timed("import (segment)", base, lambda: load_article(path))
        print(f"  {len(article.sections)} sections, {len(article.sentences)} sentences")
        with Store.open(Path(folder) / "bench.db", author="bench") as store:
            stored, _ = timed("store", base, lambda: store.import_article(article)[0])
            loaded, _ = timed("load from store", base, lambda: store.get_article(stored.id))
            lines, _ = timed("layout, 80 columns", base, lambda: layout_article(loaded.article, 76))
            print(f"  {len(lines)} screen lines")


if __name__ == "__main__":
    main()
