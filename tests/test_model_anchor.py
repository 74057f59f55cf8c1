"""Re-anchoring a quote in another version of a text: exact, by context, fuzzy, or not;
and whether the words it lands on are still its words."""

from __future__ import annotations

import pytest

from reader.model.anchor import reanchor
from reader.model.recheck import IDENTICAL, SUBSTANTIVE, TYPOGRAPHIC, compare_quotes, tokens
from reader.store.reanchoring import reanchor_annotation

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


# -- did the words change? (reader.model.recheck) -------------------------------------------

OLD = 'Valley Water paid £212 million, Ms Jones said, and it was not "a windfall".'


@pytest.mark.parametrize(
    ("new", "described", "kinds"),
    [
        (OLD.replace("£212", "£198"), "£212 → £198", ("figure",)),
        (OLD.replace("£212", "$212"), "£212 → $212", ("figure",)),
        (OLD.replace("212 million", "2.12 million"), "£212 → £2.12", ("figure",)),
        (
            OLD.replace("212 million", "212million"),
            "£212 million → £212million",
            ("figure", "word"),
        ),
        (OLD.replace("Jones", "Smith"), "Jones → Smith", ("name",)),
        (OLD.replace("was not", "was"), "removed: not", ("negation",)),
        (OLD.replace("was not", "wasn't"), "was not → wasn't", ("negation", "word")),
        (OLD.replace("windfall", "bonus"), "windfall → bonus", ("quoted", "word")),
        (OLD.replace("paid", "earned"), "paid → earned", ("word",)),
        (OLD.replace("Valley", "valley"), "Valley → valley", ("name", "word")),  # case
    ],
)
def test_any_changed_word_is_substantive_and_described(
    new: str, described: str, kinds: tuple[str, ...]
) -> None:
    change = compare_quotes(OLD, new)
    assert change.kind == SUBSTANTIVE and change.substantive
    assert change.describe() == described
    assert change.kinds == kinds


@pytest.mark.parametrize(
    "new",
    [
        OLD.replace('"a windfall"', "“a windfall”"),
        OLD.replace(" ", "  ").replace("paid ", "paid\u00a0"),
        OLD.replace(", and", " — and").replace(",", ""),
        OLD.replace("said", "said\n"),
        OLD.replace("windfall", "wind\u00adfall"),
        OLD.rstrip("."),
    ],
)
def test_typography_whitespace_and_punctuation_are_not_substantive(new: str) -> None:
    assert compare_quotes(OLD, new).kind == TYPOGRAPHIC
    assert compare_quotes(OLD, new).describe() == ""


def test_identical_text_and_tokens() -> None:
    assert compare_quotes(OLD, OLD).kind == IDENTICAL
    assert tokens("didn't pay -5% “£2.12m”") == ["didn't", "pay", "-", "5", "%", "£", "2.12m"]
    assert tokens("5-6 and 10:30") == ["5", "6", "and", "10:30"]  # a range, not a minus


def test_a_word_inside_a_quote_that_began_before_the_text_is_quoted() -> None:
    change = compare_quotes("windfall”, she said.", "bonus”, she said.")
    assert change.kinds == ("quoted", "word")


def test_many_differences_are_counted_not_listed() -> None:
    old = " ".join(f"w{i} x" for i in range(12))
    new = " ".join(f"v{i} x" for i in range(12))
    change = compare_quotes(old, new)
    assert len(change.differences) == 5 and change.more == 7
    assert change.describe().endswith("; and 7 more")


def test_an_exact_or_context_placement_never_needs_a_recheck() -> None:
    assert reanchor_annotation(TEXT, "council voted yes", "", "", "supported").status == (
        "supported"
    )
    moved = reanchor_annotation(TEXT, "mayor said no", "Later the ", ". The", "false")
    assert moved.placement.how == "context" and not moved.needs_recheck
    fuzzy = reanchor_annotation(TEXT, "The council voted no on the bridge plan", "", "", "false")
    assert fuzzy.placement.how == "fuzzy" and fuzzy.needs_recheck
    assert fuzzy.status == "needs-recheck" and "no → yes" in fuzzy.change.describe()
    lost = reanchor_annotation(TEXT, "The committee rejected the tunnel idea", "", "", "false")
    assert not lost.placed and lost.status == "false" and not lost.needs_recheck


