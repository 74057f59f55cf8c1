"""Who said it: attribution of each direct quote to a speaker.

For each quote the sentence around it is split into the text *before* the
quote (from the sentence start or the previous quote) and *after* it (to the
next quote or the sentence end). In order:

1. After the quote, "SUBJECT VERB" or "VERB SUBJECT" right behind it
   (``"…," he told AFP``, ``"…," said Mayor Jane Hill``) - preferred when the
   quote ends with a comma, "?" or "!".
2. Before the quote, the last speech verb ("said", "wrote that", "said:") or
   "according to X"; its subject is, in order: "an analysis/report/statement
   by X"; the words right before the verb (adverbs and time phrases like "on
   Friday" skipped); a name followed by an apposition ("X, who runs …, said");
   the first name of the clause ("Prime Minister X did not respond but said").
3. A sentence that ends with an attribution (``…, a ministry statement said.``)
   gives it to every quote in the sentence.
4. Otherwise the quote continues the previous one (a split quote, or a
   paragraph of quote after a quoted paragraph) and has its speaker.

Subjects are resolved: titles stripped ("Mayor", "Dr.", "Prime Minister"),
surnames to the full name seen before ("Berman" -> "Lazar Berman"), he/she to
the most recent person named before, "it" to the most recent organisation that
spoke, "a statement" to an organisation written before "statement" or the most
recent organisation that spoke nearby, else "statement".
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass

from reader.model import Article
from reader.suggest.given_names import gender_of
from reader.suggest.names import (
    CAPITAL_TITLES,
    PRONOUNS,
    ROLE_NOUNS,
    STOPWORDS,
    TITLE_GENDER,
    Name,
    Registry,
    extend_org,
    find_names,
    has_given_name,
    is_org,
    is_place,
    is_title,
    strip_title,
)
from reader.suggest.quotes import QuoteSpan

_VERBS = (
    "said|says|say|told|tells|tell|added|adds|wrote|writes|claimed|claims|stated|states|argued|argues|"
    "warn|argue|insist|claim|urge|admit|acknowledge|concede|predict|complain|explain|note|"
    "queried|queries|demanded|demands|charged|fumed|retorted|snapped|sighed|laughed|"
    "chuckled|recounted|reflected|ventured|interjected|elaborated|clarified|protested|"
    "pleaded|cried|screamed|murmured|muttered|thundered|assured|reassured|reminded|"
    "advised|texted|emailed|condemned|condemns|branded|labelled|labeled|hailed|dismissed|"
    "slammed|criticised|criticized|praised|read|reads|"
    "insisted|insists|warned|warns|explained|explains|noted|notes|asked|asks|replied|replies|"
    "tweeted|posted|announced|announces|declared|declares|deplored|vowed|vows|urged|urges|"
    "acknowledged|acknowledges|admitted|admits|conceded|concedes|continued|recalled|recalls|"
    "suggested|testified|complained|complains|cautioned|predicted|promised|pledged|remarked|"
    "observed|estimated|maintained|maintains|contended|countered|responded|shouted|joked|"
    "stressed|stresses|emphasised|emphasized|reiterated|concluded|wondered|believes|thinks|"
    "described|called|put it|told reporters|went on|pointed out|pointed|answered|"
    "confirmed|confirms|denied|denies|disclosed|revealed|reported|reports|boasted|quipped|"
    "lamented|conceded|exclaimed|whispered|yelled|mused|told the|writes in|wrote in"
)
# participles are speech verbs only after a comma: "…, saying that" (not "a warning")
_PARTICIPLES = "saying|adding|telling|writing|warning|arguing|insisting|noting|stressing|claiming"
VERB_RE = re.compile(rf"\b(?:{_VERBS})\b|(?<=, )(?:{_PARTICIPLES})\b")
_ACCORDING = re.compile(r"\b(?i:according) to\s+(?P<subj>[^,.;\"\u201c\u201d]{2,80}?)\s*[,:]?\s*$")
_ACCORDING_HEAD = re.compile(
    r"\s*(?:[Bb]ut\s+|[Aa]nd\s+)?[Aa]ccording to\s+(?P<subj>[^,.;\"\u201c\u201d]{2,80}?)\s*,"
)
_DAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_ADVERBIAL_TAIL = re.compile(
    rf"(?:[\s,]+(?:also|later|then|again|previously|earlier|once|first|has|had|have|was|were|"
    rf"is|are|did|does|do|would|will|could|can|not|never|"
    rf"(?!(?:family|assembly|ally|supply|rally|monopoly|anomaly|daily|reply|bully|folly|tally)"
    rf"\b)[a-z]+ly|and|but|who|"
    rf"(?:on |late |early |last )?{_DAY}(?: (?:morning|afternoon|evening|night))?|"
    rf"last (?:week|month|year|night)|this (?:week|month|year|morning)|"
    rf"in (?:a|an|his|her|their|the) (?:[\w-]+ )?(?:statement|interview|post|letter|speech|"
    rf"briefing|conference|video|message|call|email|tweet)|"
    rf"on (?:Twitter|X|Facebook|Instagram|Telegram|social media|television|TV)))+\s*$"
)
_DOC_NOUNS = (
    r"statement|spokes(?:man|woman|person)|report|communiqu[eé]|release|filing|memo|analysis|"
    r"editorial|letter|column|op-ed|essay|article|blog post|post|note|study|tweet|ruling|"
    r"complaint|lawsuit|document|notice"
)
_DOC_BY = re.compile(
    rf"\b(?:{_DOC_NOUNS})\s+(?:by|from|for)\s+(?:the\s+)?(?P<name>(?:[A-Z][\w'\u2019.-]*\s*){{1,5}})"
)
_DOC_END = re.compile(
    rf"\b(?P<det>an?|the|his|her|their|its)\s+(?P<mod>(?:[\w'\u2019.-]+\s+){{0,5}}?)"
    rf"(?P<noun>{_DOC_NOUNS})(?:\s+(?:for|of)\s+(?P<for>[^,]{{1,60}}?))?\s*$"
)
_POSSESSIVE_END = re.compile(
    r"(?P<owner>(?:[A-Z][\w.-]*\s+){0,3}[A-Z][\w.-]*)['\u2019]s\s+(?P<noun>(?:[a-z]+\s+){0,2}"
    r"(?:military|army|government|police|ministry|office|spokesman|spokeswoman|spokesperson|"
    r"cabinet|president|leader|team|leadership|embassy|agency|authorities|officials))\s*$"
)
_NATIONALITY_NOUNS = (
    "Dutchman|Dutchwoman|Frenchman|Frenchwoman|Englishman|Englishwoman|Irishman|Irishwoman|"
    "Welshman|Welshwoman|Scotsman|Scotswoman|Spaniard|Scot|Dane|Swede|Finn|Pole|Norwegian|"
    "German|Italian|Portuguese|Brazilian|Argentine|Argentinian|Colombian|Mexican|American|"
    "Canadian|Australian|Belgian|Croatian|Serbian|Ukrainian|Russian|Nigerian|Ghanaian|"
    "Senegalese|Egyptian|Moroccan|Algerian|Japanese|Korean|Chinese|Indian|Pakistani|Israeli|"
    "Palestinian|Iranian|Turk|Greek|Austrian|Swiss|Kenyan|Ethiopian|Cameroonian|Ivorian|"
    "Uruguayan|Chilean|Peruvian|Venezuelan|Ecuadorian|Jamaican|Kiwi|New Zealander|Czech|Slovak|"
    "Hungarian|Romanian|Bulgarian|Georgian|Icelander|Filipino|Vietnamese|Thai|Indonesian"
)
# "the 24-year-old", "the striker", "the Dutchman": the person just written about
_PERSON_NP = (
    rf"[Tt]he\s+(?:\d+-year-old(?:\s+[a-z]+)?|(?:former\s+)?(?:player|striker|defender|"
    rf"midfielder|goalkeeper|winger|forward|veteran|youngster|teenager|actor|actress|singer|"
    rf"star|woman|man|girl|boy|{_NATIONALITY_NOUNS}))"
)
_PERSON_NP_END = re.compile(rf"\b(?P<np>{_PERSON_NP})\s*$")
_PERSON_NP_START = re.compile(rf"(?P<np>{_PERSON_NP})\b")


def _person_np_subject(np: str, at: int) -> Subject:
    """ "the 24-year-old" / "the Dutchman" as a pronoun: "she" or "he" when the words say
    which, else "one" (a person of either gender)."""
    gender = gender_of_words(np)
    return Subject("pronoun", {"female": "she", "male": "he"}.get(gender or "", "one"), at)


_SOMEONE_END = re.compile(
    r"\b(?:one|a|an|another)\s+(?P<np>(?:[a-z0-9-]+\s+){0,2}(?:sister|nurse|doctor|resident|"
    r"official|officer|soldier|witness|teacher|student|worker|farmer|source|diplomat|analyst|"
    r"voter|fan|parent|mother|father|man|woman|neighbour|neighbor|spokesman|spokeswoman|"
    r"spokesperson|survivor|volunteer|driver|shopkeeper|manager|employee|member|"
    r"researcher|engineer|paramedic|medic|patient|passenger|officer))\s*$"
)
#: Unnamed people who can be the "she"/"he" of a later quote.
PERSON_NOUNS = (
    "mother|father|wife|husband|son|daughter|sister|brother|grandmother|grandfather|man|woman|"
    "boy|girl|spokeswoman|spokesman|spokesperson|official|officer|nurse|doctor|resident|"
    "witness|neighbour|neighbor|teacher|student|driver|owner|victim|survivor|friend|relative|"
    "parent|fisherman|farmer|worker|employee|passenger|patient|volunteer|soldier|source"
)
_PERSON_NOUN_RE = re.compile(rf"(?:{PERSON_NOUNS})")
_GENERIC_NOUNS = (
    r"police|officials|authorities|witnesses|residents|analysts|experts|"
    r"critics|prosecutors|investigators|researchers|doctors|officers|organisers|organizers|"
    r"ministry|army|military|government|company|council|agency|department|group|court|mayor|"
    r"president|official|spokesman|spokeswoman|spokesperson|lawyer|lawyers|family|union|"
    r"campaigners|activists|protesters|scientists|economists|diplomats|sources|mission|judge|"
    r"coroner|prosecutor|prosecutors|regulator|watchdog|charity|trust|firm|bank|airline|"
    r"organisation|organization|body|representative|congressman|congresswoman|lawmaker|"
    r"commission|committee|board|campaign|party|club|team|school|hospital|university|"
    r"minister|premier|governor|senator|coach|manager|headteacher|inspector|detective|"
    r"sheriff|commissioner|ambassador|chairman|chairwoman|director|professor|doctor|"
    r"councillor|observers|monitors|mediators|negotiators|organisers|organizers|forum|"
    r"network|alliance|coalition|federation|association|institute|foundation|society|league|"
    r"movement"
)
_GENERIC_END = re.compile(rf"\b(?P<np>(?:the\s+)?(?:{_GENERIC_NOUNS}))\s*$", re.IGNORECASE)
# "The company, which employs 3,000 people, said": a generic subject opening the clause
_GENERIC_HEAD = re.compile(
    rf"\s*[Tt]he\s+(?P<np>(?:[a-z-]+\s+)?(?:{_GENERIC_NOUNS}))\s*,", re.IGNORECASE
)
_PRONOUN_END = re.compile(r"\b(?P<p>he|she|they|it|He|She|They|It)\s*$")
_APPOSITION = re.compile(
    r",\s+(?:who|whose|a|an|the|head|chief|director|[0-9]{1,3}\b|[a-z]+ of\b|one of\b|"
    r"[A-Z][\w.-]*['\u2019]s(?=\s+[a-z])|"
    r"president|spokes\w+|deputy|senior|former|founder|co-founder|owner|leader|chair|"
    r"(?:speaking|writing|summarising|summarizing|commenting|reporting|testifying|appearing|"
    r"addressing|responding|standing|sitting))\b"
)
# a name that is the object of a preposition is not the subject of the clause:
# "A farmer from the village of Jubrique, about 20 km inland, said" - the farmer spoke
_PREPOSITION_BEFORE = re.compile(
    r"\b(?:of|from|in|at|near|on|for|to|with|by)\s+(?:(?:the|a|an)\s+)?$"
)
# a name the speaker gave: "who gave her name only as Margaret", "identified only as Jack"
# where an unnamed person is from: "A nurse from the town of Brindle said"
_PLACE_BEFORE = re.compile(
    r"\b(?:of|from|in|at|near|on|to|outside|inside|around|across|beyond|towards?|into)[ \t]+"
    r"(?:the[ \t]+)?$",
    re.IGNORECASE,
)
_PLACE_PREPOSITION_BEFORE = re.compile(r"\b(?:of|from|in|at|near)\s+$")
_GIVEN_NAME_BEFORE = re.compile(
    r"\b(?:(?:gave|give|giving|gives)\s+(?:only\s+)?(?P<pro>his|her|their)\s+"
    r"(?:(?:first|given|last|family)\s+name|surname|name)(?:\s+only)?(?:,|\s+(?:only\s+)?as)|"
    r"(?:identified|named|known|called|referred\s+to)\s+(?:only\s+)?"
    r"(?:as|by\s+(?P<pro2>his|her|their)\s+(?:(?:first|given|last|family)\s+name|surname|"
    r"name),?))\s+$"
)
_POSSESSIVE_ORG = re.compile(
    r"\b(?P<owner>[A-Z][\w.-]*(?:[ \t]+[A-Z][\w.-]*){0,2})['\u2019]s[ \t]+"
    r"(?P<noun>(?:[a-z]+[ \t]+){0,2}(?:bank|ministry|government|military|army|police|parliament|"
    r"council|court|regulator|agency|cabinet|presidency|navy|air force|coast guard))\b"
)
_RELATIVE_BEFORE = re.compile(r"\b(?:whom|which|whose)\b")
_NAME_COLON = re.compile(
    r"(?:^|[.\n]\s*)(?P<who>(?:[A-Z][\w.'\u2019-]*[ \t]+){0,3}[A-Z][\w.'\u2019-]*):\s*$"
)
_FIRST_WORD_SKIP = re.compile(r"^[\s,]*(?:and|but|while|as|so|then)\s+", re.IGNORECASE)
_BREAKS = re.compile(r"\n+")
_MARKS_RE = re.compile('["\u201c\u201d\u201e\u00ab\u00bb]')
# a lowercase role right before a name: "manager Alan Brightwell", "head coach Marta Saltini"
_ROLE_BEFORE = re.compile(
    r"\b(?:(?:[Dd]eputy|[Vv]ice|[Aa]ssistant|[Aa]ssociate|[Ff]ormer)[ -])?"
    r"(?:coach|captain|manager|substitute|defender|striker|midfielder|goalkeeper|winger|"
    r"forward|boss|star|veteran|chief|head|spokesman|spokeswoman|spokesperson|secretary|"
    r"minister|president|lawyer|attorney|barrister|judge|officer|official|mayor|leader|"
    r"director|executive|researcher|economist|analyst|scientist|professor|doctor|nurse|"
    r"teacher|resident|farmer|worker|owner|founder|chairman|chairwoman|campaigner|activist|"
    r"author|writer|journalist|reporter|editor|singer|actor|actress|player|commander|"
    r"senator|governor|councillor|candidate|rival|opponent|colleague|deputy|envoy|negotiator|"
    r"prosecutor|congressman|congresswoman|representative|lawmaker)"
    r"\s+$"
)
# any lowercase noun phrase right before a name: "harbour master Colin Trewin"; the noun
# names a person when it is a role word (above) or looks like one (-er, -or, -ist, -ian,
# -man, -person: "organiser", "surveyor", "physicist", "librarian", "fisherman")
_NOUN_BEFORE = re.compile(r"\b(?P<noun>[a-z][a-z-]{2,})[ \t]+$")
_AGENT_SUFFIXES = ("er", "or", "ist", "ian", "man", "woman", "person", "eur")
_AGENT_WORDS = frozenset(
    re.findall(
        r"\S+",
        "resident student president consultant assistant sergeant lieutenant accountant agent "
        "parent correspondent superintendent constable chief head boss clerk nun monk priest "
        "vicar pastor rabbi imam bishop chef pilot guard ranger medic paramedic surgeon physician "
        "midwife coach aide envoy chair dean principal delegate candidate expert graduate "
        "advocate colleague refugee migrant evacuee retiree trainee nominee appointee veteran "
        "pilgrim patient victim witness fan citizen official",
    )
)
_NOT_AGENT = frozenset(
    re.findall(
        r"\S+",
        "after later never ever over under other whether either neither rather together however "
        "senior junior major minor prior interior exterior superior inferior former latter "
        "her their our your for nor per water river border quarter order sector corridor chapter "
        "number letter paper newspaper winter summer october november december september centre "
        "center theatre theater tower broadcaster carrier retailer lender developer manufacturer "
        "operator supplier insurer provider publisher producer distributor exporter importer "
        "regulator computer container tanker trawler cruiser liner minor major error mirror floor "
        "door poor four hour motor favour favor remember consider offer enter deliver gather "
        "suffer answer cover discover register monitor human german than then when man woman "
        "partner owner-operator brewer grocer",
    )
)
_COMPANY_MAKER = re.compile(r"(?:car|chip|drug|auto|toy|phone|game|steel|plane|aircraft)maker$")
# a speech verb right before a name: "…," said Gareth Okafor, an analyst
_VERB_BEFORE = re.compile(r"\b(?:said|says|added|asked|explained|warned|noted|wrote)[ \t]+$")


def _is_person_noun(noun: str) -> bool:
    """True for a lowercase noun that names a person: a role ("mayor"), an unnamed person
    ("mother"), or a word that looks like one (-er, -or, -ist, -ian, -man: "hydrologist")."""
    if noun in _AGENT_WORDS or _ROLE_BEFORE.search(noun + " ") or _PERSON_NOUN_RE.fullmatch(noun):
        return True
    if noun in _NOT_AGENT or _COMPANY_MAKER.search(noun):
        return False
    return noun.endswith(_AGENT_SUFFIXES)


_DETERMINER = re.compile(r"\s*(?:[Tt]he|[Aa]n?|[Oo]ne|[Aa]nother)\s+")
_HEAD_WORD = re.compile(r"(?P<noun>[\w'\u2019-]+)\s*")


_ONE_OF = re.compile(
    r"\s*(?:[Oo]ne|[Tt]wo|[Ss]ome)\s+of\s+(?:the|his|her|their|its|those|these)\s+"
)


def _singular(noun: str) -> str:
    """ "delegates" -> "delegate", "people" -> "person" (after "one of the")."""
    if noun == "people":
        return "person"
    return noun[:-1] if noun.endswith("s") and _is_person_noun(noun[:-1]) else noun


def _someone_start(head: str) -> re.Match[str] | None:
    """An unnamed person opening a clause: "A Corvane employee in …", "The mother of …",
    "A 31-year-old woman who …" - the first of the three words after the determiner that
    names a person (group ``noun``), or ``None``."""
    det = _DETERMINER.match(head)
    if det is None:
        return None
    pos = det.end()
    one_of = _ONE_OF.match(head, det.start())
    if one_of:  # "one of the delegates"
        pos = one_of.end()
    for _ in range(3):
        word = _HEAD_WORD.match(head, pos)
        if word is None:
            return None
        noun = word.group("noun")
        if one_of and noun == "people":
            return re.compile(r"(?P<noun>people)").match(head, word.start())
        if one_of and noun.endswith("s"):
            noun = noun[:-1]
        if (noun[:1].islower() and _is_person_noun(noun)) or noun in CAPITAL_TITLES:
            return re.compile(r"(?P<noun>[\w'\u2019-]+)").match(head, word.start())
        pos = word.end()
    return None


# a name that is not the subject of its clause: "according to its director, X", "by X"
_OBLIQUE_BEFORE = re.compile(
    r"(?:\baccording to\b[^.;:!?\"\u201c\u201d]{0,45}|"
    r"\b(?:of|to|by|with|for|from|at|about|against|towards?|into|than)[ \t]+"
    r"(?:(?:the|his|her|their|its)[ \t]+)?)$"
)
_LOWER_PHRASE_BEFORE = re.compile(r"(?:(?:[a-z][a-z-]*|\([A-Za-z ]+\))[ \t]+){2,7}$")
_ACRONYM_SKIP = frozenset({"of", "the", "and", "for", "in", "a", "an"})


def _role_acronym(text: str, start: int) -> str | None:
    """The initials of a lowercase role phrase right before a name, which the text may
    use for that person later: "deputy commissioner of police (south) Ankita Sharma" ->
    "dcp", "station house officer Ravi Rao" -> "sho"."""
    match = _LOWER_PHRASE_BEFORE.search(text, max(0, start - 70), start)
    if match is None:
        return None
    words = [w for w in match.group().split() if not w.startswith("(")]
    while words and (VERB_RE.fullmatch(words[0]) or words[0] in _ACRONYM_SKIP):
        words = words[1:]
    if not any(_is_person_noun(w) for w in words):
        return None
    letters = "".join(w[0] for w in words if w not in _ACRONYM_SKIP)
    return letters if 2 <= len(letters) <= 5 else None


def _role_noun_before(text: str, start: int) -> bool:
    """True when a lowercase noun that names a person ends right before ``start``."""
    match = _NOUN_BEFORE.search(text, max(0, start - 30), start)
    return match is not None and _is_person_noun(match.group("noun"))


# the words of an apposition up to its first preposition or clause: ", the agency's chief
# of mission" -> "the agency's chief"; ", one of the organisers" -> "the organisers"
_APPOSITION_TEXT = re.compile(r",\s+(?:one\s+of\s+)?(?P<app>[^,;:.!?\"\u201c\u201d()]{1,90})")
_APPOSITION_CUT = re.compile(
    r"\s+(?:of|at|for|in|on|from|with|who|whose|which|and|to|since|until|after|before)\b"
)


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
    if not _APPOSITION.match(text, end, end + 40):
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
    if _is_person_noun(noun):
        return "noun", gender, noun
    if noun.endswith("s") and _is_person_noun(noun[:-1]):
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


def _person_by_context(text: str, name: Name, bare: str) -> bool:
    """A two- or three-word name that is no organisation or place, after a role noun phrase
    ("harbour master Colin Trewin") or a speech verb ("said Gareth Okafor")."""
    if not 2 <= len(bare.split()) <= 3 or is_org(bare) or is_place(bare):
        return False
    if _VERB_BEFORE.search(text, max(0, name.start - 12), name.start):
        return True
    # "deputy commissioner of police (south) Ankita Sharma": a role phrase before it
    return _role_noun_before(text, name.start) or _role_acronym(text, name.start) is not None


# a role written before a name and a comma: "Rourke's lawyer, Jennifer Hale," ->
# "the lawyer" later means Jennifer Hale
_ROLE_COMMA_BEFORE = re.compile(r"\b(?P<role>[a-z]+|[A-Z][a-z]+(?: [A-Z][a-z]+)?),\s*$")
# "the judge", "the defence lawyer", "the prosecutor": a later reference to a titled person
_ROLE_MENTION = re.compile(rf"\b[Tt]he\s+(?:[a-z]+\s+)?(?P<role>{'|'.join(sorted(ROLE_NOUNS))})\b")
#: Nouns that, as "the organisation said", mean an organisation named shortly before.
_ORG_REF_NOUNS = frozenset(
    re.findall(
        r"\w+",
        "organisation organization agency body group company firm charity ministry "
        "department council union commission committee board authority bank airline trust "
        "forum network alliance coalition federation association institute foundation "
        "society league movement office service regulator watchdog",
    )
)
# "Her husband, Chris," / "his brother Ahmed": a one-word name that is a person
_KIN = re.compile(
    r"\b(?:[Hh]er|[Hh]is|[Tt]heir|[Oo]ur|[Mm]y)\s+(?:[a-z-]+\s+)?(?P<kin>husband|wife|son|"
    r"daughter|brother|sister|mother|father|partner|friend|neighbour|neighbor|uncle|aunt|"
    r"cousin|grandson|granddaughter|grandmother|grandfather|colleague|boyfriend|girlfriend),?\s*$"
)
# an organisation named as a modifier ("the U.N. weather agency", "a Sarnov bank"), as
# the audience ("told BBC Radio 4", "spoke to Reuters") or as someone's ("their GP")
_ATTRIBUTIVE_AFTER = re.compile(r"(?:[ \t]+[a-z][a-z-]*){1,4}")
_DETERMINER_BEFORE = re.compile(r"\b(?:the|a|an)[ \t]+$", re.IGNORECASE)
_AUDIENCE_BEFORE = re.compile(
    r"\b(?:(?:told|tells|telling)(?:[ \t]+the)?|(?:spoke|speaking|talking|wrote)[ \t]+to"
    r"(?:[ \t]+the)?|(?:polled|surveyed|reported|interviewed|seen|obtained|cited)[ \t]+by"
    r"(?:[ \t]+the)?|their|his|her|your|our|my)[ \t]+$",
    re.IGNORECASE,
)


def _aside_org(text: str, name: Name) -> bool:
    """True for an organisation that a later "the company" / "the agency" cannot mean."""
    before = text[max(0, name.start - 20) : name.start]
    if _AUDIENCE_BEFORE.search(before):
        return True
    if _DETERMINER_BEFORE.search(before) is None:
        return False
    after = _ATTRIBUTIVE_AFTER.match(text, name.end)
    return after is not None and any(
        word in _ORG_REF_NOUNS or word in {"agency", "bank"} or _is_person_noun(word)
        for word in after.group().split()
    )


_UNIT_BEFORE = re.compile(r"\d[ \t]*$")
_STATEMENT_AFTER = re.compile(
    r"\s+(?:\w+\s+)?in\s+an?\s+(?:\w+\s+)?(?:statement|filing|press release|release|notice)\b"
)
STATEMENT_WINDOW = 800  # characters back to look for the organisation behind "a statement"
NAMED_ORG_WINDOW = 3000  # back to an organisation whose name holds the noun ("the ministry")


@dataclass(frozen=True, slots=True)
class Subject:
    """A subject phrase found in the text: its kind and words, and where it is."""

    kind: str  # "name", "pronoun", "doc", "generic", "possessive"
    text: str
    at: int
    doc_mod: str = ""


def _last(matches: Iterable[re.Match[str]]) -> re.Match[str] | None:
    """The last of some regex matches, or ``None``."""
    found = None
    for found in matches:  # noqa: B007 - keeping the last one is the point
        pass
    return found


def _strip_tail(clause: str) -> str:
    """Drop adverbs, auxiliaries and time phrases from the end of a clause."""
    while True:
        match = _ADVERBIAL_TAIL.search(clause)
        if match is None or match.start() == match.end():
            return clause
        clause = clause[: match.start()]


def subject_before(text: str, start: int, verb_at: int) -> Subject | None:
    """The subject of a speech verb at ``verb_at`` in the clause ``text[start:verb_at]``."""
    if text[max(0, verb_at - 2) : verb_at] == ", " and _PARTICIPLE_AT.match(text, verb_at):
        # "The finance ministry welcomed the decision, saying …": the main clause's subject
        main = text[start : verb_at - 2]
        generic = _GENERIC_START.match(_FIRST_WORD_SKIP.sub("", main))
        if generic:
            at = start + len(main) - len(_FIRST_WORD_SKIP.sub("", main)) + generic.start("np")
            return Subject("generic", generic.group("np"), at)
        return _clause_subject(text, start, verb_at - 2)
    clause = text[start:verb_at]
    doc = _last(_DOC_BY.finditer(clause))
    if doc is not None and not any(  # "X, a spokesperson for the Y Forces, said": X
        _person_like(name) for name in find_names(text, start, start + doc.start())
    ):
        names = find_names(clause, doc.start("name"), doc.end("name"))
        if names:
            return Subject("name", names[0].text, start + names[0].start)
    trimmed = _strip_tail(clause)
    names = find_names(text, start, verb_at)
    if trimmed.rstrip().endswith(","):
        # "X, who leads North East Lincolnshire Council, described": X, not the council
        for name in names:
            if _PREPOSITION_BEFORE.search(text, max(start, name.start - 12), name.start):
                continue
            if is_title(tokens := name.text.split(), len(tokens) - 1):
                continue  # "One Labour MP, who …": a description, not a name
            if _APPOSITION.match(text, name.end, verb_at):
                return Subject("name", name.text, name.start)
    head = _FIRST_WORD_SKIP.sub("", clause)
    offset = start + len(clause) - len(head)
    someone = _someone_start(head)
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
        and _PLACE_PREPOSITION_BEFORE.search(text, max(start, names[-1].start - 6), names[-1].start)
    ):  # "A nurse from the town of Brindle said": the nurse, not the town
        return Subject("generic", _singular(someone.group("noun")), offset + someone.start("noun"))
    end_subject = _subject_at_end(trimmed, start)
    if end_subject is not None and end_subject.kind == "pronoun" and someone:
        # "A father who did not give his name drew applause when he told the board"
        noun = _singular(someone.group("noun"))
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
        return Subject("generic", _singular(someone.group("noun")), offset + someone.start("noun"))
    pronoun = re.match(r"\s*(he|she|they|it|He|She|They|It)\b", head)
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
        if _PREPOSITION_BEFORE.search(text, max(start, name.start - 12), name.start):
            continue
        return Subject("name", name.text, name.start)
    return None


# a phrase opening a clause before its subject: "In an accompanying editorial, ",
# "Reacting, ", "On Tuesday, "
_LEADING_PHRASE = re.compile(
    r"\s*(?:(?:In|On|At|During|After|Before|From|With|Under|Despite|Since|Later|Earlier|"
    r"Meanwhile|Separately|Speaking|Writing|Asked|Reacting|Responding)\b[^,.;:\"\u201c]{0,80},\s*)"
)
# "Back in her cubicle, ": a capitalised word and lowercase words before a comma
_ROLE_NOUN_THEN_NAME = re.compile(
    r"[ \t]+(?:[a-z]+[ \t]+)?(?:leader|chief|head|spokesman|spokeswoman|spokesperson|analyst|"
    r"president|chairman|chairwoman|director|coach|manager|minister|secretary|official|"
    r"economist|lawyer|captain)[ \t]+[A-Z]"
)
_LOWERCASE_LEAD = re.compile(r"\s*[A-Z][a-z]+(?:\s+[a-z]+){1,6},\s*")
_PARTICIPLE_AT = re.compile(rf"(?:{_PARTICIPLES})\b")
_GENERIC_START = re.compile(
    rf"\s*[Tt]he\s+(?P<np>(?:[a-z-]+\s+)?(?:{_GENERIC_NOUNS}))\b", re.IGNORECASE
)


# the last clause before a verb opens with a conjunction: "…, as aid agencies warned"
_SUBORDINATE_TAIL = re.compile(
    r"(?:^|[,;]\s*)(?:as|while|when|after|because|since|although|though|if|whereas|before|"
    r"until|where|which|that)\s+[^,;]*$"
)
# "PORT SUDAN (AFP) -", "Bologna, Italy (Reuters) –": the place a story was filed from
_DATELINE_AFTER = re.compile(
    r"(?:,[ \t]+[A-Z][\w.]*(?:[ \t]+[A-Z][\w.]*)*)?[ \t]*\([A-Z][\w.&' ]{0,30}\)[ \t]*"
    r"[-\u2013\u2014]"
)


def is_dateline(text: str, name: Name) -> bool:
    """True for the place name of a dateline ("Port Sudan (AFP) -")."""
    return _DATELINE_AFTER.match(text, name.end, name.end + 60) is not None


_OWNER_AFTER = re.compile(r"['\u2019]s[ \t]+")
_ROLE_THEN_NAME = re.compile(r"the\s+[^,.;:\"\u201c\u201d]{2,60},\s*")


def role_only(name: str) -> bool:
    """True for a capitalised role with no name in it (titles already stripped): "NLC
    President", "Special Adviser", "Corporate Communications Officer"."""
    tokens = name.split()
    return bool(tokens) and is_title(tokens, len(tokens) - 1)


