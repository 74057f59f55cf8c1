"""Quote marks decided per quotation (issue 14): single quotes are found beside double
ones, a quote nested in another is part of it, and apostrophes make no quotes."""

from __future__ import annotations

from reader.io.importers import parse_plain_text
from reader.suggest import suggest


def quotes(text: str) -> list[tuple[str, str | None]]:
    article = parse_plain_text("Title\n\n" + text, source="t.txt")
    return [(s.exact, s.speaker) for s in suggest(article) if s.kind == "quote"]


def test_single_quotes_are_found_in_an_article_with_one_nested_double_quote() -> None:
    text = (
        "Pensioner Derek Hollis, 78, criticised the council.\n\n"
        "\u2018They told us it was a \u201ctemporary closure\u201d and we believed them,"
        "\u2019 he said. \u2018Now they\u2019re knocking it down.\u2019\n\n"
        "Councillor Paul Rennard said: \u2018This isn\u2019t the end of swimming here.\u2019"
    )
    assert quotes(text) == [
        (
            "They told us it was a \u201ctemporary closure\u201d and we believed them",
            "Derek Hollis",
        ),
        ("Now they\u2019re knocking it down.", "Derek Hollis"),
        ("This isn\u2019t the end of swimming here.", "Paul Rennard"),
    ]


def test_single_quotes_nested_in_double_quotes_are_part_of_them() -> None:
    text = (
        "Tom Hale said: \"When she told me 'we are closing the pool' I could not believe it.\""
        " His neighbour called it 'a betrayal of the whole town'."
    )
    assert quotes(text) == [
        ("When she told me 'we are closing the pool' I could not believe it.", "Tom Hale"),
        ("a betrayal of the whole town", "Tom Hale"),
    ]


def test_apostrophes_beside_double_quotes_make_no_quotes() -> None:
    text = (
        "The boys' school reopened in the '90s. It's the pupils' fees that worry parents, "
        '"and nobody is listening to us at all," said Ann Reed, who didn\'t stay long.'
    )
    assert quotes(text) == [("and nobody is listening to us at all", "Ann Reed")]
