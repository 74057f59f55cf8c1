"""Helpers for the store tests: articles built by hand with the model classes.

The importer is written separately, so these helpers segment text with a
deliberately simple rule: every non-blank line is a paragraph with one
sentence, except short lines without final punctuation, which are headings.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from reader.model.article import Article, Paragraph, Section, Span

SEED_PATH = Path(__file__).resolve().parents[1] / "seeds" / "000_4827286a000d86a8.txt"

#: Section display titles of the seed article, as the export shows them ("" = lead).
SEED_SECTIONS = ("", "Displaced again", "Alive and kicking", "Arson")


def _is_heading(line: str) -> bool:
    return len(line) <= 60 and not line.rstrip().endswith((".", "!", "?", '"', "”", ":"))


def make_article(text: str, *, title: str = "Test article", source: str = "test.txt") -> Article:
    """An Article whose sections start at heading lines (text before the first is the lead)."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").lstrip("\ufeff"))
    sections: list[Section] = []
    title_line: str | None = None
    heading: Span | None = None
    paragraphs: list[Paragraph] = []

    def close_section() -> None:
        if heading is None and not paragraphs:
            return
        start = heading.start if heading else paragraphs[0].span.start
        end = paragraphs[-1].span.end if paragraphs else heading.end  # type: ignore[union-attr]
        sections.append(Section(title_line, heading, Span(start, end), tuple(paragraphs)))

    offset = 0
    for line in text.split("\n"):
        span = Span(offset, offset + len(line))
        offset += len(line) + 1
        if not line.strip():
            continue
        if _is_heading(line):
            close_section()
            title_line, heading, paragraphs = line, span, []
        else:
            paragraphs.append(Paragraph(span, (span,)))
    close_section()
    return Article(title=title, source=source, text=text, sections=tuple(sections))


def seed_article() -> Article:
    """The bundled seed article, segmented by :func:`make_article`."""
    return make_article(
        SEED_PATH.read_text(encoding="utf-8"), title="Seed article", source=SEED_PATH.name
    )


def small_article(body: str = "One", *, title: str = "Small") -> Article:
    """A short distinct article: a lead paragraph and one headed section."""
    return make_article(
        f"{body} lead sentence here.\nHeading {body}\nA sentence in the {body} section.",
        title=title,
        source=f"{body.lower()}.txt",
    )
