"""The subject of a speech verb: the phrase before or after it that says who spoke.

``subject_before`` (the clause before a verb), ``subject_after`` (right after a
quote), ``subject_sentence_end`` (``..., a ministry statement said.``) and the subject
of a clause ending in a colon or holding a partial quote return a :class:`Subject`
(kind, words, offset); :class:`reader.suggest.speakers.SpeakerResolver` turns it into
a speaker."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from reader.model.lexicon import alternation, words
from reader.suggest.given_names import gender_of
from reader.suggest.lexicon import (
    DAY,
    DOC_NOUNS,
    FIRST_WORD_SKIP,
    GENERIC_NOUNS,
    NATIONALITY_NOUNS,
    ORG_REF_NOUNS,
    PARTICIPLES,
    PERSON_NP_NOUNS,
    PLACE_PREPOSITION_BEFORE,
    POSSESSIVE_SUBJECT_NOUNS,
    PREPOSITION_BEFORE,
    ROLES_BETWEEN_NAMES,
    SOMEONE_NOUNS,
    VERB_RE,
    VERBS,
)
from reader.suggest.names import (
    Name,
    extend_org,
    find_names,
    is_org,
    is_place,
    is_title,
    org_across_lowercase,
    strip_title,
)
from reader.suggest.people import (
    APPOSITION,
    GIVEN_NAME_BEFORE,
    gender_of_words,
    is_dateline,
    is_person_noun,
    person_like,
    role_apposition,
    role_only,
    singular,
    someone_start,
)

ACCORDING = re.compile(
    r"\b(?i:according) to\s+(?P<subj>[^\s,.;\"\u201c\u201d][^,.;\"\u201c\u201d]{1,79}?)\s*[,:]?\s*$"
)


ACCORDING_HEAD = re.compile(
    r"\s*(?:[Bb]ut\s+|[Aa]nd\s+)?[Aa]ccording to\s+"
    r"(?P<subj>[^\s,.;\"\u201c\u201d][^,.;\"\u201c\u201d]{1,79}?)\s*,"
)


_ADVERBIAL_TAIL = re.compile(
    rf"(?:[\s,]+(?:also|later|then|again|previously|earlier|once|first|has|had|have|was|were|"
    rf"is|are|did|does|do|would|will|could|can|not|never|"
    rf"(?!(?:family|assembly|ally|supply|rally|monopoly|anomaly|daily|reply|bully|folly|tally)"
    rf"\b)[a-z]+ly|and|but|who|"
    rf"(?:on |late |early |last )?{DAY}(?: (?:morning|afternoon|evening|night))?|"
    rf"last (?:week|month|year|night)|this (?:week|month|year|morning)|"
    rf"in (?:a|an|his|her|their|the) (?:[\w-]+ )?(?:statement|interview|post|letter|speech|"
    rf"briefing|conference|video|message|call|email|tweet)|"
    rf"on (?:Twitter|X|Facebook|Instagram|Telegram|social media|television|TV)))+\s*$"
)


_DOC_BY = re.compile(
    rf"\b(?:{DOC_NOUNS})\s+(?:by|from|for)\s+(?:the\s+)?(?P<name>(?:[A-Z][\w'\u2019.-]*\s*){{1,5}}"
    r"(?:(?:and|of|for|&)\s+(?:[A-Z][\w'\u2019.-]*\s*){1,4})*)"
)


_DOC_END = re.compile(
    rf"\b(?P<det>an?|the|his|her|their|its)\s+(?P<mod>(?:[\w'\u2019.-]+\s+){{0,5}}?)"
    rf"(?P<noun>{DOC_NOUNS})(?:\s+(?:for|of)\s+(?P<for>[^,]{{1,60}}?))?\s*$"
)


_POSSESSIVE_END = re.compile(
    r"(?P<owner>(?:[A-Z][\w.-]*\s+){0,3}[A-Z][\w.-]*)['\u2019]s\s+(?P<noun>(?:[a-z]+\s+){0,2}"
    rf"(?:{alternation(POSSESSIVE_SUBJECT_NOUNS)}))\s*$"
)


# "the 24-year-old", "the striker", "the Dutchman": the person just written about
_PERSON_NP = (
    rf"[Tt]he\s+(?:\d+-year-old(?:\s+[a-z]+)?|(?:former\s+)?(?:{alternation(PERSON_NP_NOUNS)}|"
    rf"{NATIONALITY_NOUNS}))"
)


_PERSON_NP_END = re.compile(rf"\b(?P<np>{_PERSON_NP})\s*$")


_PERSON_NP_START = re.compile(rf"(?P<np>{_PERSON_NP})\b")


def _person_np_subject(np: str, at: int) -> Subject:
    """ "the 24-year-old" / "the Dutchman" as a pronoun: "she" or "he" when the words say
    which, else "one" (a person of either gender)."""
    gender = gender_of_words(np)
    return Subject("pronoun", {"female": "she", "male": "he"}.get(gender or "", "one"), at)


_SOMEONE_END = re.compile(
    r"\b(?:one|a|an|another)\s+(?P<np>(?:[a-z0-9-]+\s+){0,2}"
    rf"(?:{alternation(SOMEONE_NOUNS)}))\s*$"
)


_GENERIC_END = re.compile(rf"\b(?P<np>(?:the\s+)?(?:{GENERIC_NOUNS}))\s*$", re.IGNORECASE)


# "The company, which employs 3,000 people, said": a generic subject opening the clause
_GENERIC_START = re.compile(
    rf"\s*[Tt]he\s+(?P<np>(?:[a-z-]+\s+)?(?:{GENERIC_NOUNS}))\b", re.IGNORECASE
)
# "The company, which employs 3,000 people, said": a generic subject opening the clause
_GENERIC_HEAD = re.compile(_GENERIC_START.pattern + r"\s*,", re.IGNORECASE)
# a pronoun opening a clause: "He said", "they told"
_PRONOUN_HEAD = re.compile(r"\s*(he|she|they|it|He|She|They|It)\b")


_PRONOUN_END = re.compile(r"\b(?P<p>he|she|they|it|He|She|They|It)\s*$")


NAME_COLON = re.compile(
    r"(?:^|[.\n]\s*)(?P<who>(?:[A-Z][\w.'\u2019-]*[ \t]+){0,3}[A-Z][\w.'\u2019-]*):\s*$"
)


@dataclass(frozen=True, slots=True)
class Subject:
    """A subject phrase found in the text: its kind and words, and where it is."""

    kind: str  # "name", "pronoun", "doc", "generic", "possessive"
    text: str
    at: int
    doc_mod: str = ""


def last(matches: Iterable[re.Match[str]]) -> re.Match[str] | None:
    """The last of some regex matches, or ``None``."""
    found = None
    for found in matches:  # noqa: B007 - keeping the last one is the point
        pass
    return found


# a party-state label after a name: "Mr. Garrity, R-Ohio,", "Sen. X (D-N.M.)"
_PARTY_STATE_TAIL = re.compile(
    r"(?:,[ \t]*|[ \t]*\()[RDI]-[A-Z][A-Za-z.]*(?:[ \t]+[A-Z][A-Za-z.]*)?\)?,?[ \t]*$"
)


def _strip_tail(clause: str) -> str:
    """Drop adverbs, auxiliaries, time phrases and a party-state label ("R-Ohio") from
    the end of a clause."""
    while True:
        match = _ADVERBIAL_TAIL.search(clause)
        if match is None or match.start() == match.end():
            match = _PARTY_STATE_TAIL.search(clause)
            if match is None:
                return clause
        clause = clause[: match.start()]


# a capitalised name, its joining words inside it ("Ministry of Justice", "Department for
# Business and Trade") and numbers ("No 10")
_CAPITAL_RUN = (
    r"[A-Z][\w.'\u2019-]*(?:[ \t]+(?:(?:of|for|and|the|de)[ \t]+){0,2}"
    r"(?:[A-Z][\w.'\u2019-]*|\d+\b))*"
)
# an unnamed person described by whom they speak for, right before the verb
_DESCRIBED_SUBJECT = re.compile(
    r"(?<![\w-])(?P<np>(?:[Aa]n?|[Oo]ne|[Aa]nother)[ \t]+"
    rf"(?:(?P<name>{_CAPITAL_RUN})[ \t]+(?:[a-z][\w-]*[ \t]+)?(?P<noun>[a-z][\w-]+)"
    rf"|(?:[a-z][\w-]*[ \t]+){{0,2}}(?P<noun2>[a-z][\w-]+)[ \t]+(?:for|of)[ \t]+"
    rf"(?P<name2>{_CAPITAL_RUN})"
    # "A spokesperson for the council said": the body is written as a common noun
    rf"|(?:[a-z][\w-]*[ \t]+){{0,2}}(?P<noun3>[a-z][\w-]+)[ \t]+(?:for|of|at)[ \t]+"
    rf"the[ \t]+(?:[a-z][\w-]*[ \t]+){{0,2}}(?:{alternation(ORG_REF_NOUNS)})))"
    r"[ \t]+(?:[a-z]+ly[ \t]+|on[ \t]+[A-Z][a-z]+day[ \t]+)?$"
)


# a group of people right before a verb: "the backbenchers warn", "some delegates said"
_PLURAL_PEOPLE = re.compile(
    r"(?<![\w-])(?P<np>(?:[Tt]he|[Tt]heir|[Ss]ome|[Mm]any|[Ss]everal)[ \t]+"
    r"(?:[a-z][\w-]*[ \t]+){0,2}(?P<noun>[a-z][\w-]+s))[ \t]+(?:[a-z]+ly[ \t]+)?$"
)


def plural_people_before(text: str, start: int, verb_at: int) -> Subject | None:
    """A group of people as the subject of the verb at ``verb_at``, by a plural of a
    person noun ("the backbenchers warn that …"), when no other subject is found."""
    group = _PLURAL_PEOPLE.search(text, max(start, verb_at - 60), verb_at)
    if group is None or not is_person_noun(singular(group.group("noun"))):
        return None
    return Subject("generic", " ".join(group.group("np").split()), group.start())


#: Characters before a speech verb in which its subject is looked for: a longer clause is
#: read from the first word in its last SUBJECT_WINDOW characters (in the labelled
#: articles no clause before a verb is over 300, no subject over 260 from its verb), so
#: a sentence of many speech verbs is linear work, not quadratic.
SUBJECT_WINDOW = 500


_WORD_START = re.compile(r"(?<!\S)\S")


def subject_before(text: str, start: int, verb_at: int) -> Subject | None:
    """The subject of a speech verb at ``verb_at`` in the clause ``text[start:verb_at]``
    (its last :data:`SUBJECT_WINDOW` characters, from a word's start); a name that ends an
    organisation's name is that whole organisation (:func:`whole_organisation`)."""
    subject = _subject_before(text, start, verb_at)
    return whole_organisation(text, start, subject) if subject is not None else None


def whole_organisation(text: str, start: int, subject: Subject) -> Subject:
    """Rule *whole organisation*: a name that is the tail of an organisation's name after
    its "and" or "of" ("Employment" in "The Ministry of Labour and Employment, in a
    statement, said") is the whole organisation; so is one end of a name with a lowercase
    word inside (:func:`reader.suggest.names.org_across_lowercase`)."""
    end = subject.at + len(subject.text)
    if subject.kind != "name" or text[subject.at : end] != subject.text:
        return subject
    name = Name(subject.at, end, subject.text)
    whole = extend_org(text, name, start)
    if whole.start < subject.at and re.search(
        r"\b(?:and|of)[ \t]+$", text[whole.start : subject.at]
    ):
        return Subject("name", whole.text, whole.start, subject.doc_mod)
    bridged = org_across_lowercase(text, name)  # "… Healthcare products Regulatory Agency"
    if bridged != name and bridged.start >= start:
        return Subject("name", bridged.text, bridged.start, subject.doc_mod)
    return subject


# a letter or an effort "led by" a person: "In a letter led by Rep. X and signed by 10
# other House Democrats, lawmakers urged …, writing that"
_LED_BY = re.compile(r"\b(?:led|headed|spearheaded|organi[sz]ed|written|drafted)[ \t]+by[ \t]+")


def _led_by(text: str, start: int, verb_at: int) -> Subject | None:
    """Rule *led by*: the person a clause says led the group or wrote the letter that
    speaks ("…led by Rep. X and signed by 10 other Democrats, lawmakers urged …, writing
    that"): the named member, not the group."""
    match = _LED_BY.search(text, start, verb_at)
    if match is None:
        return None
    names = find_names(text, match.end(), min(verb_at, match.end() + 60))
    if names and names[0].start == match.end() and person_like(names[0]):
        return Subject("name", names[0].text, names[0].start)
    return None


def _subject_before(text: str, start: int, verb_at: int) -> Subject | None:
    if verb_at - start > SUBJECT_WINDOW:
        word = _WORD_START.search(text, verb_at - SUBJECT_WINDOW, verb_at)
        start = word.start() if word else verb_at - SUBJECT_WINDOW
    if text[max(0, verb_at - 2) : verb_at] == ", " and _PARTICIPLE_AT.match(text, verb_at):
        leader = _led_by(text, start, verb_at)
        if leader is not None:
            return leader
        # "The finance ministry welcomed the decision, saying …": the main clause's subject
        main = text[start : verb_at - 2]
        generic = _GENERIC_START.match(FIRST_WORD_SKIP.sub("", main))
        if generic:
            at = start + len(main) - len(FIRST_WORD_SKIP.sub("", main)) + generic.start("np")
            return Subject("generic", generic.group("np"), at)
        return clause_subject(text, start, verb_at - 2)
    described = _DESCRIBED_SUBJECT.search(text, max(start, verb_at - 100), verb_at)
    if described is not None:
        noun = described.group("noun") or described.group("noun2") or described.group("noun3")
        owner = described.group("name") or described.group("name2") or ""
        if is_person_noun(noun) and (described.group("noun3") or not is_org(owner)):
            # "A spokesman for Hadley said", "a Hadley spokesman replied": the unnamed
            # person, described whole, not the person they speak for
            return Subject("generic", " ".join(described.group("np").split()), described.start())
    clause = text[start:verb_at]
    doc = last(_DOC_BY.finditer(clause))
    if doc is not None and not any(  # "X, a spokesperson for the Y Forces, said": X
        person_like(name) for name in find_names(text, start, start + doc.start())
    ):
        run = doc.group("name").strip()
        if is_org(run):  # "a spokesman for Kettlewell and District NHS Trust"
            return Subject("name", run, start + doc.start("name"))
        names = find_names(clause, doc.start("name"), doc.end("name"))
        if names:
            return Subject("name", names[0].text, start + names[0].start)
    trimmed = _strip_tail(clause)
    names = find_names(text, start, verb_at)
    if trimmed.rstrip().endswith(","):
        # "X, who leads North East Lincolnshire Council, described": X, not the council
        for i, name in enumerate(names):
            if PREPOSITION_BEFORE.search(text, max(start, name.start - 12), name.start):
                continue
            if is_title(tokens := name.text.split(), len(tokens) - 1):
                continue  # "One Labour MP, who …": a description, not a name
            if _office_before_holder(text, names, i):
                continue  # "The Chief Imam of X, Hon. Y, who …": the office's holder, Y
            if APPOSITION.match(text, name.end, verb_at) or role_apposition(text, name.end):
                return Subject("name", name.text, name.start)
    head = FIRST_WORD_SKIP.sub("", clause)
    offset = start + len(clause) - len(head)
    someone = someone_start(head)
    if someone:
        # "The club's owner, Dev Kapoor, told …": the role is the name that follows it
        named = re.match(r",\s*", head[someone.end() :])
        after = offset + someone.end() + (named.end() if named else 0)
        for name in names:
            if named and name.start == after:
                return Subject("name", name.text, name.start)
    if (
        someone
        and names
        and names[-1].start > offset + someone.end()
        and PLACE_PREPOSITION_BEFORE.search(text, max(start, names[-1].start - 6), names[-1].start)
    ):  # "A nurse from the town of Brindle said": the nurse, not the town
        return Subject("generic", singular(someone.group("noun")), offset + someone.start("noun"))
    end_subject = subject_at_end(trimmed, start)
    if end_subject is not None and end_subject.kind == "pronoun" and someone:
        # "A father who did not give his name drew applause when he told the board"
        noun = singular(someone.group("noun"))
        wanted = {"he": "male", "she": "female"}.get(end_subject.text)
        if wanted is None or gender_of(noun) in (None, wanted):
            return Subject("generic", noun, offset + someone.start("noun"))
    if end_subject is not None:
        if end_subject.kind == "name":
            member = _member_of(text, start, end_subject.at, names)
            if member is not None:
                return member
        return end_subject
    if someone:  # "The mother of one of the boys, who asked not to be named, said"
        return Subject("generic", singular(someone.group("noun")), offset + someone.start("noun"))
    pronoun = _PRONOUN_HEAD.match(head)
    if pronoun:
        return Subject("pronoun", pronoun.group(1).lower(), offset + pronoun.start(1))
    generic = _GENERIC_HEAD.match(head)
    if generic and trimmed.rstrip().endswith(","):
        return Subject("generic", generic.group("np"), offset + generic.start("np"))
    if _SUBORDINATE_TAIL.search(trimmed):
        return None  # "…, as aid agencies warned": the verb has its own subject
    # the clause's first name: "Prime Minister X did not respond … but said"; "In an
    # editorial in the journal, Dr X of Y University called … but said"
    lead = _LEADING_PHRASE.match(head)
    first_at = offset + (lead.end() if lead else 0)
    for name in names:
        if not 0 <= name.start - first_at <= 40 or is_dateline(text, name):
            continue
        if role_only(strip_title(name.text)[0]) or re.match(
            r"['\u2019]s\b", text[name.end : name.end + 2]
        ):
            continue  # "the Special Adviser to the President, Mr X,": the name after it
        if PREPOSITION_BEFORE.search(text, max(start, name.start - 12), name.start):
            continue
        if _modifier_of_role(text, name, names):
            continue  # "Local councillor X (FF) said": X, not "Local"
        holder = _office_holder(text, name, names)
        if holder is not None:  # "The Omanhene of the X Area, Nana Y II, who …, said"
            return Subject("name", holder.text, holder.start)
        return Subject("name", name.text, name.start)
    return None


def _modifier_of_role(text: str, name: Name, names: list[Name]) -> bool:
    """Rule *modifier of a role*: one capitalised word, then a lowercase role phrase, then
    a name ("Local councillor X", "Former minister Y"): the word describes the role (a
    place word, an adjective at the sentence's head) and the person is the name after."""
    if " " in name.text or text[name.end : name.end + 1] != " ":
        return False
    after = next((n for n in names if n.start > name.end), None)
    return after is not None and _role_phrase(text, name.end + 1, after.start)


# after an office written as "the X of Y": an acronym, then a comma before its holder
_OFFICE_THEN_NAME = re.compile(
    r"(?:[ \t]+\([A-Z][A-Za-z]{1,6}\))?,[ \t]*(?:[A-Z][a-z]{1,6}\.[ \t]+)?"
)


def _office_holder(text: str, office: Name, names: list[Name]) -> Name | None:
    """The person a capitalised office after "the" is in apposition with ("the Zongo
    Chief of Abirem, Alhaji Issah Mumuni,"): a person's name never follows "the"."""
    if not re.search(r"\b[Tt]he[ \t]+$", text[max(0, office.start - 4) : office.start]):
        return None
    comma = _OFFICE_THEN_NAME.match(text, office.end)
    if comma is None:
        return None
    return next(
        (
            n
            for n in names
            # the name starts after the comma, or at the title it keeps ("Hon. X")
            if office.end < n.start <= comma.end() and not is_org(n.text) and not is_place(n.text)
        ),
        None,
    )


# a phrase opening a clause before its subject: "In an accompanying editorial, ",
# "Reacting, ", "On Tuesday, "
_LEADING_PHRASE = re.compile(
    r"\s*(?:(?:In|On|At|During|After|Before|From|With|Under|Despite|Since|Later|Earlier|"
    r"Meanwhile|Separately|Speaking|Writing|Asked|Reacting|Responding)\b[^,.;:\"\u201c]{0,80},\s*)"
)


# "Union leader Choi had a message:": a name, a role noun, then the person's name
_ROLE_NOUN_THEN_NAME = re.compile(
    rf"[ \t]+(?:[a-z]+[ \t]+)?(?:{alternation(ROLES_BETWEEN_NAMES)})[ \t]+[A-Z]"
)


# "Back in her cubicle, ": a capitalised word and lowercase words before a comma
_LOWERCASE_LEAD = re.compile(r"\s*[A-Z][a-z]+(?:\s+[a-z]+){1,6},\s*")


_PARTICIPLE_AT = re.compile(rf"(?:{PARTICIPLES})\b")


# the last clause before a verb opens with a conjunction: "…, as aid agencies warned"
_SUBORDINATE_TAIL = re.compile(
    r"(?:^|[,;]\s*)(?:as|while|when|after|because|since|although|though|if|whereas|before|"
    r"until|where|which|that)\s+[^,;]*$"
)


_OWNER_AFTER = re.compile(r"['\u2019]s[ \t]+")


_ROLE_THEN_NAME = re.compile(r"the\s+[^,.;:\"\u201c\u201d]{2,60},\s*")


_AFFILIATION = re.compile(r",?[ \t]+(?:with|of|from|at|for)[ \t]+(?:the[ \t]+)?$")


def _member_of(text: str, start: int, org_at: int, names: list[Name]) -> Subject | None:
    """The person right before "with/of/from/at (the) ORG" ("Sgt. Maria Diaz with the
    Dallas Police Department said", "Jen Lee with Environment Canada said"), or ``None``."""
    link = _AFFILIATION.search(text, start, org_at)
    if link is None:
        return None
    for name in names:
        if name.end == link.start() and person_like(name):
            return Subject("name", name.text, name.start)
    return None


_OWNER_BEFORE = re.compile(r"(?P<owner>[A-Z][\w.-]*(?:[ \t]+[A-Z][\w.-]*){0,2})['\u2019]s[ \t]+$")


def _pronoun_at_end(clause: str, start: int) -> Subject | None:
    match = _PRONOUN_END.search(clause)
    if match is None:
        return None
    return Subject("pronoun", match.group("p").lower(), start + match.start("p"))


def _document_at_end(clause: str, start: int) -> Subject | None:
    """ "a ministry statement", "a report for the Y Council" (its owner in ``doc_mod``)."""
    match = _DOC_END.search(clause)
    if match is None:
        return None
    mod = match.group("mod").strip()
    owner = match.group("for")
    if owner and owner[:1].isupper():
        mod = owner
    return Subject("doc", match.group("noun"), start + match.start(), doc_mod=mod)


def _possessive_at_end(clause: str, start: int) -> Subject | None:
    """ "Israel's military", "the ministry's spokesman"."""
    match = _POSSESSIVE_END.search(clause)
    if match is None:
        return None
    phrase = f"{match.group('owner')}\u2019s {match.group('noun')}".replace("\u2019", "'")
    return Subject("possessive", phrase, start + match.start())


def _person_np_at_end(clause: str, start: int) -> Subject | None:
    """ "the 24-year-old": the person just written about, like "he"/"she"."""
    match = _PERSON_NP_END.search(clause)
    if match is None:
        return None
    return _person_np_subject(match.group("np"), start + match.start("np"))


# where a person named before a speech verb is: "Judge Jane Roe in Washington said"
_PLACE_BETWEEN = re.compile(r"[ \t]+(?:in|at|from)[ \t]+(?:the[ \t]+)?")


def _name_at_end(clause: str, start: int) -> Subject | None:
    """A name that ends the clause, widened to an organisation's whole name; "Egypt's
    Foreign Ministry" keeps its country."""
    names = find_names(clause)
    if not names or clause[names[-1].end :].strip(" ,\t\n"):
        return None
    if len(names) >= 2 and not is_org(names[-1].text):
        person = names[-2]
        if _PLACE_BETWEEN.fullmatch(clause, person.end, names[-1].start) and person_like(person):
            # "U.S. District Judge Jane Roe in Washington said": the judge, not the city
            return Subject("name", person.text, start + person.start)
    last = extend_org(clause, names[-1])
    owner = _OWNER_BEFORE.search(clause, 0, last.start)
    if owner and is_org(last.text) and not is_org(owner.group("owner")):
        phrase = f"{owner.group('owner')}'s {last.text}"
        return Subject("name", phrase, start + owner.start())
    return Subject("name", last.text, start + last.start)


def _someone_at_end(clause: str, start: int) -> Subject | None:
    """ "one resident", "a senior official"."""
    match = _SOMEONE_END.search(clause)
    if match is None:
        return None
    return Subject("generic", match.group("np"), start + match.start("np"))


def _generic_at_end(clause: str, start: int) -> Subject | None:
    """ "police", "the ministry", "the mayor"."""
    match = _GENERIC_END.search(clause)
    if match is None:
        return None
    return Subject("generic", match.group("np"), start + match.start("np"))


#: The kinds of subject that can end a clause before a speech verb, in the order they
#: are tried: (name, rule).
SUBJECT_AT_END_RULES: tuple[tuple[str, Callable[[str, int], Subject | None]], ...] = (
    ("pronoun", _pronoun_at_end),
    ("document", _document_at_end),
    ("possessive", _possessive_at_end),
    ("person described", _person_np_at_end),
    ("name", _name_at_end),
    ("unnamed person", _someone_at_end),
    ("generic", _generic_at_end),
)


def subject_at_end(clause: str, start: int) -> Subject | None:
    """A subject that ends the (trimmed) clause: the first of
    :data:`SUBJECT_AT_END_RULES` that finds one."""
    if not clause.strip():
        return None
    for _name, rule in SUBJECT_AT_END_RULES:
        subject = rule(clause, start)
        if subject is not None:
            return subject
    return None


def _office_before_holder(text: str, names: list[Name], i: int) -> bool:
    """True when ``names[i]`` is an office written in apposition before its holder, a
    titled name right after its comma ("The Chief Imam of X, Hon. Y Z,")."""
    holder = names[i + 1] if i + 1 < len(names) else None
    return (
        holder is not None
        and re.fullmatch(r",[ \t]*", text[names[i].end : holder.start]) is not None
        and strip_title(holder.text)[1]
    )


def clause_subject(text: str, start: int, end: int) -> Subject | None:
    """The subject of a clause without a speech verb ("X issued a warning:"): a pronoun
    or unnamed person at its head, else its first name that is neither an owner ("the
    UN's coordinator") nor after a preposition ("for Sudan")."""
    head = FIRST_WORD_SKIP.sub("", text[start:end])
    lead = _LEADING_PHRASE.match(head) or _LOWERCASE_LEAD.match(head)
    if lead:  # "Speaking to reporters at the Capitol, he was blunt:"
        head = head[lead.end() :]
    offset = end - len(head)
    pronoun = _PRONOUN_HEAD.match(head)
    if pronoun:
        return Subject("pronoun", pronoun.group(1).lower(), offset + pronoun.start(1))
    owner = re.match(r"\s*(Her|His|Their)\s+[a-z]", head)
    if owner:  # "Her advice … is blunt:"
        word = {"Her": "she", "His": "he", "Their": "they"}[owner.group(1)]
        return Subject("pronoun", word, offset + owner.start(1))
    names = find_names(text, offset, end)
    for i, name in enumerate(names):
        if _ROLE_NOUN_THEN_NAME.match(text, name.end):
            continue  # "Union leader Choi had a message:": Choi
        if _office_before_holder(text, names, i):
            continue  # "The Chief Imam of X, Hon. Y, …": Y
        if _MODIFIER_THEN_NAME.match(text, name.end, end):
            continue  # "The borough's Conservative opposition leader, Richard Thorne,"
        if role_only(strip_title(name.text)[0]):
            continue  # "the Special Adviser to the President, Mr Bayo Oladipo,"
        if re.match(r"['\u2019]s\b", text[name.end : name.end + 2]):
            continue
        if PREPOSITION_BEFORE.search(text, max(start, name.start - 12), name.start) or re.search(
            r"\b(?:and|or)\s+$", text[max(start, name.start - 5) : name.start]
        ):
            continue
        return Subject("name", name.text, name.start)
    someone = someone_start(head)
    if someone:
        return Subject("generic", singular(someone.group("noun")), offset + someone.start("noun"))
    return None


# a capitalised modifier of a role, then the name in apposition: "Conservative opposition
# leader, Richard Thorne,"
_MODIFIER_THEN_NAME = re.compile(r"(?:[ \t]+[a-z][\w-]*){1,4},[ \t]+[A-Z]")


_ROLE_PHRASE = re.compile(r"(?:the\s+)?[a-z][a-z-]*(?:\s+(?:[a-z][a-z-]*|\([a-z ]+\)))*\s+")


_GENERIC_PHRASE = re.compile(
    r"(?P<np>(?:the\s+)?[a-z][a-z'\u2019-]*(?:\s+[a-z][a-z'\u2019-]*){0,3}?)"
    r"(?=\s*(?:[,.;:]|$)|\s+(?:in|at|on|of|from|for|after|before|when|who|which|to)\b)"
)


_PREPOSITION_END = re.compile(
    r"\b(?:in|at|of|from|for|on|with|to|by|near|and|or)\s+(?:(?:a|an|the|its|his|her|their)\s+)?$"
)


def _role_phrase(text: str, start: int, end: int) -> bool:
    """True when ``text[start:end]`` is a lowercase role phrase that can stand before a
    name ("police spokesman ", "deputy commissioner of police (south) "), not one that
    ends in a preposition ("the company in ")."""
    return (
        _ROLE_PHRASE.fullmatch(text, start, end) is not None
        and _PREPOSITION_END.search(text, start, end) is None
        and any(is_person_noun(word) for word in re.findall(r"[a-z][a-z-]*", text[start:end]))
    )


def subject_after(text: str, start: int, end: int) -> Subject | None:
    """An attribution right after a quote: ``, he said`` / ``, said Mayor X`` (up to ``end``)."""
    window = text[start:end]
    lead = len(window) - len(window.lstrip(" ,\t\n"))
    if lead > 4:
        return None
    body = window[lead:]
    according = re.match(r"according to\s+(?P<subj>[^\s,.;][^,.;]{1,79})", body)
    if according:
        subj_at = start + lead + according.start("subj")
        phrase = according.group("subj").strip()
        return subject_at_end(phrase, subj_at) or Subject("generic", phrase, subj_at)
    verb_first = re.match(rf"(?:{VERBS})\s+", body)
    if verb_first:
        rest_at = start + lead + verb_first.end()
        the_title = _THE_TITLE.match(text, rest_at, end)
        if the_title:
            rest_at = the_title.start("title")  # "said the Rev. Jane Mills": Jane Mills
        names = find_names(text, rest_at, min(end, rest_at + 80))
        role = _ROLE_THEN_NAME.match(text, rest_at, end)
        if role:  # "said the Labour MP for Leeds East, Richard Burgon"
            for name in names:
                if name.start == role.end() and person_like(name):
                    return Subject("name", name.text, name.start)
        owner = _OWNER_AFTER.match(text, names[0].end) if names else None
        if len(names) >= 2 and names[0].start == rest_at and owner:
            # "said England's head coach, Graham Lowther": the person, not the owner
            role_at = owner.end()
            person = names[1]
            between = text[role_at : person.start]
            if person_like(person) and (
                _role_phrase(text, role_at, person.start)
                or re.fullmatch(r"[a-z][^,.;:]{1,50},\s*", between)
            ):
                return Subject("name", person.text, person.start)
        if names and (
            names[0].start == rest_at
            # "said deputy commissioner of police (south) Rajesh Kumar", "said police
            # spokesman Ravi Teja": a lowercase role phrase before the name
            or _role_phrase(text, rest_at, names[0].start)
        ):
            return Subject("name", names[0].text, names[0].start)
        pronoun = re.match(r"(he|she|they|it)\b", text[rest_at:end])
        if pronoun:
            return Subject("pronoun", pronoun.group(1), rest_at)
        named = _given_name_after(text, rest_at, min(end, rest_at + 160))
        if named is not None:  # "said a regular who … gave only his first name, Luis."
            return named
        doc = _DOC_END.search(text[rest_at : rest_at + 80].split(",")[0].rstrip(". "))
        if doc:
            return Subject("doc", doc.group("noun"), rest_at, doc_mod=doc.group("mod").strip())
        person_np = _PERSON_NP_START.match(text, rest_at, end)
        if person_np:  # "said the striker", "said the 24-year-old"
            return _person_np_subject(person_np.group("np"), rest_at)
        someone = someone_start(text[rest_at : min(end, rest_at + 60)])
        if someone:  # "said one resident, who declined to give her name"
            noun = singular(someone.group("noun"))
            return Subject("generic", noun, rest_at + someone.start("noun"))
        # "said the company in a filing", "said police on Sunday": a generic subject
        phrase = _GENERIC_PHRASE.match(text, rest_at, min(end, rest_at + 60))
        if phrase:
            generic = _GENERIC_END.search(phrase.group("np"))
            if generic:
                return Subject("generic", generic.group("np"), rest_at + generic.start("np"))
        return None
    verb = VERB_RE.search(body, 0, 160)
    if verb is None or verb.start() == 0:
        return None
    # the whole subject clause: "…," Mariam Haddad, the agency's chief in Sudan, told AFP
    return subject_before(text, start + lead, start + lead + verb.start())


# "the" before a capitalised title ("said the Rev. Jane Mills", "said the Hon. X")
_THE_TITLE = re.compile(
    r"the[ \t]+(?P<title>(?:Rev|Reverend|Revd|Hon|Honourable|Honorable|Rt|Venerable)\.?)"
    r"(?=[ \t]+[A-Z])"
)

# the shape of an attribution right after a quote, with a verb the lists may not know:
# SUBJECT VERBed ("Reed quipped.", "Rep. Luis Aranda (D-Calif.) marveled.", "the
# candidate gushed", "Okafor shot back") and VERBed SUBJECT ("implored Dana Reed")
_UNKNOWN_VERB = rf"(?:{VERBS}|[a-z]{{3,}}(?:ed|es|s)|shot|hit|fired|spat|snapped)(?:[ \t]+back)?"
_SHAPE_FOLLOW = (
    r"(?=[ \t]*(?:[.,;:!?\u2014]|$)|[ \t]+(?:[A-Z][a-z]+day|back|as|that|to|with|at|in|on|"
    r"before|after|from|while|during|when|and|[a-z]+ly|later)\b)"
)
_SUBJECT_VERB_SHAPE = re.compile(
    r"(?P<subj>(?:(?:[A-Z][\w.'\u2019-]*|\([^()\n]{1,24}\))[ \t]+){1,6}|(?:he|she|they|it)[ \t]+"
    r"|(?:the|a|an|one)[ \t]+(?:[a-z][\w-]*[ \t]+){1,3})"
    rf"(?P<verb>{_UNKNOWN_VERB}){_SHAPE_FOLLOW}"
)
_VERB_SUBJECT_SHAPE = re.compile(r"(?P<verb>[a-z]{3,}ed)[ \t]+(?=[A-Z]|(?:the|a|an|one)[ \t])")
_NOT_SPEECH = words("has was does goes seems appears looks remains stands lies is")


def unlisted_verb_first(text: str, start: int, end: int) -> bool:
    """True when the attribution's slot right after a quote holds a verb the lists do not
    know before any listed one ('"…," Yadav alleged, a charge the SP said …')."""
    window = text[start:end]
    at = start + len(window) - len(window.lstrip(" ,\t\n"))
    shape = _SUBJECT_VERB_SHAPE.match(text, at, end)
    if shape is None or shape.group("verb").split()[0] in _NOT_SPEECH:
        return False
    listed = VERB_RE.search(text, at, end)  # not '"…," one ward sister told researchers.'
    return listed is None or listed.start() >= shape.end("verb")


def _given_name_after(text: str, start: int, end: int) -> Subject | None:
    """The name an unnamed speaker's description ends with, in the same clause: "a
    regular who saw it and gave only his first name, Luis" -> Luis."""
    for name in find_names(text, start, end):
        if GIVEN_NAME_BEFORE.search(text, max(start, name.start - 60), name.start) and not any(
            mark in text[start : name.start] for mark in '.;"\u201c\u201d'
        ):
            return Subject("name", name.text, name.start)
    return None


def subject_after_unknown_verb(text: str, start: int, end: int) -> Subject | None:
    """The attribution right after a quote that ends open when its verb is in no list:
    the slot's shape makes it a speech verb (``"…," Reed quipped.``)."""
    window = text[start:end]
    lead = len(window) - len(window.lstrip(" ,\t\n"))
    if lead > 4:
        return None
    at = start + lead
    shape = _SUBJECT_VERB_SHAPE.match(text, at, end)
    if shape is not None and shape.group("verb").split()[0] not in _NOT_SPEECH:
        subj_end = at + len(shape.group("subj").rstrip())
        subj = re.sub(r"\([^()]*\)", lambda m: " " * len(m.group()), text[at:subj_end])
        pronoun = re.fullmatch(r"(he|she|they|it)", subj.strip())
        if pronoun:
            return Subject("pronoun", pronoun.group(1), at)
        names = find_names(subj, 0, len(subj.rstrip()))
        if names and subj[: names[0].start].strip() == "":
            return Subject("name", names[0].text, at + names[0].start)
        if subj[:1].islower():
            return Subject("generic", " ".join(subj.split()), at)
        return None
    inverted = _VERB_SUBJECT_SHAPE.match(text, at, end)
    if inverted is not None:
        rest_at = inverted.end()
        names = find_names(text, rest_at, min(end, rest_at + 80))
        if names and names[0].start == rest_at:
            return Subject("name", names[0].text, names[0].start)
        person_np = _PERSON_NP_START.match(text, rest_at, end)
        if person_np:
            return _person_np_subject(person_np.group("np"), rest_at)
    return None


def subject_sentence_end(text: str, start: int, end: int) -> Subject | None:
    """A sentence ending ``…, SUBJECT said.`` or ``…, said SUBJECT.``."""
    sentence = text[start:end].rstrip(" .\n")
    comma = sentence.rfind(",")
    if comma < 0 or len(sentence) - comma > 100:
        return None
    tail_at = start + comma + 1
    if text[tail_at : tail_at + 1] in ('"', "\u201d"):
        tail_at += 1  # '"There," she says.': the comma closes a quote
    tail = text[tail_at : start + len(sentence)]
    if '"' in tail or "\u201d" in tail:
        return None
    verb = last(VERB_RE.finditer(tail))
    if verb is None or tail[verb.end() :].strip():
        first = re.match(rf"\s*(?:{VERBS})\s+", tail)
        if first is None:
            return None
        return subject_after(text, tail_at, start + len(sentence))
    return subject_at_end(_strip_tail(tail[: verb.start()]), tail_at)
