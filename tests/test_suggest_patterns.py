"""Common attribution forms of news copy, one made-up sentence each, after a context that
introduces the people (Jane Doe, the health minister; Tom Baker, a farmer)."""

from __future__ import annotations

import pytest

from reader.io.importers import parse_plain_text
from reader.suggest import suggest

CONTEXT = (
    "Ministers met on Monday. Jane Doe, the health minister, opened the talks. "
    "Tom Baker, a farmer, also spoke. "
)


def assert_last_speaker(text: str, expected: str | list[str]) -> None:
    """The last quote of ``text`` (after a title line) has one of the expected speakers."""
    article = parse_plain_text("Title\n\n" + text, source="t.txt")
    found = [s.speaker for s in suggest(article) if s.kind == "quote"]
    wanted = expected if isinstance(expected, list) else [expected]
    assert found and found[-1] is not None
    assert found[-1].casefold() in {w.casefold() for w in wanted}


CASES = [
    ('"The plan will not work," she said.', "Jane Doe"),
    ('Tom Baker left early. "The plan will not work," the 45-year-old said.', "Tom Baker"),
    ('"The plan will not work," he told the BBC.', "Tom Baker"),
    ('Lucy Amis, 45, said: "The plan will not work."', "Lucy Amis"),
    ('"The plan will not work," said Amis, who has farmed here for decades.', "Amis"),
    ('"The plan will not work," Baker said, adding: "We need more time."', "Tom Baker"),
    ('In a statement, Acme Group said: "The plan will not work."', "Acme Group"),
    ('Asked whether she would resign, Doe said: "The plan will not work."', "Jane Doe"),
    ('"The plan will not work," Baker wrote on X, formerly Twitter.', "Tom Baker"),
    ('"The plan will not work," Doe said in an interview.', "Jane Doe"),
    ('Her father, John Smith, said: "The plan will not work."', "John Smith"),
    ('"The plan will not work," Lucy Amis, a 45-year-old teacher, said.', "Lucy Amis"),
    ('"The plan will not work," says Baker.', "Tom Baker"),
    ('"The plan will not work," Baker says, laughing.', "Tom Baker"),
    ('"The plan will not work," Prof Carl Wendt told the Guardian.', "Carl Wendt"),
    ('Police said in a statement: "The plan will not work."', "police"),
    (
        'Kai Moss scored twice. The 29-year-old told reporters: "The plan will not work."',
        "Kai Moss",
    ),
    ('When asked about the plan, she replied: "The plan will not work."', "Jane Doe"),
    ('Speaking to reporters on Monday, Baker said the plan "would not work at all".', "Tom Baker"),
    ('Doe\'s spokesman, Ravi Lal, said: "The plan will not work."', "Ravi Lal"),
    ('"The plan will not work," said one resident, who declined to give her name.', "resident"),
    ('"The plan will not work," Mr Baker added.', "Tom Baker"),
    ('Baker added that "the plan will not work at all".', "Tom Baker"),
    ('The minister, Ana Ruiz, said: "The plan will not work."', "Ana Ruiz"),
    ('"The plan will not work," she told CNN\'s State of the Union.', "Jane Doe"),
    ('"The plan will not work," the minister said.', "Jane Doe"),
    ('"The plan will not work," a government spokesperson said.', ["spokesperson", "government"]),
    (
        'A spokesperson for the Home Office said: "The plan will not work."',
        ["Home Office", "spokesperson"],
    ),
    ('"The plan will not work," the farmer said.', "Tom Baker"),
    ('"The plan will not work," Doe told MPs.', "Jane Doe"),
    ('"The plan will not work," she said of the proposal.', "Jane Doe"),
    ('"It\'s a disaster," Baker said. "The plan will not work."', "Tom Baker"),
    ('Baker was blunt. "The plan will not work."', "Tom Baker"),
    ('"The plan will not work," Doe insisted on Tuesday.', "Jane Doe"),
    ('Doe was asked about it. "The plan will not work," was her reply.', "Jane Doe"),
    ('Lucy Amis put it simply: "The plan will not work."', "Lucy Amis"),
    ('For Lucy Amis, a teacher, the answer is clear: "The plan will not work."', "Lucy Amis"),
    ('"The plan will not work," Amis, 45, told Reuters by phone from Lagos.', "Amis"),
    (
        '"We are not going anywhere," said Sheikh Hamad bin Khalifa Al Thani.',
        "Hamad bin Khalifa Al Thani",
    ),
    ('"The plan will not work," UN Secretary-General Antonio Guterres said.', "Antonio Guterres"),
    (
        '"The plan will not work," Guterres\'s spokesman Stephane Dujarric said.',
        "Stephane Dujarric",
    ),
    ('"The plan will not work," said Ms. Doe, 52.', "Jane Doe"),
    ('"The plan will not work," Doe, a Democrat, said.', "Jane Doe"),
    ('"The plan will not work," Sen. Mark Kelly, D-Ariz., said.', "Mark Kelly"),
    ('"The plan will not work," Rep. Nancy Mace (R-S.C.) said.', "Nancy Mace"),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_common_attribution_forms(text: str, expected: str | list[str]) -> None:
    assert_last_speaker(CONTEXT + text, expected)


#: Forms from wire, court, sports, business, Indian, Canadian, Nigerian and UK political
#: copy, each a small story of its own.
STORIES = [
    (
        'Judge Helen Ward jailed Carl Dunn for six years. "You showed no remorse," the judge '
        "told him.",
        "Helen Ward",
    ),
    (
        'Carl Dunn, 34, admitted the offence. Prosecuting, Amy Reed said: "He kicked the door in."',
        "Amy Reed",
    ),
    (
        'Carl Dunn, 34, admitted the offence. Mark Hale, defending, told the court: "He is '
        'deeply ashamed."',
        "Mark Hale",
    ),
    (
        'Judge Helen Ward sentenced him. Recorder Paul Moss said: "This was a planned attack."',
        "Paul Moss",
    ),
    ('Coach Ana Lima was pleased. "We defended well," Lima told BBC Sport.', "Ana Lima"),
    (
        'Erik ten Hag watched from the stand. "It was a fair result," the Dutchman said.',
        "Erik ten Hag",
    ),
    ('Kai Moss scored twice. "I just tried to stay calm," said the striker.', "Kai Moss"),
    ('Maria Lopez runs the bakery. "Bread is my life," she says, laughing.', "Maria Lopez"),
    (
        'Maria Lopez runs the bakery. "Bread is my life," Lopez says. "It always was."',
        "Maria Lopez",
    ),
    (
        'The ministry denied the report. "These claims are false," it said in a statement.',
        "ministry",
    ),
    (
        'Acme Ltd cut 200 jobs. A spokeswoman for the company said: "We regret the decision."',
        ["spokeswoman", "Acme Ltd"],
    ),
    ('Acme Ltd cut 200 jobs. "We regret the decision," Acme said.', "Acme"),
    ('"We regret the decision," said Sarah Cole, Acme\'s chief executive.', "Sarah Cole"),
    ('Sarah Cole, Acme\'s chief executive, said: "We regret the decision."', "Sarah Cole"),
    ('Acme\'s chief executive Sarah Cole said: "We regret the decision."', "Sarah Cole"),
    (
        "Acme's chief executive, Sarah Cole, said the cuts were needed. \"We regret the "
        'decision," she added.',
        "Sarah Cole",
    ),
    ('"We regret the decision," Cole, 52, told analysts on a call.', "Cole"),
    (
        'Analysts were unconvinced. "The numbers do not add up," said Raj Patel, an analyst at '
        "Barclays.",
        "Raj Patel",
    ),
    ('"The numbers do not add up," Barclays analyst Raj Patel wrote in a note.', "Raj Patel"),
    (
        'Ahmed al-Sharif, 61, fled his home. "We have nothing left," he told Al Jazeera.',
        "Ahmed al-Sharif",
    ),
    ('Israeli army spokesman Lt Col Avi Cohen said: "The operation will continue."', "Avi Cohen"),
    ('Dr Sara Nouri, a surgeon at the hospital, said: "We are out of anaesthetic."', "Sara Nouri"),
    ('"We are out of anaesthetic," said Dr Nouri.', "Nouri"),
    (
        'Fire Chief Dan Ortiz said crews arrived in minutes. "It spread fast," Ortiz said.',
        "Dan Ortiz",
    ),
    (
        'Sgt. Maria Diaz with the Dallas Police Department said: "The suspect fled on foot."',
        "Maria Diaz",
    ),
    ('A neighbor who did not want to be identified said: "I heard three shots."', "neighbor"),
    ('Her brother, Luis, said: "She was the kindest person I knew."', "Luis"),
    ('NLC President Joe Ajaero said: "Workers cannot bear this."', "Joe Ajaero"),
    ('"Workers cannot bear this," Ajaero said, adding that the union would strike.', "Ajaero"),
    (
        'Premier Danielle Smith toured the area. "We will rebuild," the premier said.',
        "Danielle Smith",
    ),
    ('Chief Alvin Francis of the Cree Nation said: "Our people are scared."', "Alvin Francis"),
    ('The prime minister, Keir Starmer, said: "We will act."', "Keir Starmer"),
    (
        'A No 10 spokesperson said: "The prime minister has full confidence in her."',
        ["spokesperson", "No 10"],
    ),
    ('A government source said: "This will not happen."', "source"),
    ('Shadow chancellor Mel Stride said: "This is a tax raid."', "Mel Stride"),
    ('The Labour MP for Leeds East, Richard Burgon, said: "This is wrong."', "Richard Burgon"),
    ('"This is wrong," said the Labour MP for Leeds East, Richard Burgon.', "Richard Burgon"),
    ('SHO Inspector Ramesh Yadav said: "The accused has been arrested."', "Ramesh Yadav"),
    ('"The accused has been arrested," SHO Ramesh Yadav told HT.', "Ramesh Yadav"),
    ('The victim\'s father, Suresh Kumar, said: "We want justice."', "Suresh Kumar"),
    ('"We want justice," the victim\'s father said.', ["father", "Suresh Kumar"]),
    ('Meteorologist Jen Lee with Environment Canada said: "Rain is coming."', "Jen Lee"),
    ('"Rain is coming," Environment Canada meteorologist Jen Lee said.', "Jen Lee"),
    (
        'The study, published in Nature, was led by Prof Anna Berg. "The trend is clear," Berg '
        "said.",
        "Anna Berg",
    ),
    ('"The trend is clear," said Berg, who was not involved in the study.', "Berg"),
    (
        'Tom Hill, who was not involved in the research, said: "It is a solid piece of work."',
        "Tom Hill",
    ),
    (
        '"It is a solid piece of work," said Tom Hill, a climate scientist at Oxford who was not '
        "involved.",
        "Tom Hill",
    ),
]


@pytest.mark.parametrize(("text", "expected"), STORIES)
def test_attribution_forms_of_other_styles(text: str, expected: str | list[str]) -> None:
    assert_last_speaker(text, expected)
