"""Quality and speed of the suggestion rules (reader/suggest).

Run: ``.venv/bin/python bench/suggest.py [--misses tune|heldout|heldout9] [--no-heldout]``
(``--no-heldout`` scores only the seed and tune articles, for use while rules change)

Quality, on the labelled articles in tests/data/suggest (see the README
there): per kind precision, recall and F1, speaker accuracy (among the found
quotes) and speaker F1 (a quote counts only when found *and* attributed
correctly), and the recall of figure claims - separately for the seed, the
articles the rules were tuned on and the held-out ones.

Speed: the seed (median of 20 runs), then articles of ~64 KB, ~256 KB and
~1 MB built from the labelled texts, with the time per KB (linear = flat).

Last, the attribution rules (reader/suggest/attribution.py): how many found quotes
each rule decided and how many of those got the right speaker, per group; with
``--misses``, each speaker miss again with the name of the rule that decided it.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reader.io.importers import load_article, parse_plain_text  # noqa: E402
from reader.model import Article  # noqa: E402
from reader.model.lexicon import SPEECH_VERBS, inflect  # noqa: E402
from reader.model.lexicon import words as word_list  # noqa: E402
from reader.suggest import (  # noqa: E402
    ATTRIBUTION_RULES,
    Suggestion,
    suggest,
    suggest_quotes_with_rules,
)
from reader.suggest.attribution import HEADLINE_ECHO  # noqa: E402

DATA = ROOT / "tests" / "data" / "suggest"


@dataclass
class Counts:
    """Matches of one kind on one group of articles."""

    predicted: int = 0
    gold: int = 0
    matched: int = 0
    speaker_ok: int = 0
    figure_gold: int = 0
    figure_found: int = 0
    misses: list[str] = field(default_factory=list)
    # found quotes by the rule that decided their speaker ("none": no rule did)
    by_rule: Counter[str] = field(default_factory=Counter)
    right_by_rule: Counter[str] = field(default_factory=Counter)
    rule_misses: list[str] = field(default_factory=list)
    # issue 14: gold quotes per class (see CLASSES): labelled, found, found with the right
    # speaker; extra quotes by shape; suggested speaker strings and the ill-shaped ones
    class_gold: Counter[str] = field(default_factory=Counter)
    class_found: Counter[str] = field(default_factory=Counter)
    class_right: Counter[str] = field(default_factory=Counter)
    extra_shapes: Counter[str] = field(default_factory=Counter)
    speakers_given: int = 0
    bad_speakers: list[str] = field(default_factory=list)
    # one- and two-word quotes with a speaker that old-label articles do not label
    short_unlabelled: int = 0

    def add(self, other: Counts) -> None:
        for name in (
            "predicted",
            "gold",
            "matched",
            "speaker_ok",
            "figure_gold",
            "figure_found",
            "speakers_given",
            "short_unlabelled",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.misses.extend(other.misses)
        self.by_rule.update(other.by_rule)
        self.right_by_rule.update(other.right_by_rule)
        self.rule_misses.extend(other.rule_misses)
        for counter in ("class_gold", "class_found", "class_right", "extra_shapes"):
            getattr(self, counter).update(getattr(other, counter))
        self.bad_speakers.extend(other.bad_speakers)


def prf(matched: int, predicted: int, gold: int) -> tuple[float, float, float]:
    p = matched / predicted if predicted else 1.0
    r = matched / gold if gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def norm_speaker(name: str | None) -> str:
    if not name:
        return ""
    flat = unicodedata.normalize("NFC", name).replace("\u2019", "'").casefold().strip()
    return flat.removeprefix("the ").strip(" .,")


_DETERMINER = re.compile(r"^(?:a|an|the|one)\s+", re.IGNORECASE)
_HEAD_END = re.compile(r"\s+(?:for|of|at|from|with|in|on|to|who|which|that)\b|,")


def norm_description(name: str | None) -> str:
    """A speaker compared under the issue-14 labels: a whole description without its
    leading article ("A spokesman for Hadley" = "spokesman for hadley")."""
    return _DETERMINER.sub("", norm_speaker(name))


def head_noun(name: str | None) -> str:
    """The head noun of an unnamed description ("a campaign spokeswoman" ->
    "spokeswoman", "the mother of one of the boys" -> "mother"); a name is itself."""
    flat = norm_description(name)
    if not flat or flat[0].isupper():
        return flat
    one_of = re.match(r"(?:one|two|three|some|several|none) of the (\w+)", norm_speaker(name))
    if one_of:  # "one of the delegates" -> "delegate"
        return one_of.group(1).removesuffix("s")
    words = _HEAD_END.split(flat, maxsplit=1)[0].split()
    return words[-1] if words else flat


def speaker_matches(got: str | None, want: list[str], labels: int) -> bool:
    """Whether a suggested speaker is one of a quote's labels. Old labels (1) name an
    unnamed speaker by a noun, so the head noun of a whole description matches it; new
    labels (2) give the whole description, compared without its article."""
    if norm_speaker(got) in {norm_speaker(w) for w in want}:
        return True
    if labels >= 2:
        return norm_description(got) in {norm_description(w) for w in want}
    return bool(got) and head_noun(got) in {norm_speaker(w) for w in want}


def is_named(speaker: str | list[str]) -> bool:
    """A gold speaker that is a name (a person or an organisation), not an unnamed
    description: the first label starts with a capital that is not an article."""
    first = speaker[0] if isinstance(speaker, list) else speaker
    return first[:1].isupper() and _DETERMINER.match(first) is None


_VERB_FORMS = frozenset(
    form
    for verb in SPEECH_VERBS
    for kind in ("past", "present", "participle")
    for form in inflect(verb, kind)
)
# speech verbs that end up capitalised inside a name ("Maria Lopez Said"); other verb forms
# are also words of names ("Carrow Brands")
_NAME_LIKE_VERBS = word_list("said says told added asked wrote stated noted warned")
_WEEKDAYS = word_list("Monday Tuesday Wednesday Thursday Friday Saturday Sunday")
_PARTY = re.compile(r"\b(?:Republicans?|Democrats?|GOP|[RDI]-[A-Z][A-Za-z.]*)(?![\w-])")
_PARTY_ORG = re.compile(r"\b(?:Party|Committee|Caucus|Conference|Association|Club)\b")
_ADVERBS = word_list(
    "already also still then later again now however recently previously yesterday today "
    "tonight earlier meanwhile instead just only even"
)
_TITLES = word_list("mr mrs ms dr rev sen rep gov hon alhaji chief cllr fr prof sgt insp det")
_CAPITAL_FUNCTION = word_list("Of For And The In On At To From With")
_LEAD = word_list(
    "a an the one two three four five some several many another this that his her their its our"
)
_COLLECTIVE = word_list(
    "police staff military government army management press family public media"
)
_ORG_RUN = re.compile(r"[A-Z][\w'\u2019.-]*(?:\s+(?:(?:of|for|and|the)\s+)*[A-Z][\w'\u2019.-]*)*")
_CLAUSE = re.compile(r"\b(?:who|which|that|whom|whose)\b")
# the one clause a whole description keeps: why the person is not named, with the reason
# given for it (labels 2 write it: "… who asked not to be named because she was not
# authorised to speak to the media")
_ANONYMITY = re.compile(
    r"\s+who\s+(?:asked|declined|did not want|requested|spoke)\s+(?:not\s+)?"
    r"(?:to be (?:named|identified)|on condition of anonymity|anonymously)"
    r"(?:\s+because\s+(?:he|she|they)\s+(?:was|were|is|are|had|has|have)\s+not\s+"
    r"(?:been\s+)?(?:authori[sz]ed|allowed|permitted|cleared)\s+to\s+[a-z ]{2,40})?$"
)


# the other clause a whole description keeps (labels 2 write it too): what the unnamed
# person does, one "who" and a present or past verb ("a mother of three who sells
# tomatoes at the market"); a speech verb there would be an attribution swallowed
_DEFINING = re.compile(
    r"\s+who\s+(?!said\b|says\b|told\b|asked\b|added\b)[a-z]+(?:s|ed)(?:\s+[a-z][a-z'\u2019-]*){1,9}$"
)


def speaker_shape_problem(speaker: str) -> str | None:
    """Why a suggested speaker string is not a name or a whole description (issue 14),
    or None: a weekday, a party label, a speech verb, an adverb or a title in it, a bare
    singular role noun ("spokeswoman"), a description with a clause in it, or a
    capitalised function word inside a name ("Said Of Main Street")."""
    described = _DEFINING.sub("", _ANONYMITY.sub("", speaker))
    if described != speaker and described.strip():
        return speaker_shape_problem(described)  # "a nurse who asked not to be named"
    words = [w.strip(".,;:'\u2019()") for w in speaker.split()]
    words = [w for w in words if w]
    if not words:
        return "empty"
    lowered = [w.lower() for w in words]
    if any(w in _WEEKDAYS for w in words):
        return "weekday"
    if words[0][0].isupper() and _PARTY.search(speaker) and not _PARTY_ORG.search(speaker):
        return "party label"
    for i, (word, low) in enumerate(zip(words, lowered, strict=True)):
        if low in _VERB_FORMS and (word.islower() or (i > 0 and low in _NAME_LIKE_VERBS)):
            return "verb"
    if any(low in _ADVERBS for low in lowered):
        return "adverb"
    if lowered[0] in _TITLES:
        return "title"
    if words[0][0].isupper():
        if any(w in _CAPITAL_FUNCTION for w in words[1:]):
            return "capitalised function word"
        # an organisation's name may run long with its joining words ("Ministry of
        # Kampala Capital City and Metropolitan Affairs"): its capitalised words count
        if sum(1 for w in words if w[0].isupper()) > 7:
            return "too long"
        return None
    # a description's length counts an organisation's name in it as one word ("a senior
    # official of the Department of Inspection for Factories and Establishments")
    if _CLAUSE.search(speaker) or len(_ORG_RUN.sub("Org", " ".join(words)).split()) > 8:
        return "clause"
    if lowered[0] not in _LEAD and not lowered[-1].endswith("s") and lowered[-1] not in _COLLECTIVE:
        return "bare role noun"
    return None


#: Classes of labelled quotes the issue-14 report counts (a quote may be in several).
CLASSES = (
    "short (1-2 words)",
    "3+ words",
    "single marks",
    "title case",
    "unknown verb",
    "double marks",
)
_TITLE_WORD = re.compile(r"[^\W\d_]")
_AFTER_VERB = re.compile(
    r"[,?!\u2026\u2014-]\s*['\u2019\"\u201d]\s*|['\u2019\"\u201d]\s*[,\u2014-]\s*"
)
# the attribution slot right after a quote: NAME VERBed / VERBed NAME (the verb a past or
# present form, a word ending in -ed or -s)
_SLOT = re.compile(
    r"(?:(?:[A-Z][\w.'\u2019-]*\s+){1,4}|(?:he|she|they|it|(?:the|a|an)\s+[a-z]+)\s+)"
    r"(?P<after>[a-z]+(?:ed|s))(?=[\s.,;:])|(?P<before>[a-z]+(?:ed|s))\s+(?:[A-Z]|the\s|an?\s)"
)
_NOT_VERBS = word_list("has was is does had were his this its")


def quote_classes(text: str, span: tuple[int, int]) -> list[str]:
    """The issue-14 classes of a labelled quote (from its words and its marks)."""
    inner = text[span[0] : span[1]]
    words = inner.split()
    found = [CLASSES[0] if len(words) <= 2 else CLASSES[1]]
    before = text[: span[0]].rstrip()
    found.append(CLASSES[2] if before[-1:] in ("'", "\u2018") else CLASSES[5])
    letters = [w for w in words if _TITLE_WORD.search(w)]
    if len(letters) >= 2 and all(w[0].isupper() for w in letters):
        found.append(CLASSES[3])
    closing = _AFTER_VERB.match(text, span[1], span[1] + 6)
    slot = _SLOT.match(text, closing.end(), closing.end() + 60) if closing else None
    if slot:
        verb = slot.group("after") or slot.group("before")
        if verb not in _VERB_FORMS and verb not in _NOT_VERBS:
            found.append(CLASSES[4])
    return found


def extra_shape(text: str) -> str:
    """The shape of an extra (unlabelled) quote suggestion."""
    words = text.split()
    if len(words) <= 2:
        return "short"
    letters = [w for w in words if _TITLE_WORD.search(w)]
    if letters and all(w[0].isupper() for w in letters):
        return "title case"
    return "other"


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def locate(text: str, needle: str, after: int = 0) -> tuple[int, int]:
    """The span of a label in the article text (importers may join paragraphs with one
    newline where the source had a blank line)."""
    if needle not in text:
        needle = needle.replace("\n\n", "\n")
    at = text.find(needle, after)
    if at < 0:
        at = text.find(needle)
    if at < 0:
        raise SystemExit(f"label not found in the article: {needle[:60]!r}")
    return at, at + len(needle)


def load_labelled() -> list[tuple[dict, Article]]:
    items = []
    for path in sorted(DATA.glob("*.json")):
        label = json.loads(path.read_text(encoding="utf-8"))
        article = load_article((DATA / label["file"]).resolve())
        items.append((label, article))
    return items


def score_article(
    label: dict,
    article: Article,
    found: list[Suggestion],
    rules: dict[tuple[int, int], str | None] | None = None,
) -> dict[str, Counts]:
    """Counts of one article; ``rules`` maps a quote's span to the rule that decided its
    speaker."""
    rules = rules or {}
    text = article.text
    name = Path(label["file"]).name
    labels = label.get("labels", 1)
    quotes = Counts()
    predicted = [(s.start, s.end, s) for s in found if s.kind == "quote"]
    quotes.predicted = len(predicted)
    for _start, _end, s in predicted:
        if s.speaker:
            quotes.speakers_given += 1
            problem = speaker_shape_problem(s.speaker)
            if problem:
                quotes.bad_speakers.append(f"{name}: {problem}: {s.speaker!r}")
    used: set[int] = set()
    cursor = 0
    for gold in label["quotes"]:
        span = locate(text, gold["exact"], cursor)
        cursor = span[0]
        quotes.gold += 1
        want = gold["speaker"] if isinstance(gold["speaker"], list) else [gold["speaker"]]
        classes = quote_classes(text, span)
        classes.append("named speaker" if is_named(gold["speaker"]) else "unnamed speaker")
        quotes.class_gold.update(classes)
        best = None
        for i, (start, end, _s) in enumerate(predicted):
            common = overlap(span, (start, end))
            if i in used or not common:
                continue
            if common >= 0.5 * (span[1] - span[0]) and common >= 0.5 * (end - start):
                best = i
                break
        if best is None:
            quotes.misses.append(f"{name}: quote not found: {gold['exact'][:70]!r}")
            continue
        used.add(best)
        quotes.matched += 1
        quotes.class_found.update(classes)
        got = predicted[best][2].speaker
        rule = rules.get((predicted[best][0], predicted[best][1])) or "none"
        quotes.by_rule[rule] += 1
        if speaker_matches(got, want, labels):
            quotes.speaker_ok += 1
            quotes.right_by_rule[rule] += 1
            quotes.class_right.update(classes)
        else:
            miss = f"{name}: speaker {got!r} instead of {want[0]!r}: {gold['exact'][:50]!r}"
            quotes.misses.append(miss)
            quotes.rule_misses.append(f"[{rule}] {miss}")
    for i, (_start, _end, s) in enumerate(predicted):
        if i in used:
            continue
        if labels < 2 and s.speaker and len(s.exact.split()) <= 2:
            # old labels leave one- and two-word quotes out: not an extra there
            quotes.predicted -= 1
            quotes.short_unlabelled += 1
            quotes.misses.append(
                f"{name}: short attributed quote, not labelled (old labels, not counted): "
                f"{s.exact!r} ({s.speaker})"
            )
            continue
        quotes.extra_shapes[extra_shape(s.exact)] += 1
        quotes.misses.append(f"{name}: extra quote: {s.exact[:70]!r} ({s.speaker})")

    claims = Counts()
    claim_spans = [(s.start, s.end, s) for s in found if s.kind == "claim"]
    claims.predicted = len(claim_spans)
    matched_pred: set[int] = set()
    for gold in label["claims"]:
        start, _end = locate(text, gold["sentence"])
        index = article.sentence_index_at(start)
        sentence = article.sentences[index]
        claims.gold += 1
        is_figure = "figure" in gold["kinds"]
        claims.figure_gold += is_figure
        hit = next(
            (
                i
                for i, (a, b, _s) in enumerate(claim_spans)
                if overlap((a, b), (sentence.start, sentence.end))
            ),
            None,
        )
        if hit is None:
            claims.misses.append(f"{name}: claim missed {gold['kinds']}: {gold['sentence'][:60]!r}")
            continue
        matched_pred.add(hit)
        claims.matched += 1
        claims.figure_found += is_figure
    for i, (_a, _b, s) in enumerate(claim_spans):
        if i not in matched_pred:
            claims.misses.append(f"{name}: extra claim ({s.reason}): {s.exact[:60]!r}")
    return {"quote": quotes, "claim": claims}


def report(group: str, totals: dict[str, Counts], articles: int) -> None:
    q, c = totals["quote"], totals["claim"]
    qp, qr, qf = prf(q.matched, q.predicted, q.gold)
    sp, sr, sf = prf(q.speaker_ok, q.predicted, q.gold)
    cp, cr, cf = prf(c.matched, c.predicted, c.gold)
    accuracy = q.speaker_ok / q.matched if q.matched else 0.0
    figure_recall = c.figure_found / c.figure_gold if c.figure_gold else 1.0
    print(f"\n{group} ({articles} article{'s' if articles != 1 else ''})")
    print(f"  {'kind':<8}{'gold':>6}{'found':>7}{'P':>7}{'R':>7}{'F1':>7}")
    print(f"  {'quote':<8}{q.gold:>6}{q.predicted:>7}{qp:>7.3f}{qr:>7.3f}{qf:>7.3f}")
    print(f"  {'claim':<8}{c.gold:>6}{c.predicted:>7}{cp:>7.3f}{cr:>7.3f}{cf:>7.3f}")
    print(f"  speaker accuracy (found quotes): {accuracy:.3f} ({q.speaker_ok}/{q.matched})")
    print(f"  speaker P/R/F1 (found and right): {sp:.3f} / {sr:.3f} / {sf:.3f}")
    print(f"  figure-claim recall: {figure_recall:.3f} ({c.figure_found}/{c.figure_gold})")
    report_classes(q)


def _ratio(part: int, whole: int) -> str:
    return f"{part / whole:.3f} ({part}/{whole})" if whole else "-"


def report_classes(q: Counts) -> None:
    """The issue-14 lines: recall and speaker accuracy per class of labelled quote,
    extras by shape, and the suggested speaker strings that are not a name or a whole
    description."""
    print("  by class (recall / speaker accuracy among found):")
    for cls in (*CLASSES, "named speaker", "unnamed speaker"):
        if q.class_gold[cls]:
            recall = _ratio(q.class_found[cls], q.class_gold[cls])
            right = _ratio(q.class_right[cls], q.class_found[cls])
            print(f"    {cls:<20} {recall:<20} {right}")
    inherited = "continues the previous quote"
    print(
        f"    {'inherited speaker':<20} {'(that rule decided)':<20} "
        f"{_ratio(q.right_by_rule[inherited], q.by_rule[inherited])}"
    )
    extras = ", ".join(f"{shape} {n}" for shape, n in sorted(q.extra_shapes.items())) or "none"
    print(f"  extra quotes by shape: {extras}")
    if q.short_unlabelled:
        print(
            "  short attributed quotes not labelled (old labels, not counted):",
            q.short_unlabelled,
        )
    bad = len(q.bad_speakers)
    print(f"  speaker strings not a name or whole description: {bad} of {q.speakers_given}")


def big_article(texts: list[str], size: int) -> Article:
    parts: list[str] = []
    total = 0
    while total < size:
        for text in texts:
            parts.append(text)
            total += len(text) + 2
            if total >= size:
                break
    return parse_plain_text("\n\n".join(parts), source="big.txt")


def many_people_article(size: int) -> Article:
    """An article in which every paragraph names new people and organisations, so the
    registry of names grows with the text (repeated labelled texts do not show that)."""
    parts: list[str] = []
    total, i = 0, 0
    while total < size:
        part = (
            f"Officials of the Ward{i} Council met on Monday. Resident Person{i} Surname{i}, "
            f'a farmer, said the road flooded. "The water came fast and we lost {i} sheep," '
            f'Surname{i} said. Then Zed{i} Quill{i} spoke: "We need help now," he said.'
        )
        parts.append(part)
        total += len(part) + 2
        i += 1
    return parse_plain_text("Title\n\n" + "\n\n".join(parts), source="people.txt")


def _time_sizes(label: str, build: Callable[[int], Article]) -> None:
    print(f"  {label}:")
    for size in (64 * 1024, 256 * 1024, 1024 * 1024):
        article = build(size)
        start = time.perf_counter()
        found = suggest(article)
        took = time.perf_counter() - start
        kb = len(article.text.encode()) / 1024
        print(
            f"  {kb:>7.0f} KB: {took * 1000:>7.0f} ms, {took * 1000 / kb:.3f} ms/KB, "
            f"{len(found)} suggestions"
        )


def timing(seed: Article, texts: list[str]) -> None:
    suggest(seed)  # warm up (regex compilation)
    runs = []
    for _ in range(20):
        start = time.perf_counter()
        suggest(seed)
        runs.append(time.perf_counter() - start)
    kb = len(seed.text.encode()) / 1024
    print(f"\nspeed: seed ({kb:.1f} KB) median {statistics.median(runs) * 1000:.1f} ms")
    _time_sizes("the labelled texts repeated", lambda size: big_article(texts, size))
    _time_sizes("new people in every paragraph", many_people_article)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--misses",
        choices=["seed", "tune", "heldout", "tune-labels2"]
        + [f"heldout{n}" for n in range(1, 30)]
        + [f"tune{n}" for n in range(18, 30)],
        action="append",
    )
    parser.add_argument("--no-speed", action="store_true")
    parser.add_argument(
        "--no-heldout",
        action="store_true",
        help="score only the seed and tune articles (while changing rules)",
    )
    args = parser.parse_args()
    labelled = load_labelled()
    groups: dict[str, tuple[dict[str, Counts], int]] = {}
    for label, article in labelled:
        if args.no_heldout and label["split"] == "heldout":
            continue
        found = suggest(article)
        rules = {(s.start, s.end): rule for s, rule in suggest_quotes_with_rules(article)}
        counts = score_article(label, article, found, rules)
        keys = [label["split"]]
        if label["split"] == "heldout":
            keys.append(f"heldout{label.get('batch', 1)}")
        elif label.get("labels", 1) >= 2:  # the issue-14 batches, after tuning on them
            keys += ["tune-labels2", f"tune{label['batch']}"]
        for key in keys:
            totals, n = groups.setdefault(key, ({"quote": Counts(), "claim": Counts()}, 0))
            for kind in ("quote", "claim"):
                totals[kind].add(counts[kind])
            groups[key] = (totals, n + 1)
    titles = {
        "seed": "seed",
        "tune": "tuned on",
        "tune-labels2": "tuned on, labels 2 (batches 18 on, first sight in docs/suggestions.md)",
        **{f"tune{n}": f"tuned on: batch {n}" for n in range(18, 30)},
        "heldout1": "held-out batch 1",
        "heldout2": "held-out batch 2",
        "heldout3": "held-out batch 3",
        "heldout4": "held-out batch 4",
        "heldout5": "held-out batch 5",
        "heldout6": "held-out batch 6",
        "heldout7": "held-out batch 7",
        "heldout8": "held-out batch 8",
        "heldout9": "held-out batch 9",
        "heldout10": "held-out batch 10",
        "heldout11": "held-out batch 11",
        "heldout12": "held-out batch 12",
        "heldout13": "held-out batch 13",
        "heldout14": "held-out batch 14",
        "heldout15": "held-out batch 15",
        "heldout16": "held-out batch 16",
        "heldout17": "held-out batch 17",
        **{f"heldout{n}": f"held-out batch {n}" for n in range(18, 30)},
        "heldout": "HELD-OUT, all (not tuned on)",
    }
    for split, title in titles.items():
        if split in groups:
            totals, n = groups[split]
            report(title, totals, n)
            if args.misses and split in args.misses:
                for miss in totals["quote"].misses + totals["claim"].misses:
                    print("    -", miss)
                for bad in totals["quote"].bad_speakers:
                    print("    - speaker shape:", bad)
    if not args.no_speed:
        seed = next(a for label, a in labelled if label["split"] == "seed")
        timing(seed, [a.text for _label, a in labelled])
    rule_report(groups, titles, args.misses or [])


def rule_report(
    groups: dict[str, tuple[dict[str, Counts], int]], titles: dict[str, str], misses: list[str]
) -> None:
    """Per group, the found quotes each attribution rule decided and how many of them got
    the right speaker; then the speaker misses of the groups in ``misses`` by rule."""
    short = {"seed": "seed", "tune": "tuned on", "heldout": "held-out"}
    shown = [key for key in short if key in groups]
    names = [name for name, _rule in ATTRIBUTION_RULES] + [HEADLINE_ECHO, "none"]
    print("\nattribution rules (found quotes decided / right speaker)")
    print(f"  {'rule':<30}" + "".join(f"{short[key]:>15}" for key in shown))
    for name in names:
        cells = []
        for key in shown:
            quotes = groups[key][0]["quote"]
            cells.append(f"{quotes.by_rule[name]:>9} / {quotes.right_by_rule[name]:<3}")
        print((f"  {name:<30}" + "".join(cells)).rstrip())
    for split, title in titles.items():
        if split in groups and split in misses and groups[split][0]["quote"].rule_misses:
            print(f"\nspeaker misses by rule: {title}")
            for miss in groups[split][0]["quote"].rule_misses:
                print("    -", miss)


if __name__ == "__main__":
    main()
