"""The large article the speed benchmarks open: the bundled paragraphs repeated and varied.

Issue 12's 10 MB article: the seed's paragraphs in turn, each copy varied (its numbers
shifted, a running copy number in the first sentence) so no two paragraphs are the same,
with a heading every ~40 paragraphs, as plain text the plain-text importer reads (one
paragraph a line, a heading a short line without closing punctuation).
"""

from __future__ import annotations

import re
from pathlib import Path

from reader.io.importers import load_seed

PARAGRAPHS_PER_HEADING = 40
_NUMBER = re.compile(r"\d+")


def big_article_text(size_bytes: int) -> str:
    """Plain text of at least ``size_bytes`` UTF-8 bytes, built from the seed's paragraphs."""
    seed = load_seed()
    paragraphs = [
        paragraph.span.text_of(seed.text)
        for section in seed.sections
        for paragraph in section.paragraphs
    ]
    lines: list[str] = ["Rafah, again and again: a very long article", ""]
    total = 0
    copy = 0
    while total < size_bytes:
        if copy % PARAGRAPHS_PER_HEADING == 0 and copy:
            heading = f"Part {copy // PARAGRAPHS_PER_HEADING + 1}"
            lines.append(heading)
            total += len(heading) + 1
        source = paragraphs[copy % len(paragraphs)]
        shift = copy // len(paragraphs)
        varied = _NUMBER.sub(lambda match, by=shift: str(int(match.group()) + by), source)
        line = f"{varied} (Copy {copy + 1}.)" if shift else varied
        lines.append(line)
        total += len(line.encode("utf-8")) + 1
        copy += 1
    return "\n".join(lines) + "\n"


def write_big_article(path: Path, size_bytes: int = 10_000_000) -> Path:
    """Write :func:`big_article_text` of ``size_bytes`` to ``path``; returns ``path``."""
    path.write_text(big_article_text(size_bytes), encoding="utf-8")
    return path


def hard_wrapped(text: str, width: int = 72) -> str:
    """``text`` as a hard-wrapped file: each non-blank line wrapped at ``width`` columns
    (:func:`textwrap.wrap`), the paragraphs separated by blank lines."""
    import textwrap

    return "\n\n".join(
        "\n".join(textwrap.wrap(line, width)) for line in text.splitlines() if line.strip()
    )
