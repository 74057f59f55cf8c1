"""A JSON-ready outline of an article: sections with their sentences (for tests, CLI, export)."""

from __future__ import annotations

from typing import Any

from reader.model.article import Article, Section


def outline(article: Article) -> dict[str, Any]:
    """Describe ``article`` as plain data (see docs/architecture.md for the shape)."""
    return {
        "title": article.title,
        "source": article.source,
        "sections": [_section_outline(article.text, sec) for sec in article.sections],
    }


def _section_outline(text: str, section: Section) -> dict[str, Any]:
    """One section: titles, span, paragraph count and sentences with their text."""
    return {
        "title": section.title,
        "display_title": section.display_title,
        "start": section.span.start,
        "end": section.span.end,
        "paragraphs": len(section.paragraphs),
        "sentences": [
            {"start": s.start, "end": s.end, "text": s.text_of(text)} for s in section.sentences
        ],
    }
