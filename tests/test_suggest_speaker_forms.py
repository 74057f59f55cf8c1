"""Speakers that are names or whole descriptions (issue 14): no party labels, weekdays,
verbs, adverbs or titles in a name; an unnamed speaker described whole; unknown speech
verbs in the attribution's slot; no inherited speaker across another person."""

from __future__ import annotations

import pytest

from reader.io.importers import parse_plain_text
from reader.suggest import suggest
from reader.suggest.speaker_form import clean_name


def speakers(text: str) -> list[str | None]:
    article = parse_plain_text("Title\n\n" + text, source="t.txt")
    return [s.speaker for s in suggest(article) if s.kind == "quote"]


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Maria Lopez Said", "Maria Lopez"),
        ("Tom Baker Tuesday", "Tom Baker"),
        ("Republican Jane Doe", "Jane Doe"),
        ("Democrat John Roe", "John Roe"),
        ("Mum-of-two Kerry Blythe", "Kerry Blythe"),
        ("Said Of Main Street", None),
        ("Already", None),
        ("Republican of Ohio", None),
        ("Commissioner", None),
        ("R-Arizona", None),
        ("D-New Mexico", None),
        ("Said Hassan", "Said Hassan"),
        ("Police", "Police"),
    ],
)
def test_a_name_keeps_no_party_label_weekday_verb_adverb_or_lone_title(
    raw: str, clean: str | None
) -> None:
    assert clean_name(raw) == clean


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('Republican Jane Doe said: "We will win this seat in November."', "Jane Doe"),
        ('"We will win this seat in November," said Democrat John Roe.', "John Roe"),
        (
            '"We held the service in the car park," said the Rev. Jane Mills, the rector.',
            "Jane Mills",
        ),
        (
            'Pensioner Derek Hollis, 78, blasted the council. "Nobody asked us. Not once," '
            "fumed the retired postman.",
            "Derek Hollis",
        ),
        (
            "The Commissioner for Environment, Hon. Yakubu Adamu-Ochai, disclosed this on "
            'Tuesday. "We are not taking chances this year," he said.',
            "Yakubu Adamu-Ochai",
        ),
        (
            'Minister of State for Manpower Gan Siew Ling announced the rules. "We cannot '
            'control the weather," said Ms Gan.',
            "Gan Siew Ling",
        ),
        (
            "Alan Kearney, the rector, spoke first. Among them is Eoghan Mac Giolla Rua (67), "
            'whose house flooded. "The insurance company won\'t touch us now," he said.',
            "Eoghan Mac Giolla Rua",
        ),
    ],
)
def test_the_speaker_is_the_persons_name(text: str, expected: str) -> None:
    assert speakers(text)[-1] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '"Nobody is panicking, but nobody is happy either," says one senior '
            "administration official.",
            "one senior administration official",
        ),
        (
            "A Whitcomb campaign spokeswoman said the campaign raised $1.8 million. "
            '"We feel very good about where we are," the spokeswoman said.',
            "a Whitcomb campaign spokeswoman",
        ),
        (
            "Marcus Hadley spoke on Monday. A spokesman for Hadley said the record "
            '"speaks for itself," noting the fall in crime.',
            "a spokesman for Hadley",
        ),
        (
            "Their housing spokesperson, Adaeze Oduya, said the plan was weak. A No 10 "
            'spokesperson said the prime minister had "full confidence in the minister".',
            "a No 10 spokesperson",
        ),
    ],
)
def test_an_unnamed_speaker_is_the_whole_description(text: str, expected: str) -> None:
    assert speakers(text)[-1] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('Dana Reed toured the county. "Every county matters to us," Reed gushed.', "Dana Reed"),
        (
            'Dana Reed toured the county. "Every county matters to us," Reed chirped cheerfully.',
            "Dana Reed",
        ),
        (
            'Dana Reed toured the county. "Please go and vote on Tuesday," implored Reed.',
            "Dana Reed",
        ),
        (
            'Tom Brill spoke first. "That is a convenient story," Brill said. "It is a true '
            'one," Denise Okafor shot back.',
            "Denise Okafor",
        ),
        (
            'Ann Cole spoke first. Marcus Hale followed her. "Marcus has been sitting in '
            'that office for twelve years," Cole scoffed Tuesday.',
            "Ann Cole",
        ),
    ],
)
def test_an_unknown_verb_in_the_attribution_slot_is_a_speech_verb(text: str, expected: str) -> None:
    assert speakers(text)[-1] == expected


def test_a_quote_does_not_inherit_across_a_short_attributed_quote() -> None:
    text = (
        'Ann Cole spoke first. "We will fix the roads this year, all of them," she said.\n\n'
        'Asked about Cole, Tom Hale paused. "No comment," Hale said, "and I will not talk '
        'about her plans today."'
    )
    assert speakers(text) == ["Ann Cole", "Tom Hale", "Tom Hale"]


def test_according_to_after_a_partial_quote_names_the_source_not_the_speaker() -> None:
    text = (
        'Chief of staff Renata Vale told colleagues the team had "lost the first week and '
        'cannot lose the second," according to two people in the room.'
    )
    assert speakers(text) == ["Renata Vale"]


def test_a_group_named_by_a_plural_person_noun_is_the_speaker() -> None:
    text = (
        'The backbenchers warn that the changes would "hand developers a blank cheque in '
        'the places we protect".'
    )
    assert speakers(text) == ["the backbenchers"]


def test_a_quote_does_not_inherit_across_another_person_named_in_between() -> None:
    text = (
        '"We will fix every road in the county this year," Ann Cole said.\n\n'
        "Across town, voters who back Tom Hale were not convinced. "
        '"The roads are a disgrace and everybody here knows it."'
    )
    assert speakers(text)[-1] != "Ann Cole"


@pytest.mark.parametrize(
    "text",
    [
        "The team is headed by M. Prakash Rao, a senior officer.\n\n"
        '"We have frozen the money so far," Rao said.',
        '"We have frozen the money so far," said M. Prakash Rao.',
    ],
)
def test_an_initial_before_a_given_name_stays_in_the_name(text: str) -> None:
    article = parse_plain_text("Title\n\n" + text, source="t.txt")
    assert [s.speaker for s in suggest(article) if s.kind == "quote"] == ["M. Prakash Rao"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "A nurse who asked not to be named, because she may not speak to reporters, "
            "describes long shifts.\n\n"
            '"You triage your own patients every single night," she says.',
            "a nurse who asked not to be named",
        ),
        (
            '"Some of us have lost our houses already," said a cleaner who asked not to be named.',
            "a cleaner who asked not to be named",
        ),
        (
            'A porter who declined to be named said the wards were "empty and cold all week long."',
            "a porter who declined to be named",
        ),
    ],
)
def test_an_unnamed_description_keeps_its_anonymity_clause(text: str, expected: str) -> None:
    article = parse_plain_text("Title\n\n" + text, source="t.txt")
    assert [s.speaker for s in suggest(article) if s.kind == "quote"] == [expected]
