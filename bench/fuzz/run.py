"""A time-bounded fuzz run over the importers, the sentence splitter, the suggestion rules,
annotation file reading and the merge reader, then a doubling series flagging anything
super-linear.

    python bench/fuzz/run.py [--seconds N] [--quick] [--strict] [--only TEXT] [--no-fuzz]

1. Fuzz (hypothesis, about half the budget, shared between the targets): generated
   text, Markdown, annotation-file bytes and mutated shared databases; a target
   fails only on an undocumented exception or a broken invariant (bench/fuzz/targets.py).
2. Doubling series (the other half): every function on adversarial inputs of size
   n, 2n, 4n, 8n (bench/fuzz/patterns.py). n starts small and doubles until one call
   takes a measurable time; each point is the best of a few runs. The ratio
   t(2n)/t(n) is about 2 for linear work and 4 for quadratic; a series whose mean
   ratio per doubling is above 3 is flagged.

Prints two tables. Exits 0 (a report, not a gate) unless --strict: then 1 when a
fuzz target failed or a series was flagged. Not part of ``make test`` (a smoke
test runs it with a tiny budget).
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import patterns
import targets
from hypothesis import HealthCheck, given, settings

from reader.io.annotation_files import AnnotationFileError, read_annotation_file
from reader.io.importers import ArticleImportError, parse_markdown, parse_plain_text
from reader.model.segment import split_sentences
from reader.store.errors import StoreError

FLAG_RATIO = 3.0


@dataclass
class FuzzResult:
    name: str
    examples: int = 0
    failures: list[str] = field(default_factory=list)


def fuzz(name: str, strategy: Any, check: Callable[..., None], seconds: float) -> FuzzResult:
    """Run ``check`` on generated examples for about ``seconds``; record failures."""
    result = FuzzResult(name)

    def counted(value: Any) -> None:
        result.examples += 1
        check(value)

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and len(result.failures) < 3:
        test = settings(
            max_examples=25,
            deadline=None,
            database=None,
            derandomize=False,
            suppress_health_check=list(HealthCheck),
        )(given(strategy)(counted))
        try:
            test()
        except Exception as error:  # a finding: keep the shrunk example's error
            where = traceback.extract_tb(error.__traceback__)[-1]
            what = "".join(traceback.format_exception_only(error)).strip()
            result.failures.append(f"{Path(where.filename).name}:{where.lineno}: {what}")
    return result


# -- doubling series -------------------------------------------------------------------------


@dataclass
class Series:
    target: str
    pattern: str
    base: int
    times: list[float]

    @property
    def ratios(self) -> list[float]:
        return [
            b / a if a > 0 else float("inf")
            for a, b in zip(self.times, self.times[1:], strict=False)
        ]

    @property
    def measured(self) -> list[float]:
        """The times measured (a series cut short for time ends early)."""
        return [t for t in self.times if t != float("inf")]

    @property
    def per_doubling(self) -> float:
        """The mean ratio per doubling, t(last)/t(n) to the power 1/doublings."""
        times = self.measured
        if len(times) < 2:
            return float("nan")
        return (times[-1] / times[0]) ** (1 / (len(times) - 1)) if times[0] > 0 else float("inf")

    @property
    def flagged(self) -> bool:
        return self.per_doubling > FLAG_RATIO


# Documented refusals: a function that refuses an input in one line has done its work.
_REFUSALS = (ArticleImportError, AnnotationFileError, StoreError)


def _best(function: Callable[[Any], Any], value: Any, repeats: int) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        with contextlib.suppress(*_REFUSALS):
            function(value)
        best = min(best, time.perf_counter() - start)
    return best


def doubling(
    target: str,
    pattern: str,
    make: Callable[[int], Any],
    function: Callable[[Any], Any],
    *,
    floor: float,
    start: int,
    repeats: int,
    cap: float,
) -> Series:
    """Times of ``function`` on inputs of size n..8n, n grown until a call takes ``floor``;
    the series stops (last time infinite) when a call took more than ``cap``."""
    n = start
    while True:
        t = _best(function, make(n), repeats)
        if t >= floor or n >= 1 << 24:
            break
        n *= 2
    times = [t]
    for k in (2, 4, 8):
        if times[-1] > cap:
            times.append(float("inf"))
            break
        times.append(_best(function, make(n * k), repeats))
    return Series(target, pattern, n, times)


def _annotation_reader(fmt: str | None) -> Callable[[bytes], None]:
    def read(data: bytes) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "in"
            path.write_bytes(data)
            for _ in read_annotation_file(path, fmt):  # type: ignore[arg-type]
                pass

    return read


def _suggest(text: str) -> None:
    from reader.suggest import suggest

    suggest(parse_plain_text(text, source="x"))


def series_plan(work: Path) -> list[tuple[str, str, Callable[[int], Any], Callable[[Any], Any]]]:
    """(target, pattern, make input, function) for every measured pair."""
    plan: list[tuple[str, str, Callable[[int], Any], Callable[[Any], Any]]] = []
    for name, make in patterns.TEXT.items():
        plan.append(("split_sentences", name, make, split_sentences))
    for name, make in patterns.TEXT.items():
        plan.append(("parse_plain_text", name, make, lambda t: parse_plain_text(t, source="x")))
    for name, make in patterns.MARKDOWN.items():
        plan.append(("parse_markdown", name, make, lambda t: parse_markdown(t, source="x.md")))
    for name, make in patterns.TEXT.items():
        plan.append(("suggest", name, make, _suggest))
    for name, make_bytes in patterns.ANNOTATION_FILES.items():
        fmt = name.split()[0]
        plan.append(("read_annotation_file", name, make_bytes, _annotation_reader(fmt)))
    from reader.store.merge import _prepare

    counter = iter(range(1 << 30))
    for shape in patterns.MERGE_SHAPES:

        def make_db(n: int, shape: str = shape) -> Path:
            return patterns.shared_db(work / f"s{next(counter)}.db", n // 2000 + 1, shape=shape)

        plan.append(("merge reader", shape, make_db, _prepare))
    return plan


def _fmt_time(t: float) -> str:
    return "   >cap" if t == float("inf") else f"{t:7.4f}"


def print_fuzz(results: list[FuzzResult]) -> None:
    print(f"{'fuzz target':<22} {'examples':>8}  failures")
    for r in results:
        print(f"{r.name:<22} {r.examples:>8}  {len(r.failures)}")
        for failure in r.failures:
            print(f"{'':<22} {'':>8}  - {failure}")


def print_series(rows: list[Series]) -> None:
    print(
        f"{'target':<21} {'pattern':<16} {'n':>8} {'t(n) s':>7} {'t(2n)':>7} {'t(4n)':>7} "
        f"{'t(8n)':>7}  {'ratios':<17} {'mean':>5}  flag"
    )
    for s in rows:
        times = " ".join(_fmt_time(t) for t in s.times + [float("inf")] * (4 - len(s.times)))
        ratios = " ".join(f"{r:5.1f}" for r in s.ratios if r != float("inf"))
        flag = "SUPER-LINEAR" if s.flagged else "(cut: out of time)" if s.times[-1] > 1e9 else ""
        print(
            f"{s.target:<21} {s.pattern:<16} {s.base:>8} {times}  {ratios:<17} "
            f"{s.per_doubling:5.1f}  {flag}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=300, help="total budget (default 300)")
    parser.add_argument("--quick", action="store_true", help="small sizes, one run per point")
    parser.add_argument("--strict", action="store_true", help="exit 1 on a failure or a flag")
    parser.add_argument("--no-fuzz", action="store_true", help="only the doubling series")
    parser.add_argument(
        "--only", metavar="TEXT", default="", help="only targets/series whose name has TEXT"
    )
    args = parser.parse_args(argv)
    budget = max(args.seconds, 1.0)
    started = time.monotonic()

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        fuzz_targets = dict(targets.FUZZ_TARGETS)
        template = targets.make_template(work)
        fuzz_targets["merge reader"] = (
            targets.MERGE_INPUT,
            lambda change: targets.merge_reader(template, change),
        )
        fuzz_targets = {
            k: v for k, v in fuzz_targets.items() if args.only in k and not args.no_fuzz
        }
        share = budget / 2 / max(len(fuzz_targets), 1)  # fuzz half, series the rest
        results = [fuzz(name, s, check, share) for name, (s, check) in fuzz_targets.items()]
        print_fuzz(results)
        print()

        floor, repeats, start = (0.002, 1, 256) if args.quick else (0.02, 3, 1024)
        plan = [p for p in series_plan(work) if args.only in f"{p[0]} {p[1]}"]
        rows: list[Series] = []
        errors: list[str] = []
        skipped = 0
        for target, pattern, make, function in plan:
            left = budget - (time.monotonic() - started)
            if left <= 0:
                skipped += 1
                continue
            cap = max(left / 8, 0.05)
            try:
                series = doubling(
                    target,
                    pattern,
                    make,
                    function,
                    floor=floor,
                    start=start,
                    repeats=repeats,
                    cap=cap,
                )
            except Exception as error:  # a finding too: report it, measure the rest
                errors.append(f"{target} / {pattern}: {type(error).__name__}: {error}"[:300])
                continue
            rows.append(series)
        print_series(rows)
        for error in errors:
            print(f"ERROR {error}")
        if skipped:
            print(f"({skipped} series not run: out of time; give more --seconds)")
    flagged = [s for s in rows if s.flagged]
    failed = [r for r in results if r.failures] + errors
    print(
        f"\n{len(failed) - len(errors)} fuzz target(s) failed, {len(errors)} series failed, "
        f"{len(flagged)} series flagged super-linear"
    )
    return 1 if args.strict and (flagged or failed) else 0


if __name__ == "__main__":
    sys.exit(main())
