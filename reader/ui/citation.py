"""Format a citation of an annotated passage."""

from __future__ import annotations


def format_citation(exact: str, *, speaker: str | None, title: str, section: str) -> str:
    """``"exact text" — speaker, article title, section`` (speaker left out when unknown)."""
    quote = " ".join(exact.split())
    parts = [p for p in (speaker, title, section) if p]
    return f"\u201c{quote}\u201d \u2014 " + ", ".join(parts)
