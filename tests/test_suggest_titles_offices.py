"""Speakers behind titles, offices and appositions (the classes of batches 20 and 21, on
made-up sentences): a title or rank left on a later short form of a name, a party-state
label after a name, an office written before the person who holds it, a role noun
standing for the person just written about, an organisation named in the person's
apposition, a quote in single marks in the sentence before."""

from __future__ import annotations

import pytest

from reader.io.importers import parse_plain_text
from reader.suggest import suggest


def speakers(text: str) -> list[str | None]:
    article = parse_plain_text("Title\n\n" + text, source="t.txt")
    return [s.speaker for s in suggest(article) if s.kind == "quote"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # an office word written before a later surname ("Deputy" for a TD)
            "Local Labour TD Siobhan Mac Giollarnath said the bridge was unsafe.\n\n"
            '"We have been asking for railings for ten years," Deputy Mac Giollarnath said.',
            "Siobhan Mac Giollarnath",
        ),
        (  # a rank in capitals that no list holds
            "Regional police spokesman ASPX Tomas Wekesa said six people were held.\n\n"
            '"Nobody is above the law here," ASPX Wekesa said.',
            "Tomas Wekesa",
        ),
        (  # an abbreviated title ("Ald" for alderman)
            "Alderman Gwen Rafferty said the pool should stay shut.\n\n"
            '"The ratepayers have spoken on this," said Ald Rafferty.',
            "Gwen Rafferty",
        ),
        (  # a traditional title before the name, a regnal number after it
            "The chief of the Dunkwa area, Nana Kofi Asare III, said the elders were angry.\n\n"
            '"The river was our mother and now it is mud," Nana Asare said.',
            "Nana Kofi Asare III",
        ),
    ],
)
def test_a_title_before_a_later_short_form_is_not_part_of_the_name(
    text: str, expected: str
) -> None:
    assert speakers(text)[-1] == expected


def test_initials_of_a_capitalised_office_stand_for_its_holder() -> None:
    text = (
        "Superintendent of Police R. Venkatesh said two men were held.\n\n"
        '"We have recovered forty litres from the shed," said the SP.'
    )
    assert speakers(text) == ["R. Venkatesh"]


def test_a_name_with_an_unlisted_verb_before_a_later_speech_verb_is_the_speaker() -> None:
    text = (
        "Village head Shri Mohan Lal Gupta said he had warned the police.\n\n"
        '"They took money every week," Gupta alleged, a charge the officer said would be '
        "examined."
    )
    assert speakers(text) == ["Mohan Lal Gupta"]


@pytest.mark.parametrize(
    "text",
    [
        '"We will not blink first," Mr. Carl Denholm, R-Iowa, told reporters.',
        'Sen. Carl Denholm, R-Iowa, told the crowd that the race "will be decided by a few votes."',
        '"We will not blink first," Sen. Carl Denholm (R-Iowa) told reporters.',
        # a full state name in the label, then a relative clause, then the verb
        "Rep. Carl Denholm, R-Arizona, who joined Pryce on stage in Boulder City, called the "
        'seat "the most winnable one on the map this year."',
        "Sen. Carl Denholm, D-Nevada, who chairs the panel, called the bill "
        '"a gift to the water companies and nobody else."',
        "Rep. Carl Denholm, D-New Mexico, who sits on the committee, called the plan "
        '"a promise nobody intends to keep."',
    ],
)
def test_a_party_state_label_after_a_name_is_not_the_speaker(text: str) -> None:
    assert speakers(text) == ["Carl Denholm"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The Minister for Fisheries and Coastal Affairs, Hon. Yaovi Ampofo-Larbi, "
            "suspended the licences on Monday.\n\n"
            '"Any trawler found in the zone will be seized," the minister said.',
            "Yaovi Ampofo-Larbi",
        ),
        (
            "The Paramount Chief of the Ewusi Traditional Area, Nana Ama Dankwa II, who "
            "received the team, said the elders had warned of this.\n\n"
            '"Our children swam in this lagoon," Nana Dankwa said.',
            "Nana Ama Dankwa II",
        ),
        (
            "The Municipal Chief Executive (MCE), Mr Yaw Boadu-Ansah, said the assembly "
            'would help.\n\n"Closing the pits is the easy part," the MCE said.',
            "Yaw Boadu-Ansah",
        ),
        (
            "The Zongo Imam of Dunkwa, Alhaji Sule Baba, appealed to the youth. "
            '"Some boys have gone into the pits and never come out," he said.',
            "Sule Baba",
        ),
    ],
)
def test_an_office_in_apposition_stands_for_its_holder(text: str, expected: str) -> None:
    assert speakers(text)[-1] == expected


