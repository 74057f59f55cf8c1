"""The fourth round of issue 14's speaker classes (batches 24 and 25), each on made-up
sentences: honorifics and particles of more naming conventions, a nickname inside a
name, two people who share a surname, a name written by its first words."""

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
        (  # Malaysian honorifics, alone or two of them
            "Transport Minister Datuk Seri Aminah Yusof said the ferries would run.\n\n"
            '"The contracts are signed already," Datuk Seri Aminah said.',
            "Aminah Yusof",
        ),
        (
            "Planters' association head Dato' K. Selvam said prices had fallen.\n\n"
            '"We cannot pay what we do not earn," said Dato\' Selvam.',
            "K. Selvam",
        ),
        (  # an Aboriginal elder's honorific
            "Gamilaraay elder Aunty Rosa Kelleher, 77, opened the garden.\n\n"
            '"My mother planted the first tree here," Aunty Rosa said.',
            "Rosa Kelleher",
        ),
        (  # a lawyer's title in South Asian and East African news
            "Advocate Tariq N. Baloch, who represents the tenants, filed the petition.\n\n"
            '"The notices were never served on them," Advocate Baloch said.',
            "Tariq N. Baloch",
        ),
    ],
)
def test_more_honorifics_are_titles_not_part_of_the_name(text: str, expected: str) -> None:
    assert speakers(text)[-1] == expected


def test_a_malaysian_patronymic_particle_joins_the_name() -> None:
    text = (
        "Selvaraju a/l Muniandy, 58, a rubber tapper, said his pay was late.\n\n"
        '"Nobody has told us anything for weeks," said Selvaraju.'
    )
    assert speakers(text) == ["Selvaraju a/l Muniandy"]


def test_a_nickname_in_quotes_does_not_cut_the_name() -> None:
    text = (
        'A trader, Obinna "Big Boy" Eze, said he lost his stock in the fire.\n\n'
        '"All my goods are gone," Mr Eze said.'
    )
    assert speakers(text) == ["Obinna Eze"]


def test_a_shared_surname_with_a_title_means_the_person_named_last() -> None:
    text = (
        "The girl, Sana Rizvi, was found unharmed on Friday.\n\n"
        "Her uncle, Kamran Rizvi, a shopkeeper, said the family had paid nothing.\n\n"
        '"We only prayed and waited," Mr Rizvi said.\n\n'
        '"I want the other two caught as well," he added.'
    )
    assert speakers(text) == ["Kamran Rizvi", "Kamran Rizvi"]


def test_a_shared_surname_alone_is_still_the_person_the_story_is_about() -> None:
    text = (
        "Edith Marlowe, the potter whose kilns fired half the county's tiles, has died.\n\n"
        "Her death was confirmed by her son, Peter Marlowe, a teacher.\n\n"
        'Marlowe was proud of the work. "Clay keeps you honest," she said.'
    )
    assert speakers(text) == ["Edith Marlowe"]


def test_a_name_written_by_its_first_words_is_the_full_name() -> None:
    text = (
        "State assemblywoman Siti Aisyah Rahman said she would raise it in the house.\n\n"
        '"Wages earned are wages owed, whoever the worker is," said Siti Aisyah.'
    )
    assert speakers(text) == ["Siti Aisyah Rahman"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # a title's initials given in brackets before the name
            "Deputy Inspector General of Police (DIGP) Farooq H. Chandio said two men were"
            " held.\n\n"
            '"They used a stolen car for the handover," the DIGP said.',
            "Farooq H. Chandio",
        ),
        (  # a place before the title: "the DA" is the district attorney
            "Kings County District Attorney Renata Oyelaran said the case would go to a"
            " grand jury.\n\n"
            '"Delivery workers deserve to be safe on these streets," the DA said.',
            "Renata Oyelaran",
        ),
        (  # "the chief" is the person given the title Chief
            "Fire Chief Tomasz Wielgus said the blaze started in a kitchen.\n\n"
            '"The alarms were disconnected on every floor," the chief said.',
            "Tomasz Wielgus",
        ),
        (  # a kin noun right before the name is the role a later reference uses
            "The owner's nephew Dariusz Malek, 24, who was working the till, said little.\n\n"
            '"He is a fighter. He will be back," the nephew said.',
            "Dariusz Malek",
        ),
    ],
)
def test_a_role_written_before_a_name_is_that_person_later(text: str, expected: str) -> None:
    assert speakers(text)[-1] == expected


