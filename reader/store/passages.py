"""A new article's search passages, written by the store after its row (schema 13).

Schema 12 cuts an article's text into passages of 64-128 KiB of its UTF-8 bytes
(``article_passages``) and indexes one ``articles_fts`` row per passage, in a trigger
run inside the article's INSERT, while SQLite holds the 10 MB text twice (the value
written and the row's record): ~4 MB more at the import's peak (issue 12). From schema 13
the store marks a long article (:data:`INDEX_AFTER_CHARS`) in ``article_passages_later``
before its INSERT (the trigger skips it) and calls :func:`index_passages` once the
statement is done: the same rows, cut here as the trigger cuts them in SQL
(tests/test_store_passages.py holds the two to each other), from the text the store
holds. Every other writer, and a short text, is indexed by the trigger.

``reader FILE`` imports with ``index_later``: the mark stays after the import's
transaction, and the reader's screen indexes the article once it is drawn
(``Store.index_waiting_passages``, ~90 ms of a 10 MB import not spent before its first
text); ``reader search`` indexes any article still waiting (a file opened and closed at
once) before it searches, and the library screen when it opens.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

__all__ = [
    "INDEX_AFTER_CHARS",
    "PASSAGE_BYTES",
    "index_passages",
    "passage_spans",
    "passages_of",
]

#: A passage is at least this many bytes of UTF-8, and less than twice as many (but the
#: last); as ``migrations._V12_PASSAGE_BYTES``.
PASSAGE_BYTES = 65536
#: A text of this many characters or more is indexed by the store after its INSERT; a
#: shorter one (one passage, two at most) by the trigger inside it, which costs less than
#: the four statements more (~50 us an article of ``reader import DIR``) and holds no
#: memory worth the trouble.
INDEX_AFTER_CHARS = PASSAGE_BYTES


def _continues(data: bytes | bytearray | str, at: int) -> bool:
    """The byte at ``at`` continues a character (0x80-0xbf; ``False`` past the end)."""
    return not isinstance(data, str) and 0x80 <= (data[at] if at < len(data) else 0) <= 0xBF


def _passage_end(data: bytes | bytearray | str, start: int, size: int) -> int:
    """Where the passage starting at ``start`` ends in ``data``, a text's UTF-8 bytes of
    which the first ``size`` are known (all of them when the text ends there; else
    ``size`` is at least ``start + 2 * PASSAGE_BYTES + 3``): :func:`passage_spans`'
    rule."""
    width = PASSAGE_BYTES
    if size - start <= width:
        return size
    newline, space = ("\n", " ") if isinstance(data, str) else (b"\n", b" ")
    edge = start + width
    found = data.find(newline, edge, edge + width)  # type: ignore[arg-type]
    if found < 0:
        found = data.find(space, edge, edge + width)  # type: ignore[arg-type]
    if found >= 0:
        return found + 1
    end = edge
    while end < edge + 3 and _continues(data, end):
        end += 1
    return end


def passage_spans(data: bytes | str) -> list[tuple[int, int]]:
    """The (start, length) of each passage of ``data``, a text's UTF-8 bytes (or an ASCII
    ``str``, whose offsets are its bytes'): from byte ``start + PASSAGE_BYTES`` on, a
    passage ends after the first newline of the next ``PASSAGE_BYTES``, else after their
    first space, else at the first character starting there; the last one ends with the
    text (one empty passage for an empty text). As the SQL of schema 12
    (``migrations._v12_cut_passages``)."""
    spans: list[tuple[int, int]] = []
    start = 0
    while True:
        end = _passage_end(data, start, len(data))
        spans.append((start, end - start))
        if end >= len(data):
            return spans
        start = end


#: Characters of the text encoded at a time by :func:`passages_of`.
_ENCODE_CHARS = PASSAGE_BYTES


def passages_of(text: str, encode_chars: int = _ENCODE_CHARS) -> Iterator[tuple[int, bytes]]:
    """The (start, UTF-8 bytes) of each passage of ``text``, as :func:`passage_spans` cuts
    its UTF-8, encoded ``encode_chars`` characters at a time: at most three passages'
    bytes are held at once, not the whole text's (10 MB for a 10 MB article, issue 12)."""
    buffer = bytearray()
    encoded = start = 0
    while True:
        while len(buffer) < 2 * PASSAGE_BYTES + 3 and encoded < len(text):
            buffer += text[encoded : encoded + encode_chars].encode("utf-8")
            encoded += encode_chars
        end = _passage_end(buffer, 0, len(buffer))
        yield start, bytes(buffer[:end])
        del buffer[:end]
        start += end
        if not buffer and encoded >= len(text):
            return


def index_passages(conn: sqlite3.Connection, article_rowid: int, title: str, text: str) -> None:
    """Write the ``article_passages`` rows of the article ``article_rowid`` (``text`` its
    text) and their ``articles_fts`` rows, as the insert trigger of schema 12 writes
    them: one passage at a time (:func:`passages_of`)."""
    for start, data in passages_of(text):
        passage_id = conn.execute(
            "INSERT INTO article_passages (article_rowid, start, length) VALUES (?, ?, ?)",
            (article_rowid, start, len(data)),
        ).lastrowid
        conn.execute(
            "INSERT INTO articles_fts (rowid, title, text) VALUES (?, ?, CAST(? AS TEXT))",
            (passage_id, title, data),
        )
