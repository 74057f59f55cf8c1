"""Sentence segmentation: abbreviation/number/quote traps, offsets, speed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bounded import finishes
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.model.segment import split_sentences

CASES = json.loads((Path(__file__).parent / "data" / "segmentation_cases.json").read_text("utf-8"))


def sentences(text: str) -> list[str]:
    """The sentence texts of ``text``."""
    return [s.text_of(text) for s in split_sentences(text)]


@pytest.mark.parametrize(
    "expected",
    [
        ["U.S. President Joe Biden spoke to the U.N. on Oct. 7 about Dr. Smith and Mr. Jones."],
        ["St. Mary's and Acme Ltd. paid $4.5 million, up 3.2% on 1,200 units."],
        ["He went Jan. 5 to see No. 5, e.g. the house, i.e. the home, of J. R. Smith."],
        ['He said: "We will fight with our fingernails.', 'But we have more, we will win."'],
        ['It said munitions came "from the Rafah area."', "Most aid enters via Kerem Shalom."],
        ["The talks were held in the U.S.", "The next day, negotiators flew home."],
        ['"Why?" he asked.', "Nobody answered."],
        ["Shares of Tesla Inc. fell.", "Tesla Inc. Chief Executive Elon Musk said so."],
        ["The meeting ended at 5 p.m. Monday.", "It ended at 5 p.m.", "Then they left."],
    ],
)
def test_traps(expected: list[str]) -> None:
    assert sentences(" ".join(expected)) == expected


@pytest.mark.parametrize("expected", CASES, ids=[c[0][:30] for c in CASES])
def test_measurement_cases(expected: list[str]) -> None:
    assert sentences(" ".join(expected)) == expected


@pytest.mark.parametrize(
    "expected",
    [
        ["FRESNO, Calif. (AP) \u2014 Farmers are leaving fields unplanted.", "Officials agreed."],
        ["PORTLAND, Ore. \u2014 Jalen Rivers scored 34 points.", "The Hawks won."],
        ["WASHINGTON (Reuters) - The vote failed.", "It was close."],
        ["He moved to Portland, Ore. after college.", "He lives in Boise, Idaho now."],
        ["She grew up in Lowell, Mass.", "The town was quiet."],
        ["The firm is based in Wheeling, W.Va. and Dover, Del. on paper.", "She was ill."],
    ],
)
def test_datelines_and_state_abbreviations(expected: list[str]) -> None:
    assert sentences(" ".join(expected)) == expected


@pytest.mark.parametrize(
    "expected",
    [
        [
            '"Why would I sign my own political death warrant?" Centre Party leader Olav Dahl '
            "asked reporters on the second day.",
            "He did not wait for an answer.",
        ],
        ['"Can the coalition survive its first budget?" Haugen asked.', '"Probably.'],
        ['"Enough!" Mr. Ortiz shouted.', "Then he walked out."],
        ['"Go!" A.J. Smith shouted.'],
        ["\u201cReally?\u201d Officials at the ministry said so."],
        ['"Why?"', "He said nothing."],
        ['"Why?"', "Nobody answered.", "Then Smith said no."],
        ["Why?", "Haugen asked."],
    ],
)
def test_question_or_exclamation_quote_before_attribution(expected: list[str]) -> None:
    assert sentences(" ".join(expected)) == expected


@pytest.mark.parametrize(
    "expected",
    [
        ["Council leader Cllr. Amir Shah blamed a shortage of qualified surveyors."],
        ["Det. Sgt. Jo Li, Fr. Brown, Pvt. Ryan, Cpl. Hicks and Atty. Gen. Bondi met."],
        ["The Rt. Hon. Mary Lee and Gen. Oleksandr Syrskyi spoke."],
        ["The store on Main St.", "The owner said so."],
        ["He taught at St. Anne's College on Elm St. for years.", "It was cold."],
        ["Dahl accepted the plan at 5:40 a.m.", '"Fine," he said.'],
        ['The U.S. "Star Wars" program ended.'],
        ['It ended at 9 p.m. "on the dot," he said.'],
    ],
)
def test_titles_street_and_time_before_quote(expected: list[str]) -> None:
    assert sentences(" ".join(expected)) == expected


def test_offsets_are_absolute_and_respect_range() -> None:
    text = "Ignore me. First one. Second one. Ignore me too."
    start = text.index("First")
    end = text.index(" Ignore me too")
    spans = split_sentences(text, start, end)
    assert [s.text_of(text) for s in spans] == ["First one.", "Second one."]
    assert spans[0].start == start


def test_blank_line_always_breaks_but_single_newline_does_not() -> None:
    text = "a wrapped line\ncontinues here.\n\nNext block without stop\nstill"
    assert sentences(text) == ["a wrapped line\ncontinues here.", "Next block without stop\nstill"]


def test_blank_and_empty_text() -> None:
    assert split_sentences("") == []
    assert split_sentences(" \n\t ") == []


_WORDS = st.sampled_from(
    [
        "the", "The", "U.S.", "U.N.", "Dr.", "Mr.", "Oct.", "7", "No.", "5", "e.g.", "J.", "R.",
        "$4.5", "3.2%", "1,200", "said.", "win.\"", '"We', "fight.", "But", "Why?", "wow!",
        "it.'", "(aside).", "etc.", "Ltd.", "p.m.", "\u201cQuote", "ends.\u201d", "...", "\u2026",
    ]
)  # fmt: skip
_SPACES = st.sampled_from([" ", "  ", "\t", " \n", "\u00a0"])


@st.composite
def paragraphs(draw: st.DrawFn) -> str:
    """Random paragraphs made of tricky words and varied whitespace."""
    words = draw(st.lists(_WORDS, min_size=1, max_size=40))
    gaps = draw(st.lists(_SPACES, min_size=len(words), max_size=len(words)))
    lead = draw(st.sampled_from(["", " ", "\n "]))
    return lead + "".join(w + g for w, g in zip(words, gaps, strict=True))


@settings(max_examples=300)
@given(paragraphs())
def test_spans_cover_paragraph_exactly(text: str) -> None:
    spans = split_sentences(text)
    previous_end = 0
    for span in spans:
        piece = span.text_of(text)
        assert piece == piece.strip() and piece
        assert previous_end <= span.start < span.end <= len(text)
        assert not text[previous_end : span.start].strip()
        previous_end = span.end
    assert not text[previous_end:].strip()
    covered = "".join(s.text_of(text) for s in spans)
    assert "".join(covered.split()) == "".join(text.split())


def test_a_megabyte_segments_into_the_same_sentences_as_its_parts() -> None:
    # speed on 10 MB is measured by bench/big_article.py, not timed here
    unit = " ".join(" ".join(c) for c in CASES)
    copies = 1_000_000 // len(unit)
    spans = split_sentences("\n".join([unit] * copies))
    assert len(spans) == copies * len(split_sentences(unit))


@pytest.mark.parametrize("mark", [".", "!", "?", "\u2026", "?!"])
def test_long_runs_of_punctuation_without_a_space_are_linear(mark: str) -> None:
    # A run of terminal punctuation with no whitespace after it is no candidate; the
    # candidate regex retried from every character of the run (64k characters: 66 s).
    code = f"""
        from reader.model.segment import split_sentences
        text = "Yes" + {mark!r} * 200_000 + "no. Next one."
        assert [(s.start, s.end) for s in split_sentences(text)] == [
            (0, len(text) - 10), (len(text) - 9, len(text))
        ]
    """
    assert finishes(code), "splitting 200k punctuation characters did not finish in time"
