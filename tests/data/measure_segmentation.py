"""Measure sentence segmenters on tests/data/segmentation_cases.json (see docs/segmentation.md).

Run: .venv/bin/python tests/data/measure_segmentation.py  (pysbd / syntok are optional:
they are measured only when installed).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

from reader.model.segment import split_sentences

CASES = json.loads((Path(__file__).parent / "segmentation_cases.json").read_text("utf-8"))


def ours(text: str) -> list[str]:
    """Our rule-based segmenter."""
    return [text[s.start : s.end] for s in split_sentences(text)]


def segmenters() -> dict[str, Callable[[str], list[str]]]:
    """Every segmenter available in this environment."""
    found: dict[str, Callable[[str], list[str]]] = {"reader (own rules)": ours}
    try:
        import pysbd

        seg = pysbd.Segmenter(language="en", clean=False, char_span=False)
        found["pysbd 0.3.4"] = lambda t: [s.strip() for s in seg.segment(t)]
    except ImportError:
        pass
    try:
        from syntok import segmenter as syn

        def syntok_split(text: str) -> list[str]:
            out = []
            for para in syn.analyze(text):
                for sent in para:
                    out.append(text[sent[0].offset : sent[-1].offset + len(sent[-1].value)])
            return out

        found["syntok 1.4.4"] = syntok_split
    except ImportError:
        pass
    return found


def boundaries(sentences: list[str]) -> set[int]:
    """Cumulative non-space character counts at each sentence end."""
    total, out = 0, set()
    for s in sentences:
        total += len("".join(s.split()))
        out.add(total)
    return out


def accuracy(split: Callable[[str], list[str]]) -> tuple[int, float, float]:
    """(cases exactly right, boundary precision, boundary recall)."""
    exact = tp = predicted = gold = 0
    for expected in CASES:
        got = split(" ".join(expected))
        exact += got == expected
        want, have = boundaries(expected), boundaries(got)
        tp += len(want & have)
        predicted += len(have)
        gold += len(want)
    return exact, tp / predicted, tp / gold


def speed(split: Callable[[str], list[str]], megabytes: float) -> float:
    """Seconds to split one paragraph of about ``megabytes`` MB made of the cases."""
    unit = " ".join(" ".join(c) for c in CASES)
    text = " ".join([unit] * int(megabytes * 1_000_000 / len(unit)))
    began = time.perf_counter()
    split(text)
    return time.perf_counter() - began


def main() -> None:
    """Print a Markdown table of accuracy and speed."""
    print(f"{len(CASES)} cases, {sum(len(c) for c in CASES)} sentences")
    print("| segmenter | exact cases | boundary precision | boundary recall | 100 kB (s) |")
    print("|---|---|---|---|---|")
    for name, split in segmenters().items():
        exact, p, r = accuracy(split)
        secs = speed(split, 0.1)
        print(f"| {name} | {exact}/{len(CASES)} | {p:.3f} | {r:.3f} | {secs:.2f} |")
    print(f"own rules, one 10 MB paragraph: {speed(ours, 10):.2f} s")


if __name__ == "__main__":
    main()