# -- issue 13, findings 13 and 30: long quotes take bounded work -----------------------------


def _long_text(words: int, seed: int) -> str:
    import random

    rng = random.Random(seed)
    vocabulary = [
        "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(2, 9)))
        for _ in range(3000)
    ]
    return " ".join(rng.choice(vocabulary) for _ in range(words))


class _CountingFuzz:
    """Stands in for rapidfuzz's ``fuzz`` in the anchor module: counts the work asked
    of it (length of one string times the other) instead of timing it."""

    def __init__(self) -> None:
        from rapidfuzz import fuzz

        self.real = fuzz
        self.work = 0

    def __getattr__(self, name: str):
        function = getattr(self.real, name)

        def counted(a: str, b: str, **kwargs):
            self.work += len(a) * len(b)
            return function(a, b, **kwargs)

        return counted


@pytest.mark.parametrize("kind", ["absent", "changed"])
def test_a_long_quote_costs_work_bounded_by_its_length_not_the_text(
    monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    text = _long_text(40_000, seed=1)  # about 230,000 characters
    start = text.index(" ", len(text) // 2) + 1  # whole words: a placement never cuts one
    end = text.index(" ", start + 2000)
    if kind == "absent":
        quote = _long_text(400, seed=2)[:2000]
    else:
        original = text[start:end]
        quote = "".join("Z" if i % 97 == 50 else c for i, c in enumerate(original))
    counting = _CountingFuzz()
    monkeypatch.setattr("reader.model.anchor.fuzz", counting)
    where = reanchor(text, quote)
    # Old: partial_ratio of the quote against the whole text (2,000 x 230,000), twice.
    assert counting.work < 20 * len(quote) ** 2
    if kind == "changed":
        assert (where.how, where.start, where.end) == ("fuzzy", start, end)
    else:
        assert not where.placed and where.how.startswith("quote not found")


def test_a_long_reworded_quote_is_still_found_with_its_context() -> None:
    text = _long_text(40_000, seed=3)
    start = text.index(" ", len(text) // 3) + 1
    end = text.index(" ", start + 3000)
    words = text[start:end].split(" ")
    reworded = " ".join("changed" if i % 12 == 5 else w for i, w in enumerate(words))
    new_text = text[:start] + reworded + text[end:]
    where = reanchor(new_text, text[start:end])
    assert where.how == "fuzzy"
    # As before the change: the start exactly, the end within a few characters.
    assert where.start == start and abs(where.end - (start + len(reworded))) <= 10


def test_words_inserted_near_the_end_of_a_quote_are_taken_in_not_cut_off() -> None:
    # found in a refresh by hand: the window stopped at "after a long a"
    exact = (
        "A spokesman said the council had approved the final contract on Tuesday "
        "evening after a long debate."
    )
    text = (
        "Update.\n\nThe mayor.\n\nA spokesman said the council had approved the final "
        "contract on Tuesday evening after a long and bitter debate.\n\nOfficials promised."
    )
    where = reanchor(text, exact, "The mayor.\n\n", "\n\nResidents said.")
    assert where.how == "fuzzy"
    assert text[where.start : where.end] == (
        "A spokesman said the council had approved the final contract on Tuesday "
        "evening after a long and bitter debate."
    )


def test_a_fuzzy_placement_never_starts_or_ends_inside_a_word() -> None:
    exact = "Critics said the new bridge would open in May after delays."
    text = (
        "Intro.\n\nCritics, including the opposition leader and two unions, said the new "
        "bridge would open in May after delays.\n"
    )
    where = reanchor(text, exact)
    assert where.placed
    assert text[where.start : where.end] == "said the new bridge would open in May after delays."
