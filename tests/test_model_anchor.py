"""Re-anchoring a quote in another version of a text: exact, by context, fuzzy, or not."""

from __future__ import annotations

from reader.model.anchor import reanchor

TEXT = "The mayor said no. Later the mayor said no. The council voted yes on the bridge plan."


def test_a_single_exact_occurrence_is_placed() -> None:
    where = reanchor(TEXT, "council voted yes")
    assert (where.how, TEXT[where.start : where.end]) == ("exact", "council voted yes")


def test_several_occurrences_are_told_apart_by_prefix_and_suffix() -> None:
    where = reanchor(TEXT, "mayor said no", prefix="Later the ", suffix=". The")
    assert where.how == "context" and where.start == TEXT.index("mayor said no", 10)


def test_a_tie_between_occurrences_is_not_placed() -> None:
    where = reanchor(TEXT, "mayor said no", prefix="", suffix=". ")
    assert not where.placed and "occurs 2 times" in where.how


def test_fuzzy_only_above_the_threshold_and_for_long_enough_quotes() -> None:
    placed = reanchor(TEXT, "The council voted yes on the bridge plans")
    assert placed.how == "fuzzy" and placed.score >= 90
    assert TEXT[placed.start : placed.end].startswith("The council voted yes")
    assert not reanchor(TEXT, "The committee rejected the tunnel idea").placed
    assert not reanchor(TEXT, "mayr said").placed  # short: exact only
    assert not reanchor(TEXT, "").placed
