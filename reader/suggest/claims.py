"""Check-worthy claims: sentences with figures, comparisons, attributions or causes.

Each cue has a weight; a sentence's score is ``1 - prod(1 - weight)`` over its
cues, and its reason names the strongest cue with the words that triggered it
("figure: 35,000", "attributed: according to Gaza's local health officials").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reader.model.lexicon import REPORTING_VERBS, alternation

_MONTH = (
    r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|"
    r"Aug(?:ust|\.)?|Sep(?:t(?:ember|\.)?|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
)
_SCALE = r"(?:million|billion|trillion|thousand|hundred|bn|m|k)"
_NUMBER_WORDS = (
    r"(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|"
    r"forty|fifty|sixty|seventy|eighty|ninety|hundred|dozens|hundreds|thousands|millions|"
    r"billions|tens|scores|a dozen|half|a third|a quarter|two-thirds|three-quarters|twice|"
    r"triple|double)"
)
_MONEY = re.compile(
    rf"(?:[$€£¥]\s?\d[\d,.]*(?:\s?{_SCALE}\b)?|\d[\d,.]*\s?(?:{_SCALE}\s)?"
    r"(?:dollars|euros|pounds|shekels|yuan|rupees|USD|EUR|GBP)\b)"
)
_PERCENT = re.compile(r"\d[\d,.]*\s?(?:%|percent\b|per cent\b|percentage points?\b)")
_DATE = re.compile(
    rf"\b(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?|\d{{1,2}}\s+{_MONTH}"
    r"(?:\s+\d{4})?|(?:19|20)\d{2}s?)\b"
)
_COUNT = re.compile(
    rf"(?<![\w.-])\d[\d,]*(?:\.\d+)?(?:\s?{_SCALE}\b)?(?![\w-])|"
    r"(?<![\w.-])\d+(?:\.\d+)?-(?:minute|hour|day|week|month|year|mile|kilometre|kilometer|"
    r"metre|meter|storey|story|point|seat|bed)s?\b"
)
_CARDINALS = (
    r"(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|"
    r"eighty|ninety)"
)
# a number word counting without a plural noun: "eight of us", "two of them", "one or two",
# "one child in ten", "Now there are forty.", "for the second year running", "the under-23s"
_BARE_COUNT = re.compile(
    rf"\b{_CARDINALS}\s+of\s+(?:us|them|you|these|those)\b|"
    rf"\bone\s+or\s+(?:{_CARDINALS})\b|"
    rf"\bone\s+(?:[a-z]+\s+)?in\s+(?:{_CARDINALS}|\d+)\b|"
    rf"\b(?:are|were|is|was)\s+(?:(?:now|only|just|about|nearly|almost|roughly)\s+)?"
    rf"{_CARDINALS}(?=\s*[.,;!?\"\u201d])|"
    r"\b(?:second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th))\s+"
    r"(?:(?:consecutive|straight|successive)\s+)?(?:year|month|week|day|quarter|season|term)s?"
    r"\b|\b(?:under|over)-\d+s?\b|"
    # "in the 52nd minute", "his 100th cap"
    r"\b\d+(?:st|nd|rd|th)\s+(?:minute|lap|round|over|innings?|place|floor|hole|cap|goal|"
    r"birthday|anniversary|percentile)\b|"
    # "At seventy-one", "twenty-five years"
    rf"\b(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-(?:one|two|three|four|"
    r"five|six|seven|eight|nine)\b|"
    # "a third of the cost", "half of the budget", "two-thirds" (not "half the fun")
    r"\b(?:a|one|two|three)[ -](?:third|quarter|fifth|tenth)s?\s+of\b|"
    r"\bhalf\s+of\s+(?:the|all|its|their)\b|"
    r"\b(?:two-thirds|three-quarters)\b|"
    # "for an hour", "about a week", "an hour's drive"
    r"\b(?:about|around|nearly|almost|roughly|for|within|under|over|just|only|than)\s+"
    r"(?:an?|one)\s+(?:hour|minute|day|week|fortnight|month|year|mile|kilometre|kilometer)s?\b|"
    r"\ban?\s+(?:hour|minute|day|week|month|year|mile)(?:'s|\u2019s)\b|"
    # "the three men", "three women"
    rf"\b{_CARDINALS}\s+(?:[a-z-]+\s+)?(?:men|women)\b|"
    # "including three that complained", "two who survived"
    rf"\b{_CARDINALS}\s+(?:that|who|which)\b",
    re.IGNORECASE,
)
# a number word counting something: "three regions", "Three branch libraries", "tens of
# millions of dollars", "a four-hour meeting", "people, men, children" (irregular plurals)
_COUNT_WORDS = re.compile(
    rf"\b(?:{_NUMBER_WORDS}|{_CARDINALS})\s+(?:of\s+)?(?:[a-z-]+\s+){{0,2}}"
    r"(?!(?:was|is|has|does|his|this|thus|its|us|yes|as|plus|less|unless|across|always|"
    r"perhaps|whereas|besides|towards|afterwards|because)\b)"
    r"(?:[a-z]{2,}(?:s|men)|people|children|dead|killed|injured|wounded|staff|police)\b|"
    rf"\b{_CARDINALS}-(?:minute|hour|day|week|month|year|mile|kilometre|kilometer|metre|"
    r"meter|storey|story|point|seat|bed|member|game|match|vote)s?\b",
    re.IGNORECASE,
)
_COMPARISON = re.compile(
    r"\b(?:(?:more|less|fewer|higher|lower|greater|larger|smaller|bigger|worse|better|"
    r"faster|slower|cheaper|older|younger|longer|shorter)\s+than|as\s+(?:many|much)\s+as|"
    r"(?!(?:rather|other|whether|either|neither|never|ever|over|under|after|later)\s)"
    r"[a-z]{2,}er\s+than|"
    r"compared (?:with|to)|up from|down from|rose|fell|increased|decreased|doubled|tripled|"
    r"halved|surged|plunged|soared|dropped|risen|rising|fallen|falling|grew|grown|climbed|"
    r"shrank|shrunk)\b",
    re.IGNORECASE,
)
_SUPERLATIVE = re.compile(
    r"\b(?:most|least|largest|biggest|highest|lowest|worst|best|deadliest|longest|shortest|"
    r"fastest|slowest|oldest|youngest|greatest|smallest|richest|poorest|heaviest|"
    r"unprecedented|record(?:-\w+)?|for the first time|first time (?:since|in|ever)|never before|"
    r"all-time)\b",
    re.IGNORECASE,
)
_ACCORDING = re.compile(r"\baccording to\s+[^,.;:\n]{2,80}", re.IGNORECASE)
_REPORTED = re.compile(rf",?\s+(?:{alternation(REPORTING_VERBS)})\b")
_QUOTED = re.compile('["\u201c]([^"\u201d]*)["\u201d]?')
_CAUSAL = re.compile(
    r"\b(?:because(?: of)?|due to|as a result(?: of)?|caused|causing|causes|led to|leading to|"
    r"resulted in|resulting in|result of|triggered(?: by)?|blam(?:e|es|ed|ing)|owing to|thanks to|"
    r"(?:can|could|may|might|will|would|to|does|did|do)\s+cause|"
    r"(?:main|chief|key|primary|biggest|real|simple|one)\s+reasons?|reasons?\s+(?:for|why)|"
    r"therefore|consequently|linked to|responsible for|contributed to)\b",
    re.IGNORECASE,
)

#: Weight of each cue in the score.
WEIGHTS = {
    "money": 0.9,
    "percent": 0.9,
    "figure": 0.8,
    "date": 0.5,
    "comparison": 0.6,
    "superlative": 0.6,
    "according": 0.7,
    "attributed": 0.45,
    "causal": 0.5,
}
_LABELS = {
    "money": "figure",
    "percent": "figure",
    "figure": "figure",
    "date": "date",
    "comparison": "comparison",
    "superlative": "superlative",
    "according": "attributed",
    "attributed": "attributed",
    "causal": "causal",
}


@dataclass(frozen=True, slots=True)
class ClaimCue:
    kind: str
    words: str


def claim_cues(sentence: str) -> list[ClaimCue]:
    """Every cue in a sentence, strongest kinds first."""
    cues: list[ClaimCue] = []

    def add(kind: str, match: re.Match[str] | None) -> None:
        if match is not None:
            cues.append(ClaimCue(kind, " ".join(match.group().split()).rstrip(",.")))

    add("money", _MONEY.search(sentence))
    add("percent", _PERCENT.search(sentence))
    dates = [m.span() for m in _DATE.finditer(sentence)]
    figure = None
    for match in _COUNT.finditer(sentence):
        if not any(a <= match.start() < b for a, b in dates):
            figure = match
            break
    add("figure", figure or _COUNT_WORDS.search(sentence) or _BARE_COUNT.search(sentence))
    add("date", _DATE.search(sentence))
    add("comparison", _COMPARISON.search(sentence))
    add("superlative", _SUPERLATIVE.search(sentence))
    add("according", _ACCORDING.search(sentence))
    if not any(c.kind == "according" for c in cues):
        outside = _without_direct_quotes(sentence)
        reported = _REPORTED.search(outside)
        # reported speech: a reporting verb with something reported after it, outside quotes
        if reported and reported.start() > 1 and _reports_something(reported, outside):
            who = outside[max(0, reported.start() - 40) : reported.start()].split()[-2:]
            verb = reported.group().strip(" ,")
            cues.append(ClaimCue("attributed", " ".join([*who, verb]).strip(" ,")))
    add("causal", _CAUSAL.search(sentence))
    return cues


_NOT_REPORTED = frozenset(
    [
        "in",
        "at",
        "on",
        "to",
        "during",
        "after",
        "before",
        "with",
        "by",
        "from",
        "for",
        "while",
        "as",
        "through",
        "via",
        "outside",
        "near",
        "last",
        "this",
        "when",
    ]
)


def _reports_something(verb: re.Match[str], outside: str) -> bool:
    """A reporting verb followed by what was reported ("said the road would close"), not
    by an inverted speaker ("said Ann Lee"), a place or time ("said in a statement"), or
    nothing but a quote."""
    after = outside[verb.end() :].lstrip(" ,").split()
    if len(after) < 3 or after[0] == "\u2026":
        return False
    before = outside[: verb.start()].rstrip(" ,")
    if after[0][:1].isupper() and (not before or before.endswith("\u2026")):
        return False  # "…," said Ann Lee
    if after[0].lower() in _NOT_REPORTED:
        # "said in a statement on Monday that the outbreak was …": reported after all
        return "that" in after[1:9] and len(after) > after.index("that") + 1
    if verb.group().strip(" ,") == "told":
        # "told the court that …", "told reporters the question was …"
        return "that" in after[:5] or (
            _AUDIENCE.fullmatch(after[0].lower()) is not None
            and len(after) >= 4
            and after[1].lower() not in _NOT_REPORTED
        )
    return True


_AUDIENCE = re.compile(
    r"reporters|journalists|jurors|lawmakers|legislators|senators|mps|parliament|analysts|"
    r"investors|him|her|them|us|me|police|officers|investigators|colleagues|supporters"
)


_CLOSES_FIRST = re.compile(r'^[^"\u201c\u201d]*?[\w.,?!\u2026](?:\u201d|"(?=[\s,.;:]|$))')


def _without_direct_quotes(sentence: str) -> str:
    """The sentence with quotes of three or more words blanked out (scare quotes kept).
    A sentence that starts inside a quote opened in the sentence before ("But today
    somebody finally said it was not an accident," she said) has that part blanked too."""
    closes = _CLOSES_FIRST.match(sentence)
    if (
        closes is not None
        and (sentence.count('"') % 2 == 1 or closes.group().endswith("\u201d"))
        and len(closes.group().split()) >= 3
    ):
        sentence = " \u2026 " + sentence[closes.end() :]
    return _QUOTED.sub(
        lambda m: " \u2026 " if len(m.group(1).split()) >= 3 else m.group(), sentence
    )


def score_claim(sentence: str) -> tuple[float, str, list[str]] | None:
    """``(score, reason, kinds)`` for a sentence, or ``None`` when it has no cue.

    A date alone does not make a claim (nearly every news sentence has one).
    """
    cues = claim_cues(sentence)
    kinds = [c.kind for c in cues]
    if not cues or kinds == ["date"]:
        return None
    best = max(cues, key=lambda c: WEIGHTS[c.kind])
    remaining = 1.0
    for cue in cues:
        remaining *= 1 - WEIGHTS[cue.kind]
    reason = f"{_LABELS[best.kind]}: {best.words}"
    return round(1 - remaining, 3), reason, sorted({_LABELS[k] for k in kinds})
