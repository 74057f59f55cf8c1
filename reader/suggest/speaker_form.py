"""The form of a speaker string: a name, or an unnamed description kept whole.

The rules find a speaker as a name run or as a noun; this module gives it its final form
(issue 14): party labels, weekdays, speech verbs, adverbs and descriptors such as
"Mum-of-two" are never part of a name ("Maria Lopez Said" -> "Maria Lopez", "Tom Baker
Tuesday" -> "Tom Baker", "Already" -> no speaker), and an unnamed speaker is the whole
description the article gives ("official" -> "one senior administration official",
"spokesman" -> "a spokesman for Hadley"). Pure functions over the text; each looks at a
bounded window, so the cost stays linear in the article.
"""

from __future__ import annotations

import re

from reader.model.lexicon import SPEECH_VERBS, alternation, inflect, words
from reader.suggest.names import PORTFOLIO_WORDS, is_org, is_title
from reader.suggest.people import is_person_noun

#: Weekdays, which a name run can swallow ("Tom Baker Tuesday").
WEEKDAYS = words("Monday Tuesday Wednesday Thursday Friday Saturday Sunday")
#: Party labels written before a name ("Republican Jane Doe"); not a party's own name.
PARTY_LABELS = words("Republican Republicans Democrat Democrats GOP")
#: Adverbs that open a sentence and can be read as a one-word name ("Already, …").
ADVERBS = words(
    "already also still then later again now however recently previously yesterday today "
    "tonight earlier meanwhile instead just only even separately"
)
#: Speech verb forms (past, present, participle), which a name run can swallow when
#: capitalised ("Maria Lopez Said").
VERB_FORMS = frozenset(
    form.lower()
    for verb in SPEECH_VERBS
    for kind in ("past", "present", "participle")
    for form in inflect(verb, kind)
    if " " not in form
)
# a descriptor joined by hyphens before a name: "Mum-of-two", "Father-of-three"
_DESCRIPTOR = re.compile(r"^[A-Z][a-z]+-(?:of|in|to)-[\w-]+$")
# a party-state label alone ("R-Arizona", "D-New Mexico", "(D-N.M.)"): nobody's name
_PARTY_STATE = re.compile(r"^\(?[RDI]-[A-Z][A-Za-z.]*(?:[ \t]+[A-Z][A-Za-z.]*)?\)?,?$")
_SMALL = words("of for and the in on at to from with by")
# descriptive nouns a paper writes before a name like a title ("Mum Kerry Blythe",
# "Pensioner Derek Hollis"): dropped when a name of two words or more follows
_DESCRIPTIVE = words(
    "Mum Dad Mother Grandmother Grandfather Gran Grandad Grandma Grandpa Nan Widow Widower "
    "Pensioner Teenager Schoolboy Schoolgirl Student Shopper Motorist Resident"
)


def clean_name(speaker: str) -> str | None:
    """A capitalised speaker without the words that are never part of a name: leading
    party labels, descriptors and adverbs, trailing weekdays and speech verbs; ``None``
    when nothing of a name is left ("Already", "Republican of Ohio", "Said Of Main
    Street")."""
    tokens = speaker.split()
    while tokens and (
        tokens[0] in PARTY_LABELS
        or _DESCRIPTOR.match(tokens[0])
        or (tokens[0] in _DESCRIPTIVE and len(tokens) >= 3)
        or tokens[0].lower().strip(",") in ADVERBS
    ):
        tokens.pop(0)
    while tokens and (
        tokens[-1].strip(".,") in WEEKDAYS or tokens[-1].lower().strip(".,") in VERB_FORMS
    ):
        tokens.pop()
    if len(tokens) > 1 and tokens[0].lower() in VERB_FORMS and tokens[1].lower() in _SMALL:
        return None  # "Said Of Main Street": a verb and a place, not a name
    if tokens and _PARTY_STATE.match(" ".join(tokens)):
        return None  # "R-Arizona": a party and a state, not a name
    if not tokens or tokens[0].lower() in _SMALL:
        return None
    if len(tokens) == 1 and (
        tokens[0].lower() in VERB_FORMS
        or (
            is_title(tokens, 0)
            and not tokens[0].isupper()
            and tokens[0].lower() not in PORTFOLIO_WORDS
            and not is_org(tokens[0])
        )
    ):
        return None  # a verb or a title alone ("Commissioner") is nobody's name
    return " ".join(tokens)


