"""The fifth round of issue 14's speaker classes (batches 26 and 27), each on made-up
sentences: an organisation's whole name, a word that only describes a role, a
publication as the audience, elected members' letters as roles, a name after its
employer, descriptions kept whole, quotes that go on after other people are named."""

from __future__ import annotations

import pytest

from reader.io.importers import parse_plain_text
from reader.suggest import suggest
from reader.suggest.names import strip_title


def speakers(text: str) -> list[str | None]:
    article = parse_plain_text("Title\n\n" + text, source="t.txt")
    return [s.speaker for s in suggest(article) if s.kind == "quote"]


def test_an_organisation_in_a_statement_aside_is_named_whole() -> None:
    # the subject before "in a statement" was the words after the name's "and"
    text = (
        "The Ministry of Fisheries and Livestock, in a statement on Monday night, said the "
        "trawlers must stay in port until the storm passes.\n\n"
        '"The ban will be enforced strictly," the statement read.'
    )
    assert speakers(text) == ["Ministry of Fisheries and Livestock"]


@pytest.mark.parametrize("modifier", ["Local", "Former", "Veteran"])
def test_a_capitalised_word_before_a_role_describes_it(modifier: str) -> None:
    text = (
        f"{modifier} councillor Brid Nolan (Lab) said the board had been 'much too late' "
        "to act on the drains.\n\n"
        "'We wrote to them twice,' Cllr Nolan said."
    )
    assert speakers(text) == ["Brid Nolan", "Brid Nolan"]


def test_elected_members_letters_before_a_name_are_a_role() -> None:
    text = (
        "Kildare North TD Nuala Breen said the county needed a flood plan.\n\n"
        "Council officials said the plan was being drafted.\n\n"
        "'This is not a local issue, it is a national one,' the Labour TD said."
    )
    assert speakers(text)[-1] == "Nuala Breen"


def test_a_publication_the_speaker_told_is_never_a_speaker() -> None:
    text = (
        "'We are aware of the flooding,' Sgt Aidan Roche told the Western Independent.\n\n"
        "Local Independent Seán Ryan TD said the drains had been blocked for years.\n\n"
        "'Nobody has come to fix them,' the Independent TD said."
    )
    got = speakers(text)
    assert got[0] == "Aidan Roche"
    assert got[1] != "Western Independent"


@pytest.mark.parametrize(
    ("written", "person"),
    [
        ("Khulna Metropolitan Police R.N. Haque", "R.N. Haque"),
        ("Dhaka Port Authority Md Abdul Karim", "Md Abdul Karim"),
        ("West Yorkshire Police Mark Oduya", "Mark Oduya"),
    ],
)
def test_an_employer_written_before_a_name_is_not_part_of_it(written: str, person: str) -> None:
    assert strip_title(written) == (person, True)
    assert strip_title("Bank of England") == ("Bank of England", False)


def test_a_surname_with_a_rank_is_the_name_with_its_initials() -> None:
    text = (
        "Assistant Commissioner (Traffic, South) of Khulna Metropolitan Police R.N. Haque "
        "said the road was reopened at noon.\n\n"
        '"Nobody will be allowed to block the highway," ACP Haque said.'
    )
    assert speakers(text) == ["R.N. Haque"]


@pytest.mark.parametrize(
    ("sentence", "description"),
    [
        (  # an organisation with a joining word before the person noun
            'A Department of Transport spokeswoman said: "We keep every route under review."',
            "a Department of Transport spokeswoman",
        ),
        (
            "A Ministry for Rural Affairs official said: 'Every claim is checked.'",
            "a Ministry for Rural Affairs official",
        ),
        (  # a kin count and a clause saying what the person does
            '"There is no work," said a father of two who repairs shoes near the bus stand.',
            "a father of two who repairs shoes near the bus stand",
        ),
        (
            '"We sleep here," said a driver who sells fuel at night, pointing at the lorry.',
            "a driver who sells fuel at night",
        ),
        (  # a locality after the capitalised name it belongs to
            "A grandmother of four from the Eastfield neighbourhood said: "
            '"The buses stopped coming."',
            "a grandmother of four from the Eastfield neighbourhood",
        ),
        (  # a speech verb after "who" is the attribution, not part of the description
            "A porter at the station who said he had worked there 20 years added: "
            '"Nobody told us."',
            None,
        ),
    ],
)
def test_an_unnamed_speaker_is_the_whole_description(
    sentence: str, description: str | None
) -> None:
    got = speakers(sentence)
    assert len(got) == 1
    if description is None:
        assert got[0] is None or " who " not in got[0]
    else:
        assert got[0] == description


def test_the_official_is_the_earlier_description_with_the_whole_body_name() -> None:
    # "the official" later: the article's earlier full description
    text = (
        "A senior official of the Bureau of Mines and Quarries, who visited the pit in the "
        "morning, said the owners had been warned.\n\n"
        '"We have asked them for a safety plan," the official told reporters.'
    )
    assert speakers(text) == ["a senior official of the Bureau of Mines and Quarries"]


