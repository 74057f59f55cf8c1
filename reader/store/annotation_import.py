"""Importing annotation records (read back from an export) into the database.

Called by ``Store.import_annotations`` inside its one write transaction.
Each record is checked against the database (its article must be there, the
span must fit the article text and ``exact`` must be the text there, known
status, tag name rules, timestamps); a bad record is skipped and counted by
reason. Valid records go to SQLite with ``executemany``, :data:`CHUNK_ROWS` at a time:

- a new id is inserted as it is (id, author, timestamps, deleted state kept)
  by a plain ``INSERT ... ON CONFLICT DO NOTHING``;
- an existing id is replaced only when the incoming ``updated_at`` is later
  (timestamps are ISO 8601 UTC text, so they compare as text); otherwise the
  stored one is kept (counted as unchanged). An id that belongs to another
  article is never moved: it is kept as it is (unchanged);
- never twice the same annotation: a live record with a new id whose article,
  span, tag and author are those of a live annotation is skipped
  (:data:`SAME_ANNOTATION`), and a newer version of an existing id that would
  become such a copy is not applied (unchanged).

Imports write no ``history`` rows: they are not undoable steps.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from operator import itemgetter
from typing import Any

from reader.io.annotation_files import RECORD_KEYS, BadRow
from reader.store.errors import StoreError
from reader.store.records import STATUSES, ImportReport

__all__ = ["MAX_EXAMPLES", "import_records"]

#: How many skipped rows an import report quotes.
MAX_EXAMPLES = 5

_UUID_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_TIME_RE = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:\d\d)")
_STATUSES = frozenset(STATUSES)
MISSING_ARTICLE = "article not in the database (import the article first: reader import FILE)"

#: Rows per ``executemany``: memory stays bounded by one chunk, whatever the file size.
CHUNK_ROWS = 5_000

# A plain insert that leaves existing ids alone (an UPSERT costs about 1.7x a plain
# insert); the rows it skips are then updated where the incoming version is newer.
_COLUMNS = ", ".join(f'"{k}"' for k in RECORD_KEYS)
_PARAM = {key: f"?{number}" for number, key in enumerate(RECORD_KEYS, start=1)}
# Never twice the same annotation: a live record is not written over a live annotation
# with another id and the same article, span, tag and author (see Store.add_annotation).
_NO_SAME = (
    f"({_PARAM['deleted_at']} IS NOT NULL OR NOT EXISTS (SELECT 1 FROM annotations AS o"
    f" WHERE o.article_id = {_PARAM['article_id']} AND o.start = {_PARAM['start']}"
    f' AND o."end" = {_PARAM["end"]} AND o.tag = {_PARAM["tag"]}'
    f" AND o.author = {_PARAM['author']} AND o.deleted_at IS NULL AND o.id != {_PARAM['id']}))"
)
_INSERT_SQL = (
    f"INSERT INTO annotations ({_COLUMNS}) SELECT {', '.join(_PARAM.values())} "
    f"WHERE {_NO_SAME} ON CONFLICT (id) DO NOTHING"
)
_UPDATE_SQL = (
    "UPDATE annotations SET "
    + ", ".join(f'"{k}" = {_PARAM[k]}' for k in RECORD_KEYS if k not in ("id", "article_id"))
    + f" WHERE id = {_PARAM['id']} AND article_id = {_PARAM['article_id']}"
    + f" AND updated_at < {_PARAM['updated_at']} AND {_NO_SAME}"
)
#: The skip reason of a record that would be a second copy of a live annotation.
SAME_ANNOTATION = "the same tag on the same span by the same author is already there"


_required = itemgetter(*RECORD_KEYS[:-1])  # every key but deleted_at


class _Skip(Exception):
    """A record is not imported, for the reason given."""


def _check_record(
    record: dict[str, Any],
    text_of: Callable[[Any], str | None],
    tag_of: Callable[[Any], str],
) -> tuple[Any, ...]:
    """The record as a parameter tuple in ``RECORD_KEYS`` order, or ``_Skip``."""
    try:
        (ident, article_id, start, end, exact, prefix, suffix, tag, speaker, status, note,
         author, created, updated) = _required(record)  # fmt: skip
    except KeyError as exc:
        raise _Skip(f"missing field {exc.args[0]}") from None
    deleted = record.get("deleted_at")
    if type(ident) is not str or not _UUID_RE.fullmatch(ident):
        raise _Skip("id is not a lowercase UUID")
    text = text_of(article_id)
    if text is None:
        raise _Skip(MISSING_ARTICLE)
    if type(start) is not int or type(end) is not int or not 0 <= start < end <= len(text):
        raise _Skip("start/end are not a span of the article text")
    if exact != text[start:end]:
        raise _Skip("exact is not the article text at start..end")
    if type(prefix) is not str or type(suffix) is not str:
        raise _Skip("prefix and suffix must be text")
    if status not in _STATUSES:
        raise _Skip("unknown status")
    if not (speaker is None or type(speaker) is str) or not (note is None or type(note) is str):
        raise _Skip("speaker and note must be text or empty")
    if type(author) is not str or not author:
        raise _Skip("author must be non-empty text")
    for stamp in (created, updated) if deleted is None else (created, updated, deleted):
        if type(stamp) is not str or not _TIME_RE.fullmatch(stamp):
            raise _Skip("timestamps must be ISO 8601 text")
    tag = tag_of(tag)
    return (ident, article_id, start, end, exact, prefix, suffix, tag, speaker, status, note,
            author, created, updated, deleted)  # fmt: skip


def import_records(
    conn: Any,
    records: Iterable[Any],
    *,
    article_text: Callable[[str], str | None],
    ensure_tag: Callable[[str], str],
) -> ImportReport:
    """Check and upsert ``records`` (dicts or ``BadRow``) on ``conn``; the caller holds
    the transaction. ``article_text(id)`` gives an article's text (None if unknown);
    ``ensure_tag(name)`` validates a tag name, creates the tag if new, returns its name."""
    report = ImportReport()
    texts: dict[str, str | None] = {}
    tags: dict[Any, str] = {}

    def text_of(article_id: Any) -> str | None:
        try:
            return texts[article_id]
        except KeyError:  # looked up once per article
            text = article_text(article_id) if type(article_id) is str else None
            texts[article_id] = text
            return text
        except TypeError:  # unhashable (a JSON list or object)
            return None

    def tag_of(name: Any) -> str:
        tag = tags.get(name)
        if tag is None:
            if type(name) is not str:
                raise _Skip("tag must be text")
            try:
                tag = ensure_tag(name)
            except StoreError as exc:
                raise _Skip(str(exc)) from None
            tags[name] = tag
        return tag

    def skip(where: str, reason: str) -> None:
        report.skipped[reason] = report.skipped.get(reason, 0) + 1
        if len(report.examples) < MAX_EXAMPLES:
            report.examples.append(f"{where}: {reason}")

    def valid_rows() -> Iterator[tuple[Any, ...]]:
        for number, record in enumerate(records, start=1):
            if type(record) is BadRow:
                skip(record.where, record.reason)
                continue
            try:
                yield _check_record(record, text_of, tag_of)
            except _Skip as exc:
                skip(f"record {number}", str(exc.args[0]))

    rows = valid_rows()
    while chunk := list(islice(rows, CHUNK_ROWS)):
        conflicts: list[tuple[Any, ...]] = []
        conn.executemany(_INSERT_SQL, _tracking(conn, chunk, conflicts))
        report.new += len(chunk) - len(conflicts)
        same = {row[0] for row in conflicts if not _id_exists(conn, row[0])}
        for ident in sorted(same):
            skip(f"id {ident}", SAME_ANNOTATION)
        conflicts = [row for row in conflicts if row[0] not in same]
        if conflicts:
            before = conn.total_changes
            conn.executemany(_UPDATE_SQL, conflicts)
            updated = conn.total_changes - before
            report.updated += updated
            report.unchanged += len(conflicts) - updated
    return report


def _id_exists(conn: Any, ident: str) -> bool:
    return conn.execute("SELECT 1 FROM annotations WHERE id = ?", [ident]).fetchone() is not None


def _tracking(
    conn: Any, rows: list[tuple[Any, ...]], conflicts: list[tuple[Any, ...]]
) -> Iterator[tuple[Any, ...]]:
    """``rows`` for an ``executemany`` of ``_INSERT_SQL``; the rows it did not insert
    (their id exists) are appended to ``conflicts``. ``executemany`` runs a row before
    it asks for the next, so ``total_changes`` after the yield tells."""
    for row in rows:
        before = conn.total_changes
        yield row
        if conn.total_changes == before:
            conflicts.append(row)
