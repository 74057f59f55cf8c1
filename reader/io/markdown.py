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
from markdown_it.rules_block import StateBlock
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
# markdown-it stops parsing a container nested maxNesting (20) levels deep and drops
# everything in it. From _FLATTEN_LEVEL on, a rule of ours takes the container's lines
# as plain paragraphs instead: deeper block quotes and lists keep all their text,
# flattened (their markers dropped), and the parser never recurses deeper.
_PARSER = MarkdownIt("commonmark").enable("table")
_FLATTEN_LEVEL = _PARSER.options.maxNesting - 2  # a list opens two levels (list, item)
# Block quote and list markers at the start of a line inside a flattened container
# (a list item's marker starts a new paragraph).
_LIST_MARKER = re.compile(r"[-+*\d]")
_CONTAINER_MARKERS = re.compile(r"(?:[ \t]*(?:>|[-+*](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$)))*[ \t]*")


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


def _flatten_deep(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """Block rule: inside a container nested ``_FLATTEN_LEVEL`` deep, every line up to
    the container's end is paragraph text (blank lines separate paragraphs), with the
    markers of deeper block quotes and list items removed."""
    if state.level < _FLATTEN_LEVEL:
        return False
    if silent:
        return True
    line = start
    paragraph: list[str] = []
    first = start

    def emit(stop: int) -> None:
        if paragraph:
            opening = state.push("paragraph_open", "p", 1)
            opening.map = [first, stop]
            inline = state.push("inline", "", 0)
            inline.content = "\n".join(paragraph)
            inline.map = [first, stop]
            inline.children = []
            state.push("paragraph_close", "p", -1)
            paragraph.clear()

    while line < end:
        if state.isEmpty(line):
            emit(line)
        elif state.sCount[line] < state.blkIndent:
            break  # the end of a list item's content
        else:
            text = state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]]
            found = _CONTAINER_MARKERS.match(text)  # may match nothing: never None
            markers = found.group() if found else ""
            text = text[len(markers) :]
            if _LIST_MARKER.search(markers):
                emit(line)
            if text.strip():
                if not paragraph:
                    first = line
                paragraph.append(text)
            else:
                emit(line)
        line += 1
    emit(line)
    state.line = line
    return True


_PARSER.block.ruler.before("table", "flatten_deep", _flatten_deep)


def _render(tokens: list[Token]) -> _Rendered:
    """Walk block tokens, producing one plain-text line per heading or paragraph.

    One pass: a table row's cells are collected between ``tr_open`` and
    ``tr_close`` (looking ahead from each row was quadratic in the table's length).
    """
    out = _Rendered()
    row: list[str] | None = None  # the cells of the table row being read
    for i, tok in enumerate(tokens):
        if row is not None:
            if tok.type == "tr_close":
                out.add("paragraph", " | ".join(c for c in row if c.strip()))
                row = None
            elif tok.type == "inline":
                row.append(_inline_text(tok))
        elif tok.type == "heading_open":
            _add_heading(out, tok.tag, _inline_text(tokens[i + 1]))
        elif tok.type == "inline" and tokens[i - 1].type == "paragraph_open":
            out.add("paragraph", _inline_text(tok))
        elif tok.type == "tr_open":
            row = []
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
