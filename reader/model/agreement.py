"""Agreement between two annotators (pure): span precision/recall/F1 and Cohen's kappa.

Definitions (docs/sharing.md, "Agreement"):

- Annotator A is the reference. For one tag, A's spans and B's spans (live
  annotations, identical spans of one annotator counted once) are compared per
  article. *Exact*: a match is the same ``[start, end)``. *Overlap*: spans
  sharing at least one character, matched one to one, greedily by the longest
  shared stretch. precision = matches / |B|, recall = matches / |A|, F1 their
  harmonic mean; ``None`` when a denominator is 0.
- Kappa over sentences: per tag, each sentence is labelled, per annotator,
  "has the tag" when one of the annotator's spans with that tag overlaps it;
  Cohen's kappa of the two label lists. For all tags together, the label is
  the sentence's *primary tag*: the tag whose spans cover most characters of
  the sentence (ties: the first name), or none. ``None`` when kappa is
  undefined (both annotators gave one and the same label everywhere).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from reader.model.article import Span

__all__ = ["ArticleAnnotations", "Scores", "TagAgreement", "agreement", "cohen_kappa"]

NONE_LABEL = ""


@dataclass(frozen=True)
class ArticleAnnotations:
    """One article's sentences and each annotator's ``(start, end, tag)`` spans."""

    sentences: Sequence[Span]
    a: Sequence[tuple[int, int, str]]
    b: Sequence[tuple[int, int, str]]


@dataclass(frozen=True)
class Scores:
    matches: int
    precision: float | None
    recall: float | None
    f1: float | None


@dataclass(frozen=True)
class TagAgreement:
    """Agreement on one tag (``tag == "*"``: all tags together)."""

    tag: str
    a_spans: int
    b_spans: int
    exact: Scores
    overlap: Scores
    kappa: float | None


def _ratio(n: int, d: int) -> float | None:
    return n / d if d else None


def _scores(matches: int, a: int, b: int) -> Scores:
    precision, recall = _ratio(matches, b), _ratio(matches, a)
    f1 = None
    if precision is not None and recall is not None:
        f1 = 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)
    return Scores(matches, precision, recall, f1)


def _overlap_matches(a: Sequence[tuple[int, int]], b: Sequence[tuple[int, int]]) -> int:
    pairs = sorted(
        (
            (-(min(ae, be) - max(as_, bs)), i, j)
            for i, (as_, ae) in enumerate(a)
            for j, (bs, be) in enumerate(b)
            if as_ < be and bs < ae
        )
    )
    used_a: set[int] = set()
    used_b: set[int] = set()
    for _, i, j in pairs:
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
    return len(used_a)


def cohen_kappa(labels_a: Sequence[str], labels_b: Sequence[str]) -> float | None:
    """Cohen's kappa of two equally long label lists; ``None`` when undefined."""
    n = len(labels_a)
    if n == 0 or n != len(labels_b):
        return None
    observed = sum(x == y for x, y in zip(labels_a, labels_b, strict=True)) / n
    count_a, count_b = Counter(labels_a), Counter(labels_b)
    expected = sum(count_a[label] * count_b[label] for label in count_a) / (n * n)
    if expected == 1:
        return None
    return (observed - expected) / (1 - expected)


def _covered(spans: Iterable[tuple[int, int, str]], sentence: Span) -> dict[str, int]:
    cover: dict[str, int] = {}
    for start, end, tag in spans:
        shared = min(end, sentence.end) - max(start, sentence.start)
        if shared > 0:
            cover[tag] = cover.get(tag, 0) + shared
    return cover


def _primary(cover: Mapping[str, int]) -> str:
    if not cover:
        return NONE_LABEL
    return min(cover, key=lambda tag: (-cover[tag], tag))


def agreement(articles: Sequence[ArticleAnnotations]) -> list[TagAgreement]:
    """Per tag (by name) and for all tags (last row, tag ``"*"``)."""
    tags = sorted({t for art in articles for *_, t in (*art.a, *art.b)})
    rows: list[TagAgreement] = []
    totals = Counter[str]()
    covers = [(_covered(art.a, s), _covered(art.b, s)) for art in articles for s in art.sentences]
    for tag in tags:
        counts = Counter[str]()
        for art in articles:
            a = sorted({(s, e) for s, e, t in art.a if t == tag})
            b = sorted({(s, e) for s, e, t in art.b if t == tag})
            counts["a"] += len(a)
            counts["b"] += len(b)
            counts["exact"] += len(set(a) & set(b))
            counts["overlap"] += _overlap_matches(a, b)
        totals.update(counts)
        kappa = cohen_kappa(
            [str(tag in ca) for ca, _ in covers], [str(tag in cb) for _, cb in covers]
        )
        rows.append(_row(tag, counts, kappa))
    overall = cohen_kappa([_primary(ca) for ca, _ in covers], [_primary(cb) for _, cb in covers])
    rows.append(_row("*", totals, overall))
    return rows


def _row(tag: str, counts: Mapping[str, int], kappa: float | None) -> TagAgreement:
    a, b = counts.get("a", 0), counts.get("b", 0)
    return TagAgreement(
        tag,
        a,
        b,
        _scores(counts.get("exact", 0), a, b),
        _scores(counts.get("overlap", 0), a, b),
        kappa,
    )
