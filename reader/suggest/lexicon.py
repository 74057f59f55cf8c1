"""The words of attribution: person nouns, organisation nouns and groups of people, one
list per concept, and the small regular expressions built from them (no logic: see
people.py, subjects.py and speakers.py).

Each concept has one list (:data:`PERSON_ROLES`, :data:`ORGANISATION_KINDS`,
:data:`PEOPLE_GROUPS`; speech verbs are in reader/model/lexicon.py, shared with
segmentation). A rule that needs some of a concept's words *picks* them from its list
(:func:`reader.model.lexicon.pick` fails on a word the list lacks), so a new word is
added once, where it belongs, and then picked by the rules that were tuned to use it.
tests/test_suggest_lexicon.py checks that no list repeats a word and that the concepts
overlap only where this module says so."""

from __future__ import annotations

import re

from reader.model.lexicon import (
    ATTRIBUTION_PARTICIPLES,
    ATTRIBUTION_VERBS,
    INVERTED_VERBS,
    alternation,
    pick,
    words,
)

#: People by what they are or do: roles, offices, occupations, kin and unnamed people
#: (lowercase, singular). The one list of person nouns.
PERSON_ROLES = words(
    """
    accountant activist actor actress admiral advocate agent aide ambassador analyst
    appointee assistant attorney aunt author barrister bishop boss boy boyfriend brother
    campaigner candidate captain chair chairman chairwoman chancellor chef chief citizen
    clerk coach colleague colonel commander commissioner congressman congresswoman
    constable consultant coroner correspondent councillor cousin daughter dean defender
    delegate deputy detective diplomat director doctor driver economist editor employee
    engineer envoy evacuee executive expert fan farmer father fisherman forward founder
    friend girl girlfriend goalkeeper governor graduate granddaughter grandfather
    grandmother grandson guard head headteacher husband imam inspector journalist judge
    lawmaker lawyer leader lieutenant man manager mayor medic member midfielder midwife
    migrant minister monk mother negotiator neighbor neighbour nephew niece nominee nun
    nurse officer
    official opponent owner paramedic parent partner passenger pastor patient physician
    pilgrim pilot player premier president priest principal professor prosecutor rabbi
    ranger refugee relative reporter representative researcher resident retiree rival
    scientist secretary senator sergeant sheriff shopkeeper singer sister soldier son
    source spokesman spokesperson spokeswoman star striker student substitute
    superintendent surgeon survivor teacher teenager trainee uncle veteran vicar victim
    volunteer voter wife winger witness woman worker writer youngster
    """
)

#: Organisations and bodies by their kind (lowercase, singular; "_" for a space). The
#: one list of organisation nouns.
ORGANISATION_KINDS = words(
    """
    agency air_force airline alliance army association authority bank board body cabinet
    campaign charity club coalition coast_guard commission committee company council
    court department embassy federation firm forum foundation government group hospital
    institute leadership league military ministry mission movement navy network office
    organisation organization parliament party presidency regulator school service
    society team trust union university watchdog
    """
)

