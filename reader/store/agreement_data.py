"""Reading two annotators' spans for ``reader agree`` from untrusted files (read-only).

Either two files (``A.db`` vs ``B.db``: articles matched by content hash) or
one file and two authors (``DB --author X --author Y``); with two files and
authors, the first author filters A and the second B. Only live annotations
count. Files are opened like merge's (:mod:`reader.store.untrusted`), values
are checked (offsets within the text, tag-name rules), bad rows are skipped
and counted.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from reader.model.agreement import ArticleAnnotations
from reader.model.article import Article
from reader.store.errors import NotFoundError, StoreError, describe_sqlite_error
from reader.store.untrusted import LIMITS, IncomingArticle, open_untrusted, read_articles
from reader.store.validation import TAG_MAX_LENGTH, normalise_tag_name

__all__ = ["AgreementInput", "load_agreement_input"]


@dataclass
class AgreementInput:
    """The compared articles, who A and B are, and rows skipped as invalid."""

    a_label: str
    b_label: str
    articles: list[ArticleAnnotations]
    article_ids: list[str]
    skipped: Counter[str] = field(default_factory=Counter)


_SPANS_SQL = f"""
SELECT article_id, start, "end", tag FROM annotations
WHERE deleted_at IS NULL AND typeof(article_id) = 'text' AND length(article_id) <= {LIMITS["id"]}
  AND typeof(start) = 'integer' AND typeof("end") = 'integer'
  AND typeof(tag) = 'text' AND length(tag) <= {TAG_MAX_LENGTH}
  AND (? IS NULL OR author = ?)
"""


@dataclass
class _Side:
    articles: dict[str, tuple[IncomingArticle, Article]]  # by content hash
    spans: dict[str, list[tuple[int, int, str]]]  # by content hash


def _valid_tag(name: str) -> bool:
    try:
        return normalise_tag_name(name) == name
    except StoreError:
        return False


def _read_side(path: Path, author: str | None, skipped: Counter[str]) -> _Side:
    conn = open_untrusted(path)
    try:
        try:
            articles = {}
            for incoming in read_articles(conn, skipped):
                row = incoming.row
                article = Article.from_structure(
                    title=row["title"],
                    source=row["source"],
                    text=row["text"],
                    structure=json.loads(row["structure"]),
                )
                articles[row["content_hash"]] = (incoming, article)
            by_id = {inc.id: h for h, (inc, _) in articles.items()}
            spans: dict[str, list[tuple[int, int, str]]] = {h: [] for h in articles}
            total = conn.execute(
                "SELECT count(*) FROM annotations WHERE deleted_at IS NULL "
                "AND (? IS NULL OR author = ?)",
                [author, author],
            ).fetchone()[0]
            kept = 0
            for article_id, start, end, tag in conn.execute(_SPANS_SQL, [author, author]):
                digest = by_id.get(article_id)
                if digest is None:
                    skipped["unknown or invalid article"] += 1
                elif not 0 <= start < end <= len(articles[digest][1].text):
                    skipped["offsets out of range"] += 1
                elif not _valid_tag(tag):
                    skipped["invalid tag"] += 1
                else:
                    spans[digest].append((start, end, tag))
                kept += 1
            if total > kept:
                skipped["wrong types"] += total - kept
        except sqlite3.DatabaseError as error:
            raise StoreError(f"cannot read {path}: {describe_sqlite_error(error)}") from error
    finally:
        conn.close()
    return _Side(articles, spans)


def _label(path: Path, author: str | None) -> str:
    return f"{path.name} ({author})" if author else path.name


def load_agreement_input(
    paths: list[Path], authors: list[str], article: str | None = None
) -> AgreementInput:
    """A vs B from one or two files and zero or two authors (see the module docstring)."""
    if len(paths) not in (1, 2):
        raise StoreError("give one database with two --author, or two databases")
    if len(authors) not in (0, 2) or (len(paths) == 1 and len(authors) != 2):
        raise StoreError("give two --author (one for each annotator) or none with two files")
    author_a, author_b = (authors[0], authors[1]) if authors else (None, None)
    path_a, path_b = paths[0], paths[-1]
    skipped: Counter[str] = Counter()
    side_a = _read_side(path_a, author_a, skipped)
    if len(paths) == 2:
        side_b = _read_side(path_b, author_b, skipped)
    else:  # the same file again: count only B's own skipped spans, not the articles twice
        again: Counter[str] = Counter()
        side_b = _read_side(path_b, author_b, again)
        skipped.update({k: v for k, v in again.items() if not k.startswith("article:")})
    hashes = sorted(h for h in side_a.articles if h in side_b.articles)
    if article is not None:
        key = article.strip().lower()
        chosen = [h for h in hashes if side_a.articles[h][0].id.startswith(key)]
        if len(chosen) != 1:
            many = " (several ids start with it)" if chosen else ""
            raise NotFoundError(f"no article with id '{article}' in both databases{many}")
        hashes = chosen
    compared = [
        ArticleAnnotations(side_a.articles[h][1].sentences, side_a.spans[h], side_b.spans[h])
        for h in hashes
    ]
    return AgreementInput(
        _label(path_a, author_a),
        _label(path_b, author_b),
        compared,
        [side_a.articles[h][0].id for h in hashes],
        skipped,
    )
