"""Writing a shareable tag database (``reader share``).

The file has the same schema as the main database (it is made by
:meth:`Store.open` and its migrations), so ``reader --db OUT.db`` and Datasette
open it. It holds the chosen annotations (tombstones included, so deletions
propagate), the articles they refer to, their tags, and in ``meta`` the keys
``shared_by``, ``shared_at``, ``reader_version``, ``schema_version`` and
``filters``. History, conflicts and orphans are local bookkeeping and are not
shared. The file is built next to the target under a temporary name, in
rollback-journal mode (no ``-wal`` to send along), and renamed into place only
when complete.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from reader import __version__
from reader.model.files import new_file_mode, replaceable_target, signals_held
from reader.store.errors import NotFoundError, StoreError, translate_errors
from reader.store.migrations import SCHEMA_VERSION
from reader.store.records import STATUSES, parse_status
from reader.store.store import Store
from reader.store.transactions import write_transaction
from reader.store.validation import LIMITS, normalise_tag_name, utc_now

__all__ = ["ShareReport", "share"]


@dataclass(frozen=True)
class ShareReport:
    """What went into the shared file."""

    path: str
    articles: int
    annotations: int
    deleted: int
    tags: int
    #: Annotations another reader's merge would skip: a value (or a value of their
    #: article) longer than :data:`LIMITS` (possible only for data stored before the
    #: limits were enforced on entry).
    over_limits: int = 0


def _filter(column: str, values: Sequence[str]) -> tuple[str, list[str]]:
    if not values:
        return "1", []
    return f"{column} IN ({', '.join('?' * len(values))})", list(values)


def _resolve_target(named: Path) -> Path:
    """The file ``named`` really is (see :func:`reader.model.files.replaceable_target`),
    its refusal as a :class:`StoreError`."""
    try:
        return replaceable_target(named)
    except IsADirectoryError as error:
        raise StoreError(f"cannot write {named}: it is a directory") from error
    except OSError as error:
        raise StoreError(f"cannot write {named}: {error.strerror or error}") from error


def share(
    store: Store,
    out: str | os.PathLike[str],
    *,
    articles: Sequence[str] = (),
    tags: Sequence[str] = (),
    authors: Sequence[str] = (),
    statuses: Sequence[str] = (),
    force: bool = False,
) -> ShareReport:
    """Write the selected annotations (all by default) and their articles to ``out``.

    ``articles`` are ids or unique prefixes, ``tags`` tag names, ``authors``
    annotation authors, ``statuses`` statuses; the values of one list OR together,
    and each given list narrows the selection. An existing
    ``out`` is replaced only with ``force``. ``StoreError`` on any problem, and
    ``out`` is then left as it was.
    """
    named = Path(out).expanduser()
    target = _resolve_target(named)
    if target.exists() and not force:
        raise StoreError(f"{named} already exists (use --force to replace it)")
    local = None if store.path == ":memory:" else Path(store.path).resolve()
    if target.exists() and target.resolve() == local:
        raise StoreError(f"cannot share into the database itself ({named})")
    article_ids = [store.resolve_article_id(a) for a in articles]
    tag_names = [normalise_tag_name(t) for t in tags]
    status_names = []
    for value in statuses:
        status = parse_status(value)
        if status is None:
            raise StoreError(f"invalid status '{value}': use one of {', '.join(STATUSES)}")
        status_names.append(status)
    for name in tag_names:
        if not store.has_tag(name):
            raise NotFoundError(f"no tag named '{name}'")
    # A damaged index would give a short file reported as a success (issue 13).
    store.check_export_tables()
    conn = store.db.conn
    tmp: Path | None = None
    try:
        # Signals (SIGTERM, turned into an exception by the CLI) wait until the
        # temporary file's name is known, so its clean-up below always runs.
        with signals_held():
            try:
                fd, tmp_name = tempfile.mkstemp(
                    dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
                )
            except OSError as error:
                raise StoreError(f"cannot write {named}: {error.strerror or error}") from error
            tmp = Path(tmp_name)
            os.close(fd)
        with Store.open(tmp, author=store.author) as fresh:
            fresh.db.execute("PRAGMA journal_mode = DELETE")
        with translate_errors(f"cannot write {named}"):
            conn.execute("ATTACH DATABASE ? AS share_out", [str(tmp)])
        try:
            filters = {
                "articles": article_ids,
                "tags": tag_names,
                "authors": list(authors),
                "statuses": status_names,
            }
            report = _copy(store, filters, str(named))
        finally:
            with translate_errors():
                conn.execute("DETACH DATABASE share_out")
        os.chmod(tmp, new_file_mode())
        os.replace(tmp, target)
    except BaseException:
        if tmp is not None:
            for leftover in (tmp, Path(f"{tmp}-journal"), Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
                with contextlib.suppress(OSError):
                    leftover.unlink()
        raise
    return report


def _copy(store: Store, filters: dict[str, list[str]], label: str) -> ShareReport:
    conn = store.db.conn
    article_ids = filters["articles"]
    where_article, p1 = _filter("article_id", article_ids)
    where_tag, p2 = _filter("tag", filters["tags"])
    where_author, p3 = _filter("author", filters["authors"])
    where_status, p4 = _filter("status", filters["statuses"])
    with write_transaction(conn):
        conn.execute("DROP TABLE IF EXISTS temp.share_ids")
        conn.execute("CREATE TEMP TABLE share_ids (id TEXT PRIMARY KEY)")
        conn.execute(
            "INSERT INTO temp.share_ids SELECT id FROM main.annotations "
            f"WHERE {where_article} AND {where_tag} AND {where_author} AND {where_status}",
            [*p1, *p2, *p3, *p4],
        )
        if article_ids:
            where_id, _ = _filter("id", article_ids)
            conn.execute(
                f"INSERT INTO share_out.articles SELECT * FROM main.articles WHERE {where_id}", p1
            )
        else:
            conn.execute(
                "INSERT INTO share_out.articles SELECT * FROM main.articles WHERE id IN "
                "(SELECT article_id FROM main.annotations WHERE id IN temp.share_ids)"
            )
        conn.execute(
            "INSERT OR REPLACE INTO share_out.tags SELECT * FROM main.tags WHERE name IN "
            "(SELECT tag FROM main.annotations WHERE id IN temp.share_ids)"
        )
        conn.execute(
            "INSERT INTO share_out.annotations SELECT * FROM main.annotations "
            'WHERE id IN temp.share_ids ORDER BY article_id, start, "end", id'
        )
        meta = {
            "shared_by": store.author,
            "shared_at": utc_now(),
            "reader_version": __version__,
            "schema_version": str(SCHEMA_VERSION),
            "filters": json.dumps(filters, ensure_ascii=False),
        }
        conn.executemany("INSERT INTO share_out.meta VALUES (?, ?)", list(meta.items()))
        counts = conn.execute(
            "SELECT (SELECT count(*) FROM share_out.articles), "
            "(SELECT count(*) FROM share_out.annotations), "
            "(SELECT count(*) FROM share_out.annotations WHERE deleted_at IS NOT NULL), "
            "(SELECT count(*) FROM share_out.tags)"
        ).fetchone()
        over = conn.execute(_OVER_LIMITS).fetchone()[0]
        conn.execute("DROP TABLE temp.share_ids")
    articles, annotations, deleted, tags = counts
    return ShareReport(label, articles, annotations, deleted, tags, over_limits=over)


def _longer(column: str, field: str) -> str:
    return f"length({column}) > {LIMITS[field]}"


_ARTICLE_OVER = " OR ".join(
    _longer(f"a.{c}", c)
    for c in ("text", "structure", "metadata", "title", "source", "url", "author", "published")
)
_OVER_LIMITS = f"""
SELECT count(*) FROM share_out.annotations AS n
WHERE {_longer("n.note", "note")} OR {_longer("n.speaker", "speaker")}
   OR {_longer("n.author", "author")}
   OR EXISTS (SELECT 1 FROM share_out.articles AS a WHERE a.id = n.article_id
              AND ({_ARTICLE_OVER} OR {_longer("a.imported_by", "author")}))
"""
