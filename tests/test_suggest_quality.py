"""The labelled set stays valid and the rules keep their measured quality (bench/suggest.py)."""

from __future__ import annotations

import importlib.util
import statistics
import sys
import time
from pathlib import Path

from reader.io.importers import load_seed, parse_plain_text
from reader.suggest import suggest

BENCH = Path(__file__).resolve().parent.parent / "bench" / "suggest.py"


def _bench():
    spec = importlib.util.spec_from_file_location("bench_suggest", BENCH)
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_suggest"] = module
    spec.loader.exec_module(module)
    return module


def test_every_label_is_in_its_article_and_the_splits_are_declared() -> None:
    bench = _bench()
    labelled = bench.load_labelled()
    assert {label["split"] for label, _ in labelled} == {"seed", "tune", "heldout"}
    assert sum(label["split"] == "heldout" for label, _ in labelled) >= 5
    for label, article in labelled:
        for quote in label["quotes"]:
            bench.locate(article.text, quote["exact"])
        for claim in label["claims"]:
            bench.locate(article.text, claim["sentence"])
        words = len(article.text.split())
        assert label["split"] == "seed" or 280 <= words <= 900, (label["file"], words)


def test_held_out_quality_meets_the_targets() -> None:
    bench = _bench()
    totals = {"quote": bench.Counts(), "claim": bench.Counts()}
    for label, article in bench.load_labelled():
        if label["split"] != "heldout":
            continue
        counts = bench.score_article(label, article, suggest(article))
        for kind in totals:
            totals[kind].add(counts[kind])
    quotes, claims = totals["quote"], totals["claim"]
    precision, recall, _f1 = bench.prf(quotes.matched, quotes.predicted, quotes.gold)
    assert recall >= 0.95 and precision >= 0.90
    assert quotes.speaker_ok / quotes.matched >= 0.85
    assert claims.figure_found / claims.figure_gold >= 0.90


def test_seed_is_fast_and_time_grows_linearly() -> None:
    seed = load_seed()
    suggest(seed)
    runs = []
    for _ in range(5):
        start = time.perf_counter()
        suggest(seed)
        runs.append(time.perf_counter() - start)
    assert statistics.median(runs) < 0.15  # bench/suggest.py measures the 50 ms target
    small = parse_plain_text("\n\n".join([seed.text] * 4), source="x.txt")
    large = parse_plain_text("\n\n".join([seed.text] * 32), source="x.txt")
    timings = []
    for article in (small, large):
        start = time.perf_counter()
        suggest(article)
        timings.append(time.perf_counter() - start)
    assert timings[1] < timings[0] * 8 * 3  # 8x the text: well under quadratic