def _person_like(name: Name) -> bool:
    """A name that can be a person's: no organisation or place word, and a title, a known
    given name or two or three words."""
    bare, titled = strip_title(name.text)
    words = bare.split()
    if not words or is_org(bare) or is_place(bare):
        return False
    return titled or has_given_name(bare) or 2 <= len(words) <= 3


_AFFILIATION = re.compile(r"[ \t]+(?:with|of|from|at|for)[ \t]+(?:the[ \t]+)?$")


def _member_of(text: str, start: int, org_at: int, names: list[Name]) -> Subject | None:
    """The person right before "with/of/from/at (the) ORG" ("Sgt. Maria Diaz with the
    Dallas Police Department said", "Jen Lee with Environment Canada said"), or ``None``."""
    link = _AFFILIATION.search(text, start, org_at)
    if link is None:
        return None
    for name in names:
        if name.end == link.start() and _person_like(name):
            return Subject("name", name.text, name.start)
    return None


_OWNER_BEFORE = re.compile(r"(?P<owner>[A-Z][\w.-]*(?:[ \t]+[A-Z][\w.-]*){0,2})['\u2019]s[ \t]+$")


def _subject_at_end(clause: str, start: int) -> Subject | None:
    """A subject that ends the (trimmed) clause: pronoun, document, possessive, name, generic."""
    if not clause.strip():
        return None
    match = _PRONOUN_END.search(clause)
    if match:
        return Subject("pronoun", match.group("p").lower(), start + match.start("p"))
    match = _DOC_END.search(clause)
    if match:
        mod = match.group("mod").strip()
        owner = match.group("for")
        if owner and owner[:1].isupper():
            mod = owner
        return Subject("doc", match.group("noun"), start + match.start(), doc_mod=mod)
    match = _POSSESSIVE_END.search(clause)
    if match:
        phrase = f"{match.group('owner')}\u2019s {match.group('noun')}".replace("\u2019", "'")
        return Subject("possessive", phrase, start + match.start())
    match = _PERSON_NP_END.search(clause)
    if match:  # "the 24-year-old": the person just written about, like "he"/"she"
        return _person_np_subject(match.group("np"), start + match.start("np"))
    names = find_names(clause)
    if names and not clause[names[-1].end :].strip(" ,\t\n"):
        last = extend_org(clause, names[-1])
        owner = _OWNER_BEFORE.search(clause, 0, last.start)
        if owner and is_org(last.text) and not is_org(owner.group("owner")):
            # "Egypt's Foreign Ministry condemned": the country's ministry
            phrase = f"{owner.group('owner')}'s {last.text}"
            return Subject("name", phrase, start + owner.start())
        return Subject("name", last.text, start + last.start)
    match = _SOMEONE_END.search(clause)
    if match:
        return Subject("generic", match.group("np"), start + match.start("np"))
    match = _GENERIC_END.search(clause)
    if match:
        return Subject("generic", match.group("np"), start + match.start("np"))
    return None


