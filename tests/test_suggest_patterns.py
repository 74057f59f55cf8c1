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
    article = parse_plain_text("Title\n\n" + CONTEXT + text, source="t.txt")
    found = [s.speaker for s in suggest(article) if s.kind == "quote"]
    wanted = expected if isinstance(expected, list) else [expected]
    assert found and found[-1] is not None
    assert found[-1].casefold() in {w.casefold() for w in wanted}