def test_an_office_in_apposition_does_not_make_its_place_a_person() -> None:
    text = (
        "The Regional Minister, Hon. Efo Kumah, toured the works. The Paramount Chief of "
        "the Dunkwa Traditional Area, Nana Ofosu II, who hosted him, said the river was "
        'ruined.\n\n"We cannot drink gold," Mr Kumah said. The Dunkwa plant closed on '
        'Friday. "Nobody will be spared," he said.'
    )
    assert speakers(text)[-1] == "Efo Kumah"


def test_a_role_noun_the_article_never_introduced_is_the_person_written_about() -> None:
    text = (
        "Governor Alma Trevino had barely reached the stage when the noise began.\n\n"
        "Early voting began here on Tuesday, and Trevino wasted no time.\n\n"
        '"Go vote," the candidate urged. "Not next week. Tomorrow."'
    )
    assert speakers(text) == ["Alma Trevino", "Alma Trevino"]


def test_a_role_noun_introduced_before_stays_a_description() -> None:
    text = (
        "A candidate for the council, who asked not to be named, spoke outside. Mayor "
        'Ruth Osei spoke inside.\n\n"It is a disgrace," the candidate said.'
    )
    assert speakers(text) == ["a candidate"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Dr Miriam Oakes, of the Fair Care Alliance, said: \u2018What happened to her "
            "happens every night in this country.\u2019",
            "Miriam Oakes",
        ),
        (
            "Brent Lundqvist, executive director of the Prairie Towns Alliance, called the "
            'vote "the first real sign that the capital remembers us."',
            "Brent Lundqvist",
        ),
        (
            "A spokeswoman for Harrow and District NHS Trust said: \u2018We are sorry for "
            "the delay and we are reviewing her care.\u2019",
            "Harrow and District NHS Trust",
        ),
    ],
)
def test_an_organisation_in_the_speakers_apposition_is_not_the_speaker(
    text: str, expected: str
) -> None:
    assert speakers(text) == [expected]


def test_a_verb_form_used_as_a_noun_is_not_the_attribution() -> None:
    text = (
        "Strategists at Carrow Partners wrote in a note to clients on Tuesday that "
        'investors "have seen this film before."'
    )
    assert speakers(text) == ["Carrow Partners"]


def test_a_quote_in_single_marks_in_the_sentence_before_is_continued() -> None:
    text = (
        "The victim, Ciaran Breslin, died on Sunday. At the vigil, Fr Donal Keane said the "
        "town was 'on its knees'.\n\n"
        "'We will carry the Breslin family now, as they carried us,' Fr Keane said. "
        "'That is what a town is for.'"
    )
    assert speakers(text)[-1] == "Donal Keane"


def test_the_subject_after_an_office_in_apposition_is_its_holder() -> None:
    text = (
        "The Chief Imam of the Dunkwa Zongo, Hon. Yakubu Sallah Tanko, who hosted the team, "
        'said the elders had warned of this. "Some boys never came back," he said.'
    )
    assert speakers(text) == ["Yakubu Sallah Tanko"]


def test_a_listed_verb_before_a_plural_noun_keeps_its_subject() -> None:
    text = (
        "The nurses spoke plainly. \u201cI stopped dreading Sundays,\u201d one ward sister "
        "told researchers."
    )
    assert speakers(text) == ["one ward sister"]


def test_an_unnamed_speaker_described_by_two_nouns_keeps_both() -> None:
    text = (
        "A former Corvane nurse practitioner, who asked not to be named, says the targets were "
        'real.\n\n"If you were over, you heard about it," she says.'
    )
    assert speakers(text) == ["a former Corvane nurse practitioner"]


def test_she_is_the_she_who_opens_the_sentence_naming_someone_else() -> None:
    text = (
        "Park Min-ji, 31, said she fainted at a crossing last July.\n\n"
        'She said a co-worker, Choi Dae-hyun, called an ambulance. "He stayed with me for '
        'an hour," she said.'
    )
    assert speakers(text) == ["Park Min-ji"]


def test_a_relative_clause_with_a_speech_verb_names_the_partial_quotes_speaker() -> None:
    text = (
        "Governor Alma Trevino toured the plant.\n\n"
        "She saved her sharpest words for her rival, Sen. Dale Whitcombe, the party's "
        'nominee, who has often accused her of "sleeping through a crisis."'
    )
    assert speakers(text) == ["Dale Whitcombe"]


def test_a_document_speaks_for_the_person_who_signed_it() -> None:
    text = (
        "The memo, dated March 3, set a target for the year. It was signed by Ruth Calder, "
        "the firm's head of operations.\n\n"
        '"Assessors who exceed the benchmark will be reviewed," the memo reads. Another '
        'passage anticipates pushback: "We are not asking anyone to deny care."'
    )
    assert speakers(text) == ["Ruth Calder", "Ruth Calder"]