def test_a_speech_verb_in_an_indirect_question_is_not_the_attribution() -> None:
    text = (
        "Police Chief Hannah Osei said a man, Corey Platt, had been held overnight.\n\n"
        "Asked whether Platt said anything when he was arrested, the chief replied:"
        ' "Nothing worth repeating."'
    )
    assert speakers(text) == ["Hannah Osei"]


def test_the_capitalised_office_is_the_person_given_that_title() -> None:
    text = (
        "Premier Joanna Whitlock opened the new hospital wing on Friday.\n\n"
        "Ms Whitlock told the staff the wing had been a long time coming.\n\n"
        '"This wing will serve the whole valley," the Premier said.\n\n'
        '"I want to thank every nurse who kept the old ward going."'
    )
    assert speakers(text) == ["Joanna Whitlock", "Joanna Whitlock"]


def test_an_unnamed_speaker_who_gave_a_first_name_is_that_name() -> None:
    text = (
        '"It was over in seconds," said a driver who saw the crash and gave only his'
        ' first name, Emeka. "Nobody could have stopped it."'
    )
    assert speakers(text) == ["Emeka", "Emeka"]


def quotes(text: str) -> list[str]:
    article = parse_plain_text("Title\n\n" + text, source="t.txt")
    return [s.exact for s in suggest(article) if s.kind == "quote"]


@pytest.mark.parametrize("close", ["\u2019", "'"])
def test_a_partial_single_quote_closes_after_a_plural(close: str) -> None:
    open_ = "\u2018" if close == "\u2019" else "'"
    text = (
        f"Councillor Dana Pryce accused the board of {open_}hiding behind its own"
        f" rules{close} and said the vote should be held again.\n\n"
        f"{open_}We will not let this go,{close} Ms Pryce said."
    )
    assert quotes(text) == ["hiding behind its own rules", "We will not let this go"]
    assert speakers(text) == ["Dana Pryce", "Dana Pryce"]


def test_a_short_term_in_single_marks_after_a_plural_is_no_quote() -> None:
    text = (
        "The trust said it had opened 30 more \u2018surge beds\u2019 since October.\n\n"
        "\u2018We are doing all we can,\u2019 a spokesman said."
    )
    assert quotes(text) == ["We are doing all we can"]


def test_a_members_letters_after_the_name_are_not_part_of_it() -> None:
    text = (
        "The party's health spokesman, Gethin Rowlands MS, said wards were"
        " 'stretched beyond safe limits' by the cuts."
    )
    assert speakers(text) == ["Gethin Rowlands"]


@pytest.mark.parametrize("title", ["Ald.", "Adv.", "Engr.", "Smt."])
def test_a_dotted_city_hall_or_court_title_does_not_end_the_sentence(title: str) -> None:
    text = (
        f'"We are not signing a blank cheque," said {title} Marta Kowalski, 14th, who was'
        " joined by Ald. Ray Dunne, 9th, and Ald. Tom Bright, 31st."
        ' "Put the numbers in writing first."'
    )
    assert speakers(text) == ["Marta Kowalski", "Marta Kowalski"]


def test_a_quote_paragraph_after_reported_speech_is_that_persons() -> None:
    text = (
        "Sergeant Nuala Breen said: 'We are treating this as arson.'\n\n"
        "Fr Declan Moyles said mass would go ahead on Sunday.\n\n"
        "Sgt Breen added that the area had been quiet for years.\n\n"
        "'Anyone with footage from the lane should call us.'"
    )
    assert speakers(text) == ["Nuala Breen", "Nuala Breen"]


def test_a_quote_paragraph_after_narration_has_no_reported_speaker() -> None:
    text = (
        "Sergeant Nuala Breen said: 'We are treating this as arson.'\n\n"
        "Fr Declan Moyles said mass would go ahead on Sunday.\n\n"
        "The hall was built in 1911 and has been repaired twice.\n\n"
        "'Anyone with footage from the lane should call us.'"
    )
    assert speakers(text)[-1] != "Declan Moyles"


