"""Fuzz targets for bench/fuzz/run.py: hypothesis strategies and the checks on each result.

Every target takes generated input and fails (raises) only on a real finding: an
exception the function does not document, or a result breaking an invariant
(sentence spans out of order, a suggestion whose text is not at its offsets ...).
The documented refusals (``ArticleImportError``, ``AnnotationFileError``,
``StoreError``) are fine.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from reader.io.annotation_files import AnnotationFileError, BadRow, read_annotation_file
from reader.io.importers import ArticleImportError, parse_markdown, parse_plain_text
from reader.model.article import Article
from reader.model.segment import split_sentences
from reader.store.errors import StoreError

# Characters that matter to the rules, plus any text at all.
_PIECES = [
    ".",
    "!",
    "?",
    "\u2026",
    '"',
    "'",
    "\u201c",
    "\u201d",
    "\u2018",
    "\u2019",
    "(",
    ")",
    " ",
    "\n",
    "\n\n",
    "\t",
    "-",
    "\u2014",
    "Mr. ",
    "U.S. ",
    "J. ",
    "said ",
    "Word ",
    "he ",
    "She ",
    "The ",
    "> ",
    "- ",
    "1. ",
    "# ",
    "| a | b |\n|---|---|\n",
    "*",
    "_",
    "`",
    "[",
    "](",
    "<b>",
    "---\n",
    "By Jane Doe\n",
    "Alice Smith",
    "according to",
]
TEXT = st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=8)), max_size=60).map("".join)


def check_spans(text: str, start: int = 0, end: int | None = None) -> None:
    """The sentence invariants: ordered, non-overlapping, trimmed, covering the range."""
    stop = len(text) if end is None else end
    spans = split_sentences(text, start, end)
    position = start
    for span in spans:
        assert position <= span.start < span.end <= stop, (span, position, stop)
        piece = text[span.start : span.end]
        assert piece == piece.strip(), span
        assert not text[position : span.start].strip(), (position, span)
        position = span.end
    assert not text[position:stop].strip()


def check_article(article: Article) -> None:
    """Every sentence is inside the text, in order, and not blank."""
    position = 0
    for span in article.sentences:
        assert position <= span.start < span.end <= len(article.text), span
        assert span.text_of(article.text).strip()
        position = span.end


def import_plain(text: str) -> None:
    with contextlib.suppress(ArticleImportError):
        check_article(parse_plain_text(text, source="fuzz.txt"))


def import_markdown(text: str) -> None:
    try:
        article = parse_markdown(text, source="fuzz.md")
    except ArticleImportError:
        return
    check_article(article)
    # Every word of plain prose is kept (markup characters may go, words may not; a
    # byline, a date or a URL at the top goes to the metadata).
    markup = any(c in text for c in "<`*_[]()!\\&|#=-+>~:\t0123456789") or "By" in text
    control = any(c < " " and c != "\n" for c in text)  # refused by load_article
    if not markup and not control and "www" not in text:
        for word in text.split():
            if any(c.isalnum() for c in word) and not word.rstrip(".").isdigit():
                assert word in article.text or (article.title and word in article.title), word


def suggestions(text: str) -> None:
    from reader.suggest import suggest
    from reader.suggest.guard import STRICT_ENV

    try:
        article = parse_plain_text(text, source="fuzz.txt")
    except ArticleImportError:
        return
    # a failing rule raises here (a finding) instead of being logged and skipped
    os.environ[STRICT_ENV] = "1"
    for s in suggest(article):
        assert 0 <= s.start < s.end <= len(article.text), s
        assert article.text[s.start : s.end] == s.exact, s


def annotation_file(data: bytes, fmt: Any) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "in.txt"
        path.write_bytes(data)
        try:
            for record in read_annotation_file(path, fmt):
                assert isinstance(record, (dict, BadRow)), record
        except AnnotationFileError:
            pass


_CSV_HEAD = (
    "id,article_id,article_title,section,start,end,exact,prefix,suffix,tag,speaker,status,"
    "note,author,created_at,updated_at,deleted_at\r\n"
)
ANNOTATION_BYTES = st.one_of(
    st.binary(max_size=300),
    st.lists(st.sampled_from([",", '"', "'=", "\r\n", "\n", "1", "x", "\x00", "\ufeff"]))
    .map(lambda parts: _CSV_HEAD + "".join(parts))
    .map(str.encode),
    st.lists(st.sampled_from(["{", "}", '"id"', ":", ",", "[", "]", "1", "null", "\n"]))
    .map("".join)
    .map(str.encode),
    st.sampled_from(
        ['[{"type": "Annotation"', '{"@context": "x", "target": ', "[]", "{}", "[" * 5000]
    ).map(str.encode),
)
FORMATS = st.sampled_from([None, "csv", "jsonl", "w3c"])


@dataclass
class Template:
    """A valid small shared database to mutate (made once per run)."""

    path: Path


_MUTATIONS = [
    "UPDATE articles SET text = ?",
    "UPDATE articles SET title = ?",
    "UPDATE articles SET structure = ?",
    "UPDATE articles SET metadata = ?",
    "UPDATE articles SET content_hash = ?",
    "UPDATE annotations SET start = ?",
    "UPDATE annotations SET tag = ?",
    "UPDATE tags SET name = ?",
    "DROP TABLE tags",
    "ALTER TABLE articles RENAME TO old_articles",
    "CREATE VIEW IF NOT EXISTS v AS SELECT ?",
]
VALUES = st.one_of(
    st.none(),
    st.integers(-(2**63), 2**63 - 1),
    st.floats(allow_nan=True),
    st.text(max_size=40),
    st.binary(max_size=40),
    st.sampled_from(
        [
            "[]",
            "{}",
            '{"sections": 1}',
            "x" * 3000,
            "[" * 5000 + "]" * 5000,
            b"\xff\xfe invalid UTF-8",
        ]
    ),
)
MERGE_INPUT = st.tuples(
    st.lists(st.tuples(st.sampled_from(_MUTATIONS), VALUES), max_size=3),
    st.lists(st.tuples(st.integers(0, 8191), st.integers(0, 255)), max_size=3),
)


def merge_reader(template: Template, change: tuple[list[Any], list[tuple[int, int]]]) -> None:
    """Mutate a copy of the template by SQL and by flipped bytes, then read it the way
    ``reader merge`` and ``reader agree`` do."""
    from reader.store.agreement_data import load_agreement_input
    from reader.store.merge import _prepare

    statements, flips = change
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "shared.db"
        shutil.copyfile(template.path, path)
        conn = sqlite3.connect(path)
        for sql, value in statements:
            with contextlib.suppress(sqlite3.Error):
                conn.execute(sql, [value] if "?" in sql else [])
        conn.commit()
        conn.close()
        data = bytearray(path.read_bytes())
        for offset, byte in flips:
            if offset < len(data):
                data[offset] = byte
        path.write_bytes(bytes(data))
        for read in (
            lambda: _prepare(path),
            lambda: load_agreement_input([path], ["fuzz", "other"]),
        ):
            with contextlib.suppress(StoreError):
                read()


def make_template(directory: Path) -> Template:
    from patterns import shared_db

    return Template(shared_db(directory / "template.db", 3))


#: name -> (strategy, check); the merge target gets the template as first argument.
FUZZ_TARGETS: dict[str, tuple[Any, Callable[..., None]]] = {
    "split_sentences": (
        st.tuples(TEXT, st.integers(0, 5)),
        lambda args: check_spans(args[0], min(args[1], len(args[0]))),
    ),
    "parse_plain_text": (TEXT, import_plain),
    "parse_markdown": (TEXT, import_markdown),
    "suggest": (TEXT, suggestions),
    "read_annotation_file": (st.tuples(ANNOTATION_BYTES, FORMATS), lambda a: annotation_file(*a)),
}
