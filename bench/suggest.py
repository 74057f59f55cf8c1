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
from reader.suggest import (  # noqa: E402
    ATTRIBUTION_RULES,
    Suggestion,
    suggest,
    suggest_quotes_with_rules,
)

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

    def add(self, other: Counts) -> None:
        for name in ("predicted", "gold", "matched", "speaker_ok", "figure_gold", "figure_found"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.misses.extend(other.misses)
        self.by_rule.update(other.by_rule)
        self.right_by_rule.update(other.right_by_rule)
        self.rule_misses.extend(other.rule_misses)


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
    quotes = Counts()
    predicted = [(s.start, s.end, s) for s in found if s.kind == "quote"]
    quotes.predicted = len(predicted)
    used: set[int] = set()
    cursor = 0
    for gold in label["quotes"]:
        span = locate(text, gold["exact"], cursor)
        cursor = span[0]
        quotes.gold += 1
        want = gold["speaker"] if isinstance(gold["speaker"], list) else [gold["speaker"]]
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
        got = predicted[best][2].speaker
        rule = rules.get((predicted[best][0], predicted[best][1])) or "none"
        quotes.by_rule[rule] += 1
        if norm_speaker(got) in {norm_speaker(w) for w in want}:
            quotes.speaker_ok += 1
            quotes.right_by_rule[rule] += 1
        else:
            miss = f"{name}: speaker {got!r} instead of {want[0]!r}: {gold['exact'][:50]!r}"
            quotes.misses.append(miss)
            quotes.rule_misses.append(f"[{rule}] {miss}")
    for i, (_start, _end, s) in enumerate(predicted):
        if i not in used:
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
        choices=["seed", "tune", "heldout"] + [f"heldout{n}" for n in range(1, 18)],
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
        for key in keys:
            totals, n = groups.setdefault(key, ({"quote": Counts(), "claim": Counts()}, 0))
            for kind in ("quote", "claim"):
                totals[kind].add(counts[kind])
            groups[key] = (totals, n + 1)
    titles = {
        "seed": "seed",
        "tune": "tuned on",
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
        "heldout": "HELD-OUT, all (not tuned on)",
    }
    for split, title in titles.items():
        if split in groups:
            totals, n = groups[split]
            report(title, totals, n)
            if args.misses and split in args.misses:
                for miss in totals["quote"].misses + totals["claim"].misses:
                    print("    -", miss)
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
    names = [name for name, _rule in ATTRIBUTION_RULES] + ["none"]
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
