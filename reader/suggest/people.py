"""Who a phrase names: person nouns, roles, appositions, unnamed people, datelines.

Small predicates over the text around a name ("harbour master Colin Trewin", "Khadija,
a 34-year-old mother", "A Corvane employee ..."), used to tell persons from places,
organisations and roles."""

from __future__ import annotations

import re

from reader.model.lexicon import alternation
from reader.suggest.given_names import gender_of
from reader.suggest.lexicon import (
    AGENT_SUFFIXES,
    AGENT_WORDS,
    COMPANY_MAKER,
    KIN_NOUNS,
    NOT_AGENT,
    NOUN_BEFORE,
    PERSON_NOUNS,
    ROLE_BEFORE,
    VERB_BEFORE,
)
from reader.suggest.names import (
    CAPITAL_TITLES,
    DEPUTY_WORDS,
    ROLE_NOUNS,
    Name,
    has_given_name,
    is_org,
    is_place,
    is_title,
    strip_title,
)

APPOSITION = re.compile(
    # an optional party-state label first: "Rep. X, R-Arizona, who joined …, called"
    r"(?:,\s+[RDI]-[A-Z][A-Za-z.]*(?:[ \t]+[A-Z][A-Za-z.]*)?)?"
    r",\s+(?:who|whose|a|an|the|head|chief|director|[0-9]{1,3}\b|[a-z]+ of\b|one of\b|"
    r"[A-Z][\w.-]*['\u2019]s(?=\s+[a-z])|"
    r"president|spokes\w+|deputy|senior|former|founder|co-founder|owner|leader|chair|"
    r"(?:speaking|writing|summarising|summarizing|commenting|reporting|testifying|appearing|"
    r"addressing|responding|standing|sitting))\b"
)


# a name the speaker gave: "who gave her name only as Margaret", "identified only as Jack"
GIVEN_NAME_BEFORE = re.compile(
    r"\b(?:(?:gave|give|giving|gives)\s+(?:only\s+)?(?P<pro>his|her|their)\s+"
    r"(?:(?:first|given|last|family)\s+name|surname|name)(?:\s+only)?(?:,|\s+(?:only\s+)?as)|"
    r"(?:(?:identified|referred\s+to)\s+(?:only\s+)?|(?:named|known|called)\s+only\s+)"
    r"(?:as|by\s+(?P<pro2>his|her|their)\s+(?:(?:first|given|last|family)\s+name|surname|"
    r"name),?))\s+$"
)


def is_person_noun(noun: str) -> bool:
    """True for a lowercase noun that names a person: a role ("mayor"), an unnamed person
    ("mother"), or a word that looks like one (-er, -or, -ist, -ian, -man: "hydrologist")."""
    if noun in AGENT_WORDS or ROLE_BEFORE.search(noun + " ") or noun in PERSON_NOUNS:
        return True
    if noun in NOT_AGENT or COMPANY_MAKER.search(noun):
        return False
    return noun.endswith(AGENT_SUFFIXES)


_DETERMINER = re.compile(r"\s*(?:[Tt]he|[Aa]n?|[Oo]ne|[Aa]nother)\s+")


_HEAD_WORD = re.compile(r"(?P<noun>[\w'\u2019-]+)")
_SPACES = re.compile(r"\s*")


_ONE_OF = re.compile(
    r"\s*(?:[Oo]ne|[Tt]wo|[Ss]ome)\s+of\s+(?:the|his|her|their|its|those|these)\s+"
)


def singular(noun: str) -> str:
    """ "delegates" -> "delegate", "people" -> "person" (after "one of the")."""
    if noun == "people":
        return "person"
    return noun[:-1] if noun.endswith("s") and is_person_noun(noun[:-1]) else noun


def someone_start(head: str) -> re.Match[str] | None:
    """An unnamed person opening a clause: "A Corvane employee in …", "The mother of …",
    "A 31-year-old woman who …" - the first of the three words after the determiner that
    names a person (group ``noun``), or ``None``."""
    one_of = _ONE_OF.match(head)  # "one of the delegates", "Some of the residents"
    det = one_of or _DETERMINER.match(head)
    if det is None:
        return None
    pos = det.end()
    for _ in range(3):
        word = _HEAD_WORD.match(head, pos)
        if word is None:
            return None
        noun = word.group("noun")
        if one_of and noun == "people":
            return word
        if one_of and noun.endswith("s"):
            noun = noun[:-1]
        if (noun[:1].islower() and is_person_noun(noun)) or noun in CAPITAL_TITLES:
            return word
        spaces = _SPACES.match(head, word.end())  # r"\s*" always matches
        assert spaces is not None
        pos = spaces.end()
    return None