def test_a_translation_in_brackets_does_not_hide_the_attribution() -> None:
    text = (
        "Councillor Amina Wanjiru spoke at the market on Monday.\n\n"
        '"Pesa iko wapi?" (Where is the money?) Ms Wanjiru asked the crowd.'
        ' "Six months and not one shilling has reached us."'
    )
    assert speakers(text) == ["Amina Wanjiru", "Amina Wanjiru"]


def test_a_translation_after_a_quote_is_speech_and_a_words_gloss_is_not() -> None:
    text = (
        'The ferry will be named Tawhiti, meaning "far across the water" in Maori.\n\n'
        '"Wetin we go chop now," trader Bola Ade said in Pidgin, meaning "What will we'
        ' eat now."'
    )
    assert quotes(text) == ["Wetin we go chop now", "What will we eat now."]
    assert speakers(text) == ["Bola Ade", "Bola Ade"]


def test_an_unnamed_officer_keeps_the_long_anonymity_clause_and_is_the_she() -> None:
    text = (
        "Ms Wanjiku Njeri, 41, said she had queued since dawn.\n\n"
        "A police officer who asked not to be named because she was not authorised to"
        " speak to the media said the station had no fuel.\n\n"
        '"We walk to the scenes now," she said.'
    )
    assert speakers(text) == [
        "a police officer who asked not to be named because she was not authorised to"
        " speak to the media"
    ]


def test_initials_in_brackets_with_a_post_after_them_stand_for_the_holder() -> None:
    text = (
        "Speaking to reporters, superintendent of police (SP, rural) M.R. Devika said two"
        " men were held.\n\n"
        '"They had rented the flat under false names," the SP said.'
    )
    assert speakers(text) == ["M.R. Devika"]


def test_the_role_only_ever_written_with_the_is_the_person_written_about_then() -> None:
    text = (
        "Rep. Ellen Marsh has held the seat since 2018. Her challenger, Tom Brandt, has"
        " raised $2 million.\n\n"
        "Brandt was unmoved when asked about her record.\n\n"
        "The candidate, who moved to the state in 2009, has faced questions about his"
        " ties to the district.\n\n"
        '"I have lived here longer than most of my critics," the candidate quipped.'
    )
    assert speakers(text) == ["Tom Brandt"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The Scottish Federation for Rural Transport, which represents 40 operators,"
            " backed the plan. In a statement, the federation said the cuts were 'a slow"
            " strangling of the glens'.",
            "Scottish Federation for Rural Transport",
        ),
        (
            'The Department of Roads and Bridges said the delay was caused by "unpaid'
            ' contractors and bad weather" this year.',
            "Department of Roads and Bridges",
        ),
    ],
)
def test_an_organisations_name_goes_on_after_for_and_and(text: str, expected: str) -> None:
    assert speakers(text) == [expected]


def test_a_ledes_unnamed_person_is_the_one_the_body_names_in_that_role() -> None:
    text = (
        "A Methodist minister has said his congregation is 'heartbroken' after graffiti"
        " was sprayed on the chapel.\n\n"
        "The Rev. Colin Hamill, who has been minister at the chapel for 11 years, said"
        " the attack was cowardly."
    )
    assert speakers(text) == ["Colin Hamill"]


def test_a_ledes_unnamed_person_stays_unnamed_when_the_role_was_someone_elses() -> None:
    text = (
        "Their health spokesperson, Ruth Okafor, criticised the plan. A Downing Street"
        ' spokesperson said the minister had "full confidence in the scheme".\n\n'
        "The Rev. Colin Hamill, who is spokesperson for the churches, said little."
    )
    assert speakers(text) == ["a Downing Street spokesperson"]


def test_a_spokesperson_for_a_body_written_in_lowercase_is_the_whole_description() -> None:
    text = (
        "The county council voted to shut the pool.\n\n"
        "A spokesperson for the council said it was 'confident the process was fair'"
        " and would publish the figures."
    )
    assert speakers(text) == ["a spokesperson for the council"]


def test_a_workplace_after_a_capitalised_place_stays_in_the_description() -> None:
    text = (
        "Staff said morale was low. One night nurse at the Riverside ward put it simply:"
        " 'We are running on goodwill and nothing else.'"
    )
    assert speakers(text) == ["one night nurse at the Riverside ward"]


def test_a_relative_clause_with_its_own_subject_keeps_its_speech_verb() -> None:
    text = (
        "Parents have promised to fight the plan to shut the school, a move the trust said"
        " would save money but which critics described as 'a slow betrayal of the valley'."
    )
    assert speakers(text) == ["critics"]


