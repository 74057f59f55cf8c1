"""Quote finding: marks, multi-sentence, partial, split, over paragraphs, nested, scare quotes."""

from __future__ import annotations

import pytest

from reader.io.importers import parse_markdown, parse_plain_text
from reader.suggest import suggest


def quotes(text: str, *, markdown: bool = False) -> list[tuple[str, str | None]]:
    parse = parse_markdown if markdown else parse_plain_text
    article = parse(text, source="t.md" if markdown else "t.txt")
    found = [s for s in suggest(article) if s.kind == "quote"]
    for s in found:
        assert article.text[s.start : s.end] == s.exact
    return [(s.exact, s.speaker) for s in found]


def test_straight_and_curly_double_quotes() -> None:
    text = (
        'Title line\n\n"The water is rising fast," Mayor Jane Hill said.\n\n'
        "\u201cWe have opened three shelters,\u201d said Tom Berg, the fire chief.\n"
    )
    assert quotes(text) == [
        ("The water is rising fast", "Jane Hill"),
        ("We have opened three shelters", "Tom Berg"),
    ]


def test_multi_sentence_quote_is_one_suggestion() -> None:
    text = 'Anna Kowalski said: "We tried. We failed. We will try again."\n'
    assert quotes(text) == [("We tried. We failed. We will try again.", "Anna Kowalski")]


def test_partial_quote_inside_a_sentence() -> None:
    text = 'Governor Ray Ortiz said the state would "stand alone if necessary" this winter.\n'
    assert quotes(text) == [("stand alone if necessary", "Ray Ortiz")]


def test_quote_split_by_its_attribution() -> None:
    text = (
        '"We are treating this as an emergency," Mayor Lena Ruiz told reporters. '
        '"Nobody should drive tonight."\n'
    )
    assert quotes(text) == [
        ("We are treating this as an emergency", "Lena Ruiz"),
        ("Nobody should drive tonight.", "Lena Ruiz"),
    ]


def test_quote_running_over_a_paragraph_break() -> None:
    text = (
        'Dr. Sam Okafor said: "The ward is full and the staff are exhausted.\n\n'
        '"We need help from the regional hospitals now."\n\n'
        "The hospital has 40 beds.\n"
    )
    ((exact, speaker),) = quotes(text)
    assert exact.startswith("The ward is full") and exact.endswith("hospitals now.")
    assert speaker == "Sam Okafor"


def test_nested_single_quotes_stay_inside() -> None:
    text = "\u201cThey told us \u2018go home and wait\u2019 and we did,\u201d said Maria Lopez.\n"
    assert quotes(text) == [("They told us \u2018go home and wait\u2019 and we did", "Maria Lopez")]


def test_scare_quotes_and_titles_are_left_out() -> None:
    text = (
        'People were told to go to "safe zones" in the south, a "permanent cease-fire." '
        'The operation, called "Operation Iron Swords", went on.\n'
    )
    assert quotes(text) == []


def test_markdown_block_quote() -> None:
    text = '# Budget\n\nThe treasurer, Ana Silva, wrote that "the reserves are almost gone."\n'
    assert quotes(text, markdown=True) == [("the reserves are almost gone.", "Ana Silva")]


def test_british_single_quotes_when_the_article_has_no_double_quotes() -> None:
    text = (
        "Council rejects homes plan\n\n"
        "'We have listened to residents and this is the wrong place,' said council leader "
        "Jane Hobbs. 'The roads simply cannot cope.'\n\n"
        "Developer Marcus Lyle said the decision was 'deeply disappointing' and he would "
        "appeal. He added: 'We don't think the council's reasons will stand up. The boys' "
        "school next door backed us.'\n\n"
        "Resident Tom Price, 64, who has lived here since the '90s, said: 'I am relieved.\n\n"
        "'Nobody asked us what we wanted.'"
    )
    assert quotes(text) == [
        ("We have listened to residents and this is the wrong place", "Jane Hobbs"),
        ("The roads simply cannot cope.", "Jane Hobbs"),
        # a two-word quote a speech verb and a speaker attach to (issue 14)
        ("deeply disappointing", "Marcus Lyle"),
        (
            "We don't think the council's reasons will stand up. The boys' school next door "
            "backed us.",
            "Marcus Lyle",
        ),
        ("I am relieved.\n\n'Nobody asked us what we wanted.", "Tom Price"),
    ]


def test_apostrophes_alone_make_no_single_quotes() -> None:
    text = (
        "Title\n\nThe boys' school reopened in the '90s after the council's review. "
        "It's rock 'n' roll, said the head, who didn't want to talk about the pupils' fees."
    )
    assert quotes(text) == []


def test_single_quotes_beside_double_quotes_are_decided_per_quotation() -> None:
    text = "Title\n\n\"We will rebuild,\" she said, calling it 'a matter of pride for the town'."
    assert [q for q, _ in quotes(text)] == ["We will rebuild", "a matter of pride for the town"]


@pytest.mark.parametrize(
    "text",
    [
        'Sen. Ramon "Mon" Villareal on Monday called for an inquiry into the dike.\n\n'
        '"Seven people are dead and nobody is in jail," Villareal said.',
        'Mayor Jose "Pepe" Santos told reporters: "Seven people are dead and nobody is in jail,"'
        " and left.",
    ],
)
def test_a_nickname_in_double_quotes_inside_a_name_is_not_a_quote(text: str) -> None:
    article = parse_plain_text("Title\n\n" + text, source="t.txt")
    quotes = [s for s in suggest(article) if s.kind == "quote"]
    assert [s.exact for s in quotes] == ["Seven people are dead and nobody is in jail"]
