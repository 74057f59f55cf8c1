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
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

__all__ = ["INDEX_AFTER_CHARS", "PASSAGE_BYTES", "index_passages", "passage_spans"]

#: A passage is at least this many bytes of UTF-8, and less than twice as many (but the
#: last); as ``migrations._V12_PASSAGE_BYTES``.
PASSAGE_BYTES = 65536
#: A text of this many characters or more is indexed by the store after its INSERT; a
#: shorter one (one passage, two at most) by the trigger inside it, which costs less than
#: the four statements more (~50 us an article of ``reader import DIR``) and holds no
#: memory worth the trouble.
INDEX_AFTER_CHARS = PASSAGE_BYTES


def _continues(data: bytes | str, at: int) -> bool:
    """The byte at ``at`` continues a character (0x80-0xbf; ``False`` past the end)."""
    return isinstance(data, bytes) and 0x80 <= (data[at] if at < len(data) else 0) <= 0xBF


def passage_spans(data: bytes | str) -> list[tuple[int, int]]:
    """The (start, length) of each passage of ``data``, a text's UTF-8 bytes (or an ASCII
    ``str``, whose offsets are its bytes'): from byte ``start + PASSAGE_BYTES`` on, a
    passage ends after the first newline of the next ``PASSAGE_BYTES``, else after their
    first space, else at the first character starting there; the last one ends with the
    text (one empty passage for an empty text). As the SQL of schema 12
    (``migrations._v12_cut_passages``)."""
    size, width = len(data), PASSAGE_BYTES
    newline, space = ("\n", " ") if isinstance(data, str) else (b"\n", b" ")
    spans: list[tuple[int, int]] = []
    start = 0
    while True:
        if size - start <= width:
            end = size
        else:
            edge = start + width
            found = data.find(newline, edge, edge + width)  # type: ignore[arg-type]
            if found < 0:
                found = data.find(space, edge, edge + width)  # type: ignore[arg-type]
            if found >= 0:
                end = found + 1
            else:
                end = edge
                while end < edge + 3 and _continues(data, end):
                    end += 1
        spans.append((start, end - start))
        if end >= size:
            return spans
        start = end


def index_passages(conn: sqlite3.Connection, article_rowid: int, title: str, text: str) -> None:
    """Write the ``article_passages`` rows of the article ``article_rowid`` (just
    inserted, ``text`` its text) and their ``articles_fts`` rows, as the insert trigger
    of schema 12 writes them."""
    data: bytes | str = text if text.isascii() else text.encode("utf-8")
    conn.executemany(
        "INSERT INTO article_passages (article_rowid, start, length) VALUES (?, ?, ?)",
        ((article_rowid, start, length) for start, length in passage_spans(data)),
    )
    rows = conn.execute(
        "SELECT id, start, length FROM article_passages WHERE article_rowid = ? ORDER BY id",
        [article_rowid],
    ).fetchall()

    def entries() -> Iterator[tuple[int, str, bytes | str]]:
        for passage_id, start, length in rows:
            yield passage_id, title, data[start : start + length]

    conn.executemany(
        "INSERT INTO articles_fts (rowid, title, text) VALUES (?, ?, CAST(? AS TEXT))", entries()
    )
