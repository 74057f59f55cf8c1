"""Peak memory of the suggestion rules on the 10 MB article (issue 12).

The reader screen runs the rules on a detached copy of a stored (packed) article when
its suggestions are not cached yet. Each path runs in a fresh process on the article
of bench/support/big_article.py, read back from its packed structure as the store
gives it; the peak resident memory (VmHWM) is reset once the article is loaded, and
the figure is how far the rules raise it:

- the screen's path, ``reader.suggest.suggest_table`` (a compact table, no record per
  claim);
- the baseline, measured in the same run: the records path (``suggest``: a list of
  records, sorted, then made a table), what the screen ran before.

    python bench/suggest_memory.py            # 10 MB
    python bench/suggest_memory.py --quick    # 1 MB: proves the benchmark works
"""

from __future__ import annotations

import gc
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.support.big_article import write_big_article  # noqa: E402
from bench.support.child import run_child, status_kb  # noqa: E402
from bench.support.figures import Figure, bench_arguments, report  # noqa: E402
from reader.io.plaintext import parse_plain_text  # noqa: E402
from reader.model.packed import pack_sections  # noqa: E402


def child(mode: str, path: Path) -> None:
    """Load the article as the store gives it (its text and packed structure), reset the
    peak, run the rules; print the peak's rise (MB), the time (s) and the number of
    suggestions as JSON."""
    from reader.model import Article
    from reader.model.packed import PackedSections, unpack_sections
    from reader.model.suggestion import SuggestionTable, suggestion_order
    from reader.suggest import _load_rules, suggest, suggest_table

    _load_rules()
    text = path.with_suffix(".norm").read_text(encoding="utf-8")
    sections = unpack_sections(path.with_suffix(".packed").read_bytes(), len(text))
    assert isinstance(sections, PackedSections)
    gc.collect()
    article = Article(title="big", source=path.name, text=text, sections=sections.detached())
    Path("/proc/self/clear_refs").write_text("5")  # VmHWM := VmRSS
    before = status_kb("VmRSS")
    started = time.perf_counter()
    if mode == "table":
        table = suggest_table(article)
    else:
        table = SuggestionTable.of(text, sorted(suggest(article), key=suggestion_order))
    seconds = time.perf_counter() - started
    rise = (status_kb("VmHWM") - before) / 1024
    print(json.dumps({"rise": rise, "seconds": seconds, "count": len(table)}))


def measure(mode: str, path: Path) -> dict[str, float]:
    """:func:`child` in a fresh process."""
    return run_child(__file__, mode, str(path))


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        child(sys.argv[2], Path(sys.argv[3]))
        return
    args = bench_arguments(__doc__.splitlines()[0]).parse_args()
    size = 1_000_000 if args.quick else 10_000_000
    label = "1 MB" if args.quick else "10 MB"
    with tempfile.TemporaryDirectory() as folder:
        path = write_big_article(Path(folder) / "big.txt", size)
        parsed = parse_plain_text(path.read_text(encoding="utf-8"), source=path.name)
        # what the store keeps: the normalised text and the packed structure
        path.with_suffix(".norm").write_text(parsed.text, encoding="utf-8")
        path.with_suffix(".packed").write_bytes(pack_sections(parsed.sections))
        del parsed
        records = measure("records", path)
        table = measure("table", path)
    if records["count"] != table["count"]:
        raise SystemExit("the two paths gave different numbers of suggestions")
    report(
        [
            Figure(
                f"rules peak rise ({label})",
                round(table["rise"], 1),
                "MB",
                "<= 30 MB",
                baseline=round(records["rise"], 1),
                note="VmHWM over the loaded article; baseline: the records path",
            ),
            Figure(
                f"rules time ({label})",
                round(table["seconds"], 2),
                "s",
                "<= 1.1x",
                baseline=round(records["seconds"], 2),
                note="baseline: the records path",
            ),
        ],
        args.json,
    )


if __name__ == "__main__":
    main()
