"""The words of attribution: speech verbs, person and role nouns, organisation nouns,
and the small regular expressions built from them (no logic: see people.py,
subjects.py and speakers.py)."""

from __future__ import annotations

import re

from reader.model.lexicon import (
    ATTRIBUTION_PARTICIPLES,
    ATTRIBUTION_VERBS,
    INVERTED_VERBS,
    alternation,
)

#: Speech verbs, as regular expression alternations (the forms come from the one list of
#: speech verbs in reader/model/lexicon.py).
VERBS = alternation(ATTRIBUTION_VERBS)


# participles are speech verbs only after a comma: "…, saying that" (not "a warning")
PARTICIPLES = alternation(ATTRIBUTION_PARTICIPLES)


VERB_RE = re.compile(rf"\b(?:{VERBS})\b|(?<=, )(?:{PARTICIPLES})\b")


DAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"


DOC_NOUNS = (
    r"statement|spokes(?:man|woman|person)|report|communiqu[eé]|release|filing|memo|analysis|"
    r"editorial|letter|column|op-ed|essay|article|blog post|post|note|study|tweet|ruling|"
    r"complaint|lawsuit|document|notice"
)


NATIONALITY_NOUNS = (
    "Dutchman|Dutchwoman|Frenchman|Frenchwoman|Englishman|Englishwoman|Irishman|Irishwoman|"
    "Welshman|Welshwoman|Scotsman|Scotswoman|Spaniard|Scot|Dane|Swede|Finn|Pole|Norwegian|"
    "German|Italian|Portuguese|Brazilian|Argentine|Argentinian|Colombian|Mexican|American|"
    "Canadian|Australian|Belgian|Croatian|Serbian|Ukrainian|Russian|Nigerian|Ghanaian|"
    "Senegalese|Egyptian|Moroccan|Algerian|Japanese|Korean|Chinese|Indian|Pakistani|Israeli|"
    "Palestinian|Iranian|Turk|Greek|Austrian|Swiss|Kenyan|Ethiopian|Cameroonian|Ivorian|"
    "Uruguayan|Chilean|Peruvian|Venezuelan|Ecuadorian|Jamaican|Kiwi|New Zealander|Czech|Slovak|"
    "Hungarian|Romanian|Bulgarian|Georgian|Icelander|Filipino|Vietnamese|Thai|Indonesian"
)


#: Unnamed people who can be the "she"/"he" of a later quote.
PERSON_NOUNS = (
    "mother|father|wife|husband|son|daughter|sister|brother|grandmother|grandfather|man|woman|"
    "boy|girl|spokeswoman|spokesman|spokesperson|official|officer|nurse|doctor|resident|"
    "witness|neighbour|neighbor|teacher|student|driver|owner|victim|survivor|friend|relative|"
    "parent|fisherman|farmer|worker|employee|passenger|patient|volunteer|soldier|source"
)


PERSON_NOUN_RE = re.compile(rf"(?:{PERSON_NOUNS})")


GENERIC_NOUNS = (
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


# a name that is the object of a preposition is not the subject of the clause:
# "A farmer from the village of Jubrique, about 20 km inland, said" - the farmer spoke
PREPOSITION_BEFORE = re.compile(
    r"\b(?:of|from|in|at|near|on|for|to|with|by)\s+(?:(?:the|a|an)\s+)?$"
)


# a place after a preposition: "On Geoje, a welder …", "outside Moyale, a mother …"
PLACE_BEFORE = re.compile(
    r"\b(?:of|from|in|at|near|on|to|outside|inside|around|across|beyond|towards?|into)[ \t]+"
    r"(?:the[ \t]+)?$",
    re.IGNORECASE,
)


# where an unnamed person is from: "A nurse from the town of Brindle said"
PLACE_PREPOSITION_BEFORE = re.compile(r"\b(?:of|from|in|at|near)\s+$")


FIRST_WORD_SKIP = re.compile(r"^[\s,]*(?:and|but|while|as|so|then)\s+", re.IGNORECASE)


BREAKS = re.compile(r"\n+")


# a lowercase role right before a name: "manager Alan Brightwell", "head coach Marta Saltini"
ROLE_BEFORE = re.compile(
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
NOUN_BEFORE = re.compile(r"\b(?P<noun>[a-z][a-z-]{2,})[ \t]+$")


AGENT_SUFFIXES = ("er", "or", "ist", "ian", "man", "woman", "person", "eur")


AGENT_WORDS = frozenset(
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


NOT_AGENT = frozenset(
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


COMPANY_MAKER = re.compile(r"(?:car|chip|drug|auto|toy|phone|game|steel|plane|aircraft)maker$")


# a speech verb right before a name: "…," said Gareth Okafor, an analyst
VERB_BEFORE = re.compile(rf"\b(?:{alternation(INVERTED_VERBS)})[ \t]+$")


#: Nouns that, as "the organisation said", mean an organisation named shortly before.
ORG_REF_NOUNS = frozenset(
    re.findall(
        r"\w+",
        "organisation organization agency body group company firm charity ministry "
        "department council union commission committee board authority bank airline trust "
        "forum network alliance coalition federation association institute foundation "
        "society league movement office service regulator watchdog",
    )
)
