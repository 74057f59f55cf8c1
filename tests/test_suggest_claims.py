"""Claims: one example per cue, the reason text, the score, sentences without cues."""

from __future__ import annotations

import pytest

from reader.io.importers import load_seed
from reader.suggest.claims import score_claim


@pytest.mark.parametrize(
    ("sentence", "reason"),
    [
        ("Israel has killed nearly 35,000 Palestinians in the war.", "figure: 35,000"),
        ("The council approved $4.5 million for repairs.", "figure: $4.5 million"),
        ("Unemployment rose to 7.2% in March.", "figure: 7.2%"),
        ("Turnout fell by 12 percent on the last vote.", "figure: 12 percent"),
        ("Hundreds of families were evacuated overnight.", "figure: Hundreds of families"),
        ("More than 100,000 people have fled.", "figure: 100,000"),
        ("The storm was the deadliest in the region's history.", "superlative: deadliest"),
        ("Rents are higher than in any other city in the state.", "comparison: higher than"),
        (
            "Prices went up, according to the national statistics office.",
            "attributed: according to the national statistics office",
        ),
        ("The flooding was caused by a blocked drain on the main road.", "causal: caused"),
        ("The city said the road would reopen after repairs.", "attributed: The city said"),
    ],
)
def test_claim_cues_and_reasons(sentence: str, reason: str) -> None:
    scored = score_claim(sentence)
    assert scored is not None, sentence
    score, got, _kinds = scored
    assert got == reason
    assert 0 < score <= 1


@pytest.mark.parametrize(
    "sentence",
    [
        "With mattresses piled high atop cars, they are on the move again.",
        "Witnesses saw smoke on Friday.",
        "She walked home on 5 May.",
    ],
)
def test_sentences_without_a_check_worthy_cue(sentence: str) -> None:
    assert score_claim(sentence) is None


def test_more_cues_score_higher() -> None:
    one = score_claim("About 250 people were abducted.")
    two = score_claim("About 250 people were abducted, according to officials.")
    assert one and two and two[0] > one[0]


def test_seed_casualty_figure_and_attribution() -> None:
    article = load_seed()
    text = article.text
    sentence = next(s for s in article.iter_sentence_texts() if "35,000" in s)
    score, reason, kinds = score_claim(sentence)
    assert reason == "figure: 35,000"
    assert "attributed" in kinds and score > 0.9
    assert "according to Gaza" in text


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("There were nine of us in the boat.", "figure"),
        ("Now there are thirty, she says.", "figure"),
        ("Only one pupil in twenty passed the test.", "figure"),
        ("Sales have fallen for the third consecutive quarter.", "figure"),
        ("The money goes to the under-21s.", "figure"),
        ("He runs faster than anyone in the club.", "comparison"),
        ("Costs have risen sharply since the spring.", "comparison"),
        ("Smoking can cause heart disease.", "causal"),
        ("The main reason is the cost of fuel.", "causal"),
        ("She testified that the door was locked every night.", "attributed"),
        ("He told reporters the plan was dead.", "attributed"),
        ("The agency said in a statement on Friday that the plant was safe.", "attributed"),
    ],
)
def test_bare_counts_comparisons_causes_and_reports_are_claim_cues(
    sentence: str, kind: str
) -> None:
    scored = score_claim(sentence)
    assert scored is not None and kind in scored[2], scored


@pytest.mark.parametrize(
    "sentence",
    [
        "Mendez remembers the first time he saw the sea.",
        "The ministry declined to comment.",
        "Then one of them waved.",
        "She told reporters after the hearing.",
        "Rather than wait, they left.",
    ],
)
def test_a_sentence_without_a_checkable_cue_is_no_claim(sentence: str) -> None:
    assert score_claim(sentence) is None


@pytest.mark.parametrize(
    "sentence",
    [
        "He was sent off in the 52nd minute.",
        "At seventy-one, she is looking for a successor.",
        "The council would fund a third of the cost.",
        "Patients will be taken to Exeter, about an hour's drive away.",
        "Nobody should have to drive for an hour at night.",
        "The footage shows the three men leaving the car.",
        "A trade group, including three that complained, welcomed it.",
    ],
)
def test_ordinals_number_words_fractions_and_durations_are_figures(sentence: str) -> None:
    scored = score_claim(sentence)
    assert scored is not None and "figure" in scored[2], scored


@pytest.mark.parametrize(
    "sentence",
    ["I will see you in a year or so, she said.", "Half the fun was the journey."],
)
def test_a_loose_duration_or_half_is_no_figure(sentence: str) -> None:
    scored = score_claim(sentence)
    assert scored is None or "figure" not in scored[2], scored
