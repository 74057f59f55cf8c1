"""Names in news text: capitalised sequences, titles, organisations, a registry of mentions.

Everything here is regular expressions and small word lists: no tagger, no model.
A *name* is a run of capitalised words (with particles such as "De", "al-",
"bin" and initials such as "U.S."). Titles and roles before a person's name are
stripped ("Israeli Prime Minister Benjamin Netanyahu" -> "Benjamin Netanyahu");
a name is an *organisation* when it holds an organisation word ("Ministry",
"Police") or is one word used as a speaker ("Hamas said").
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from reader.model.lexicon import pick
from reader.model.lexicon import words as _words
from reader.model.packed import U32
from reader.suggest.given_names import GIVEN
from reader.suggest.lexicon import PERSON_ROLES

_TOKEN = r"(?:[A-Z\u00c0-\u00de](?:[\w\u2019'\-]|\.(?=[A-Z]))*\.?)"
_PARTICLE = (
    r"(?:de|De|del|della|dos|das|do|van|von|der|den|ten|ter|zu|da|di|du|la|le|bin|ibn|al|el|y|"
    r"of|of the|&|a/l|a/p|s/o|d/o|binti|bte)"
)
# a lowercase Arabic particle joined to a surname: "Ahmed al-Sharif", "Omar bin-Laden"
HYPHEN_PARTICLE = r"(?:al|el|ad|as|ash|az|an|abu|abd|bin|ben|ibn|bint)-"
# an honorific in brackets after a title, part of the name: "Chief (Mrs) Bolanle Ade"
_BRACKETED_HONORIFIC = r"\((?:Mrs|Mr|Ms|Miss|Dr)\.?\)"
NAME_RE = re.compile(
    rf"(?<![\w\u2019'-]){_TOKEN}"
    rf"(?:[ \t]+(?:{_BRACKETED_HONORIFIC}[ \t]+)?(?:{_PARTICLE}[ \t]+){{0,2}}"
    rf"(?:{HYPHEN_PARTICLE})?{_TOKEN})*"
)

#: Titles and roles written before a name; stripped from the speaker.
TITLES = _words(
    """
    president vice prime minister secretary mayor dr dr. mr mr. mrs mrs. ms ms. miss sen sen.
    senator rep rep. representative gov gov. governor chancellor king queen judge justice general
    gen gen. col col. colonel capt capt. captain chief officer director spokesman spokeswoman
    spokesperson professor prof prof. councillor councilor councilman councilwoman commissioner
    sheriff detective inspector superintendent ambassador foreign defence defense health interior
    finance state deputy chairman chairwoman chair ceo coach manager leader rev rev. reverend
    father sir dame lord lady prince princess speaker attorney pope bishop archbishop
    lieutenant lt lt. sergeant sgt sgt. major admiral corporal cpl principal head
    headteacher sheikh imam rabbi president-elect premier minister-president executive
    economy energy education transport trade environment agriculture labour labor home
    national security adviser advisor commander brigadier marshal police fire
    substitute striker defender midfielder goalkeeper winger forward boss veteran
    constable supt supt. insp. det. assistant acting asst asst.
    sister cmdr cmdr. cllr cllr. const. secretary-general
    det insp st st. cr cr. clr clr. shri smt smt. sri comrade alhaji alhaja engr engr.
    administrator registrar ombudsman auditor comptroller treasurer provost
    taoiseach tánaiste tanaiste emir sultan crown ayatollah cardinal patriarch mufti baroness
    baron viscount duchess assemblyman assemblywoman alderman alderwoman supervisor selectman
    coroner magistrate recorder
    hon hon. honourable honorable mallam otunba
    fr fr. republican democrat ald ald.
    datuk dato dato' dato’ datin seri puan tun toh
    aunty auntie advocate adv adv.
    del. sr sr. assemblymember
    """
)

#: Title words that only qualify an office ("Health" Minister, "National Security"
#: Adviser): on their own before a name they are no title.
PORTFOLIO_WORDS = _words(
    """
    foreign defence defense health interior finance state economy energy education transport
    trade justice environment agriculture labour labor home national security police fire
    housing planning culture sport tourism industry development infrastructure welfare
    vice deputy acting assistant asst asst. executive
    """
)

#: Rank abbreviations in capitals (UK police style, written without dots: "DCI Jo Hart",
#: "PC Sam Lee") and elected members' letters before a name; matched case-sensitively,
#: because "Di" is also a given name.
#: Elected members' letters written before a name ("Labour MP Jo Hart", "Fianna Fáil TD
#: Mary Lynch"): also roles, so that a later "the TD" / "the Labour MP" means that person.
ELECTED_LETTERS = frozenset(
    {"MP", "MEP", "MSP", "MLA", "MPP", "MHA", "TD", "AM", "MCA", "MNA", "MPA"}
)
CAPITAL_TITLES = frozenset(
    {"PC", "DC", "DS", "DI", "DCI", "DSI", "DCS", "WPC", "PCSO"}
    | ELECTED_LETTERS
    # Indian police ranks: "SHO Ramesh Yadav", "DCP (South) Anita Rao" has its own rule
    | {"SHO", "DCP", "ACP", "SP", "DSP", "SSP", "DIG", "IG", "ADG", "DGP", "CP"}
    # police ranks of India, Uganda, Ghana, Nigeria: "ASP Moses Kizito", "IGP X"
    | {"ASP", "CSP", "IGP", "AIG", "DPC", "DPO"}
)
#: Abbreviations that are titles only after another title ("Det Ch Insp", "Det Con"):
#: on their own "Con" is also a given name.
FOLLOWING_TITLES = frozenset({"ch", "ch.", "con", "con."})


def is_title(tokens: list[str], i: int) -> bool:
    """True when ``tokens[i]`` is a title or rank word before a name (dotted or not)."""
    token = tokens[i].rstrip(",")
    if token.startswith("(") and token.endswith(")"):
        token = token[1:-1]  # "Chief (Mrs) X"
    word = token.lower()
    if word in TITLES or token in CAPITAL_TITLES:
        return True
    if "-" in word and all(part in TITLES or part == "ex" for part in word.split("-")):
        return True  # "Vice-President", "Lieutenant-Colonel", "ex-minister"
    return word in FOLLOWING_TITLES and i > 0 and is_title(tokens, i - 1)


#: Words that make a capitalised name an organisation (or a place, never a person).
ORG_WORDS = _words(
    """
    ministry office agency police department council committee association union company inc
    inc. ltd ltd. corp corp. group news university hospital authority service services forces
    force army military government court commission bank fund organization organisation
    institute centre center party board times post journal press network foundation trust
    club school college federation league parliament congress senate assembly administration
    bureau unit brigade corps command coalition alliance society church mission programme
    program project agency's ministry's statement nations united states kingdom republic
    airlines airways railway railways council's international reuters afp ap bbc cnn
    constabulary holdings capital partners media technologies systems labs motors exchange
    plc llc gmbh rescue watch borders rights advice initiative forum observatory limited
    """
)

#: Words that make a capitalised name a place (never a person): "Granby Street". Words
#: that are also common surnames (Hall, Hill, Lane, Park) are left out.
PLACE_WORDS = _words(
    """
    street road avenue square river lake mountain mountains island isle airport station
    stadium hotel cathedral valley county city town village coast beach sea ocean hills
    forest gardens harbour harbor quay crescent terrace estate province region district
    """
)

#: Capitalised words that start sentences or clauses but are not names.
STOPWORDS = _words(
    """
    a an the this that these those it its he she they we i you his her their our my your
    however but and or so yet when while after before since as if in on at by for from with
    without of to into onto over under during despite although though because meanwhile
    still also then there here what who which where why how all many most some several each
    every no not both either neither one another two three four five six seven eight nine ten
    monday tuesday wednesday thursday friday saturday sunday january february march
    july september october november december jan. feb feb. mar. apr.
    jun. jul. aug. sep. sept. oct oct. nov nov. dec.
    asked speaking writing according following amid among around until unless whether
    reacting responding addressing commenting explaining announcing describing declaring
    reflecting recalling outside inside near across beyond along toward towards
    behind beside between within
    yesterday today tomorrow last next earlier later now instead indeed even only just
    israeli egyptian american british french german russian chinese ukrainian palestinian
    """
)

#: Known abbreviations that may end a name token with a full stop.
_ABBREVIATIONS = _words(
    "mr. mrs. ms. dr. st. jr. sr. gen. col. capt. sen. rep. gov. prof. rev. lt. sgt. cpl. "
    "inc. ltd. corp. co. no. u.s. u.k. u.n. e.u. supt. insp. det. asst. cmdr. cllr. const."
) | {word for word in TITLES if word.endswith(".")}  # "Ald.", "Fr.", "Hon.": a title

#: Roles that, as "the judge" or "the mayor", mean the person who was given that title.
ROLE_NOUNS = pick(
    PERSON_ROLES,
    """
    judge mayor president minister premier chancellor governor senator coach manager
    headteacher inspector detective sheriff commissioner prosecutor ambassador spokesman
    spokeswoman spokesperson chairman chairwoman director professor doctor councillor
    representative congressman congresswoman lawyer attorney barrister chair captain
    superintendent constable commander colonel admiral bishop chief leader
    """,
)

#: Titles and roles that are written differently from the role noun a later reference
#: uses: "Gov. X" is "the governor", "District Attorney X" is "the prosecutor".
ROLE_ALIASES = {
    "gov": "governor",
    "sen": "senator",
    "rep": "representative",
    "dr": "doctor",
    "prof": "professor",
    "chairwoman": "chair",
    "chairman": "chair",
    "spokeswoman": "spokesperson",
    "spokesman": "spokesperson",
    "insp": "inspector",
    "det": "detective",
    "supt": "superintendent",
    "cllr": "councillor",
    "cmdr": "commander",
    "col": "colonel",
    "capt": "captain",
}
PROSECUTOR_TITLE = re.compile(
    r"\b(?:district|state's|state\u2019s|crown|prosecuting|u\.s\.|county) attorney\b|"
    r"\battorney general\b|\bprosecutor\b",
    re.IGNORECASE,
)

#: Words that make the role after them someone else's: a deputy mayor is not "the mayor".
DEPUTY_WORDS = _words("deputy vice assistant associate under former ex")

#: Titles that give a gender ("Mr. Rourke" is a he even without a known given name).
TITLE_GENDER = {"mr": "male", "mrs": "female", "ms": "female", "miss": "female"}


def title_gender(titled_name: str) -> str | None:
    """The gender the titles before a name give ("Mr. Rourke", "Chief (Mrs) X Y")."""
    tokens = titled_name.split()
    for i, token in enumerate(tokens[:-1]):
        gender = TITLE_GENDER.get(token.strip("().").lower())
        if gender is not None:
            return gender
        if not is_title(tokens, i):
            break
    return None


PRONOUNS = {
    "he": "person",
    "she": "person",
    "they": "any",
    "it": "org",
    "him": "person",
    "one": "person",  # "the 24-year-old": a person of either gender
}


@dataclass(frozen=True, slots=True)
class Name:
    """A capitalised sequence found in the text, before any title stripping."""

    start: int
    end: int
    text: str


_WORD = re.compile(r"\S+")


def _is_stopword(token: str) -> bool:
    """A capitalised function word ("The", "However"); an acronym in capitals ("WHO")
    is a name, not the stopword it spells."""
    if 2 <= len(token) <= 5 and token.isupper():
        return False
    return token.lower() in STOPWORDS


def _segments(tokens: list[tuple[int, str]]) -> list[list[tuple[int, str]]]:
    """Split a run of capitalised tokens after a full stop that ends a sentence
    ("Wednesday. Brightwell") - not after an initial ("J.") or "U.S."."""
    segments: list[list[tuple[int, str]]] = [[]]
    for at, token in tokens:
        if token.endswith(".") and token.lower() not in _ABBREVIATIONS:
            body = token[:-1]
            if len(body) == 1 or "." in body:
                segments[-1].append((at, token))
                continue
            segments[-1].append((at, body))
            segments.append([])
            continue
        segments[-1].append((at, token))
    return [seg for seg in segments if seg]


def _possessive_split(segments: list[list[tuple[int, str]]]) -> list[list[tuple[int, str]]]:
    """Split each run of tokens after a possessive: "Sudan's Foreign Minister Omar Babiker"
    -> "Sudan" and "Foreign Minister Omar Babiker"; "Israel's military" -> "Israel"."""
    out: list[list[tuple[int, str]]] = []
    for segment in segments:
        current: list[tuple[int, str]] = []
        for at, token in segment:
            if token.endswith(("'s", "\u2019s")) and len(token) > 2:
                current.append((at, token[:-2]))
                out.append(current)
                current = []
            elif token.endswith(("s'", "s\u2019")) and len(token) > 2:  # "Rui Mendes' side"
                current.append((at, token[:-1]))
                out.append(current)
                current = []
            else:
                current.append((at, token))
        if current:
            out.append(current)
    return out


def find_names(text: str, start: int = 0, end: int | None = None) -> list[Name]:
    """Capitalised sequences in ``text[start:end]``: split at sentence-final stops, cut
    after a possessive "'s", leading stopwords ("However", "The") dropped."""
    return list(iter_names(text, start, end))


def iter_names(text: str, start: int = 0, end: int | None = None) -> Iterator[Name]:
    """:func:`find_names`, one name at a time (a whole article's names, ~45,000 a MB, are
    not held as objects at once: issue 12)."""
    stop = len(text) if end is None else end
    for match in NAME_RE.finditer(text, start, stop):
        tokens = [(match.start() + m.start(), m.group()) for m in _WORD.finditer(match.group())]
        for segment in _possessive_split(_segments(tokens)):
            while segment and _is_stopword(segment[0][1]):
                segment = segment[1:]
            while segment and segment[-1][1].lower() in {"of", "de", "al", "the", "y", "la"}:
                segment = segment[:-1]
            if not segment or not segment[0][1][:1].isupper():
                continue
            first, last = segment[0][0], segment[-1][0] + len(segment[-1][1])
            yield Name(first, last, " ".join(text[first:last].split()))


class NameSpans:
    """Names found by :func:`find_names` kept as their offsets in two arrays (8 bytes a
    name: two unsigned 32-bit offsets, as the store packs them; not a ~100-byte ``Name``
    and its text); each ``Name`` is made again, equal to the one found, when iterated."""

    __slots__ = ("_ends", "_starts", "_text")

    def __init__(self, text: str, names: Iterable[Name]) -> None:
        self._text = text
        self._starts = array(U32)
        self._ends = array(U32)
        for name in names:
            self._starts.append(name.start)
            self._ends.append(name.end)

    def __len__(self) -> int:
        return len(self._starts)

    def __iter__(self) -> Iterator[Name]:
        text = self._text
        for first, last in zip(self._starts, self._ends, strict=True):
            yield Name(first, last, " ".join(text[first:last].split()))


_ORG_LEFT = re.compile(
    r"(?P<cap>[A-Z][\w'\u2019.-]*(?:[ \t]+[A-Z][\w'\u2019.-]*)*)[ \t]+"
    r"(?:for|and|in|on|of|de|the|of the)[ \t]+$"
)


_FIRST_WORD = re.compile(r"\s*(\S+)")


def _first_word(text: str, at: int) -> str:
    r"""``text[at:].split(maxsplit=1)[0]`` (the word at or after ``at``) without copying
    the rest of the text: on a 10 MB article that copy was 10-40 MB each time (issue 12).
    ``\s`` and ``str.split`` agree on what is whitespace."""
    match = _FIRST_WORD.match(text, at)
    if match is None:  # only whitespace left: the IndexError the split gives
        return text[at:].split(maxsplit=1)[0]
    return match.group(1)


def extend_org(text: str, name: Name, floor: int = 0) -> Name:
    """Widen a name leftwards over lowercase joining words when that makes it an
    organisation: "Europe" -> "Organization for Security and Co-operation in Europe"."""
    start, best = name.start, name
    for _ in range(5):
        match = _ORG_LEFT.search(text, max(floor, start - 80), start)
        if match is None:
            break
        start = match.start("cap")
        while _is_stopword(_first_word(text, start)) and start < match.end("cap"):
            # "But the Nigeria Labour Congress", "The Maritime Affairs and …": not "But"/"The"
            start = text.index(" ", start) + 1
            while text[start] in " \t":
                start += 1
        if start >= match.end("cap"):
            break
        phrase = " ".join(text[start : name.end].split())
        if is_org(phrase):
            best = Name(start, name.end, phrase)
    return best


# an organisation's name going on after "for" or "and": "Irish Council for Social
# Housing", "Department of Public Works and Highways"
_ORG_RIGHT = re.compile(
    r"[ \t]+(?:for|and)[ \t]+(?:the[ \t]+)?(?P<rest>[A-Z][\w'\u2019-]*"
    r"(?:[ \t]+(?:(?:of|and|for|the)[ \t]+)?[A-Z][\w'\u2019-]*){0,4})"
)


def extend_org_right(text: str, end: int, phrase: str) -> str:
    """An organisation's name ``phrase`` (ending at ``end``) with the words after "for" or
    "and" that still belong to it: "Irish Council" -> "Irish Council for Social Housing".
    Not when the words after are an organisation or a person of their own ("the Police
    and the Fire Service", "Council and Mayor Jo Hart")."""
    match = _ORG_RIGHT.match(text, end)
    if match is None:
        return phrase
    rest = match.group("rest")
    if is_org(rest) or rest.split()[0] in GIVEN or rest.split()[0].lower() in TITLES:
        return phrase
    return " ".join(f"{phrase}{text[end : match.end()]}".split())


_CAP = r"[A-Z][\w'\u2019-]*"
# an organisation's name with one lowercase word inside, read from either end: the words
# after a name ("Medicines" + " and Healthcare products Regulatory Agency") or before it
_BRIDGE_RIGHT = re.compile(
    rf"(?:[ \t]+(?:(?:and|of|for)[ \t]+)?{_CAP}){{0,3}}[ \t]+(?P<low>[a-z]{{3,}})"
    rf"(?:[ \t]+{_CAP}){{1,4}}"
)
_BRIDGE_LEFT = re.compile(
    rf"{_CAP}(?:[ \t]+(?:(?:and|of|for)[ \t]+)?{_CAP}){{0,3}}[ \t]+(?P<low>[a-z]{{3,}})[ \t]+$"
)


def org_across_lowercase(text: str, name: Name) -> Name:
    """Rule *organisation with a lowercase word*: a name that is one end of an
    organisation's name with one lowercase word inside it ("Medicines and Healthcare
    products Regulatory Agency"), widened to the whole name when the capitalised words
    after the lowercase one end in an organisation word; otherwise ``name`` unchanged."""
    right = _BRIDGE_RIGHT.match(text, name.end, min(len(text), name.end + 90))
    if right is not None and _bridge(right.group("low"), right.group().split()[-1]):
        return Name(name.start, right.end(), " ".join(text[name.start : right.end()].split()))
    left = _BRIDGE_LEFT.search(text, max(0, name.start - 90), name.start)
    if left is not None and _bridge(left.group("low"), name.text.split()[-1]):
        at = left.start()
        while _is_stopword(_first_word(text, at)):  # not "The"
            at = text.index(" ", at) + 1
        if text[at].isupper():  # "The official Korean … Agency": no name before "official"
            return Name(at, name.end, " ".join(text[at : name.end].split()))
    return name


def _bridge(low: str, last: str) -> bool:
    """True when ``low`` can be a word inside an organisation's name ending in ``last``:
    an organisation word ends it, and ``low`` is no function word or verb ("said")."""
    return (
        last.lower() in ORG_WORDS
        and low not in STOPWORDS
        and low not in _BRIDGE_NOT
        and not low.endswith("ed")
    )


# lowercase words that end a clause before a capitalised one: not inside a name
_BRIDGE_NOT = _words("said says told tells and or but than to at by with from into who which that")


_HYPHENATED_GIVEN = re.compile(r"[A-Z][a-z]+-[a-z]+")


def hyphenated_given_name(token: str) -> bool:
    """A Korean, Cantonese or Taiwanese given name written with a hyphen: "Jae-myung",
    "Chun-hei", "Ing-wen"."""
    return _HYPHENATED_GIVEN.fullmatch(token) is not None


def has_given_name(name: str) -> bool:
    """True when the first word of a two- or three-word name is a common given name, or
    it ends in a hyphenated East Asian given name ("Leung Siu-fong")."""
    words = name.split()
    if not 2 <= len(words) <= 4 or is_place(name):
        return False
    return (words[0] in GIVEN and len(words) <= 3) or hyphenated_given_name(words[-1])


def is_place(name: str) -> bool:
    """True when a word of ``name`` is a place word ("Granby Street", "Isle of Wight")."""
    return any(w in PLACE_WORDS for w in name.lower().split())


def is_org(name: str) -> bool:
    """True when ``name`` holds an organisation word or is an acronym ("OCHA", "U.N.")."""
    words = name.lower().split()
    if any(w in ORG_WORDS for w in words):
        return True
    bare = name.replace(".", "")
    return len(words) == 1 and bare.isupper() and len(bare) >= 2


#: Letters after a name that are not part of it ("Anthony Crewe KC").
#: A regnal or generational number ("Osei Tutu II") is part of the name: not in the list.
POST_NOMINALS = _words("KC QC MP MEP MSP MS MLA TD MPP MHA PhD MD MBE OBE CBE Jr Jr. Sr Sr.")

#: Numbers after a name that are part of it ("Nana Osei Akoto II"): its surname is before.
REGNAL_NUMBERS = _words("II III IV")


def strip_title(name: str) -> tuple[str, bool]:
    """Drop titles, roles and nationalities before a person's name, letters after it
    ("KC", "MP") and an "of …" organisation ("Mark Oduya of West Yorkshire Police").

    Returns ``(name, had_title)``. "U.S. Secretary of State Antony Blinken" ->
    ("Antony Blinken", True); a name without a title comes back unchanged.
    """
    tokens = name.split()
    while len(tokens) > 1 and tokens[-1].rstrip(",") in POST_NOMINALS:
        tokens = tokens[:-1]
    if " of " in f" {' '.join(tokens)} ":
        head = " ".join(tokens).split(" of ", 1)[0]
        bare, titled = _strip_title_tokens(head.split())
        words = bare.split()
        if len(words) >= 2 and not is_title(words, len(words) - 1):
            return bare, titled
    return _strip_title_tokens(tokens)


_ROLE_ENDINGS = ("er", "or", "ist", "ent", "ant", "eur")  # not -man/-ian: Osman, Julian


def _role_word(token: str) -> bool:
    """A capitalised common noun for a person that opens a sentence before a name:
    "Developer Marcus Lyle said", "Resident Tom Price, 64,"."""
    word = token.lower()
    return word in ROLE_NOUNS or (word.endswith(_ROLE_ENDINGS) and word not in STOPWORDS)


def _prefix_word(tokens: list[str], j: int) -> bool:
    """A word that can stand before a person's name as (part of) a role or an employer:
    a title, a role noun, a portfolio ("Housing"), an organisation word or an acronym -
    not a given name ("Osman Adam Bakheet" keeps "Osman")."""
    token = tokens[j]
    word = token.lower().rstrip(".,")
    if token in GIVEN or (len(token) == 2 and token[0].isupper() and token[1] == "."):
        return False  # a given name, or an initial ("M. Prakash Rao" keeps "M.")
    return (
        is_title(tokens, j)
        or _role_word(token)
        or (token.isupper() and len(token) >= 2)
        or word in PORTFOLIO_WORDS
        or word in ORG_WORDS
    )


_INITIALS = re.compile(r"(?:[A-Z]\.){1,3}|Md\.?")


def _employer_then_person(tokens: list[str]) -> int | None:
    """Rule *employer before a name*: an organisation's name written right before a
    person's ("Khulna Metropolitan Police R.N. Haque", "Harbour Authority Jo Marsh"): the
    index where the person's name starts - after the last organisation word, when two or
    more words follow that open with initials or a given name and hold no organisation
    word."""
    last_org = max((i for i, t in enumerate(tokens) if t.lower() in ORG_WORDS), default=-1)
    rest = tokens[last_org + 1 :]
    if last_org < 0 or len(rest) < 2 or any(t.lower() in ORG_WORDS for t in rest):
        return None
    if _INITIALS.fullmatch(rest[0]) or rest[0] in GIVEN:
        return last_org + 1
    return None


def _strip_title_tokens(tokens: list[str]) -> tuple[str, bool]:
    name = " ".join(tokens)
    employer = _employer_then_person(tokens)
    if employer is not None:
        return " ".join(tokens[employer:]), True
    for i in range(1, len(tokens) - 1):
        # "Developer Marcus Lyle", "FEMA Administrator Dana Whitcomb", "Housing Vincent Kwok
        # Chun-hei": words before the first known given name; "Lawmaker Tam Wing-sze": a
        # role word before a surname and a hyphenated given name
        if tokens[i] in GIVEN and all(_prefix_word(tokens, j) for j in range(i)):
            return " ".join(tokens[i:]), True
        if (
            i == len(tokens) - 2
            and hyphenated_given_name(tokens[-1])
            and _role_word(tokens[i - 1])
            and tokens[i - 1] not in GIVEN
        ):
            return " ".join(tokens[i:]), True
    last_title = -1
    for i in range(len(tokens) - 1):
        if is_title(tokens, i):
            last_title = i
    if last_title < 0 or all(
        tokens[i].lower().rstrip(".,") in PORTFOLIO_WORDS
        for i in range(last_title + 1)
        if is_title(tokens, i)
    ):
        return name, False  # "Food Security Phase Classification": no office, no title
    rest = tokens[last_title + 1 :]
    domain = False  # "Imam of Dunkwa": the place or body the office is of, not a name
    while rest and rest[0].lower() in {"of", "the", "of the"}:
        rest = rest[1:]
        domain = bool(rest) and not is_title(rest, 0)
        # "Secretary of State Antony Blinken": skip the rest of the role
        while len(rest) > 1 and is_title(rest, 0):
            rest = rest[1:]
    if domain:
        given = next((i for i, token in enumerate(rest) if i and token in GIVEN), None)
        if given is None:
            return name, False
        rest = rest[given:]  # "Mayor of Ardfern Sadiq Khan"
    if not rest:
        return name, False
    return " ".join(rest), True
