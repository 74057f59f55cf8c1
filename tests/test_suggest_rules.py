"""The attribution rules are an ordered table of named rules; each quote records the
rule that decided its speaker (for the bench), without changing the suggestion."""

from __future__ import annotations

import pytest

from reader.io.importers import load_seed, parse_plain_text
from reader.suggest import ATTRIBUTION_RULES, suggest_quotes, suggest_quotes_with_rules


def rule_of(text: str) -> list[tuple[str | None, str | None]]:
    article = parse_plain_text(text, source="t.txt")
    return [(s.speaker, rule) for s, rule in suggest_quotes_with_rules(article)]


def test_the_rules_are_tried_in_a_fixed_order_under_unique_names() -> None:
    names = [name for name, _rule in ATTRIBUTION_RULES]
    assert len(names) == len(set(names))
    assert names[0] == "after the quote, ending open"
    assert names[-1] == "continues the previous quote"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"The bridge will open in May," John Carter said.', "after the quote, ending open"),
        ('John Carter said: "The bridge will open in May."', "before the quote"),
        ('"The bridge will open in May" - John Carter said.', "after the quote"),
        (
            'The bridge "will open in May" and "stay open all year", a council statement said.',
            "sentence end",
        ),
        (
            "The council said in a statement on Monday:\n\n"
            '"The bridge will open in May and stay open all year."',
            "colon paragraph",
        ),
        (
            'Declaring the result, John Carter thanked the staff "who worked through the night".',
            "sentence subject",
        ),
        ('John Carter was blunt. "The bridge will open in May."', "sentence before"),
    ],
)
def test_each_quote_names_the_rule_that_decided_its_speaker(text: str, expected: str) -> None:
    speaker, rule = rule_of(text)[0]
    assert speaker is not None
    assert rule == expected


def test_a_quote_without_speaker_names_no_rule() -> None:
    assert rule_of('"The bridge will open in May and stay open all year."') == [(None, None)]


def test_the_rule_names_leave_the_suggestions_as_they_are() -> None:
    article = load_seed()
    with_rules = suggest_quotes_with_rules(article)
    assert [s for s, _rule in with_rules] == suggest_quotes(article)
    assert all(rule is not None for s, rule in with_rules if s.speaker is not None)