_DETERMINERS = words("a an the one another some two three four several")
# words a description can hold before its noun: modifiers, lowercase or capitalised
# ("one senior administration official", "a Whitcomb campaign spokeswoman", "A No 10
# spokesperson"); not verbs, prepositions or conjunctions
_STOP = (
    words(
        "said says told of for to in on at by with from and or but that who which is was has had "
        "were are be been as if when while after before my his her our their its your"
    )
    | VERB_FORMS
)
_TOKEN_BACK = re.compile(r"([\w'\u2019-]+)[ \t]+$")
# what may follow the noun: one prepositional phrase naming whom it speaks for
#: Workplaces written in lowercase after a capitalised name: "at the Eastcote branch".
WORKPLACE_NOUNS = words(
    """
    branch office plant factory site store depot ward campus unit station clinic hospital
    school library church mine estate warehouse yard mill
    """
)
#: Places written in lowercase after a capitalised name: "from the Northgate neighborhood".
LOCALITY_NOUNS = words("neighborhood neighbourhood area community village township suburb")
_PP_AFTER = re.compile(
    r"[ \t]+(?P<pp>(?:for|of|at|from|with)[ \t]+"
    r"(?:(?:[A-Z][\w.'\u2019-]*|&)(?:[ \t]+(?:[A-Z][\w.'\u2019-]*|&|of|and|for))*"
    r"|the[ \t]+[A-Z][\w'\u2019-]*(?:[ \t]+(?:(?:of|for|and)[ \t]+)?[A-Z][\w'\u2019-]*)*"
    rf"(?:[ \t]+(?:{alternation(WORKPLACE_NOUNS | LOCALITY_NOUNS)})\b)?))"
)
# a person noun right after another one: "nurse assessor", "police officer"
_NOUN_AFTER = re.compile(r"[ \t]+([a-z][a-z-]+)\b")
# a relative clause that says why the person is not named: part of the description
_ANONYMOUS_AFTER = re.compile(
    r"[ \t]+(?P<rel>who[ \t]+(?:asked|declined|did[ \t]+not[ \t]+want|requested|spoke)"
    r"[ \t]+(?:not[ \t]+)?(?:to[ \t]+be[ \t]+(?:named|identified)|on[ \t]+condition[ \t]+"
    r"of[ \t]+anonymity|anonymously)"
    # and the reason given: "because she was not authorised to speak to the media"
    r"(?:[ \t]+because[ \t]+(?:he|she|they)[ \t]+(?:was|were|is|are|had|has|have)[ \t]+"
    r"not[ \t]+(?:been[ \t]+)?(?:authori[sz]ed|allowed|permitted|cleared)[ \t]+to[ \t]+"
    r"(?:speak|talk|comment)(?:[ \t]+(?:publicly|to[ \t]+the[ \t]+(?:media|press)|"
    r"to[ \t]+reporters|on[ \t]+the[ \t]+record|about[ \t]+the[ \t]+matter))?)?)\b"
)
#: Words that join an organisation's name inside a description, read backwards from its
#: noun: "A Ministry of Justice spokesperson", "a Department for Transport official".
_JOINING = words("of for and")
#: Counts after a kin noun, part of the description: "a mother of three", "father of two".
_KIN_COUNT = re.compile(
    r"[ \t]+of[ \t]+(?:two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\b(?![ \t]+of\b)"
)
# a relative clause that says what the person does, right after the description and
# before the attribution's comma or full stop: "a mother of three who sells tomatoes at
# the market," (rule *defining clause*; at most ten lowercase words)
_DEFINING_AFTER = re.compile(
    r"[ \t]+(?P<rel>who[ \t]+(?!said\b|says\b|told\b|asked\b|added\b)[a-z]+(?:s|ed)"
    r"(?:[ \t]+[a-z][a-z'\u2019-]*){1,9})(?=[ \t]*(?:[.;]|,(?![ \t]+(?:and|but)\b)))"
)
_ONE_OF = re.compile(r"\b(one|two|three|some|several|none)[ \t]+of[ \t]+$", re.IGNORECASE)
_WINDOW_BEFORE = 1500
_WINDOW_AFTER = 200


