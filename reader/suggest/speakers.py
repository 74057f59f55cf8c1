"""Speakers: the registry of who is mentioned where, and the resolution of a subject
phrase (:class:`reader.suggest.subjects.Subject`) to a speaker's name.

:class:`SpeakerResolver` fills a :class:`reader.suggest.registry.Registry` in named
passes (see :meth:`SpeakerResolver._register`) and resolves subjects: titles stripped
("Mayor", "Dr.", "Prime Minister"), surnames to the full name seen before ("Berman" ->
"Lazar Berman"), he/she to the most recent person named before, "it" to the most
recent organisation that spoke, "a statement" to an organisation written before
"statement" or the most recent organisation that spoke nearby, else "statement". The
rules that find a quote's subject are in reader/suggest/attribution.py.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from reader.model import Article
from reader.model.lexicon import alternation
from reader.suggest.given_names import gender_of
from reader.suggest.lexicon import (
    KIN_NOUNS,
    ORG_REF_NOUNS,
    PLACE_BEFORE,
    POSSESSIVE_ORG_NOUNS,
    ROLE_BEFORE,
    VERB_BEFORE,
    VERB_RE,
)
from reader.suggest.names import (
    PRONOUNS,
    STOPWORDS,
    Name,
    NameSpans,
    extend_org,
    extend_org_right,
    find_names,
    has_given_name,
    is_org,
    is_place,
    is_title,
    iter_names,
    strip_title,
    title_gender,
)
from reader.suggest.people import (
    APPOSITION,
    GIVEN_NAME_BEFORE,
    KIN,
    OBLIQUE_BEFORE,
    ROLE_COMMA_BEFORE,
    ROLE_MENTION,
    apposition_noun,
    is_dateline,
    is_person_noun,
    person_apposition,
    person_by_context,
    role_acronym,
    role_noun_before,
    role_only,
)
from reader.suggest.quotes import QuoteSpan, QuoteTable, first_paragraph
from reader.suggest.registry import Registry
from reader.suggest.subjects import (
    Subject,
    last,
    subject_before,
)

_POSSESSIVE_ORG = re.compile(
    r"\b(?P<owner>[A-Z][\w.-]*(?:[ \t]+[A-Z][\w.-]*){0,2})['\u2019]s[ \t]+"
    rf"(?P<noun>(?:[a-z]+[ \t]+){{0,2}}(?:{alternation(POSSESSIVE_ORG_NOUNS)}))\b"
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
        word in ORG_REF_NOUNS or is_person_noun(word) for word in after.group().split()
    )


_UNIT_BEFORE = re.compile(r"\d[ \t]*$")


# a publication or broadcaster as the audience: "told the Irish Independent", "said in an
# interview with the Western Courier": never a person, so never the speaker a later
# "the Independent TD" or "Courier" is resolved to (rule *audience is no speaker*)
_PUBLICATION_BEFORE = re.compile(
    r"\b(?:told|tells|telling|(?:spoke|speaking|talking|talked|wrote|writing)[ \t]+(?:to|in)|"
    r"(?:interview|interviewed)[ \t]+(?:with|by))[ \t]+the[ \t]+$"
)


_STATEMENT_AFTER = re.compile(
    r"\s+(?:\w+\s+)?in\s+an?\s+(?:\w+\s+)?(?:statement|filing|press release|release|notice)\b"
)


_PLACE_TITLE = re.compile(
    r"(?:Prince|Princess|King|Queen|Saint|St\.?|Lord|Lady|Duke|Duchess|Earl|Port|Mount|Fort|"
    r"Cape|Lake|San|Santa)\s",
)
STATEMENT_WINDOW = 800  # characters back to look for the organisation behind "a statement"


NAMED_ORG_WINDOW = 3000  # back to an organisation whose name holds the noun ("the ministry")


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


# an indefinite description introduces someone new ("a Hadley spokesman")
_INDEFINITE = re.compile(r"(?:an?|one|another)\s", re.IGNORECASE)

# an age in brackets right after a name (Irish and British style): "Mary Lynch (67)"
_AGE_AFTER = re.compile(r"[ \t]*\(\d{1,3}\)")

# "Minister of State for" / "Secretary of" right before a name run: the run begins with
# the portfolio ("Minister of State for Manpower Gan Siew Ling")
_PORTFOLIO_BEFORE = re.compile(
    r"\b(?:Minister|Secretary|Commissioner|Director|Chairman|Chairwoman)"
    r"(?:[ \t]+of[ \t]+State)?[ \t]+(?:for|of)[ \t]+$"
)


def _title_like(tokens: list[str], i: int) -> bool:
    """A title word, or a rank or office in capitals ("ASP", "DCE"), before a name."""
    token = tokens[i].rstrip(".,")
    return is_title(tokens, i) or (token.isupper() and token.isalpha() and 2 <= len(token) <= 6)


# an office in apposition right before its holder's name: "The Minister for Lands and
# Natural Resources, Hon. X,", "The District Chief Executive (DCE), Mr X,", "The
# Omanhene of the Abirem Traditional Area, Nana X II,"
_OFFICE_COMMA_BEFORE = re.compile(
    r"\b[Tt]he[ \t]+(?P<office>[A-Z][\w'\u2019-]*(?:[ \t]+[A-Z][\w'\u2019-]*){0,3})"
    r"(?:[ \t]+(?:of|for|to|in)[ \t]+(?:the[ \t]+)?[A-Z][\w'\u2019.&-]*"
    r"(?:[ \t]+(?:(?:and|of|for|the|&)[ \t]+)*[A-Z][\w'\u2019.&-]*){0,6})?"
    r"(?:[ \t]+\((?P<acronym>[A-Z][A-Za-z]{1,6})\))?,[ \t]*(?:[A-Z][a-z]{1,6}\.[ \t]+)?$"
)


def office_roles(text: str, start: int) -> list[str]:
    """The role words an office written in apposition right before ``start`` gives its
    holder: its head word and the acronym it is given ("minister"; "executive", "dce")."""
    match = _OFFICE_COMMA_BEFORE.search(text, max(0, start - 160), start)
    if match is None:
        return []
    office = match.group("office").split()
    roles = [office[-1].lower()]
    if match.group("acronym"):
        roles.append(match.group("acronym").lower())
    return [role for role in roles if role not in STOPWORDS]


def title_initials(titled: str, bare: str) -> list[str]:
    """The initials of a capitalised title of two words or more written before a name,
    which the text may use for that person ("Superintendent of Police K. Ramesh" ->
    "sp"), and of its shorter tails ("Bronx District Attorney X" -> "bda", "da")."""
    if not titled.endswith(bare) or titled == bare:
        return []
    words = [w for w in titled[: len(titled) - len(bare)].split() if w[:1].isupper()]
    if len(words) < 2 or not all(w.isalpha() for w in words):
        return []
    # and every shorter tail of two words or more: "Kings County District Attorney X" is
    # also "the CDA" and "the DA"
    return ["".join(w[0] for w in words[i:]).lower() for i in range(len(words) - 1)]


# who wrote a document: "It was signed by Karen Voss"
_SIGNED_BY = re.compile(r"\b(?:signed|written|authored|drafted)[ \t]+by[ \t]+")

# a label in brackets right after a name: "Rep. Thad Brill (R-Tex.)", "Eoghan Rua (67)"
_BRACKETS_AFTER = re.compile(r"[ \t]*\([^()\n]{1,25}\)")

# the word before a role noun that is written before a name ("Council" leader X)
_MODIFIER_END = re.compile(r"\b([A-Za-z][\w-]*)[ \t]+$")

# the one lowercase word that says which body "the X ministry" is
_WHICH_BODY = re.compile(r"\b[Tt]he[ \t]+([a-z][\w-]*)[ \t]+$")

# an office held, in a relative clause after a name: ", who has been minister at X"
_WHO_SERVES_AS = re.compile(
    r",[ \t]+who[ \t]+(?:has[ \t]+been|had[ \t]+been|is|was|serves[ \t]+as|served[ \t]+as)"
    r"[ \t]+(?:the[ \t]+)?(?P<noun>[a-z]+)[ \t]+(?:at|of|for|in)\b"
)

# a kin noun right before a name, after a possessive: "Mahmoud's cousin Karim Haddad",
# "her son, Tom Hale,"
_KIN_RIGHT_BEFORE = re.compile(
    rf"(?:['\u2019]s?|\b(?:[Hh]er|[Hh]is|[Tt]heir))[ \t]+(?P<kin>{alternation(KIN_NOUNS)}),?[ \t]+$"
)

_THE_BEFORE = re.compile(r"\b[Tt]he[ \t]+$")

# a nickname in quotes between a given name and a surname: Danjuma "Oga Timber" Musa
_NICKNAMED = re.compile(
    r"(?<![\w'\u2019-])(?P<given>[A-Z][\w'\u2019-]+)[ \t]+[\"\u201c\u2018'][A-Z][\w .'-]{0,30}?"
    r"[\"\u201d\u2019'][ \t]+(?P<surname>[A-Z][\w'\u2019-]+)\b"
)


# a sentence opening with he/she as its subject
_SHE_OPENS = re.compile(r"\s*(She)\s+[a-z]")
_HE_OPENS = re.compile(r"\s*(He)\s+[a-z]")


class SpeakerResolver:
    """Turns subjects into speaker names, using the registry of persons and organisations."""

    def __init__(self, article: Article, quotes: Sequence[QuoteSpan] | None = None) -> None:
        self.text = article.text
        # (packed sections: their array, no list of a 10 MB article's ~110,000 ints)
        self._sentence_starts = article.sentence_starts
        self.registry = Registry()
        # the quotes' marks, as arrays (a table's own: no list of ~20,000 ints a 10 MB)
        table = quotes if isinstance(quotes, QuoteTable) else QuoteTable(quotes or ())
        self.quote_opens: Sequence[int] = table.opens
        self._quote_closes: Sequence[int] = table.closes
        self.acronyms = defined_acronyms(article.text)
        self.offices = office_words(article.text)
        self._register(article)

    def strip(self, name: str) -> tuple[str, bool]:
        """:func:`strip_title`, and an office the text also writes as "the X" ("Taoiseach
        Cathal Ó Fearghail" when the article says "the Taoiseach")."""
        bare, titled = strip_title(name)
        tokens = bare.split()
        while len(tokens) > 2 and tokens[0] in self.offices and not is_org(bare):
            tokens, titled = tokens[1:], True
        return " ".join(tokens), titled

    def canonical(self, bare: str, at: int | None = None) -> str:
        """The registry's full name for ``bare`` (:meth:`Registry.canonical`, the one
        mentioned last before ``at`` when two share a surname: pass ``at`` for a surname
        written with a title, "Mr Ali"); a title or
        rank the lists do not strip, left before a later short form of a name ("Deputy
        Mac Donncha", "ASP Kizito" after "Éamon Mac Donncha", "ASP Moses Kizito"), gives
        way to the full name the rest of it names."""
        registry = self.registry
        full = registry.canonical(bare, at)
        tokens = bare.split()
        dropped = 0
        while dropped < len(tokens) - 1 and _title_like(tokens, dropped):
            dropped += 1
        if dropped:
            rest = " ".join(tokens[dropped:])
            named = registry.canonical(rest)
            if named != rest and " " in named and registry.is_person(named):
                return named
        return full

    def _in_quote(self, offset: int) -> bool:
        """True inside a direct quote: a person named there is not the he/she of the
        narrative ("The risk that Mr. Rourke …," she said)."""
        i = bisect.bisect_right(self.quote_opens, offset) - 1
        return i >= 0 and offset < self._quote_closes[i]

    # -- registry --------------------------------------------------------------------------

    def _register(self, article: Article) -> None:
        """Fill the registry, in named passes: each pass reads what the ones before it
        registered."""
        names, body_start = self._body_names(article)
        self._register_nicknamed(body_start)
        given_gender = self._register_persons(names)
        self._register_repeated(names)
        # organisations named anywhere, first, so that "the company said" can resolve to
        # the one named before it while the speech subjects are registered below
        self._register_named_orgs(names, body_start)
        self._register_speakers(article)
        self._register_person_mentions(article, names, given_gender)
        self._register_role_mentions(article, body_start)
        self.registry.finish()

    def _body_names(self, article: Article) -> tuple[NameSpans, int]:
        """The names of the article's body (not its title or headings), and where the body
        starts."""
        headings = article.heading_spans()  # (packed sections: no ``Section`` made)
        heading_starts = [h.start for h in headings]
        first = first_paragraph(article)
        body_start = 0 if first is None else first[0]

        def in_heading(offset: int) -> bool:
            i = bisect.bisect_right(heading_starts, offset) - 1
            return i >= 0 and offset < headings[i].end

        names = NameSpans(
            self.text,
            (n for n in iter_names(self.text) if n.start >= body_start and not in_heading(n.start)),
        )
        return names, body_start

    def _register_nicknamed(self, body_start: int) -> None:
        """Pass 0: a name with a nickname in quotes inside it (Danjuma "Oga Timber" Musa)
        is the person without the nickname ("Danjuma Musa"), so that "Mr Musa" is them."""
        for match in _NICKNAMED.finditer(self.text, body_start):
            given = match.group("given")
            if given.lower() not in STOPWORDS and not is_title([given], 0):
                self.registry.add_person(f"{match.group('given')} {match.group('surname')}")

    def _register_persons(self, names: NameSpans) -> dict[int, str | None]:
        """Pass 1: the names that are persons by their form or the words around them
        (a given name, a title, a role, an apposition, kin); returns the genders the
        context gives, by offset ("gave her name only as Margaret")."""
        seen_full: dict[str, str] = {}  # surname -> the first two/three-word name ending in it
        given_gender: dict[int, str | None] = {}
        for name in names:
            self._register_person(name, seen_full, given_gender)
        return given_gender

    def _register_person(
        self, name: Name, seen_full: dict[str, str], given_gender: dict[int, str | None]
    ) -> None:
        """Pass 1 for one name (see :meth:`_register_persons`)."""
        text = self.text
        if _PUBLICATION_BEFORE.search(text, max(0, name.start - 40), name.start):
            return  # "told the Western Independent": a publication (not even a surname)
        bare, titled = self.strip(name.text)
        if len(name.text.split()) >= 3 and _PORTFOLIO_BEFORE.search(
            text, max(0, name.start - 40), name.start
        ):
            self.registry.add_portfolio_run(name.text)
        given = GIVEN_NAME_BEFORE.search(text, max(0, name.start - 50), name.start)
        if given is not None:
            self.registry.add_person(bare, single=True)
            pronoun = given.group("pro") or given.group("pro2")
            given_gender[name.start] = {"his": "male", "her": "female"}.get(pronoun or "")
            return
        if is_org(bare) or is_dateline(text, name) or role_only(bare):
            return
        words = bare.split()
        if 2 <= len(words) <= 3:
            seen_full.setdefault(words[-1], bare)
        elif (
            len(words) == 1
            and words[0] in seen_full
            and (
                APPOSITION.match(text, name.end, name.end + 40)
                or VERB_RE.match(text, name.end + 1, name.end + 20)
            )
        ):
            # "Okonkwo, who returned…" after "Emeka Okonkwo": that was a person
            self.registry.add_person(seen_full[words[0]])
            return
        if len(words) >= 2 and (
            has_given_name(bare)
            or _AGE_AFTER.match(text, name.end)  # "Eoghan Mac Giolla Rua (67)"
            or ROLE_BEFORE.search(text, max(0, name.start - 30), name.start)
            or person_by_context(text, name, bare)
            or office_roles(text, name.start)  # "The Minister for X, Hon. Y Z,"
        ):
            full = self.registry.add_person(bare)  # "manager Alan Brightwell"
            self._add_roles(name, full)
            return
        kin = KIN.search(text, max(0, name.start - 40), name.start)  # "her husband, Walt,"
        label = _BRACKETS_AFTER.match(text, name.end)  # "Rep. X (R-Tex.), the chairman,"
        described, described_gender = person_apposition(text, label.end() if label else name.end)
        if titled or described:
            if len(bare.split()) >= 2 or titled:
                # "President Lula", "Prime Minister Modi": one word with an office is a
                # person ("Prince Albert", "St Ives" are places)
                office = titled and not _PLACE_TITLE.match(name.text)
                full = self.registry.add_person(bare, single=office)
                self._add_roles(name, full)
            elif (
                described == "noun"
                and not PLACE_BEFORE.search(text, max(0, name.start - 12), name.start)
            ) or kin is not None:
                # "Khadija, a 34-year-old mother of five, said" (not "On Geoje, a welder")
                self.registry.add_person(bare, single=True)
            if described_gender and not gender_of(bare):
                given_gender[name.start] = described_gender
        elif text[max(0, name.start - 3) : name.start] == "by " and len(bare.split()) >= 2:
            self.registry.add_person(bare)
        elif len(bare.split()) == 1 and kin is not None:
            self.registry.add_person(bare, single=True)
        if kin is not None and not gender_of(bare):  # "her husband, Walt," is a he
            given_gender.setdefault(name.start, gender_of(kin.group("kin")))

    def _register_named_orgs(self, names: NameSpans, body_start: int) -> None:
        """Pass 3: organisations named anywhere ("Great Western Railway", "Brazil's central
        bank"), for a later "the company said"."""
        text = self.text
        for name in names:
            bare, _ = self.strip(name.text)
            if (
                is_org(bare)
                and not _aside_org(text, name)
                and not _UNIT_BEFORE.search(text, max(0, name.start - 8), name.start)
                and text[name.end : name.end + 1] != "$"
            ):  # not a unit ("boats under 5 GT") or a currency ("US$208 million")
                widened = extend_org(text, name)  # and "… for Social Housing" after it
                self.registry.mention_named_org(
                    widened.start, extend_org_right(text, name.end, widened.text)
                )
        for match in _POSSESSIVE_ORG.finditer(text, body_start):
            # "Brazil's central bank raised …": named for a later "the bank said"
            phrase = f"{match.group('owner')}'s {' '.join(match.group('noun').split())}"
            self.registry.mention_named_org(match.start(), phrase)
        self.registry.sort_named_orgs()

    def _register_speakers(self, article: Article) -> None:
        """Pass 4: the speakers of indirect speech ("X said", "X told"): persons, unnamed
        persons and organisations that spoke."""
        for sentence in article.sentences:
            for verb in VERB_RE.finditer(self.text, sentence.start, sentence.end):
                self._register_speaker(article, sentence.start, verb)

    def _register_speaker(self, article: Article, sentence_start: int, verb: re.Match[str]) -> None:
        """Pass 4 for one speech verb (see :meth:`_register_speakers`)."""
        text = self.text
        subject = subject_before(text, sentence_start, verb.start())
        if subject is None or subject.kind == "pronoun":
            return
        if (
            subject.kind == "generic"
            and " " not in subject.text
            and is_person_noun(subject.text)
            and self.registry.role_at(subject.text, subject.at) is None
        ):  # an unnamed person who spoke: "A Velton engineer … said"
            index = article.sentence_index_at(subject.at) or 0
            self.registry.mention_person(subject.at, subject.text, index)
            return
        name = self._name_of(subject)
        if name is None:
            return
        if subject.kind == "name" and not is_org(subject.text):
            bare, titled = self.strip(subject.text)
            if (
                _STATEMENT_AFTER.match(text, verb.end())
                and not titled
                and not has_given_name(bare)
                and not self.registry.is_person(self.registry.canonical(bare))
            ):  # "Hanwha Ocean said in a statement": a company
                self.registry.mention_org(subject.at, bare)
                return
            if len(bare.split()) >= 2:
                self.registry.add_person(bare)
                return
            if role_noun_before(text, subject.at):  # "trader Warsini said"
                self.registry.add_person(bare, single=True)
                return
            if self.registry.is_person(self.registry.canonical(bare)):
                return
        if subject.kind == "generic" and self.registry.is_person(name):
            return  # "the prosecutor told": a person (mentioned by role), not an org
        self.registry.mention_org(subject.at, name)

    def _register_person_mentions(
        self, article: Article, names: NameSpans, given_gender: dict[int, str | None]
    ) -> None:
        """Pass 5: every mention of a registered person outside quotes, with its sentence,
        gender and whether it is oblique ("according to X"), for he/she."""
        text = self.text
        for name in names:
            bare, titled = self.strip(name.text)
            if is_org(bare):
                continue
            full = self.canonical(bare, name.start if titled else None)
            if self.registry.is_person(full) and not self._in_quote(name.start):
                sentence = article.sentence_index_at(name.start) or 0
                gender = given_gender.get(name.start) or title_gender(name.text)
                oblique = OBLIQUE_BEFORE.search(text, max(0, name.start - 60), name.start)
                self.registry.mention_person(
                    name.start, full, sentence, gender, oblique=oblique is not None
                )
                acronym = role_acronym(text, name.start)
                if acronym is not None:  # "deputy commissioner of police X": "the DCP"
                    self.registry.add_role_word(acronym, full, name.start)

    def _register_role_mentions(self, article: Article, body_start: int) -> None:
        """Pass 6: "the judge denied …": a mention of the person given that title, for
        he/she."""
        text = self.text
        for match in ROLE_MENTION.finditer(text, body_start):
            person = self.registry.role_at(match.group("role"), match.start())
            if person is not None and not self._in_quote(match.start()):
                sentence = article.sentence_index_at(match.start()) or 0
                self.registry.mention_person(match.start("role"), person, sentence)

    def _register_repeated(self, names: NameSpans) -> None:
        """Pass 2: a name of two to four words that the text later uses by one part alone
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
                    VERB_BEFORE.search(text, max(0, n.start - 12), n.start)
                    and re.match(r"\s*[,.;]", text[n.end : n.end + 2])
                )
            )
            and not _DETERMINER_BEFORE.search(text, max(0, n.start - 5), n.start)
        ]
        singles = {name for name in spoken if " " not in name}
        pairs = {name for name in spoken if name.count(" ") == 1}
        for name in names:
            bare, _ = self.strip(name.text)
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
        role = ROLE_BEFORE.search(before)
        phrase = name.text
        if role is not None:
            phrase = f"{before[role.start() :].strip()} {phrase}"
            modifier = _MODIFIER_END.search(before, 0, role.start())
            if modifier is not None and modifier.group(1).lower() not in STOPWORDS:
                # "Council leader Cllr X" is "the council leader", not "the group leader"
                role_noun = before[role.start() :].split()[-1].lower()
                compound = f"{modifier.group(1).lower()} {role_noun}"
                self.registry.add_role_word(compound, person, name.start)
        else:
            comma = ROLE_COMMA_BEFORE.search(before)
            if comma is not None:
                phrase = f"{comma.group('role')} {phrase}"
        self.registry.add_role(phrase, person, name.start)
        for office in office_roles(text, name.start):  # "The Minister for X, Hon. Y,"
            self.registry.add_role_word(office, person, name.start)
        for initials in title_initials(name.text, self.strip(name.text)[0]):
            # "Superintendent of Police X": "the SP"
            self.registry.add_role_word(initials, person, name.start)
        _kind, _gender, noun = apposition_noun(text, name.end)
        if noun is not None:  # "Jane Doe, the health minister," -> "the minister"
            self.registry.add_role_word(noun, person, name.start)
        serving = _WHO_SERVES_AS.match(text, name.end, name.end + 80)
        if serving is not None and is_person_noun(serving.group("noun")):
            # "Rev. X, who has been minister at Killybrack for 19 years," -> "the minister"
            self.registry.add_role_word(serving.group("noun"), person, name.start)
        kin = _KIN_RIGHT_BEFORE.search(text, max(0, name.start - 30), name.start)
        if kin is not None:  # "Mahmoud's cousin Karim Haddad" -> "the cousin"
            self.registry.add_role_word(kin.group("kin"), person, name.start)

    def _name_of(self, subject: Subject) -> str | None:
        """The speaker a non-pronoun subject names (no context needed)."""
        if subject.kind == "name":
            if subject.text.isupper():  # "The DCP said": a role written as its initials
                person = self.registry.role_at(subject.text.lower(), subject.at)
                if person is not None:
                    return person
            elif (
                len(words := subject.text.split()) <= 3
                and is_title(words, len(words) - 1)
                and _THE_BEFORE.search(self.text, max(0, subject.at - 5), subject.at)
            ):  # "the Premier said": the person given that title ("Premier X"); "the
                # Labour TD said": a party or "Independent" before it describes the holder
                person = self.registry.role_at(words[-1].lower(), subject.at)
                if person is not None:
                    return person
            bare, titled = self.strip(subject.text)
            if is_org(subject.text) and (bare == subject.text or is_org(bare)):
                # not "Dr X of the Medical University of Warsaw"; "The Department of Public
                # Works and Highways said": the whole name
                end = subject.at + len(subject.text)
                if self.text[subject.at : end] != subject.text:
                    return subject.text
                return extend_org_right(self.text, end, subject.text)
            # "Mr Ali" after two Alis: the one named last ("Ellery" alone: the first one)
            return self.canonical(bare, subject.at if titled else None)
        if subject.kind == "possessive":
            return subject.text
        if subject.kind == "generic":
            np = subject.text
            np = np[4:] if np.lower().startswith("the ") else np
            noun = np.lower().split()[-1] if np.split() else np.lower()
            if _INDEFINITE.match(np) and len(np.split()) >= 3:
                return np  # "A No 10 spokesperson": someone new, not the last spokesperson
            person = None
            modifier = _MODIFIER_END.search(self.text, max(0, subject.at - 30), subject.at)
            if modifier is not None and " " not in np:
                # "the council leader": the person given that very role, if one was
                modifier_word = modifier.group(1).lower()
                person = self.registry.role_at(f"{modifier_word} {noun}", subject.at)
            person = person or self.registry.role_at(noun, subject.at)
            if person is not None:
                return person
            if noun in ORG_REF_NOUNS:
                # one that spoke or was named with that noun ("the ministry"), else the
                # last one named ("the company" after Great Western Railway) - unless the
                # phrase says which ("the finance ministry")
                registry, at = self.registry, subject.at
                org = registry.last_speaker_org_with(
                    at, noun, STATEMENT_WINDOW
                ) or registry.last_named_org_before(at, noun, NAMED_ORG_WINDOW, any_name=False)
                if org is None and len(np.split()) == 1:
                    which = _WHICH_BODY.search(self.text, max(0, at - 40), at)
                    if which is not None and which.group(1) not in STOPWORDS:
                        # "The interior ministry said": that ministry, not the last body
                        return f"{which.group(1)} {np}"
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
            author = self._doc_author(subject.at, subject.text)
            if author is not None:  # "It was signed by X." … "the memo reads"
                return author
            org = self.registry.last_org_before(
                subject.at, STATEMENT_WINDOW
            ) or self.registry.last_named_org_before(subject.at, "statement", STATEMENT_WINDOW)
            return org or "statement"
        return None

    def _doc_author(self, at: int, noun: str) -> str | None:
        """The person who signed or wrote the document ``noun`` ("memo") at ``at`` means:
        the name after the last "signed by" / "written by" within the window before it,
        when the document is named near that phrase."""
        text = self.text
        found = last(_SIGNED_BY.finditer(text, max(0, at - STATEMENT_WINDOW), at))
        if found is None or noun.lower() not in text[max(0, found.start() - 300) : at].lower():
            return None
        names = find_names(text, found.end(), min(len(text), found.end() + 80))
        if not names or names[0].start != found.end():
            return None
        bare, _ = self.strip(names[0].text)
        return bare if is_org(bare) else self.canonical(bare)

    def _person_for_pronoun(self, at: int, gender: str | None) -> str | None:
        """The person a he/she at ``at`` means: the last one named (see
        :meth:`Registry.last_person_mention`), except that a person named only in passing
        in an earlier paragraph ("…, according to its music director, Carol Mays.") gives
        way to a subject named in the three sentences before that."""
        mention = self.registry.last_person_mention(at, gender)
        if mention is None:
            return None
        if gender is not None and mention.gender is None:
            # "She said a colleague, Lim Tae-ho, had called …. "…," she said": the she who
            # opens the sentence naming someone of no known gender is the one meant
            i = bisect.bisect_right(self._sentence_starts, mention.at) - 1
            opening = self.text[self._sentence_starts[i] : mention.at] if i >= 0 else ""
            pronoun = {"female": _SHE_OPENS, "male": _HE_OPENS}[gender].match(opening)
            if pronoun is not None:
                earlier = self.registry.last_person_mention(
                    self._sentence_starts[i] + pronoun.start(1), gender
                )
                if earlier is not None and earlier.name != mention.name:
                    return earlier.name
        if mention.oblique and "\n" in self.text[mention.at : at]:
            subject = self.registry.last_person_mention(mention.at, gender, subjects_only=True)
            if subject is not None and mention.sentence - subject.sentence <= 3:
                return subject.name
        return mention.name
