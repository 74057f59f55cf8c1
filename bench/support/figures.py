"""One shape for every benchmark figure, so `make bench` can print one table.

Each benchmark script in bench/ measures its figures against a baseline taken in the same
run and hands them to :func:`report`, which prints them and, when the script was given
``--json PATH``, writes them there for bench/run_all.py (``make bench``) to collect into
one table and bench/results.json. A benchmark reports; it never fails a run because a
target is missed.
"""

from __future__ import annotations

import argparse
import json
import operator
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

_COMPARE = {"<=": operator.le, ">=": operator.ge, "<": operator.lt, ">": operator.gt}


@dataclass(frozen=True)
class Figure:
    """One measured figure and the target it is judged by.

    ``value`` is what was measured (in ``unit``); ``baseline`` the same-run reference it
    is compared to (None when the target is absolute); ``ratio`` is ``value / baseline``
    when there is a baseline. ``target`` is e.g. ``"<= 1.3x"`` (judged on the ratio) or
    ``"<= 33 ms"`` / ``">= 200 /s"`` (judged on the value). ``stretch`` is an optional
    second, harder target of the same form.
    """

    name: str
    value: float
    unit: str
    target: str
    baseline: float | None = None
    stretch: str | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        """``value / baseline``, or None without a (non-zero) baseline."""
        if self.baseline is None or self.baseline == 0:
            return None
        return self.value / self.baseline

    def meets(self, target: str | None) -> bool | None:
        """Whether the figure meets ``target`` (None when there is no target)."""
        if not target:
            return None
        sign, number, *rest = target.split()
        judged = self.ratio if (rest and rest[0] == "x") or number.endswith("x") else self.value
        if judged is None:
            return False
        return _COMPARE[sign](judged, float(number.removesuffix("x")))

    @property
    def met(self) -> bool | None:
        """Whether the main target is met."""
        return self.meets(self.target)

    def as_dict(self) -> dict[str, object]:
        """The figure as JSON-ready data, with its ratio and verdicts."""
        data: dict[str, object] = asdict(self)
        data.update(ratio=self.ratio, met=self.met, stretch_met=self.meets(self.stretch))
        return data


def bench_arguments(description: str) -> argparse.ArgumentParser:
    """The arguments every benchmark script takes: ``--quick`` and ``--json PATH``."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--quick", action="store_true", help="a short CI-sized run")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    return parser


def format_table(figures: Sequence[Figure]) -> str:
    """The figures as one plain-text table: figure, value, baseline, ratio, target, met."""
    rows = [("figure", "value", "baseline", "ratio", "target", "met", "stretch")]
    for figure in figures:
        ratio = figure.ratio
        stretch = figure.meets(figure.stretch)
        rows.append(
            (
                figure.name,
                f"{figure.value:.4g} {figure.unit}",
                "" if figure.baseline is None else f"{figure.baseline:.4g} {figure.unit}",
                "" if ratio is None else f"{ratio:.2f}x",
                figure.target,
                {True: "yes", False: "NO", None: ""}[figure.met],
                "" if figure.stretch is None else f"{figure.stretch} {'yes' if stretch else 'no'}",
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    )


def report(figures: Sequence[Figure], json_path: Path | None) -> None:
    """Print the figures as a table and, with ``json_path``, write them there as JSON."""
    print(format_table(figures))
    if json_path is not None:
        json_path.write_text(
            json.dumps([figure.as_dict() for figure in figures], indent=2) + "\n",
            encoding="utf-8",
        )