def _description_at(text: str, start: int, end: int) -> tuple[str, bool]:
    """The description around the noun phrase ``text[start:end]``: its modifiers back to
    a determiner, and a following "for X" ("a spokesman for Hadley"). The flag is True
    when the description is indefinite or has modifiers (a first, full mention)."""
    at = start
    taken: list[str] = []
    determiner = None
    while len(taken) < 7:
        back = _TOKEN_BACK.search(text, max(0, at - 40), at)
        if back is None:
            break
        token = back.group(1)
        low = token.lower()
        if low in _DETERMINERS:
            determiner = low
            at = back.start(1)
            break
        if low in _JOINING and taken and taken[-1][0].isupper():
            # "Ministry of Justice spokesperson": the joining word inside a name, when a
            # capitalised word stands before it too
            before = _TOKEN_BACK.search(text, max(0, back.start(1) - 40), back.start(1))
            if before is None or not before.group(1)[0].isupper():
                break
        elif low in _STOP or low in WEEKDAYS or not (token[0].isalnum()):
            break
        taken.append(token)
        at = back.start(1)
    compound = _NOUN_AFTER.match(text, end, min(len(text), end + 30))
    if compound is not None and is_person_noun(compound.group(1)):
        end = compound.end()  # "a former Meridian nurse assessor": the head is the last noun
    if determiner is None:
        return text[start:end], False
    one_of = _ONE_OF.search(text, max(0, at - 20), at) if determiner == "the" else None
    if one_of is not None:  # "one of the delegates"
        determiner, at = one_of.group(1).lower(), one_of.start()
    count = _KIN_COUNT.match(text, end, min(len(text), end + 20))
    if count is not None:  # "a mother of three"
        end = count.end()
    phrase = text[at:end]
    pp = _PP_AFTER.match(text, end, min(len(text), end + 80))
    if pp is not None:
        phrase += " " + " ".join(pp.group("pp").split())
    anonymous = _ANONYMOUS_AFTER.match(text, pp.end() if pp else end, len(text))
    if anonymous is not None:  # "a nurse who asked not to be named"
        phrase += " " + " ".join(anonymous.group("rel").split())
    elif determiner != "the":
        defining = _DEFINING_AFTER.match(text, pp.end() if pp else end, min(len(text), end + 120))
        if defining is not None:  # "a mother of three who sells tomatoes at the market"
            phrase += " " + " ".join(defining.group("rel").split())
    phrase = determiner + phrase[len(determiner) :]
    full = determiner != "the" or bool(taken) or pp is not None or one_of is not None
    return " ".join(phrase.split()), full


def whole_description(text: str, speaker: str, open_at: int, close_at: int) -> str:
    """An unnamed speaker (a lowercase noun phrase such as "official") as the whole
    description the article gives near the quote at ``open_at``-``close_at``: the
    mention right after the quote (its attribution) or the last one before it; a bare
    "the spokeswoman" gives way to an earlier full mention ("a Whitcomb campaign
    spokeswoman"). Unchanged when the text has no such mention nearby."""
    if not speaker or not speaker[0].islower() or speaker.split()[0] in _DETERMINERS:
        return speaker
    # the noun as written, or its plural after "one of the" ("one of the delegates")
    pattern = re.compile(
        r"(?<![\w-])" + re.escape(speaker) + r"(?:(?<=[^s])s)?(?![\w-])", re.IGNORECASE
    )
    lo = max(0, open_at - _WINDOW_BEFORE)
    hi = min(len(text), close_at + _WINDOW_AFTER)
    mentions = [(m.start(), m.end()) for m in pattern.finditer(text, lo, hi)]
    if not mentions:
        return speaker
    after = [m for m in mentions if close_at <= m[0] <= close_at + 80]
    before = [m for m in mentions if m[1] <= open_at]
    ordered = after[:1] + before[::-1]
    if not ordered:
        return speaker
    best, full = _description_at(text, *ordered[0])
    if not full:
        for mention in ordered[1:]:
            phrase, is_full = _description_at(text, *mention)
            if is_full:
                return phrase
    return best if best.split()[0].lower() in _DETERMINERS else speaker
