"""Adversarial inputs of a given size for the doubling series (bench/fuzz/run.py).

Each pattern is a function ``size -> input``; the input grows linearly with
``size``, so a linear function takes about twice as long when ``size`` doubles.
The shapes are the ones that broke something before or might: runs of
punctuation without a space, quotes, ``Word said`` repeated after an opening
quote, deep nesting, long tables, long lines, many rows, long cells.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

SENTENCE = "The council said on Tuesday that the bridge would cost 4 million euros. "
QUOTE = '"We will start in spring," the mayor said. '


def _repeat(unit: str, size: int) -> str:
    return unit * size


# -- plain text (sentence splitter, plain-text importer, suggestion rules) -----------------------

TEXT: dict[str, Callable[[int], str]] = {
    "prose": lambda n: _repeat(SENTENCE, n // 70 + 1),
    "punct-run .": lambda n: "Yes" + "." * n + "no",
    "punct-run !?…": lambda n: "Yes" + "!?\u2026" * (n // 3) + "no",
    'run ."': lambda n: "Yes" + '."' * (n // 2) + " no",
    "long-word": lambda n: "a" * n + ". Then more.",
    "long-line": lambda n: _repeat("word ", n // 5),
    "abbreviations": lambda n: _repeat("U.S. Mr. J. ", n // 12),
    "openers": lambda n: "End. " + "(" * n + "x",
    "blank-ish lines": lambda n: _repeat("\n \t", n // 3) + "A.",
    "quote-said": lambda n: '"' + _repeat("Word said ", n // 10),
    "quote-said \u201c": lambda n: "\u201c" + _repeat("Word said ", n // 10),
    "quotes": lambda n: _repeat(QUOTE, n // 44 + 1),
    "open-quotes": lambda n: _repeat('"Hello ', n // 7),
    "why-asked": lambda n: _repeat('"Why?" Haugen asked. ', n // 21),
    "short-lines": lambda n: _repeat("Heading line\n", n // 13),
}

# -- Markdown -------------------------------------------------------------------------------------

MARKDOWN: dict[str, Callable[[int], str]] = {
    "prose": lambda n: _repeat(SENTENCE + "\n\n", n // 72 + 1),
    "nested quotes": lambda n: ">" * n + " deep text.",
    "nested lists": lambda n: "".join("  " * i + "- item\n" for i in range(int(n**0.5) + 1)),
    "long table": lambda n: "| a | b |\n|---|---|\n" + _repeat("| x | y |\n", n // 10),
    "long line": lambda n: _repeat("word *em* ", n // 10),
    "emphasis": lambda n: _repeat("*a ", n // 3),
    "brackets": lambda n: "[" * n + "x",
    "backticks": lambda n: _repeat("`a ", n // 3),
    "punct-run": lambda n: "Yes" + "!" * n + "no",
}

# -- annotation files -----------------------------------------------------------------------------

_RECORD = {
    "id": "0123456789abcdef",
    "article_id": "fedcba9876543210",
    "article_title": "Title",
    "section": "",
    "start": 0,
    "end": 5,
    "exact": "Hello",
    "prefix": "",
    "suffix": " world",
    "tag": "claim",
    "speaker": "",
    "status": "unverified",
    "note": "=1+1",
    "author": "someone",
    "created_at": "2024-01-01T00:00:00Z",
    "updated_at": "2024-01-01T00:00:00Z",
    "deleted_at": "",
}


def _csv(rows: list[dict[str, object]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(_RECORD))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def _w3c(count: int, exact: str = "Hello") -> bytes:
    item = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "type": "Annotation",
        "id": "urn:uuid:x",
        "body": [{"type": "TextualBody", "purpose": "tagging", "value": "claim"}],
        "target": {"selector": [{"type": "TextQuoteSelector", "exact": exact}]},
    }
    return json.dumps([item] * count).encode()


ANNOTATION_FILES: dict[str, Callable[[int], bytes]] = {
    "csv rows": lambda n: _csv([_RECORD] * (n // 150 + 1)),
    "csv long cell": lambda n: _csv([{**_RECORD, "note": "x" * n}]),
    "csv quotes": lambda n: _csv([{**_RECORD, "exact": '"' * n}]),
    "jsonl rows": lambda n: (json.dumps(_RECORD) + "\n").encode() * (n // 300 + 1),
    "jsonl long line": lambda n: json.dumps({**_RECORD, "exact": "y" * n}).encode(),
    "jsonl nested": lambda n: b"[" * (n // 100) + b"]" * (n // 100),
    "w3c items": lambda n: _w3c(n // 250 + 1),
    "w3c long exact": lambda n: _w3c(1, "z" * n),
}

# -- shared databases (merge reader) --------------------------------------------------------------


def shared_db(path: Path, articles: int, *, shape: str = "normal") -> Path:
    """A reader database with ``articles`` short articles (one annotation each), in a
    few shapes: ``normal``, ``bad-types`` (every other article's text an integer),
    ``long-title`` (titles past the cap)."""
    from reader.io.importers import parse_plain_text
    from reader.store.store import Store

    with Store.open(path, author="fuzz") as store:
        for i in range(articles):
            article = parse_plain_text(f"Article {i} says hello. {SENTENCE}", source=f"a{i}")
            stored, _ = store.import_article(article)
            store.add_annotation(stored.id, 0, 5, "claim")
    conn = sqlite3.connect(path)
    with conn:
        if shape == "bad-types":
            conn.execute("UPDATE articles SET text = 7 WHERE rowid % 2 = 0")
        elif shape == "long-title":
            conn.execute("UPDATE articles SET title = printf('%.*c', 3000, 'x')")
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    return path


MERGE_SHAPES = ("normal", "bad-types", "long-title")