#: People as a body or in the plural, who speak together ("police", "officials said").
PEOPLE_GROUPS = words(
    """
    activists analysts authorities campaigners critics diplomats doctors economists experts
    family investigators lawyers mediators monitors negotiators observers officers
    officials organisers organizers police prosecutors protesters researchers residents
    scientists sources witnesses
    """
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
PERSON_NOUNS = pick(
    PERSON_ROLES,
    """
    mother father wife husband son daughter sister brother grandmother grandfather man
    woman boy girl spokeswoman spokesman spokesperson official officer nurse doctor
    resident witness neighbour neighbor teacher student driver owner victim survivor
    friend relative parent fisherman farmer worker employee passenger patient volunteer
    soldier source
    """,
)


#: Subjects that name no one in particular and speak for a body: "police", "the
#: ministry", "the mayor" (a regular expression alternation).
GENERIC_NOUNS = alternation(
    PEOPLE_GROUPS
    | pick(
        PERSON_ROLES,
        """
        ambassador chairman chairwoman chief coach commissioner congressman congresswoman
        coroner councillor detective director doctor governor headteacher inspector judge
        lawmaker lawyer leader manager mayor minister official premier president professor
        prosecutor representative senator sheriff spokesman spokesperson spokeswoman
        """,
    )
    | pick(
        ORGANISATION_KINDS,
        """
        agency airline alliance army association bank board body campaign charity club
        coalition commission committee company council court department federation firm
        forum foundation government group hospital institute league military ministry
        mission movement network organisation organization party regulator school society
        team trust union university watchdog
        """,
    )
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


#: Roles written in lowercase right before a name ("manager Alan Brightwell").
ROLES_BEFORE_NAME = pick(
    PERSON_ROLES,
    """
    coach captain manager substitute defender striker midfielder goalkeeper winger
    forward boss star veteran chief head spokesman spokeswoman spokesperson secretary
    minister president lawyer attorney barrister judge officer official mayor leader
    director executive researcher economist analyst scientist professor doctor nurse
    teacher resident farmer worker owner founder chairman chairwoman campaigner activist
    author writer journalist reporter editor singer actor actress player commander
    senator governor councillor candidate rival opponent colleague deputy envoy
    negotiator prosecutor congressman congresswoman representative lawmaker
    """,
)


# a lowercase role right before a name: "manager Alan Brightwell", "head coach Marta Saltini"
ROLE_BEFORE = re.compile(
    r"\b(?:(?:[Dd]eputy|[Vv]ice|[Aa]ssistant|[Aa]ssociate|[Ff]ormer)[ -])?"
    rf"(?:{alternation(ROLES_BEFORE_NAME)})"
    r"\s+$"
)


# any lowercase noun phrase right before a name: "harbour master Colin Trewin"; the noun
# names a person when it is a role word (above) or looks like one (-er, -or, -ist, -ian,
# -man, -person: "organiser", "surveyor", "physicist", "librarian", "fisherman")
NOUN_BEFORE = re.compile(r"\b(?P<noun>[a-z][a-z-]{2,})[ \t]+$")


AGENT_SUFFIXES = ("er", "or", "ist", "ian", "man", "woman", "person", "eur")


#: Person nouns that do not end like one (-er, -or, -ist …: see AGENT_SUFFIXES).
AGENT_WORDS = pick(
    PERSON_ROLES,
    """
    resident student president consultant assistant sergeant lieutenant accountant agent
    parent correspondent superintendent constable chief head boss clerk nun monk priest
    vicar pastor rabbi imam bishop chef pilot guard ranger medic paramedic surgeon physician
    midwife coach aide envoy chair dean principal delegate candidate expert graduate
    advocate colleague refugee migrant evacuee retiree trainee nominee appointee veteran
    pilgrim patient victim witness fan citizen official
    """,
)


#: Words with a person ending (-er, -or, -man …) that name no person ("water", "carrier").
NOT_AGENT = words(
    """
    after later never ever over under other whether either neither rather together however
    senior junior major minor prior interior exterior superior inferior former latter
    her their our your for nor per water river border quarter order sector corridor chapter
    number letter paper newspaper winter summer october november december september centre
    center theatre theater tower broadcaster carrier retailer lender developer manufacturer
    operator supplier insurer provider publisher producer distributor exporter importer
    regulator computer container tanker trawler cruiser liner error mirror floor
    door poor four hour motor favour favor remember consider offer enter deliver gather
    suffer answer cover discover register monitor human german than then when
    partner owner-operator brewer grocer
    """
)


COMPANY_MAKER = re.compile(r"(?:car|chip|drug|auto|toy|phone|game|steel|plane|aircraft)maker$")


# a speech verb right before a name: "…," said Gareth Okafor, an analyst
VERB_BEFORE = re.compile(rf"\b(?:{alternation(INVERTED_VERBS)})[ \t]+$")


#: Nouns that, as "the organisation said", mean an organisation named shortly before.
ORG_REF_NOUNS = pick(
    ORGANISATION_KINDS,
    """
    organisation organization agency body group company firm charity ministry
    department council union commission committee board authority bank airline trust
    forum network alliance coalition federation association institute foundation
    society league movement office service regulator watchdog
    """,
)

#: Organisations written as someone's ("Brazil's central bank", "Israel's military").
POSSESSIVE_ORG_NOUNS = pick(
    ORGANISATION_KINDS,
    """
    bank ministry government military army parliament council court regulator agency
    cabinet presidency navy air_force coast_guard
    """,
) | pick(PEOPLE_GROUPS, "police")

#: Kin: "her husband, Walt," names a person by a one-word name.
KIN_NOUNS = pick(
    PERSON_ROLES,
    """
    husband wife son daughter brother sister mother father partner friend neighbour
    neighbor uncle aunt cousin grandson granddaughter grandmother grandfather colleague
    boyfriend girlfriend nephew niece
    """,
)

#: An unnamed person at the end of a subject: "one resident", "a senior official".
SOMEONE_NOUNS = pick(
    PERSON_ROLES,
    """
    sister nurse doctor resident official officer soldier witness teacher student worker
    farmer source diplomat analyst voter fan parent mother father man woman neighbour
    neighbor spokesman spokeswoman spokesperson survivor volunteer driver shopkeeper
    manager employee member researcher engineer paramedic medic patient passenger
    """,
)

#: A role between a name and a person's name: "Union leader Choi had a message:".
ROLES_BETWEEN_NAMES = pick(
    PERSON_ROLES,
    """
    leader chief head spokesman spokeswoman spokesperson analyst president chairman
    chairwoman director coach manager minister secretary official economist lawyer
    captain
    """,
)

#: "the striker", "the 24-year-old": the person just written about (with nationalities).
PERSON_NP_NOUNS = pick(
    PERSON_ROLES,
    """
    player striker defender midfielder goalkeeper winger forward veteran youngster
    teenager actor actress singer star woman man girl boy
    """,
)

#: The words of someone's organisation at the end of a subject ("Israel's military",
#: "the ministry's spokesman").
POSSESSIVE_SUBJECT_NOUNS = (
    pick(
        ORGANISATION_KINDS,
        "military army government ministry office cabinet team leadership embassy agency",
    )
    | pick(PERSON_ROLES, "spokesman spokeswoman spokesperson president leader")
    | pick(PEOPLE_GROUPS, "police authorities officials")
)
