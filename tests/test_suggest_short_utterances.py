"""Short utterances and titles (issue 14): a one- or two-word quote, or a quote written
like a title, is speech when a speech verb and a speaker attach to it, and stays out
when nothing does; titles of shows and reports are never quotes."""

from __future__ import annotations

import pytest

from reader.io.importers import parse_plain_text
from reader.suggest import suggest


def quotes(text: str) -> list[tuple[str, str | None]]:
    article = parse_plain_text("Title\n\n" + text, source="t.txt")
    return [(s.exact, s.speaker) for s in suggest(article) if s.kind == "quote"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            'Senator Ann Reed was asked whether she would run. "No comment," Reed said.',
            [("No comment", "Ann Reed")],
        ),
        (
            'Mayor Tom Hale left the stage. "Not me," said Hale, laughing.',
            [("Not me", "Tom Hale")],
        ),
        (
            'Ms. Laura Pike was asked if she would sign. "Absolutely," she said.',
            [("Absolutely", "Laura Pike")],
        ),
        (
            "\u201cTwenty-two weeks,\u201d Rep. Luis Arden (D-Calif.) marveled.",
            [("Twenty-two weeks", "Luis Arden")],
        ),
    ],
)
def test_a_one_or_two_word_quote_with_an_attribution_is_speech(
    text: str, expected: list[tuple[str, str | None]]
) -> None:
    assert quotes(text) == expected


def test_a_short_partial_quote_after_a_speech_verb_is_speech() -> None:
    text = 'Councillor Ann Reed described the delays as "a scandal" and left the meeting.'
    assert quotes(text) == [("a scandal", "Ann Reed")]


@pytest.mark.parametrize(
    "text",
    [
        'Thousands fled to "safe zones" in the south of the country.',
        'People were told to go to "safe zones" in the south.',
        'The army launched the so-called "Operation Dawn" on Monday.',
        'Tom Hale said the plan for the "grey belt" land had been drawn up in a hurry and '
        "would be published in the spring.",
    ],
)
def test_a_short_quote_nothing_attaches_to_stays_out(text: str) -> None:
    assert quotes(text) == []


def test_a_title_case_slogan_with_an_attribution_is_a_quote() -> None:
    text = 'Mayor Tom Hale spoke last. "Take Back Our Streets," he declared at the rally.'
    assert quotes(text) == [("Take Back Our Streets", "Tom Hale")]


@pytest.mark.parametrize(
    "text",
    [
        'Senator Ann Reed said on CBS\' "Face the Nation" that she would vote against the bill.',
        'Senator Ann Reed said on "Morning Report" that she would vote against the bill.',
        "The report, titled \u201cStretched Thin: Staffing and Risk at Terminal Facilities,\u201d "
        "concluded that 41 sites were short of staff.",
    ],
)
def test_titles_of_shows_and_reports_are_not_quotes(text: str) -> None:
    assert quotes(text) == []


def test_a_headline_quote_that_a_body_quote_says_has_its_speaker() -> None:
    text = (
        "\u2018Treated like mugs\u2019: swimmers angry as pool shuts\n\n"
        "Mum Kerry Blythe, 41, swims there every week.\n\n"
        "\u2018We\u2019ve been treated like mugs, plain and simple,\u2019 she said."
    )
    article = parse_plain_text(text, source="t.txt")
    found = [(s.exact, s.speaker) for s in suggest(article) if s.kind == "quote"]
    assert found == [
        ("Treated like mugs", "Kerry Blythe"),
        ("We\u2019ve been treated like mugs, plain and simple", "Kerry Blythe"),
    ]


def test_a_headline_quote_no_body_quote_says_stays_out() -> None:
    text = (
        "\u2018Operation Dawn\u2019 ends after two weeks\n\n"
        "Tom Hale, the commander, said: \u2018We have done what we came to do.\u2019"
    )
    article = parse_plain_text(text, source="t.txt")
    found = [s.exact for s in suggest(article) if s.kind == "quote"]
    assert found == ["We have done what we came to do."]