# a name that is not the subject of its clause: "according to its director, X", "by X"
OBLIQUE_BEFORE = re.compile(
    r"(?:\baccording to\b[^.;:!?\"\u201c\u201d]{0,45}|"
    r"\b(?:of|to|by|with|for|from|at|about|against|towards?|into|than)[ \t]+"
    r"(?:(?:the|his|her|their|its)[ \t]+)?)$"
)


_LOWER_PHRASE_BEFORE = re.compile(
    r"(?<![\w'\u2019-])(?:(?:[a-z][a-z-]*|\([A-Za-z ]+\))[ \t]+){2,7}$"
)
# words of a role phrase that are not person nouns themselves
_ROLE_PHRASE_WORDS = frozenset(
    re.findall(
        r"\S+",
        "deputy assistant additional joint senior chief station house sub divisional district "
        "special principal executive vice acting general police city state regional",
    )
)


_ACRONYM_SKIP = frozenset({"of", "the", "and", "for", "in", "a", "an"})


# a title's initials in brackets right before a name: "Senior Superintendent of Police
# (SSP) Abdul Rauf Memon"
# (or a lowercase one, with a post after the initials: "deputy commissioner of police
# (DCP, cybercrime) K.V. Anitha")
_BRACKETED_TITLE_BEFORE = re.compile(
    r"[A-Za-z][\w-]*(?:[ \t]+[A-Za-z][\w-]*)*[ \t]+"
    r"\((?P<acronym>[A-Z]{2,6})(?:,[ \t]*[\w -]{1,30})?\)[ \t]+$"
)


def role_acronym(text: str, start: int) -> str | None:
    """The initials of a lowercase role phrase right before a name, which the text may
    use for that person later: "deputy commissioner of police (south) Ankita Sharma" ->
    "dcp", "station house officer Ravi Rao" -> "sho"; or a title's initials given in
    brackets before the name ("Senior Superintendent of Police (SSP) X" -> "ssp")."""
    bracketed = _BRACKETED_TITLE_BEFORE.search(text, max(0, start - 90), start)
    if bracketed is not None:
        acronym = bracketed.group("acronym")
        words = text[bracketed.start() : bracketed.start("acronym") - 1].split()
        initials = "".join(w[0] for w in words if w.lower() not in _ACRONYM_SKIP).upper()
        # the letters are the title's (not a party's: "… Party (PPP) X"), and it is a title
        if initials.endswith(acronym) and any(is_title(words, i) for i in range(len(words))):
            return acronym.lower()
    match = _LOWER_PHRASE_BEFORE.search(text, max(0, start - 70), start)
    if match is None:
        return None
    words = [w for w in match.group().split() if not w.startswith("(")]
    # the phrase starts at its first role word: "She met deputy commissioner …" -> "deputy …"
    while words and not (is_person_noun(words[0]) or words[0] in _ROLE_PHRASE_WORDS):
        words = words[1:]
    if not any(is_person_noun(w) for w in words) or not all(
        is_person_noun(w) or w in _ROLE_PHRASE_WORDS or w in ("of", "and") for w in words
    ):
        return None  # "The farmer complained loudly about …" is no role phrase
    letters = "".join(w[0] for w in words if w not in _ACRONYM_SKIP)
    return letters if 2 <= len(letters) <= 5 else None


def role_noun_before(text: str, start: int) -> bool:
    """True when a lowercase noun that names a person ends right before ``start``."""
    match = NOUN_BEFORE.search(text, max(0, start - 30), start)
    return match is not None and is_person_noun(match.group("noun"))


# the words of an apposition up to its first preposition or clause: ", the agency's chief
# of mission" -> "the agency's chief"; ", one of the organisers" -> "the organisers"
_APPOSITION_TEXT = re.compile(r",\s+(?:one\s+of\s+)?(?P<app>[^,;:.!?\"\u201c\u201d()]{1,90})")


_APPOSITION_CUT = re.compile(
    r"\s+(?:of|at|for|in|on|from|with|who|whose|which|and|to|since|until|after|before)\b"
)


# an apposition of lowercase words ending in a role: ", executive director of …"
_ROLE_APPOSITION = re.compile(
    r",[ \t]+(?:[a-z][\w-]*[ \t]+){0,2}(?P<noun>[a-z][\w-]*)(?=[ \t]+(?:of|for|at|with|to|in)\b|,)"
)


def role_apposition(text: str, end: int) -> bool:
    """True when an apposition right after a name at ``end`` is a lowercase role phrase
    (", executive director of the X Alliance,"): the name is a person's."""
    match = _ROLE_APPOSITION.match(text, end, end + 60)
    return match is not None and is_person_noun(match.group("noun"))


def person_apposition(text: str, end: int) -> tuple[str | None, str | None]:
    """How an apposition right after a name describes a person, and the gender it gives
    (see :func:`apposition_noun`)."""
    kind, gender, _noun = apposition_noun(text, end)
    return kind, gender


