"""The labelled set stays valid and the rules keep their measured quality (bench/suggest.py).

Speed (the seed under 50 ms, linear in length) is measured by bench/suggest.py, not here:
timings in unit tests fail on a loaded machine.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

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


def _held_out_totals() -> dict[str, Any]:
    bench = _bench()
    totals = {"quote": bench.Counts(), "claim": bench.Counts()}
    for label, article in bench.load_labelled():
        if label["split"] != "heldout":
            continue
        counts = bench.score_article(label, article, suggest(article))
        for kind in totals:
            totals[kind].add(counts[kind])
    return totals


def test_held_out_quality_meets_the_targets() -> None:
    bench = _bench()
    totals = _held_out_totals()
    quotes, claims = totals["quote"], totals["claim"]
    precision, recall, _f1 = bench.prf(quotes.matched, quotes.predicted, quotes.gold)
    assert recall >= 0.95 and precision >= 0.96
    assert claims.figure_found / claims.figure_gold >= 0.90


def test_held_out_named_speakers_meet_the_target() -> None:
    quotes = _held_out_totals()["quote"]
    assert quotes.speaker_ok / quotes.matched >= 0.85
    named = "named speaker"
    assert quotes.class_right[named] / quotes.class_found[named] >= 0.93


def test_every_held_out_speaker_is_a_name_or_a_whole_description() -> None:
    assert _held_out_totals()["quote"].bad_speakers == []


def test_the_speaker_shape_checker_flags_what_is_not_a_name_or_a_whole_description() -> None:
    bench = _bench()
    bad = [
        "Maria Lopez Said",
        "Said Of Main Street",
        "Tom Baker Tuesday",
        "Already",
        "a separate 2019 memo that Reyes wrote to the ministry seeking advice",
        "Republican of Ohio",
        "Republican Jane Doe",
        "Democrat John Roe",
        "team",
        "spokeswoman",
        "campaign",
        "Fr O'Hare",
        "Alpha Beta Gamma Delta Epsilon Zeta Eta Theta",
        "a driver who said the road was closed",
        "a senior official of the old drainage board of the coastal district council",
    ]
    good = [
        "Jane Mills",
        "a campaign spokeswoman",
        "one senior administration official",
        "a spokesman for Hadley",
        "a nurse who asked not to be named",
        "a clerk who asked not to be named because she was not authorised to speak to the press",
        "Republican National Committee",
        "Said Hassan",
        "officials",
        "police",
        "the interior ministry",
        "Carrow Brands",
        "Ministry of Harbour Towns and Coastal Fisheries Affairs",
        "a father of two who repairs shoes near the bus stand",
        "A Department for Transport spokesperson",
        "a senior official of the Department of Inspection for Factories and Establishments",
    ]
    assert [s for s in bad if bench.speaker_shape_problem(s) is None] == []
    assert [s for s in good if bench.speaker_shape_problem(s) is not None] == []


def test_old_labels_accept_the_head_noun_and_ignore_short_attributed_quotes() -> None:
    bench = _bench()
    assert bench.speaker_matches("a campaign spokeswoman", ["spokeswoman"], 1)
    assert bench.speaker_matches("one of the delegates", ["delegate"], 1)
    assert not bench.speaker_matches("a campaign spokeswoman", ["spokeswoman"], 2)
    assert bench.speaker_matches("A spokesman for Hadley", ["a spokesman for Hadley"], 2)
