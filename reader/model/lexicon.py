"""Speech verbs: one list of base forms, their inflections made by code.

Shared by sentence segmentation (an attribution after ``?"`` continues the sentence),
the speaker rules (reader/suggest) and the claim rules. Each use picks the verbs and
the forms it matches from :data:`SPEECH_VERBS` with :func:`verb_forms`; the picks are
tuned on labelled articles (docs/suggestions.md), so they differ on purpose, but every
verb they name is in the one list (tests/test_suggest_lexicon.py checks it).

A multi-word verb is written with underscores ("point_out", "go_on"): its first word is
inflected ("pointed out", "went on").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping


def words(spaced: str) -> frozenset[str]:
    """The words of a whitespace-separated list (keeps long word lists readable); a word
    written twice is an error, so a list cannot hide a duplicate."""
    listed = spaced.split()
    if len(listed) != len(set(listed)):
        repeated = sorted({word for word in listed if listed.count(word) > 1})
        raise ValueError(f"repeated in a word list: {' '.join(repeated)}")
    return frozenset(listed)


def pick(concept: frozenset[str], spaced: str) -> frozenset[str]:
    """The words a rule uses from a concept's one list (see :func:`words`); a word that
    is not in the concept's list is an error."""
    chosen = words(spaced)
    if not chosen <= concept:
        raise ValueError(f"not in the concept's list: {' '.join(sorted(chosen - concept))}")
    return chosen


#: Every verb that reports speech, as a base form.
SPEECH_VERBS = words(
    """
    accuse acknowledge add admit advise allege announce answer argue ask assure believe boast
    brand call caution charge chuckle claim clarify complain concede conclude condemn confirm
    contend continue counter criticise criticize cry declare demand deny deplore describe
    disclose dismiss dispute elaborate email emphasise emphasize estimate exclaim explain
    forecast fume go_on hail insist interject joke label lament laugh maintain murmur muse
    mutter note observe plead pledge point point_out post praise predict promise protest put_it
    query quip read reassure recall recount reflect reiterate reject remark remind reply report
    respond retort reveal say scream shout sigh slam snap state stress suggest tell testify text
    think thunder tweet urge venture vow warn whisper wonder write yell
    """
)

#: Forms that no rule makes: base -> (past forms, present, participle).
IRREGULAR: Mapping[str, tuple[tuple[str, ...], str, str]] = {
    "say": (("said",), "says", "saying"),
    "tell": (("told",), "tells", "telling"),
    "write": (("wrote",), "writes", "writing"),
    "read": (("read",), "reads", "reading"),
    "think": (("thought",), "thinks", "thinking"),
    "forecast": (("forecast",), "forecasts", "forecasting"),
    "go": (("went",), "goes", "going"),
    "put": (("put",), "puts", "putting"),
    # a doubled last consonant
    "admit": (("admitted",), "admits", "admitting"),
    "snap": (("snapped",), "snaps", "snapping"),
    "quip": (("quipped",), "quips", "quipping"),
    "slam": (("slammed",), "slams", "slamming"),
    "label": (("labelled", "labeled"), "labels", "labelling"),
}

#: The kinds of form :func:`verb_forms` makes.
FORM_KINDS = ("base", "past", "present", "participle")

_VOWELS = "aeiou"


def _inflect_word(word: str, kind: str) -> tuple[str, ...]:
    if kind == "base":
        return (word,)
    if word in IRREGULAR:
        past, present, participle = IRREGULAR[word]
        return {"past": past, "present": (present,), "participle": (participle,)}[kind]
    consonant_y = word.endswith("y") and word[-2:-1] not in _VOWELS
    if kind == "past":
        if consonant_y:
            return (word[:-1] + "ied",)  # "query" -> "queried"
        return (word + ("d" if word.endswith("e") else "ed"),)
    if kind == "present":
        if consonant_y:
            return (word[:-1] + "ies",)  # "reply" -> "replies"
        return (word + ("es" if word.endswith(("s", "sh", "ch", "x", "z")) else "s"),)
    if kind == "participle":
        if word.endswith("e") and not word.endswith("ee"):
            return (word[:-1] + "ing",)  # "argue" -> "arguing"
        return (word + "ing",)
    raise ValueError(f"unknown form kind: {kind}")