def apposition_noun(text: str, end: int) -> tuple[str | None, str | None, str | None]:
    """How an apposition right after a name at ``end`` describes a person: "noun" (", a
    34-year-old mother of five", ", 71,", ", the agency's chief of mission"), "clause"
    (", who runs …": a person or a team), or ``None`` (", the army's last stronghold");
    and the gender it gives."""
    if not APPOSITION.match(text, end, end + 40):
        return None, None, None
    match = _APPOSITION_TEXT.match(text, end)
    if match is None:
        return None, None, None
    app = match.group("app")
    gender = gender_of_words(app)
    if re.match(r"(?:aged\b|[0-9]{1,3}\b)", app):
        return "noun", gender, None
    if re.match(r"(?:who|whose)\b", app):
        return "clause", gender, None
    head = _APPOSITION_CUT.split(app, maxsplit=1)[0].split()
    if not head:
        return None, None, None
    noun = re.sub(r"['\u2019]s$", "", head[-1].lower())
    if len(head) >= 2 and head[-2].lower() in DEPUTY_WORDS:
        return "noun", gender, None  # ", the deputy mayor,": a person, not the mayor
    if is_person_noun(noun):
        return "noun", gender, noun
    if noun.endswith("s") and is_person_noun(noun[:-1]):
        return "noun", gender, None  # ", one of the organisers": no role of their own
    return None, None, None


def gender_of_words(phrase: str) -> str | None:
    """A gender from the nouns and pronouns of a description: "a mother of five",
    "who gave only his first name"."""
    for word in re.findall(r"[a-z]+", phrase.lower()):
        if word in ("her", "she"):
            return "female"
        if word in ("his", "he"):
            return "male"
        noun_gender = gender_of(word)
        if noun_gender is not None:
            return noun_gender
    return None


def person_by_context(text: str, name: Name, bare: str) -> bool:
    """A two- or three-word name that is no organisation or place, after a role noun phrase
    ("harbour master Colin Trewin") or a speech verb ("said Gareth Okafor")."""
    if not 2 <= len(bare.split()) <= 3 or is_org(bare) or is_place(bare):
        return False
    if VERB_BEFORE.search(text, max(0, name.start - 12), name.start):
        return True
    # "deputy commissioner of police (south) Ankita Sharma": a role phrase before it
    return role_noun_before(text, name.start) or role_acronym(text, name.start) is not None


# a role written before a name and a comma: "Rourke's lawyer, Jennifer Hale," ->
# "the lawyer" later means Jennifer Hale
ROLE_COMMA_BEFORE = re.compile(r"\b(?P<role>[a-z]+|[A-Z][a-z]+(?: [A-Z][a-z]+)?),\s*$")


# "the judge", "the defence lawyer", "the prosecutor": a later reference to a titled person
ROLE_MENTION = re.compile(
    rf"\b[Tt]he\s+(?:(?!{alternation(DEPUTY_WORDS)}\b)[a-z]+\s+)?"
    rf"(?P<role>{alternation(ROLE_NOUNS)})\b"
)


# "Her husband, Chris," / "his brother Ahmed": a one-word name that is a person
KIN = re.compile(
    r"\b(?:[Hh]er|[Hh]is|[Tt]heir|[Oo]ur|[Mm]y)\s+(?:[a-z-]+\s+)?"
    rf"(?P<kin>{alternation(KIN_NOUNS)}),?\s*$"
)


# "PORT SUDAN (AFP) -", "Bologna, Italy (Reuters) –": the place a story was filed from
_DATELINE_AFTER = re.compile(
    r"(?:,[ \t]+[A-Z][\w.]*(?:[ \t]+[A-Z][\w.]*)*)?[ \t]*\([A-Z][\w.&' ]{0,30}\)[ \t]*"
    r"[-\u2013\u2014]"
)


def is_dateline(text: str, name: Name) -> bool:
    """True for the place name of a dateline ("Port Sudan (AFP) -")."""
    return _DATELINE_AFTER.match(text, name.end, name.end + 60) is not None


def role_only(name: str) -> bool:
    """True for a capitalised role with no name in it (titles already stripped): "NLC
    President", "Special Adviser", "Corporate Communications Officer"."""
    tokens = name.split()
    return bool(tokens) and is_title(tokens, len(tokens) - 1)


def person_like(name: Name) -> bool:
    """A name that can be a person's: no organisation or place word, and a title, a known
    given name or two or three words."""
    bare, titled = strip_title(name.text)
    words = bare.split()
    if not words or is_org(bare) or is_place(bare):
        return False
    return titled or has_given_name(bare) or 2 <= len(words) <= 3