def _clause_subject(text: str, start: int, end: int) -> Subject | None:
    """The subject of a clause without a speech verb ("X issued a warning:"): a pronoun
    or unnamed person at its head, else its first name that is neither an owner ("the
    UN's coordinator") nor after a preposition ("for Sudan")."""
    head = _FIRST_WORD_SKIP.sub("", text[start:end])
    lead = _LEADING_PHRASE.match(head) or _LOWERCASE_LEAD.match(head)
    if lead:  # "Speaking to reporters at the Capitol, he was blunt:"
        head = head[lead.end() :]
    offset = end - len(head)
    pronoun = re.match(r"\s*(he|she|they|it|He|She|They|It)\b", head)
    if pronoun:
        return Subject("pronoun", pronoun.group(1).lower(), offset + pronoun.start(1))
    owner = re.match(r"\s*(Her|His|Their)\s+[a-z]", head)
    if owner:  # "Her advice … is blunt:"
        word = {"Her": "she", "His": "he", "Their": "they"}[owner.group(1)]
        return Subject("pronoun", word, offset + owner.start(1))
    for name in find_names(text, offset, end):
        if _ROLE_NOUN_THEN_NAME.match(text, name.end):
            continue  # "Union leader Choi had a message:": Choi
        if role_only(strip_title(name.text)[0]):
            continue  # "the Special Adviser to the President, Mr Bayo Oladipo,"
        if re.match(r"['\u2019]s\b", text[name.end : name.end + 2]):
            continue
        if _PREPOSITION_BEFORE.search(text, max(start, name.start - 12), name.start) or re.search(
            r"\b(?:and|or)\s+$", text[max(start, name.start - 5) : name.start]
        ):
            continue
        return Subject("name", name.text, name.start)
    someone = _someone_start(head)
    if someone:
        return Subject("generic", _singular(someone.group("noun")), offset + someone.start("noun"))
    return None


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
        and any(_is_person_noun(word) for word in re.findall(r"[a-z][a-z-]*", text[start:end]))
    )


