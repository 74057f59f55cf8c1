"""Reading two annotators' spans for ``reader agree`` from untrusted files (read-only).

Either two files (``A.db`` vs ``B.db``: articles matched by content hash) or
one file and two authors (``DB --author X --author Y``); with two files and
authors, the first author filters A and the second B. Two files without
authors compare each file's *own* author (:func:`own_author`), not everything
in it: after two people merged each other's share files, each file holds both
people's work. ``all_authors`` compares every annotation of each file instead.
Only live annotations count; ``tags``/``statuses`` narrow them further.
Files are opened like merge's (:mod:`reader.store.untrusted`), values
are checked (offsets within the text, tag-name rules), bad rows are skipped
and counted.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from reader.model.agreement import ArticleAnnotations
from reader.model.article import Article
from reader.model.packed import sections_from_stored
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
    a_author: str | None = None  # None: every author of the file
    b_author: str | None = None


@dataclass(frozen=True)
class _Where:
    """The SQL condition on annotations of one side (author, tags, statuses) and its values."""

    sql: str
    params: list[str]


def _where(author: str | None, tags: list[str], statuses: list[str]) -> _Where:
    parts, params = ["deleted_at IS NULL"], []
    if author is not None:
        parts.append("author = ?")
        params.append(author)
    for column, values in (("tag", tags), ("status", statuses)):
        if values:
            parts.append(f"{column} IN ({', '.join('?' * len(values))})")
            params.extend(values)
    return _Where(" AND ".join(parts), params)


_SPANS_SQL = f"""
SELECT article_id, start, "end", tag FROM annotations
WHERE typeof(article_id) = 'text' AND length(article_id) <= {LIMITS["id"]}
  AND typeof(start) = 'integer' AND typeof("end") = 'integer'
  AND typeof(tag) = 'text' AND length(tag) <= {TAG_MAX_LENGTH}
  AND """


@dataclass
class _Side:
    articles: dict[str, tuple[IncomingArticle, Article]]  # by content hash
    spans: dict[str, list[tuple[int, int, str]]]  # by content hash


def _valid_tag(name: str) -> bool:
    try:
        return normalise_tag_name(name) == name
    except StoreError:
        return False


def _read_side(path: Path, where: _Where, skipped: Counter[str]) -> _Side:
    conn = open_untrusted(path)
    try:
        try:
            articles = {}
            for incoming in read_articles(conn, skipped):
                row = incoming.row
                article = Article(
                    title=row["title"],
                    source=row["source"],
                    text=row["text"],
                    sections=sections_from_stored(row["structure"]),
                )
                articles[row["content_hash"]] = (incoming, article)
            by_id = {inc.id: h for h, (inc, _) in articles.items()}
            spans: dict[str, list[tuple[int, int, str]]] = {h: [] for h in articles}
            total = conn.execute(
                f"SELECT count(*) FROM annotations WHERE {where.sql}", where.params
            ).fetchone()[0]
            kept = 0
            for article_id, start, end, tag in conn.execute(_SPANS_SQL + where.sql, where.params):
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


@dataclass(frozen=True)
class FileAuthors:
    """Who is in a file: the authors of its live annotations (most annotations first),
    the ``shared_by`` of its ``meta`` (a share file) and the authors of its local
    edits (its ``history``: merges and imports write none there)."""

    authors: list[str]
    shared_by: str | None = None
    editors: list[str] = field(default_factory=list)


def _file_authors(path: Path) -> FileAuthors:
    """Read :class:`FileAuthors` from an untrusted file."""
    conn = open_untrusted(path)
    try:
        try:
            authors = [
                row[0]
                for row in conn.execute(
                    "SELECT author FROM annotations WHERE deleted_at IS NULL "
                    "AND typeof(author) = 'text' GROUP BY author ORDER BY count(*) DESC, author"
                )
            ]
            row = conn.execute("SELECT value FROM meta WHERE key = 'shared_by'").fetchone()
            editors = [
                row[0]
                for row in conn.execute(
                    "SELECT DISTINCT author FROM history WHERE typeof(author) = 'text' LIMIT 3"
                )
            ]
        except sqlite3.DatabaseError as error:
            raise StoreError(f"cannot read {path}: {describe_sqlite_error(error)}") from error
    finally:
        conn.close()
    owner = row[0] if row is not None and isinstance(row[0], str) else None
    return FileAuthors(authors, owner, editors)


def own_author(found: FileAuthors, other: str | None = None) -> str | None:
    """Whose work a file is, or None when that cannot be told.

    The rule, first that applies: the ``shared_by`` of a share file when that author
    has annotations in it; the one author of the file's local edits (its undo
    history) when that author has annotations in it; the file's only author; when
    the other file's own author (``other``) is known, the only author besides that one.
    """
    authors = found.authors
    if found.shared_by is not None and found.shared_by in authors:
        return found.shared_by
    if len(found.editors) == 1 and found.editors[0] in authors:
        return found.editors[0]
    if len(authors) == 1:
        return authors[0]
    rest = [a for a in authors if a != other] if other is not None else []
    return rest[0] if len(rest) == 1 else None


def _own_authors(path_a: Path, path_b: Path) -> tuple[str, str]:
    """The own authors of two files (see :func:`own_author`), or ``StoreError``."""
    found_a, found_b = _file_authors(path_a), _file_authors(path_b)
    a, b = own_author(found_a), own_author(found_b)
    if a is None and b is not None:
        a = own_author(found_a, b)
    if b is None and a is not None:
        b = own_author(found_b, a)
    for path, own, authors in ((path_a, a, found_a.authors), (path_b, b, found_b.authors)):
        if own is None:
            names = ", ".join(authors[:5]) + (", ..." if len(authors) > 5 else "") or "none"
            raise StoreError(
                f"cannot tell whose annotations {path.name} holds (authors: {names}); "
                "give --author A --author B (or --all-authors)"
            )
    assert a is not None and b is not None
    return a, b


def load_agreement_input(
    paths: list[Path],
    authors: list[str],
    article: str | None = None,
    *,
    articles: list[str] | None = None,
    tags: list[str] | None = None,
    statuses: list[str] | None = None,
    all_authors: bool = False,
) -> AgreementInput:
    """A vs B from one or two files and zero or two authors (see the module docstring).

    ``article``/``articles``: only these articles (id prefixes in the first file,
    each naming one article the files share); ``tags``/``statuses``: only
    annotations with one of these tags / statuses (empty: all).
    """
    if len(paths) not in (1, 2):
        raise StoreError("give one database with two --author, or two databases")
    if len(authors) not in (0, 2) or (len(paths) == 1 and len(authors) != 2):
        raise StoreError("give two --author (one for each annotator) or none with two files")
    if authors and all_authors:
        raise StoreError("give either two --author or --all-authors, not both")
    path_a, path_b = paths[0], paths[-1]
    author_a: str | None
    author_b: str | None
    if authors:
        author_a, author_b = authors[0], authors[1]
    elif all_authors:
        author_a, author_b = None, None
    else:
        author_a, author_b = _own_authors(path_a, path_b)
    tag_names = [normalise_tag_name(t) for t in tags or ()]
    wanted = list(statuses or ())
    skipped: Counter[str] = Counter()
    side_a = _read_side(path_a, _where(author_a, tag_names, wanted), skipped)
    where_b = _where(author_b, tag_names, wanted)
    if len(paths) == 2:
        side_b = _read_side(path_b, where_b, skipped)
    else:  # the same file again: count only B's own skipped spans, not the articles twice
        again: Counter[str] = Counter()
        side_b = _read_side(path_b, where_b, again)
        skipped.update({k: v for k, v in again.items() if not k.startswith("article:")})
    hashes = sorted(h for h in side_a.articles if h in side_b.articles)
    refs = [*([article] if article is not None else []), *(articles or ())]
    if refs:
        chosen = []
        for ref in refs:
            key = ref.strip().lower()
            found = [h for h in hashes if side_a.articles[h][0].id.startswith(key)]
            if len(found) != 1:
                many = " (several ids start with it)" if found else ""
                raise NotFoundError(f"no article with id '{ref}' in both databases{many}")
            if found[0] not in chosen:
                chosen.append(found[0])
        hashes = sorted(chosen)
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
        author_a,
        author_b,
    )