def test_a_quote_goes_on_after_colleagues_named_with_a_plural_title() -> None:
    # "Reps." no longer ends a sentence, so the colleagues are not the next quote's subject
    text = (
        "Rep. Dana Whitlow (D-Ore.) said the bill cut housing aid.\n\n"
        '"We are being asked to vote for a cut," Whitlow said at a news conference Tuesday, '
        "flanked by Reps. Owen Price (D-Ill.) and Ada Lund (D-Minn.). "
        '"Rents alone mean thousands more families lose help."\n\n'
        "The congresswoman voted against the measure last week.\n\n"
        '"Probably not," the congresswoman said.'
    )
    assert speakers(text) == ["Dana Whitlow"] * 3


def test_the_senator_is_the_senator_written_about_last() -> None:
    text = (
        "Sen. Carl Voss, R-Texas, said he would oppose the measure.\n\n"
        '"We have done this dance before," Voss told reporters.\n\n'
        "On the other side of the Capitol, Sen. Ruth Fenn, D-Ohio, said farmers were "
        "being used as leverage.\n\n"
        '"There are farms that have been underwater since April," Fenn said.\n\n'
        "A spokesman for the leader said a vote could come Thursday, though Voss has vowed "
        "to object to any request to speed up the process.\n\n"
        '"I\'ll be here all weekend if I have to," the senator said.'
    )
    assert speakers(text) == ["Carl Voss", "Ruth Fenn", "Carl Voss"]


def test_an_honorific_in_brackets_after_a_title_keeps_the_name_whole_and_gives_a_she() -> None:
    text = (
        "Counsel to the traders, Barr. Emeka Nwosu, said the notices were never served.\n\n"
        '"You cannot collect rent for ten years and then call a stall illegal," Nwosu '
        "stated.\n\n"
        "The Iyaloja of the market, Chief (Mrs) Bolanle Adesina, appealed to the governor "
        "to intervene.\n\n"
        '"We are not fighting the government. We are begging them," she said.'
    )
    assert speakers(text) == ["Emeka Nwosu", "Bolanle Adesina"]


def test_a_partial_quote_of_a_letter_led_by_a_member_is_the_members() -> None:
    text = (
        "Senators from the Midwest have pressed the agency to act. In a letter on Monday led "
        "by Senator Paul Oakes of Iowa and signed by 12 other Senate Republicans, lawmakers "
        'urged the agency to delay the rule, writing that "family farms cannot absorb '
        'another cost this year."'
    )
    assert speakers(text) == ["Paul Oakes"]


def test_a_present_tense_describe_after_a_plural_group_attributes_the_partial_quote() -> None:
    text = (
        "Residents in Eastwick have promised to fight the council after it voted to shut "
        "the swimming baths, a move the council says will save money but which campaigners "
        "describe as 'a betrayal of the town'."
    )
    assert speakers(text) == ["campaigners"]


def test_the_statement_of_a_body_named_by_a_modifier_is_that_bodys() -> None:
    text = (
        "ACCRA, May 3 (Reuters) - Police fired tear gas on Tuesday to disperse traders who "
        "marched on the trade ministry, witnesses said.\n\n"
        "Officers fired volleys of tear gas and traders responded by throwing stones, a "
        "Reuters witness said.\n\n"
        "The interior ministry said in a statement that 31 people had been arrested.\n\n"
        '"The right to protest is guaranteed, but damage to property will not be '
        'tolerated," the statement said.'
    )
    assert speakers(text) == ["the interior ministry"]


@pytest.mark.parametrize(
    "sentence",
    [
        "A spokesperson for the Seeds and Fertiliser products Licensing Authority said: "
        '"Every application is assessed on the evidence."',
        "The Seeds and Fertiliser products Licensing Authority said: "
        '"Every application is assessed on the evidence."',
    ],
)
def test_an_organisation_with_a_lowercase_word_inside_is_named_whole(sentence: str) -> None:
    text = "The company has applied for approval. " + sentence
    assert speakers(text) == ["Seeds and Fertiliser products Licensing Authority"]


def test_a_lowercase_word_before_an_organisation_is_not_part_of_it() -> None:
    text = (
        "The official Pyongyang Central News Agency said the drills were a provocation. "
        '"The puppet forces will pay for this," the agency said.'
    )
    assert speakers(text) == ["Pyongyang Central News Agency"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # after "accused X of", without a speech verb in the sentence
            "Ann Kerr, the MSP for the area, accused the council of 'managed decline' and "
            "said the cuts would hurt children.",
            ["Ann Kerr"],
        ),
        (  # after "accused X of", the subject of the sentence's speech verb
            "Mayor Lina Cruz, speaking in the town hall on Monday, said the city had paid "
            'part of the debt and accused union leaders of "politicising" the dispute.',
            ["Lina Cruz"],
        ),
        (  # a short quote further into the reported clause of "said"
            "Ortega, who chairs the council committee on roads, said the bridge should "
            'have been finished in 2022 but was still "barely half-built" when the floods '
            "hit.",
            ["Ortega"],
        ),
        (  # a relative clause's "accused" stays with its own person
            "She saved her sharpest lines for her rival, Gov. Carl Brandt, who has "
            'repeatedly accused her of "sleepwalking through a crisis."',
            ["Carl Brandt"],
        ),
    ],
)
def test_a_partial_quote_after_accused_of_or_deep_in_a_said_clause(
    text: str, expected: list[str]
) -> None:
    assert speakers(text) == expected