def subject_after(text: str, start: int, end: int) -> Subject | None:
    """An attribution right after a quote: ``, he said`` / ``, said Mayor X`` (up to ``end``)."""
    window = text[start:end]
    lead = len(window) - len(window.lstrip(" ,\t\n"))
    if lead > 4:
        return None
    body = window[lead:]
    according = re.match(r"according to\s+(?P<subj>[^,.;]{2,80})", body)
    if according:
        subj_at = start + lead + according.start("subj")
        phrase = according.group("subj").strip()
        return _subject_at_end(phrase, subj_at) or Subject("generic", phrase, subj_at)
    verb_first = re.match(rf"(?:{_VERBS})\s+", body)
    if verb_first:
        rest_at = start + lead + verb_first.end()
        names = find_names(text, rest_at, min(end, rest_at + 80))
        role = _ROLE_THEN_NAME.match(text, rest_at, end)
        if role:  # "said the Labour MP for Leeds East, Richard Burgon"
            for name in names:
                if name.start == role.end() and _person_like(name):
                    return Subject("name", name.text, name.start)
        if len(names) >= 2 and names[0].start == rest_at and _OWNER_AFTER.match(text, names[0].end):
            # "said England's head coach, Graham Lowther": the person, not the owner
            role_at = _OWNER_AFTER.match(text, names[0].end).end()
            person = names[1]
            between = text[role_at : person.start]
            if _person_like(person) and (
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
        doc = _DOC_END.search(text[rest_at : rest_at + 80].split(",")[0].rstrip(". "))
        if doc:
            return Subject("doc", doc.group("noun"), rest_at, doc_mod=doc.group("mod").strip())
        person_np = _PERSON_NP_START.match(text, rest_at, end)
        if person_np:  # "said the striker", "said the 24-year-old"
            return _person_np_subject(person_np.group("np"), rest_at)
        someone = _someone_start(text[rest_at : min(end, rest_at + 60)])
        if someone:  # "said one resident, who declined to give her name"
            noun = _singular(someone.group("noun"))
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
    verb = _last(VERB_RE.finditer(tail))
    if verb is None or tail[verb.end() :].strip():
        first = re.match(rf"\s*(?:{_VERBS})\s+", tail)
        if first is None:
            return None
        return subject_after(text, tail_at, start + len(sentence))
    return _subject_at_end(_strip_tail(tail[: verb.start()]), tail_at)


_ACRONYM_DEFINED = re.compile(
    r"(?P<name>[A-Z][\w.&'\u2019-]*(?:[ \t]+(?:(?:of|for|and|the|de|on|in)[ \t]+)*"
    r"[A-Z][\w.&'\u2019-]*){1,9})[ \t]+\((?P<acronym>[A-Z][A-Za-z0-9&.-]{1,9})\)"
)


def defined_acronyms(text: str) -> dict[str, str]:
    """Acronyms the text defines after a name: "World Meteorological Organization (WMO)"
    -> {"WMO": "World Meteorological Organization"}, when the letters fit the name."""
    found: dict[str, str] = {}
    for match in _ACRONYM_DEFINED.finditer(text):
        acronym = match.group("acronym").replace(".", "")
        words = match.group("name").split()
        while len(words) > 1 and words[0] in ("The", "A", "An", "But", "And"):
            words = words[1:]
        initials = "".join(w[0] for w in words if w[0].isupper())
        if acronym[0] == initials[0] and (
            acronym.upper() in initials.upper() or initials.upper().startswith(acronym.upper())
        ):
            found.setdefault(match.group("acronym"), " ".join(words))
    return found


_OFFICE_USE = re.compile(
    r"\b[Tt]he[ \t]+(?P<word>[A-Z\u00c0-\u00de][a-z\u00df-\u00ff]+)"
    r"(?=[ \t]+(?!(?:for|of|and|in|on|to|at|with|from|or)\b)[a-z]|[,.;:])"
)


def office_words(text: str) -> frozenset[str]:
    """Capitalised words the text uses as an office: "the Taoiseach said", "the Tánaiste,"
    - so "Taoiseach Cathal Ó Fearghail" is Cathal Ó Fearghail with his title."""
    return frozenset(
        m.group("word")
        for m in _OFFICE_USE.finditer(text)
        if not is_org(m.group("word"))
        and not is_place(m.group("word"))
        and m.group("word").lower() not in STOPWORDS
    )


class SpeakerResolver:
    """Turns subjects into speaker names, using the registry of persons and organisations."""

    def __init__(self, article: Article, quotes: list[QuoteSpan] | None = None) -> None:
        self.text = article.text
        self.registry = Registry()
        self._quote_opens = [q.open for q in quotes or []]
        self._quote_closes = [q.close for q in quotes or []]
        self.acronyms = defined_acronyms(article.text)
        self.offices = office_words(article.text)
        self._register(article)

    def _strip(self, name: str) -> tuple[str, bool]:
        """:func:`strip_title`, and an office the text also writes as "the X" ("Taoiseach
        Cathal Ó Fearghail" when the article says "the Taoiseach")."""
        bare, titled = strip_title(name)
        tokens = bare.split()
        while len(tokens) > 2 and tokens[0] in self.offices and not is_org(bare):
            tokens, titled = tokens[1:], True
        return " ".join(tokens), titled

    def _in_quote(self, offset: int) -> bool:
        """True inside a direct quote: a person named there is not the he/she of the
        narrative ("The risk that Mr. Rourke …," she said)."""
        i = bisect.bisect_right(self._quote_opens, offset) - 1
        return i >= 0 and offset < self._quote_closes[i]

    # -- registry --------------------------------------------------------------------------

    def _register(self, article: Article) -> None:
        text = self.text
        headings = [sec.heading for sec in article.sections if sec.heading is not None]
        heading_starts = [h.start for h in headings]
        body_start = next((p.span.start for sec in article.sections for p in sec.paragraphs), 0)

        def in_heading(offset: int) -> bool:
            i = bisect.bisect_right(heading_starts, offset) - 1
            return i >= 0 and offset < headings[i].end

        names = [n for n in find_names(text) if n.start >= body_start and not in_heading(n.start)]
        seen_full: dict[str, str] = {}  # surname -> the first two/three-word name ending in it
        given_gender: dict[int, str | None] = {}  # "gave her name only as Margaret"
        for name in names:
            bare, titled = self._strip(name.text)
            given = _GIVEN_NAME_BEFORE.search(text, max(0, name.start - 50), name.start)
            if given is not None:
                self.registry.add_person(bare, single=True)
                pronoun = given.group("pro") or given.group("pro2")
                given_gender[name.start] = {"his": "male", "her": "female"}.get(pronoun or "")
                continue
            if is_org(bare) or is_dateline(text, name) or role_only(bare):
                continue
            words = bare.split()
            if 2 <= len(words) <= 3:
                seen_full.setdefault(words[-1], bare)
            elif (
                len(words) == 1
                and words[0] in seen_full
                and (
                    _APPOSITION.match(text, name.end, name.end + 40)
                    or VERB_RE.match(text, name.end + 1, name.end + 20)
                )
            ):
                # "Okonkwo, who returned…" after "Emeka Okonkwo": that was a person
                self.registry.add_person(seen_full[words[0]])
                continue
            if len(words) >= 2 and (
                has_given_name(bare)
                or _ROLE_BEFORE.search(text, max(0, name.start - 30), name.start)
                or _person_by_context(text, name, bare)
            ):
                full = self.registry.add_person(bare)  # "manager Alan Brightwell"
                self._add_roles(name, full)
                continue
            described, described_gender = person_apposition(text, name.end)
            if titled or described:
                if len(bare.split()) >= 2 or titled:
                    full = self.registry.add_person(bare)
                    self._add_roles(name, full)
                elif (
                    described == "noun"
                    and not _PLACE_BEFORE.search(text, max(0, name.start - 12), name.start)
                ) or _KIN.search(text, max(0, name.start - 40), name.start):
                    # "Khadija, a 34-year-old mother of five, said" (not "On Geoje, a welder")
                    self.registry.add_person(bare, single=True)
                if described_gender and not gender_of(bare):
                    given_gender[name.start] = described_gender
            elif text[max(0, name.start - 3) : name.start] == "by " and len(bare.split()) >= 2:
                self.registry.add_person(bare)
            elif len(bare.split()) == 1 and _KIN.search(text, max(0, name.start - 40), name.start):
                self.registry.add_person(bare, single=True)
            kin = _KIN.search(text, max(0, name.start - 40), name.start)
            if kin is not None and not gender_of(bare):  # "her husband, Walt," is a he
                given_gender.setdefault(name.start, gender_of(kin.group("kin")))
        self._register_repeated(names)
        # organisations named anywhere, first, so that "the company said" can resolve to
        # the one named before it while the speech subjects are registered below
        for name in names:
            bare, _ = self._strip(name.text)
            if (
                is_org(bare)
                and not _aside_org(text, name)
                and not _UNIT_BEFORE.search(text, max(0, name.start - 8), name.start)
                and text[name.end : name.end + 1] != "$"
            ):  # not a unit ("boats under 5 GT") or a currency ("US$208 million")
                self.registry.mention_named_org(name.start, extend_org(text, name).text)
        for match in _POSSESSIVE_ORG.finditer(text, body_start):
            # "Brazil's central bank raised …": named for a later "the bank said"
            phrase = f"{match.group('owner')}'s {' '.join(match.group('noun').split())}"
            self.registry.mention_named_org(match.start(), phrase)
        self.registry.sort_named_orgs()
        # speakers of indirect speech: "X said", "X told"
        for sentence in article.sentences:
            for verb in VERB_RE.finditer(text, sentence.start, sentence.end):
                subject = subject_before(text, sentence.start, verb.start())
                if subject is None or subject.kind == "pronoun":
                    continue
                if (
                    subject.kind == "generic"
                    and " " not in subject.text
                    and _is_person_noun(subject.text)
                    and self.registry.role_at(subject.text, subject.at) is None
                ):  # an unnamed person who spoke: "A Velton engineer … said"
                    index = article.sentence_index_at(subject.at) or 0
                    self.registry.mention_person(subject.at, subject.text, index)
                    continue
                name = self._name_of(subject)
                if name is None:
                    continue
                if subject.kind == "name" and not is_org(subject.text):
                    bare, titled = self._strip(subject.text)
                    if (
                        _STATEMENT_AFTER.match(text, verb.end())
                        and not titled
                        and not has_given_name(bare)
                        and not self.registry.is_person(self.registry.canonical(bare))
                    ):  # "Hanwha Ocean said in a statement": a company
                        self.registry.mention_org(subject.at, bare)
                        continue
                    if len(bare.split()) >= 2:
                        self.registry.add_person(bare)
                        continue
                    if _role_noun_before(text, subject.at):  # "trader Warsini said"
                        self.registry.add_person(bare, single=True)
                        continue
                    if self.registry.is_person(self.registry.canonical(bare)):
                        continue
                if subject.kind == "generic" and self.registry.is_person(name):
                    continue  # "the prosecutor told": a person (mentioned by role), not an org
                self.registry.mention_org(subject.at, name)
        for name in names:
            bare, _ = self._strip(name.text)
            if is_org(bare):
                continue
            full = self.registry.canonical(bare)
            if self.registry.is_person(full) and not self._in_quote(name.start):
                sentence = article.sentence_index_at(name.start) or 0
                title = name.text.split()[0].lower().rstrip(".")
                gender = given_gender.get(name.start) or TITLE_GENDER.get(title)
                oblique = _OBLIQUE_BEFORE.search(text, max(0, name.start - 60), name.start)
                self.registry.mention_person(
                    name.start, full, sentence, gender, oblique=oblique is not None
                )
                acronym = _role_acronym(text, name.start)
                if acronym is not None:  # "deputy commissioner of police X": "the DCP"
                    self.registry.add_role_word(acronym, full, name.start)
        # "the judge denied …": a mention of the person given that title, for he/she
        for match in _ROLE_MENTION.finditer(text, body_start):
            person = self.registry.role_at(match.group("role"), match.start())
            if person is not None and not self._in_quote(match.start()):
                sentence = article.sentence_index_at(match.start()) or 0
                self.registry.mention_person(match.start("role"), person, sentence)
        self.registry.finish()

    def _register_repeated(self, names: list[Name]) -> None:
        """A name of two to four words that the text later uses by one part alone
        ("Prabowo Subianto" … "Prabowo", "Ursula von der Leyen" … "Leyen") or by its last
        two words ("López Obrador") is a person: organisations are repeated whole or as
        acronyms."""
        text = self.text
        spoken = [  # "Prabowo said", "said Leyen": a short form used as a speaker
            n.text
            for n in names
            if (
                VERB_RE.match(text, n.end + 1, n.end + 20)
                or (  # "said Prabowo." - not "said Minnesota needed …"
                    _VERB_BEFORE.search(text, max(0, n.start - 12), n.start)
                    and re.match(r"\s*[,.;]", text[n.end : n.end + 2])
                )
            )
            and not _DETERMINER_BEFORE.search(text, max(0, n.start - 5), n.start)
        ]
        singles = {name for name in spoken if " " not in name}
        pairs = {name for name in spoken if name.count(" ") == 1}
        for name in names:
            bare, _ = self._strip(name.text)
            tokens = bare.split()
            if not 2 <= len(tokens) <= 4 or self.registry.is_person(bare):
                continue
            if is_org(bare) or is_place(bare) or role_only(bare) or is_dateline(text, name):
                continue
            if any(token.isupper() for token in tokens):
                continue  # "Reform UK"
            last_two = " ".join(tokens[-2:])
            if (
                tokens[-1] in singles
                or tokens[0] in singles
                or (len(tokens) > 2 and last_two in pairs)
            ):
                self.registry.add_person(bare)
                if len(tokens) > 2:
                    self.registry.persons.setdefault(last_two, bare)

    def _add_roles(self, name: Name, person: str) -> None:
        """Roles of a person: titles in the name ("Gov. X"), a role word right before it
        ("prosecutor X"), before it and a comma ("Rourke's lawyer, X,") or in an
        apposition after it ("X, a farmer,")."""
        text = self.text
        before = text[max(0, name.start - 40) : name.start]
        role = _ROLE_BEFORE.search(before)
        phrase = name.text
        if role is not None:
            phrase = f"{before[role.start() :].strip()} {phrase}"
        else:
            comma = _ROLE_COMMA_BEFORE.search(before)
            if comma is not None:
                phrase = f"{comma.group('role')} {phrase}"
        self.registry.add_role(phrase, person, name.start)
        _kind, _gender, noun = apposition_noun(text, name.end)
        if noun is not None:  # "Jane Doe, the health minister," -> "the minister"
            self.registry.add_role_word(noun, person, name.start)

    def _name_of(self, subject: Subject) -> str | None:
        """The speaker a non-pronoun subject names (no context needed)."""
        if subject.kind == "name":
            if subject.text.isupper():  # "The DCP said": a role written as its initials
                person = self.registry.role_at(subject.text.lower(), subject.at)
                if person is not None:
                    return person
            bare, _ = self._strip(subject.text)
            if is_org(subject.text) and (bare == subject.text or is_org(bare)):
                return subject.text  # not "Dr X of the Medical University of Warsaw"
            return self.registry.canonical(bare)
        if subject.kind == "possessive":
            return subject.text
        if subject.kind == "generic":
            np = subject.text
            np = np[4:] if np.lower().startswith("the ") else np
            noun = np.lower().split()[-1] if np.split() else np.lower()
            person = self.registry.role_at(noun, subject.at)
            if person is not None:
                return person
            if noun in _ORG_REF_NOUNS:
                # one that spoke or was named with that noun ("the ministry"), else the
                # last one named ("the company" after Great Western Railway) - unless the
                # phrase says which ("the finance ministry")
                registry, at = self.registry, subject.at
                org = registry.last_speaker_org_with(
                    at, noun, STATEMENT_WINDOW
                ) or registry.last_named_org_before(at, noun, NAMED_ORG_WINDOW, any_name=False)
                if org is None and len(np.split()) == 1:
                    org = registry.last_org_named_or_heard(at, STATEMENT_WINDOW)
                if org is not None:
                    return org
            return np
        if subject.kind == "doc" and subject.doc_mod and subject.doc_mod[:1].isupper():
            return " ".join(subject.doc_mod.split())
        return None

    # -- resolution ------------------------------------------------------------------------

    def resolve(self, subject: Subject) -> str | None:
        """The speaker name for a subject found at ``subject.at``."""
        if subject.kind == "pronoun":
            want = PRONOUNS.get(subject.text, "any")
            if want == "person":
                gender = {"she": "female", "he": "male", "him": "male"}.get(subject.text)
                return self._person_for_pronoun(subject.at, gender)
            if want == "org":
                return self.registry.last_org_before(subject.at) or (
                    self.registry.last_any_before(subject.at)
                )
            return self.registry.last_any_before(subject.at)
        name = self._name_of(subject)
        if name is not None:
            return name
        if subject.kind == "doc":
            if subject.text.startswith("spokes"):
                return subject.text
            org = self.registry.last_org_before(
                subject.at, STATEMENT_WINDOW
            ) or self.registry.last_named_org_before(subject.at, "statement", STATEMENT_WINDOW)
            return org or "statement"
        return None

    def _person_for_pronoun(self, at: int, gender: str | None) -> str | None:
        """The person a he/she at ``at`` means: the last one named (see
        :meth:`Registry.last_person_before`), except that a person named only in passing
        in an earlier paragraph ("…, according to its music director, Carol Mays.") gives
        way to a subject named in the three sentences before that."""
        mention = self.registry.last_person_mention(at, gender)
        if mention is None:
            return None
        if mention.oblique and "\n" in self.text[mention.at : at]:
            subject = self.registry.last_person_mention(mention.at, gender, subjects_only=True)
            if subject is not None and mention.sentence - subject.sentence <= 3:
                return subject.name
        return mention.name

    def attribute(
        self, quotes: list[QuoteSpan], article: Article
    ) -> Iterable[tuple[QuoteSpan, str | None, str]]:
        """Yield ``(quote, speaker, how)`` for each quote, ``how`` naming the rule used."""
        text = self.text
        sentences = article.sentences
        previous: tuple[QuoteSpan, str | None] | None = None
        for i, quote in enumerate(quotes):
            s_open = sentences[article.sentence_index_at(quote.open) or 0]
            s_close = sentences[article.sentence_index_at(max(quote.close - 1, 0)) or 0]
            pre_start = max(s_open.start, quotes[i - 1].close + 1 if i else 0)
            post_end = s_close.end
            if post_end <= quote.close + 1 and text[quote.end - 1 : quote.end] in "?!":
                # '"… to survive?" Eze queried.': the sentence ended at the "?"
                following = article.sentence_index_at(min(post_end + 1, len(text) - 1))
                if (
                    following is not None
                    and sentences[following].start >= post_end
                    and "\n" not in text[post_end : sentences[following].start]
                ):
                    post_end = sentences[following].end
            if i + 1 < len(quotes):
                post_end = min(post_end, quotes[i + 1].open)
            post_start = min(quote.close + 1, post_end)
            speaker, how = self._attribute_one(quote, pre_start, post_start, post_end)
            if speaker is None:
                s_end = sentences[article.sentence_index_at(max(quote.close, 0)) or 0]
                subject = subject_sentence_end(text, s_end.start, s_end.end)
                if subject is not None and subject.at > quote.close:
                    speaker, how = self.resolve(subject), "sentence end"
            if speaker is None:
                speaker, how = self._colon_paragraph(quote, article)
            if speaker is None:
                speaker, how = self._sentence_subject(quote, article)
            if speaker is None:
                speaker, how = self._sentence_before(quote, article)
            if speaker is None and previous is not None:
                gap = text[previous[0].close : quote.open]
                if len(_BREAKS.findall(gap)) <= 1 and len(gap) < 600:
                    speaker, how = previous[1], "continues the previous quote"
            if speaker in self.acronyms:  # "WMO" -> "World Meteorological Organization"
                speaker = self.acronyms[speaker]
            elif speaker is not None and speaker.split()[0] in self.offices and not is_org(speaker):
                speaker = self._strip(speaker)[0]
            yield quote, speaker, how
            previous = (quote, speaker)

    def _sentence_subject(self, quote: QuoteSpan, article: Article) -> tuple[str | None, str]:
        """A partial quote in a sentence with no speech verb, whose subject is a person
        ("Declaring the result, Marchbank thanked counting staff "who have …"")."""
        text = self.text
        sentence = article.sentences[article.sentence_index_at(quote.open) or 0]
        if not text[sentence.start : quote.open].strip() or _MARKS_RE.search(
            text, sentence.start, quote.open
        ):
            return None, ""
        subject = _clause_subject(text, sentence.start, quote.open)
        if subject is None or subject.kind not in ("name", "pronoun"):
            return None, ""
        if subject.kind == "name":
            bare, _ = self._strip(subject.text)
            if not self.registry.is_person(self.registry.canonical(bare)):
                return None, ""
        speaker = self.resolve(subject)
        return speaker, "the subject of the sentence" if speaker else ""

    def _sentence_before(self, quote: QuoteSpan, article: Article) -> tuple[str | None, str]:
        """A quote that is a sentence of its own, right after a sentence of the same
        paragraph that opens with a person ("Baker was blunt. "…""), is that person's."""
        text = self.text
        index = article.sentence_index_at(quote.open) or 0
        sentence = article.sentences[index]
        if index == 0 or text[sentence.start : quote.open].strip():
            return None, ""
        previous = article.sentences[index - 1]
        between = text[previous.start : quote.open]
        if "\n" in text[previous.end : quote.open]:
            return None, ""
        if _MARKS_RE.search(between):
            # '"There," she says. "Now it only talks …"': a short quote's attribution (a
            # quote found in that sentence is left to the continuation rule)
            first = bisect.bisect_left(self._quote_opens, previous.start)
            if first < len(self._quote_opens) and self._quote_opens[first] < previous.end:
                return None, ""
            attribution = subject_sentence_end(text, previous.start, previous.end)
            if attribution is None:
                return None, ""
            speaker = self.resolve(attribution)
            return speaker, "the attribution before" if speaker else ""
        subject = _clause_subject(text, previous.start, previous.end)
        if subject is None or subject.at - previous.start > 25:
            return None, ""
        if subject.kind == "name":
            bare, _ = self._strip(subject.text)
            if not self.registry.is_person(self.registry.canonical(bare)):
                return None, ""
        elif subject.kind != "pronoun":
            return None, ""
        speaker = self.resolve(subject)
        return speaker, "the sentence before" if speaker else ""

    def _colon_paragraph(self, quote: QuoteSpan, article: Article) -> tuple[str | None, str]:
        """A quote that opens its paragraph after a paragraph ending in a colon ("The ECDC
        said in its latest risk assessment:") is introduced by that paragraph's last
        sentence."""
        text = self.text
        line_start = text.rfind("\n", 0, quote.open) + 1
        if line_start == 0 or text[line_start : quote.open].strip():
            return None, ""
        before = text[:line_start].rstrip()
        if not before.endswith(":"):
            return None, ""
        colon = len(before) - 1
        sentence = article.sentences[article.sentence_index_at(colon) or 0]
        subject = self._before(max(sentence.start, colon - 400), colon + 1)
        if subject is None:
            return None, ""
        speaker = self.resolve(subject)
        return speaker, "introduced by the paragraph before" if speaker else ""

    def _attribute_one(
        self, quote: QuoteSpan, pre_start: int, post_start: int, post_end: int
    ) -> tuple[str | None, str]:
        text = self.text
        after = subject_after(text, post_start, post_end) if quote.closed else None
        inner_end = text[quote.end : quote.close + 1]
        ends_open = "," in inner_end or text[quote.end - 1] in "?!\u2014-"
        if after is not None and ends_open:
            return self.resolve(after), "after the quote"
        before = self._before(pre_start, quote.open)
        if before is not None:
            return self.resolve(before), "before the quote"
        if after is not None:
            return self.resolve(after), "after the quote"
        return None, ""

    def _before(self, start: int, quote_open: int) -> Subject | None:
        text = self.text
        clause = text[start:quote_open]
        according = _ACCORDING.search(clause) or _ACCORDING_HEAD.match(clause)
        if according:  # "…, according to X:" / "According to X, an analyst at Y, the …"
            inner = start + according.start("subj")
            return _subject_at_end(according.group("subj"), inner) or Subject(
                "generic", according.group("subj"), inner
            )
        verb = _last(
            v
            for v in VERB_RE.finditer(text, start, quote_open)
            # not a verb of a relative clause: "…, at least 35 of whom the IDF has confirmed"
            if not _RELATIVE_BEFORE.search(
                text, max(start, text.rfind(",", start, v.start())), v.start()
            )
        )
        if verb is None:
            colon = _NAME_COLON.search(clause)  # "Netanyahu:" - a name alone before it
            if colon:
                names: list[Name] = find_names(text, start + colon.start("who"), quote_open)
                if names:
                    return Subject("name", names[-1].text, names[-1].start)
            if clause.rstrip().endswith(":"):
                # "The UN's coordinator for Sudan, Aminata Diallo, issued a warning on Monday:"
                return _clause_subject(text, start, start + len(clause.rstrip()) - 1)
            return None
        return subject_before(text, start, verb.start())
