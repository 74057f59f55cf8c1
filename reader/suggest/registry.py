"""The registry of who has been mentioned where in an article: persons (full names,
surnames, roles given to them) and organisations (named, or heard speaking), with the
look-ups the speaker rules make ("the judge" before offset X, the last she before X)."""

from __future__ import annotations

import bisect
import heapq
import re
from array import array
from dataclasses import dataclass, field
from itertools import compress, pairwise

from reader.model.packed import U32
from reader.suggest.given_names import gender_of
from reader.suggest.names import (
    DEPUTY_WORDS,
    ELECTED_LETTERS,
    HYPHEN_PARTICLE,
    PROSECUTOR_TITLE,
    REGNAL_NUMBERS,
    ROLE_ALIASES,
    ROLE_NOUNS,
    hyphenated_given_name,
    is_title,
)


def _spelling(word: str) -> str:
    """A word folded for comparing British and American spellings ("organisation")."""
    return word.lower().replace("isation", "ization")


def _shortened(tokens: list[str], full: list[str]) -> bool:
    """A name written with its first word and surname only, a middle name or a regnal
    number left out: "Nana Akoto" of "Nana Osei Akoto II", "Ama Darko" of "Ama Serwaa
    Darko"."""
    if len(full) <= len(tokens) or tokens[0] != full[0]:
        return False
    while full and full[-1] in REGNAL_NUMBERS:
        full = full[:-1]
    return bool(full) and tokens[-1] == full[-1]


def _sorted_pairs(offsets: array[int], names: list[str]) -> tuple[array[int], list[str]]:
    """``offsets`` and their ``names`` sorted by offset, then name, as the pairs sort:
    the offsets as an array (no int object each). The pairs come nearly in order (a
    mention moved back now and then): those in order are kept where they are and the
    few behind them sorted and merged in, without a list of every pair (48,000 on a
    10 MB article: 2.2 MB at the rules' peak memory, issue 12)."""
    in_order = bytearray(len(offsets))
    behind: list[tuple[int, str]] = []
    last: tuple[int, str] | None = None
    for j, pair in enumerate(zip(offsets, names, strict=True)):
        if last is None or pair >= last:
            in_order[j], last = 1, pair
        else:
            behind.append(pair)
    if not behind:
        return offsets, names
    behind.sort()
    kept = compress(zip(offsets, names, strict=True), in_order)
    sorted_offsets, sorted_names = array(U32), []
    for offset, name in heapq.merge(kept, behind):
        sorted_offsets.append(offset)
        sorted_names.append(name)
    return sorted_offsets, sorted_names


#: How far back (characters) "the senator" looks for the holder of the role named last.
ROLE_MENTION_WINDOW = 1500


@dataclass(frozen=True, slots=True)
class PersonMention:
    """Where a person is mentioned: offset, name, sentence number, gender, and whether
    the mention is oblique (not a subject: "according to X", "by X")."""

    at: int
    name: str
    sentence: int
    gender: str | None
    oblique: bool = False