def test_a_short_whole_sentence_after_an_attribution_goes_on_with_that_quote() -> None:
    text = (
        '"Our children should see their language on the signs," Cr Mia Tapsell said.'
        ' "Words matter."\n\n'
        "The council called it a 'landmark' decision."
    )
    assert quotes(text) == ["Our children should see their language on the signs", "Words matter."]
    assert speakers(text) == ["Mia Tapsell", "Mia Tapsell"]


def test_the_council_leader_is_not_the_group_leader_named_since() -> None:
    text = (
        "Council leader Moira Keir said there were 'no easy choices' left.\n\n"
        "Labour group leader Sean Bryce said the baths should stay open.\n\n"
        "Asked whether she would meet the campaigners, the council leader said:"
        " 'Certainly.'"
    )
    assert speakers(text) == ["Moira Keir", "Moira Keir"]


def test_a_county_members_letters_before_the_name_are_a_title() -> None:
    text = (
        "But Kaloleni North MCA Peter Otieno, who chairs the health committee, said the"
        " money was missing.\n\n"
        '"Where did the money go?" Mr Otieno asked.'
    )
    assert speakers(text) == ["Peter Otieno"]


def test_a_place_after_the_name_before_the_verb_is_not_the_speaker() -> None:
    text = (
        "U.S. District Judge Laura Benton in Chicago said in a ruling that the agency had"
        ' "ignored its own rules for years".'
    )
    assert speakers(text) == ["Laura Benton"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"We need the votes by Friday," said Del. Marcus Whitfield.', "Marcus Whitfield"),
        ('"This shelter has run for 40 years," said Sr Bernadette Kealy.', "Bernadette Kealy"),
        ('"The evidence was never disclosed," said Anthony Crewe KC.', "Anthony Crewe"),
        ('"We will not close the school," Assemblyman Ray Oduya said.', "Ray Oduya"),
        ('"Stay away from the banks," Supt Claire Dunning said.', "Claire Dunning"),
        ('"It is a fair plan for the shire," Cr Joanne Petrie said.', "Joanne Petrie"),
    ],
)
def test_city_hall_court_and_church_ranks_are_titles(text: str, expected: str) -> None:
    assert speakers(text) == [expected]


@pytest.mark.parametrize("between", ["\n\n", " "])
def test_a_quote_after_someone_else_is_named_is_the_nearest_persons(between: str) -> None:
    text = (
        '"The plan is sound," Mayor Anna Whitby said.'
        f"{between}Councillor Tom Jessop, who leads the opposition, disagreed sharply."
        '\n\n"This plan will bankrupt the town."'
    )
    assert speakers(text) == ["Anna Whitby", "Tom Jessop"]


def test_present_tense_attributions_with_an_analysts_apposition() -> None:
    text = (
        '"Dips like this are a gift," says Tomas Lind, a portfolio manager at Nordvik'
        " Capital.\n\n"
        "Maria Okoro, who heads commodities research at Halden Bank, says the floor is"
        ' near. "Smelters will be back buying within weeks," she says.\n\n'
        '"Supply is the story for the next five years," says Ruth Kane, an analyst at'
        ' Brixton Metals Research. "Nobody is building new mines."'
    )
    assert speakers(text) == ["Tomas Lind", "Maria Okoro", "Ruth Kane", "Ruth Kane"]


def test_a_shows_title_in_the_sentence_does_not_stop_the_subject_rule() -> None:
    text = (
        "Deputy Transport Secretary Alan Hewitt defended the cuts on Sunday in an"
        ' interview on the program "Capitol Week," calling the rail grants "money poured'
        ' into a hole."'
    )
    assert speakers(text) == ["Alan Hewitt"]


def test_a_persons_gender_from_one_mention_holds_for_the_others() -> None:
    text = (
        '"Did you read it?" Rep. Cade Harlow (R-Okla.), the panel\'s chairman, asked'
        " Colleen Varga, the agency's acting director.\n\n"
        '"I did," Varga said.\n\n'
        '"All of it?" Harlow pressed.\n\n'
        '"Every page, and we agree with most of it," she replied.'
    )
    assert speakers(text) == ["Cade Harlow", "Colleen Varga", "Cade Harlow", "Colleen Varga"]
