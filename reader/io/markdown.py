"""Markdown articles, parsed with markdown-it-py and rendered to plain text.

The article text is one line per section heading / paragraph (list item,
blockquote paragraph, table row, code line), inline markup reduced to plain
text; offsets index that text. The title (first ``#`` before any paragraph,
else front matter ``title``, else the first sentence) is not in the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token

from reader.io.plaintext import header_fields
from reader.model.article import Article, Span
from reader.model.build import Block, build_article, title_from_blocks
from reader.model.normalise import normalise_text

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<body>.*?\n)(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_FRONT_MATTER_KEYS = {"title": "title", "author": "author", "date": "date", "url": "url"}
_TAG = re.compile(r"<[^>]*>")
_BREAK_TAG = re.compile(r"<\s*br\b", re.IGNORECASE)
# Inline HTML tags that separate words when rendered (a space is left in their place);
# other inline tags (<span>, <b>, <a> ...) are dropped without a space.
_SPACING_TAG = re.compile(
    r"<\s*/?\s*(?:p|div|li|ul|ol|tr|td|th|table|h[1-6]|hr|blockquote|section|article)\b",
    re.IGNORECASE,
)
_PARSER = MarkdownIt("commonmark").enable("table")


@dataclass
class _Rendered:
    """Plain-text lines being assembled, with the block each line is."""

    lines: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    sources: list[list[str]] = field(default_factory=list)  # each line's source lines
    title: str | None = None

    def add(self, kind: str, line: str) -> None:
        """Append a non-blank line of the given kind (its "\n"s become spaces)."""
        parts = [" ".join(part.split()) for part in line.split("\n") if part.strip()]
        if parts:
            self.lines.append(" ".join(parts))
            self.kinds.append(kind)
            self.sources.append(parts)


def parse_markdown(text: str, *, source: str) -> Article:
    """Parse a Markdown article into an ``Article`` over its plain-text rendering."""
    front, body = split_front_matter(normalise_text(text))
    rendered = _render(_PARSER.parse(body))
    _take_byline(rendered, front)
    plain = "\n".join(rendered.lines)
    blocks = list(_line_blocks(rendered))
    title = rendered.title or front.get("title") or title_from_blocks(plain, blocks)
    metadata = {k: v for k, v in front.items() if k != "title"}
    return build_article(plain, blocks, title=title, source=source, metadata=metadata)


def split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """Read simple ``key: value`` front matter between ``---`` lines; return (fields, rest)."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    fields: dict[str, str] = {}
    for line in match.group("body").splitlines():
        key, sep, value = line.partition(":")
        name = _FRONT_MATTER_KEYS.get(key.strip().lower())
        value = value.strip().strip("\"'").strip()
        if sep and name and value:
            fields[name] = value
    return fields, text[match.end() :]


def _render(tokens: list[Token]) -> _Rendered:
    """Walk block tokens, producing one plain-text line per heading or paragraph."""
    out = _Rendered()
    for i, tok in enumerate(tokens):
        if tok.type == "heading_open":
            _add_heading(out, tok.tag, _inline_text(tokens[i + 1]))
        elif tok.type == "inline" and tokens[i - 1].type == "paragraph_open":
            out.add("paragraph", _inline_text(tok))
        elif tok.type == "tr_open":
            out.add("paragraph", _table_row(tokens, i))
        elif tok.type in ("code_block", "fence"):
            for line in tok.content.splitlines():
                out.add("paragraph", line)
        elif tok.type == "html_block":
            out.add("paragraph", _TAG.sub(" ", tok.content))
    return out


def _take_byline(out: _Rendered, fields: dict[str, str]) -> None:
    """Move byline/date/URL paragraphs at the very top into ``fields`` (front matter wins).

    Each source line of a paragraph is checked on its own ("By Daniel Osei" / "Feb. 20,
    2025" written on two lines of one paragraph); all of them must be header lines.
    """
    while out.kinds and out.kinds[0] == "paragraph":
        found: dict[str, str] = {}
        for part in out.sources[0]:
            part_fields = header_fields(part)
            if not part_fields or any(key in fields or key in found for key in part_fields):
                return
            found.update(part_fields)
        fields.update(found)
        del out.lines[0], out.kinds[0], out.sources[0]


def _add_heading(out: _Rendered, tag: str, text: str) -> None:
    """The first ``#`` before any paragraph is the title; every other heading is a section."""
    if tag == "h1" and out.title is None and "paragraph" not in out.kinds:
        out.title = " ".join(text.split()) or None
    else:
        out.add("heading", text)


def _table_row(tokens: list[Token], start: int) -> str:
    """A table row as its cells' text joined by " | "."""
    cells: list[str] = []
    for tok in tokens[start + 1 :]:
        if tok.type == "tr_close":
            break
        if tok.type == "inline":
            cells.append(_inline_text(tok))
    return " | ".join(c for c in cells if c.strip())


def _inline_text(tok: Token) -> str:
    """Plain text of an inline token: markup dropped, images as alt text, HTML stripped.

    Line breaks (soft, hard, ``<br>``) are "\n" here; ``_Rendered.add`` makes them spaces.
    """
    parts: list[str] = []
    for child in tok.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type == "image":
            parts.append(_inline_text(child))
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif child.type == "html_inline":
            if _BREAK_TAG.match(child.content):
                parts.append("\n")
            elif _SPACING_TAG.match(child.content):
                parts.append(" ")
    return "".join(parts)


def _line_blocks(rendered: _Rendered) -> Iterator[Block]:
    """A block per rendered line, with its span in the joined text."""
    offset = 0
    for kind, line in zip(rendered.kinds, rendered.lines, strict=True):
        yield Block(
            "heading" if kind == "heading" else "paragraph", Span(offset, offset + len(line))
        )
        offset += len(line) + 1