@dataclass
class Registry:
    """Who has been mentioned where: persons (full names) and organisations.

    ``persons`` maps a surname to the full name first seen with it, so that a
    later "Berman" or "Biden" resolves to "Lazar Berman" or "Joe Biden".
    """

    persons: dict[str, str] = field(default_factory=dict)
    full_names: set[str] = field(default_factory=set)
    # word -> the full names holding it before their last word, for "Abiy" -> "Abiy Ahmed"
    _holders: dict[str, set[str]] = field(default_factory=dict)
    # surname -> every full name ending in it, for "Mr Ali" when two Alis are named
    _surname_holders: dict[str, set[str]] = field(default_factory=dict)
    # first two words -> the names of three words or more opening with them, for "Nurul
    # Hidayah" -> "Nurul Hidayah Osman" (an index: a look-up reads only those names)
    _openings: dict[str, set[str]] = field(default_factory=dict)
    _roles: dict[str, tuple[array[int], list[str]]] = field(default_factory=dict)
    # the mentions of persons (:class:`PersonMention`), as columns (issue 12: a 10 MB
    # article has ~19,000, ~250 bytes each as records and their ints): offset, sentence,
    # gender (its number in ``_genders``), oblique (0/1) and name (shared strings);
    # sorted by offset by :meth:`finish`, which sets ``_person_at`` (empty until then)
    _person_at: array[int] = field(default_factory=lambda: array(U32))
    _mention_at: array[int] = field(default_factory=lambda: array(U32))
    _mention_sentence: array[int] = field(default_factory=lambda: array(U32))
    _mention_gender: bytearray = field(default_factory=bytearray)
    _mention_oblique: bytearray = field(default_factory=bytearray)
    _mention_name: list[str] = field(default_factory=list)
    _genders: list[str | None] = field(default_factory=lambda: [None])
    _org_at: array[int] = field(default_factory=lambda: array(U32))
    _org_name: list[str] = field(default_factory=list)
    _named_org_at: array[int] = field(default_factory=lambda: array(U32))
    _named_org_name: list[str] = field(default_factory=list)
    # one copy of each name the lists above hold (a person is mentioned again and again)
    _strings: dict[str, str] = field(default_factory=dict)
    # word -> name runs after "Minister (of State) for", which begin with the portfolio
    # ("Manpower Gan Siew Ling", "Foreign Affairs Morita Kenji")
    _portfolio_runs: dict[str, set[str]] = field(default_factory=dict)

    def add_portfolio_run(self, run: str) -> None:
        """A name run that follows "Minister for" / "Secretary of": its portfolio first,
        then a name, the two not told apart by their form."""
        for word in run.split()[1:-1]:
            self._portfolio_runs.setdefault(word, set()).add(run)

    def _from_portfolio_run(self, word: str) -> str | None:
        """The name a one-word reference means in exactly one portfolio run: the words
        from it to the run's end, in surname-first order ("Gan" -> "Gan Siew Ling")."""
        runs = self._portfolio_runs.get(word, set())
        if len(runs) != 1:
            return None
        tokens = next(iter(runs)).split()
        return " ".join(tokens[tokens.index(word) :])

    def add_person(self, full: str, *, single: bool = False) -> str:
        """Register a person's full name (two or more words, or one word when ``single``:
        "Her husband, Chris, said"); returns the canonical name."""
        tokens = full.split()
        if len(tokens) == 1:
            if single and tokens[0] not in self.persons:
                self.full_names.add(full)
            return self.persons.get(tokens[0], full)
        self.full_names.add(full)
        for word in tokens[:-1]:
            self._holders.setdefault(word, set()).add(full)
        self.persons.setdefault(tokens[-1], full)
        self._surname_holders.setdefault(tokens[-1], set()).add(full)
        if len(tokens) >= 3:
            self._openings.setdefault(" ".join(tokens[:2]), set()).add(full)
        if len(tokens) >= 3 and tokens[-1] in REGNAL_NUMBERS:
            self.persons.setdefault(tokens[-2], full)  # "Osei Akoto II" … "Akoto"
        if hyphenated_given_name(tokens[-1]):
            # "Vincent Kwok Chun-hei", "Lee Jae-myung": the surname comes before
            self.persons.setdefault(tokens[-2], full)
        particle = re.match(HYPHEN_PARTICLE, tokens[-1])
        if particle:  # "Khalil al-Nabulsi" … "Nabulsi"
            self.persons.setdefault(tokens[-1][particle.end() :], full)
        return full

    def add_role(self, titled_name: str, person: str, at: int = 0) -> None:
        """Remember the roles written before a person ("Judge", "Mayor", "Gov."), so
        that "the judge" or "the governor" after ``at`` means them."""
        roles = set()
        deputy = False  # "Deputy mayor X" is not "the mayor"
        for token in titled_name.split():
            word = token.lower().rstrip(".,")
            word = ROLE_ALIASES.get(word, word)
            # "Galway East TD X": "the TD" too
            if (word in ROLE_NOUNS and not deputy) or token.rstrip(".,") in ELECTED_LETTERS:
                roles.add(word)
            deputy = word in DEPUTY_WORDS or (deputy and word not in ROLE_NOUNS)
        if PROSECUTOR_TITLE.search(titled_name):
            roles.add("prosecutor")
        if "senator" in roles or "representative" in roles:
            roles.add("lawmaker")
        for role in roles:
            self.add_role_word(role, person, at)

    def add_role_word(self, role: str, person: str, at: int = 0) -> None:
        """Remember that ``person`` was given ``role`` (any person noun: "farmer") at
        ``at``."""
        role = ROLE_ALIASES.get(role, role)
        offsets, people = self._roles.setdefault(role, (array(U32), []))
        i = bisect.bisect_right(offsets, at)
        offsets.insert(i, at)
        people.insert(i, self._shared(person))

    def _shared(self, name: str) -> str:
        """The registry's copy of ``name`` (equal to it)."""
        return self._strings.setdefault(name, name)

    def role_at(self, role: str, offset: int) -> str | None:
        """The person last given ``role`` ("judge") before ``offset`` (else the first one
        given it after: "the judge" in a lead before "Judge X" is named)."""
        role = ROLE_ALIASES.get(role, role)
        if role not in self._roles:
            return None
        offsets, people = self._roles[role]
        i = bisect.bisect_right(offsets, offset) - 1
        holders = set(people[max(i - 20, 0) : i + 1])
        if len(holders) > 1:  # "the senator" after two senators: the one written about last
            nearest = self._nearest_mention_of(holders, offset)
            if nearest is not None:
                return nearest
        return people[max(i, 0)]

    def _nearest_mention_of(self, names: set[str], offset: int) -> str | None:
        """Rule *nearest holder of a role*: of ``names`` (people given the same role), the
        one mentioned last before ``offset``, within a bounded number of mentions and
        characters (once :meth:`finish` ran; before that, None)."""
        i = bisect.bisect_left(self._person_at, offset) - 1
        for j in range(i, max(i - 30, -1), -1):
            if offset - self._mention_at[j] > ROLE_MENTION_WINDOW:
                break
            if self._mention_name[j] in names:
                return self._mention_name[j]
        return None

    def role_only_after(self, role: str, offset: int) -> str | None:
        """The first person given ``role`` after ``offset``, when nobody was given it
        before (a lede's "a minister" who the body names later)."""
        offsets, people = self._roles.get(ROLE_ALIASES.get(role, role), (array(U32), []))
        if not offsets or offsets[0] <= offset:
            return None
        return people[0]

    def mention_named_org(self, offset: int, name: str) -> None:
        """Any organisation named in the text (not only those that spoke)."""
        self._named_org_at.append(offset)
        self._named_org_name.append(self._shared(name))

    def last_named_org_before(
        self, offset: int, noun: str, window: int, *, any_name: bool = True
    ) -> str | None:
        """The organisation "the agency" / "the organisation" at ``offset`` means: the last
        one named within ``window`` characters whose name holds the noun, else (with
        ``any_name``) the last one named."""
        i = bisect.bisect_left(self._named_org_at, offset) - 1
        last = None
        wanted = _spelling(noun)
        while i >= 0 and offset - self._named_org_at[i] <= window:
            name = self._named_org_name[i]
            if wanted in {_spelling(word) for word in name.split()}:
                return name
            last = last or name
            i -= 1
        return last if any_name else None

    def last_speaker_org_with(self, offset: int, noun: str, window: int) -> str | None:
        """The last organisation that spoke within ``window`` characters before ``offset``
        and whose name holds ``noun`` ("Sudan's health ministry said …" for "the ministry")."""
        i = bisect.bisect_left(self._org_at, offset) - 1
        wanted = _spelling(noun)
        while i >= 0 and offset - self._org_at[i] <= window:
            if wanted in {_spelling(word) for word in self._org_name[i].split()}:
                return self._org_name[i]
            i -= 1
        return None

    def canonical(self, name: str, at: int | None = None) -> str:
        """A surname (or a shorter form) seen before as part of a full name -> that full
        name; a single word that is part of exactly one full name ("Abiy" for "Abiy
        Ahmed", "Faisal" for "Faisal bin Turki", "Sheinbaum" for "Claudia Sheinbaum
        Pardo") -> that name; the first words of exactly one longer name ("Nurul Hidayah"
        for "Nurul Hidayah Osman") -> that name. With ``at`` (once :meth:`finish` ran), a
        surname that two full names share ("Mr Ali" after "Ahsan Ali" and "Liaquat Ali")
        is the one of them mentioned last before ``at``."""
        nearest = self._nearest_holder(name, at)
        if nearest is not None:
            return nearest
        longer = self.persons.get(name)
        if longer is not None and longer != name and longer.endswith(name):
            return longer  # "López Obrador" -> "Andrés Manuel López Obrador"
        tokens = name.split()
        if len(tokens) == 1 and self.persons.get(name, name) == name and name not in self._holders:
            from_run = self._from_portfolio_run(name)
            if from_run is not None:
                return from_run  # "Ms Gan" after "Minister for Manpower Gan Siew Ling"
        if len(tokens) == 1 and name not in self.persons:
            holders = self._holders.get(name, set())
            if len(holders) == 1:
                return next(iter(holders))  # "Abiy", "Faisal"
        if tokens and tokens[-1] in self.persons:
            full = self.persons[tokens[-1]]
            if len(tokens) == 1 or (len(full) > len(name) and full.lower().endswith(name.lower())):
                return full  # "Berman" -> "Lazar Berman", "De Montclair" -> "Arnaud de Montclair"
            if len(tokens) >= 2 and _shortened(tokens, full.split()):
                return full  # "Nana Akoto" -> "Nana Osei Akoto II"
        if len(tokens) >= 2:
            opened = {
                full
                for full in self._openings.get(" ".join(tokens[:2]), set())
                if full.split()[: len(tokens)] == tokens and len(full.split()) > len(tokens)
            }
            if len(opened) == 1:
                return next(iter(opened))  # "Nurul Hidayah" -> "Nurul Hidayah Osman"
        return name

    def _nearest_holder(self, name: str, at: int | None) -> str | None:
        """Of the full names that end in the surname ``name``, the one mentioned last
        before ``at`` (within the last 200 mentions; also while the mentions are being
        added, for the mentions themselves); None when fewer than two share it."""
        holders = self._surname_holders.get(name, set())
        if at is None or len(holders) < 2:
            return None
        if len(self._person_at) == len(self._mention_at):  # sorted by :meth:`finish`
            i = bisect.bisect_left(self._person_at, at) - 1
        else:  # while the mentions are being added, in text order
            i = len(self._mention_at) - 1
        lowest = max(i - 200, -1)
        while i > lowest:
            if self._mention_at[i] < at and self._mention_name[i] in holders:
                return self._mention_name[i]
            i -= 1
        return None

    def is_person(self, name: str) -> bool:
        """A registered person, or the name a portfolio run ends with ("Gan Siew Ling")."""
        if name in self.full_names or name in self.persons:
            return True
        first = name.split()[0] if name else ""
        return first in self._portfolio_runs and self._from_portfolio_run(first) == name

    def mention_person(
        self,
        offset: int,
        name: str,
        sentence: int = 0,
        gender: str | None = None,
        *,
        oblique: bool = False,
    ) -> None:
        """A mention of a person at ``offset`` in sentence number ``sentence``; ``oblique``
        when the person is not a subject there ("according to X", "by X"). A title
        alone ("Commissioner") is nobody's name and is not recorded (an unnamed person's
        noun, "officer", is)."""
        if " " not in name and name[:1].isupper() and is_title([name], 0):
            return
        self._mention_at.append(offset)
        self._mention_sentence.append(sentence)
        self._mention_gender.append(self._gender_id(gender or gender_of(name)))
        self._mention_oblique.append(oblique)
        self._mention_name.append(self._shared(name))

    def _gender_id(self, gender: str | None) -> int:
        """The number of ``gender`` in ``_genders`` (added when new)."""
        if gender not in self._genders:
            self._genders.append(gender)
        return self._genders.index(gender)

    def _mention(self, j: int) -> PersonMention:
        """Mention number ``j``, as a record."""
        return PersonMention(
            self._mention_at[j],
            self._mention_name[j],
            self._mention_sentence[j],
            self._genders[self._mention_gender[j]],
            bool(self._mention_oblique[j]),
        )

    def mention_org(self, offset: int, name: str) -> None:
        self._org_at.append(offset)
        self._org_name.append(self._shared(name))

    def sort_named_orgs(self) -> None:
        """Sort the named organisations by offset (``extend_org`` can move one back)."""
        if self._named_org_at:
            self._named_org_at, self._named_org_name = _sorted_pairs(
                self._named_org_at, self._named_org_name
            )

    def finish(self) -> None:
        """Sort the mentions by offset (call once all are added), and give every mention of
        a person the gender one of their mentions gave ("Rep. X, the chairman," … "X
        pressed" is a he)."""
        known: dict[str, int] = {}
        names, genders = self._mention_name, self._mention_gender
        for name, gender in zip(names, genders, strict=True):
            if gender and name[:1].isupper():  # (gender number 0: None)
                known.setdefault(name, gender)
        for j, name in enumerate(names):
            if not genders[j] and name in known:
                genders[j] = known[name]
        # a stable sort by offset, as the records' was (they come in order, as a rule:
        # then nothing is moved, and no order of 19,000 numbers is made, issue 12)
        at = self._mention_at
        if any(a > b for a, b in pairwise(at)):
            order = sorted(range(len(names)), key=at.__getitem__)
            self._mention_at = array(U32, (at[j] for j in order))
            self._mention_sentence = array(U32, (self._mention_sentence[j] for j in order))
            self._mention_gender = bytearray(genders[j] for j in order)
            self._mention_oblique = bytearray(self._mention_oblique[j] for j in order)
            self._mention_name = [names[j] for j in order]
        self._person_at = array(U32, self._mention_at)
        self.sort_named_orgs()
        if self._org_at:
            self._org_at, self._org_name = _sorted_pairs(self._org_at, self._org_name)

    def last_person_mention(
        self, offset: int, gender: str | None = None, *, subjects_only: bool = False
    ) -> PersonMention | None:
        """The person a he/she at ``offset`` most likely means: of the persons named in
        the last sentence before ``offset`` that names one of a compatible gender, the
        first (its subject), a named one before an unnamed noun. ``gender`` is "female"
        for she, "male" for he; ``subjects_only`` ignores oblique mentions ("according
        to X")."""
        i = bisect.bisect_left(self._person_at, offset) - 1
        lowest = max(i - 200, -1)  # look back a bounded number of mentions (linear time)
        sentences, names = self._mention_sentence, self._mention_name

        def fits(j: int) -> bool:
            if subjects_only and self._mention_oblique[j]:
                return False
            mention_gender = self._genders[self._mention_gender[j]]
            return gender is None or mention_gender is None or mention_gender == gender

        while i > lowest and not fits(i):
            i -= 1
        if i <= lowest:
            return None
        sentence = sentences[i]
        first = i
        while i - 1 > lowest and sentences[i - 1] == sentence:
            i -= 1
            if fits(i):
                first = i
        named = [  # "A retiree who gave her first name, Noor, said": Noor, not "retiree"
            j
            for j in range(first, bisect.bisect_left(self._person_at, offset))
            if sentences[j] == sentence and fits(j) and names[j][:1].isupper()
        ]
        if not names[first][:1].isupper() and named:
            return self._mention(named[0])
        return self._mention(first)

    def last_org_named_or_heard(self, offset: int, window: int) -> str | None:
        """The most recent organisation before ``offset``, named or heard speaking."""
        named_i = bisect.bisect_left(self._named_org_at, offset) - 1
        heard_i = bisect.bisect_left(self._org_at, offset) - 1
        named_at = self._named_org_at[named_i] if named_i >= 0 else -1
        heard_at = self._org_at[heard_i] if heard_i >= 0 else -1
        if max(named_at, heard_at) < 0 or offset - max(named_at, heard_at) > window:
            return None
        if heard_at > named_at:
            return self._org_name[heard_i]
        return self._named_org_name[named_i]

    def last_org_before(self, offset: int, window: int | None = None) -> str | None:
        i = bisect.bisect_left(self._org_at, offset) - 1
        if i < 0 or (window is not None and offset - self._org_at[i] > window):
            return None
        return self._org_name[i]

    def last_any_before(self, offset: int) -> str | None:
        pi = bisect.bisect_left(self._person_at, offset) - 1
        oi = bisect.bisect_left(self._org_at, offset) - 1
        if pi < 0 and oi < 0:
            return None
        if oi < 0 or (pi >= 0 and self._person_at[pi] > self._org_at[oi]):
            return self._mention_name[pi]
        return self._org_name[oi]
