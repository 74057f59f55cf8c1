"""SuggestionTable: an article's suggestions as columns, each record made when read."""

from __future__ import annotations

import pytest

from reader.model.suggestion import Suggestion, SuggestionTable, suggestion_order

TEXT = "He said “we lost it”. Prices rose 35% in “two” days; “Ok,” she said."


def _at(kind: str, words: str, speaker: str | None = None, reason: str = "r") -> Suggestion:
    start = TEXT.index(words)
    return Suggestion(kind, start, start + len(words), words, speaker, reason, 0.5)  # type: ignore[arg-type]


SUGGESTIONS = [
    _at("claim", "Prices rose 35% in “two” days", reason="figure: 35% …"),
    _at("quote", "we lost it", "He", "quote: He (before the quote)"),
    _at("quote", "Ok,", "she"),
    _at("claim", "He said “we lost it”.", reason="attributed: … said"),
    _at("quote", "two"),
]


def test_a_table_reads_back_the_records_it_was_given_in_text_order() -> None:
    table = SuggestionTable.of(TEXT, SUGGESTIONS)
    expected = sorted(SUGGESTIONS, key=suggestion_order)
    assert list(table) == expected
    assert len(table) == 5
    assert table[0] == expected[0] and table[-1] == expected[-1]
    assert table[1:3] == expected[1:3]
    assert list(table.starts) == [s.start for s in expected]
    assert [table.kind(i) for i in range(5)] == [s.kind for s in expected]
    assert [table.end(i) for i in range(5)] == [s.end for s in expected]
    assert table.longest == max(s.end - s.start for s in SUGGESTIONS)
    with pytest.raises(IndexError):
        table[5]


def test_an_exact_text_that_is_not_the_span_is_kept() -> None:
    odd = Suggestion("quote", 0, 2, "Hé", None, "r", 1.0)
    table = SuggestionTable.of(TEXT, [odd, SUGGESTIONS[1]])
    assert table[0].exact == "Hé"  # as given, not TEXT[0:2]
    assert table[1].exact == "we lost it"


def test_rows_without_their_exact_text_take_it_from_the_text() -> None:
    s = SUGGESTIONS[1]
    table = SuggestionTable.from_rows(
        TEXT, [(s.kind, s.start, s.end, None, s.speaker, s.reason, s.score)]
    )
    assert list(table) == [s]


def test_an_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown suggestion kind"):
        SuggestionTable.from_rows(TEXT, [("rumour", 0, 2, None, None, "r", 0.1)])


def test_an_empty_table() -> None:
    table = SuggestionTable.of(TEXT, [])
    assert len(table) == 0 and list(table) == [] and table.longest == 0


def test_more_speakers_than_two_bytes_number_and_scores_read_back_exactly() -> None:
    text = "x" * 70_000
    rows = [("quote", i, i + 1, None, f"speaker {i}", "r", (i % 7) / 3) for i in range(70_000)]
    table = SuggestionTable.from_rows(text, rows)
    assert [(s.speaker, s.score) for s in table[65_530:65_540]] == [
        (f"speaker {i}", (i % 7) / 3) for i in range(65_530, 65_540)
    ]
    assert table[-1].speaker == "speaker 69999" and table[0].speaker == "speaker 0"


REASONS = [
    "figure: 35%",  # quoted from the span: kept as "figure: " and where 35% is
    "attributed: she said",
    "figure: 35% …",  # not in the span: kept whole
    "figure: He",  # in the text, but before the span: kept whole
    "quote: He (before the quote)",
    "no colon",
    "ends with: ",
    ": 35%",
    "",
    "date: “two”",  # non-ASCII tail
]


@pytest.mark.parametrize("reason", REASONS)
def test_every_reason_reads_back_as_it_was_given(reason: str) -> None:
    claim = _at("claim", "Prices rose 35% in “two” days; “Ok,” she said.", reason=reason)
    table = SuggestionTable.of(TEXT, [claim, SUGGESTIONS[1]])
    assert list(table) == sorted([claim, SUGGESTIONS[1]], key=suggestion_order)


def test_reasons_quoting_their_span_share_one_head() -> None:
    text = " ".join(f"It cost {n} shekels." for n in range(2000))
    starts = [i for i in range(len(text)) if text.startswith("It cost", i)]
    rows = [
        ("claim", a, a + len(f"It cost {n} shekels."), None, None, f"figure: {n}", 0.8)
        for n, a in enumerate(starts)
    ]
    table = SuggestionTable.from_rows(text, rows)
    assert [s.reason for s in table] == [f"figure: {n}" for n in range(2000)]
    assert table._heads == ["figure: "]  # one head, and a place in the text for each


def test_reasons_past_two_bytes_of_heads_offsets_and_lengths_read_back_exactly() -> None:
    tail = "é" * 70_000
    text = "x" * 70_000 + " " + tail
    far = ("claim", 0, len(text), None, None, "long: " + tail, 0.5)  # offset, length > 65,535
    rows = [("quote", i, i + 1, None, None, f"reason {i}", 0.5) for i in range(70_000)]
    table = SuggestionTable.from_rows(text, [far, *rows])
    assert table[1].reason == "long: " + tail  # (after the quote at 0: quotes first)
    assert [s.reason for s in table[65_530:65_540]] == [
        f"reason {i}" for i in range(65_529, 65_539)
    ]
    assert table[-1].reason == "reason 69999"
