"""Full-text search over every article (title and text) and annotation (note and
speaker): SQLite FTS5 indexes ``articles_fts`` and ``annotations_fts`` (schema version
11), kept in step with their tables by triggers; since schema 12 ``articles_fts`` holds
one row per passage of an article (``article_passages``, ~64 KiB of its text each).

The query is FTS5's own syntax (words, ``"phrases"``, ``prefix*``, ``AND``/``OR``/
``NOT``, ``NEAR(...)``, ``column:word``); a query it cannot read is a one-line
``StoreError``. Each hit carries the matching passage (FTS5's ``snippet``), where its
words are, and the passage's offset in the article's text, so a reader can open the
article there. An article is found when one passage matches the whole query: words
more than a passage apart (~64 KiB) do not find it together (``AND``, ``NEAR``).
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from reader.store.base import StoreBase
from reader.store.errors import StoreError, is_actionable, translate_errors

if TYPE_CHECKING:
    from reader.store.listings import SearchHit

__all__ = ["DEFAULT_SEARCH_LIMIT", "SearchMixin"]

#: How many hits of each kind (articles, annotations) a search returns by default.
DEFAULT_SEARCH_LIMIT = 20
#: Words of context FTS5's ``snippet`` keeps around a match (at most 64).
_SNIPPET_WORDS = 16
# Marks ``snippet`` puts around each match and where text was cut: private-use
# characters, removed again before the passage is returned.
_OPEN, _CLOSE, _CUT = "\ue000", "\ue001", "\ue002"

# The index holds an article's passages (schema 12): each article once, by its passage
# ranked best (bm25; min() makes SQLite take that row's passage id), then that passage's
# snippet: made from one passage, not the whole text (a 10 MB text's took ~20 s).
_ARTICLE_HITS = """
    SELECT a.id, a.title, best.passage FROM (
        SELECT p.article_rowid AS article, min(articles_fts.rank) AS rank,
               articles_fts.rowid AS passage
        FROM articles_fts JOIN article_passages AS p ON p.id = articles_fts.rowid
        WHERE articles_fts MATCH ?
        GROUP BY p.article_rowid ORDER BY rank LIMIT ?
    ) AS best JOIN articles AS a ON a.rowid = best.article
    ORDER BY best.rank
"""
_PASSAGE_SNIPPET = f"""
    SELECT snippet(articles_fts, 1, '{_OPEN}', '{_CLOSE}', '{_CUT}', {_SNIPPET_WORDS}),
           highlight(articles_fts, 0, '{_OPEN}', '{_CLOSE}')
    FROM articles_fts WHERE articles_fts MATCH ? AND rowid = ?
"""
# Where a passage starts in its article's text (in characters) and where the snippet's
# text is in it (1-based, 0 if not found).
_PASSAGE_OFFSET = """
    SELECT length(CAST(substr(CAST(a.text AS BLOB), 1, p.start) AS TEXT)),
           instr(CAST(substr(CAST(a.text AS BLOB), p.start + 1, p.length) AS TEXT), ?)
    FROM article_passages AS p JOIN articles AS a ON a.rowid = p.article_rowid
    WHERE p.id = ?
"""
# Annotations newest first (rowid order, which FTS5 walks without ranking every match: a
# word in 10,000 notes costs 0.5 ms instead of 45); their notes are too short for a
# relevance rank to tell much.
_ANNOTATION_HITS = f"""
    SELECT n.id, n.article_id, a.title, n.start,
           snippet(annotations_fts, 0, '{_OPEN}', '{_CLOSE}', '{_CUT}', {_SNIPPET_WORDS}),
           snippet(annotations_fts, 1, '{_OPEN}', '{_CLOSE}', '{_CUT}', {_SNIPPET_WORDS})
    FROM annotations_fts
    JOIN annotations AS n ON n.rowid = annotations_fts.rowid
    JOIN articles AS a ON a.id = n.article_id
    WHERE annotations_fts MATCH ? AND n.deleted_at IS NULL
    ORDER BY annotations_fts.rowid DESC LIMIT ?
"""


def _unmark(marked: str) -> tuple[str, tuple[tuple[int, int], ...], bool, bool]:
    """A snippet without its marks: the text, the spans of the matched words in it, and
    whether text was cut before and after it."""
    cut_before = marked.startswith(_CUT)
    cut_after = marked.endswith(_CUT) and len(marked) > 1
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    length = 0
    start = 0
    for ch in marked:
        if ch == _OPEN:
            start = length
        elif ch == _CLOSE:
            spans.append((start, length))
        elif ch != _CUT:
            parts.append(ch)
            length += 1
    return "".join(parts), tuple(spans), cut_before, cut_after


class SearchMixin(StoreBase):
    """The full-text search of :class:`reader.store.Store`."""

    def search(self, query: str, limit: int = DEFAULT_SEARCH_LIMIT) -> list[SearchHit]:
        """Articles whose title or text match ``query`` (FTS5 syntax), best first (FTS5's
        bm25 rank), then annotations whose note or speaker match, newest first; at most
        ``limit`` of each kind.

        ``StoreError`` for an empty query or one FTS5 cannot read (one line)."""
        from reader.store.listings import SearchHit

        if not isinstance(query, str) or not query.strip():
            raise StoreError("the search query is empty")
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
            raise StoreError("the search limit must be a positive integer")
        with translate_errors():
            articles = self._matches(_ARTICLE_HITS, query, limit)
            annotations = self._matches(_ANNOTATION_HITS, query, limit)
            if isinstance(articles, str) and isinstance(annotations, str):
                raise StoreError(f"cannot read the search query: {articles}")
            hits = [
                self._article_hit(query, *row) for row in articles if not isinstance(articles, str)
            ]
        if isinstance(annotations, str):
            return hits
        for annotation_id, article_id, title, start, note, speaker in annotations:
            field, marked = ("note", note) if note and _OPEN in note else ("speaker", speaker)
            text, spans, before, after = _unmark(marked or "")
            hits.append(
                SearchHit(
                    kind="annotation",
                    article_id=article_id,
                    title=title,
                    field=field,
                    snippet=text,
                    highlights=spans,
                    offset=start,
                    cut_before=before,
                    cut_after=after,
                    annotation_id=annotation_id,
                )
            )
        return hits

    def _matches(self, sql: str, query: str, limit: int) -> list[tuple] | str:
        """The rows of one index's search, or why FTS5 could not read the query (a column
        filter names a column of the other index only: that index has no hits)."""
        try:
            return self._db.conn.execute(sql, [query, limit]).fetchall()
        except sqlite3.OperationalError as error:
            if is_actionable(error):
                raise
            return " ".join(str(error).split())

    def _article_hit(self, query: str, article_id: str, title: str, passage: int) -> SearchHit:
        """A hit in an article: in its text (the snippet of its best passage, with the
        offset of the snippet's first copy in that passage) or else its title (offset 0)."""
        from reader.store.listings import SearchHit

        marked, marked_title = self._db.conn.execute(_PASSAGE_SNIPPET, [query, passage]).fetchone()
        text, spans, before, after = _unmark(marked or "")
        if not spans:
            title_text, title_spans, _, _ = _unmark(marked_title or "")
            return SearchHit("article", article_id, title, "title", title_text, title_spans, 0)
        start, found = self._db.conn.execute(_PASSAGE_OFFSET, [text, passage]).fetchone()
        offset = start + (found - 1 + spans[0][0] if found else 0)
        return SearchHit("article", article_id, title, "text", text, spans, offset, before, after)