def inflect(verb: str, kind: str) -> tuple[str, ...]:
    """The ``kind`` forms of a base-form verb ("say", "past") -> ("said",); in a
    multi-word verb ("point_out") the first word is inflected."""
    first, _sep, rest = verb.partition("_")
    tail = f" {rest.replace('_', ' ')}" if rest else ""
    return tuple(form + tail for form in _inflect_word(first, kind))


def verb_forms(table: Mapping[str, str]) -> tuple[str, ...]:
    """The forms a use matches, from a table {form kinds: verbs} ({"past present": "add
    ask"} -> added, adds, asked, asks), longest first, so that in a regular expression
    "pointed out" is tried before "pointed". Every verb must be in :data:`SPEECH_VERBS`."""
    forms: set[str] = set()
    for kinds, verbs in table.items():
        for verb in verbs.split():
            if verb not in SPEECH_VERBS:
                raise ValueError(f"not in SPEECH_VERBS: {verb}")
            for kind in kinds.split():
                forms.update(inflect(verb, kind))
    return tuple(sorted(forms, key=lambda form: (-len(form), form)))


def alternation(phrases: Iterable[str]) -> str:
    """Words as a regular expression alternation, longest first ("pointed out|pointed");
    an underscore stands for a space ("air_force")."""
    return "|".join(
        sorted((phrase.replace("_", " ") for phrase in phrases), key=lambda w: (-len(w), w))
    )


#: After a quote ending in "?"/"!", "Haugen asked." continues the sentence (segmentation).
QUESTION_ATTRIBUTION_VERBS = verb_forms(
    {"past present": "say ask tell write add shout reply insist explain note"}
)

#: A speech verb that attributes a quote or names a speaker ("…," she said; "X told").
ATTRIBUTION_VERBS = verb_forms(
    {
        "past present base": (
            "say tell claim argue warn insist urge admit acknowledge concede complain explain note "
            # "which critics describe as '…'": present tense, plural subject
            "describe"
        ),
        "past present": (
            "add write state query demand condemn read ask reply announce declare vow recall "
            "maintain stress confirm deny report"
        ),
        "past base": "predict",
        # "believed", "thought" report a belief more often than speech
        "present": "believe think",
        "past": (
            "charge fume retort snap sigh laugh chuckle recount reflect venture interject "
            "elaborate clarify protest plead cry scream murmur mutter thunder assure reassure "
            "remind advise text email brand label hail dismiss slam criticise criticize praise "
            "tweet post deplore continue suggest testify caution promise pledge remark observe "
            "estimate contend counter respond shout joke emphasise emphasize reiterate conclude "
            "wonder call answer disclose reveal boast quip lament exclaim whisper yell "
            "muse point point_out go_on put_it"
        ),
    }
)

#: Participles that are speech verbs only after a comma: "…, saying that" (not "a warning").
ATTRIBUTION_PARTICIPLES = verb_forms(
    {"participle": "say add tell write warn argue insist note stress claim"}
)

#: A speech verb right before a name that speaks: "…," said Gareth Okafor.
INVERTED_VERBS = verb_forms({"past": "say add ask explain warn note write", "present": "say"})

#: Reporting verbs that make a sentence an attributed claim ("officials said the road …").
REPORTING_VERBS = verb_forms(
    {
        "past present base participle": "say",
        "past present participle": "claim",
        "past present": "report estimate deny allege write",
        "past participle": "insist warn accuse argue add testify",
        "past": (
            "announce confirm tell reject admit dispute deplore vow note state acknowledge "
            "predict forecast caution explain"
        ),
    }
)
