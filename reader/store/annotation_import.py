"""Importing annotation records (read back from an export) into the database.

Called by ``Store.import_annotations`` inside its one write transaction.
Each record is checked against the database (its article must be there, the
span must fit the article text and ``exact`` must be the text there, known
status, tag name rules, timestamps); a bad record is skipped and counted by
reason. Valid records go to SQLite with ``executemany``, :data:`CHUNK_ROWS` at a time:

- a new id is inserted as it is (id, author, timestamps, deleted state kept)
  by a plain ``INSERT ... ON CONFLICT DO NOTHING``;
- an existing id is replaced when the incoming ``updated_at`` is later
  (timestamps are ISO 8601 UTC text, so they compare as text);
- an existing id with the *same* ``updated_at`` whose content (tag, speaker,
  status, note, span, deleted state) differs was edited outside (in a
  spreadsheet, which leaves ``updated_at`` alone): the edit is applied with
  ``updated_at`` = now and the stored version is kept in ``conflicts``, as a
  merge keeps a losing version (counted as updated);
- otherwise the stored one is kept (counted as unchanged). An id that belongs
  to another article is never moved: it is kept as it is (unchanged).

Spreadsheets rewrite timestamps and statuses: ``2026-12-02 04:00:00``,
``2026-12-02T04:00`` (no zone: UTC, as exported) and ``Supported`` are read
(:func:`parse_timestamp`, ``records.parse_status``). Such a timestamp is as
precise as the spreadsheet kept it, so it equals a stored one when it is that
one cut (or rounded) to its precision: ``2026-12-02 04:00:00`` is the same time
as ``2026-12-02T04:00:00.123456Z``. Day/month orders (``2/12/2026``) are not
guessed: skipped as not ISO 8601.
- never twice the same annotation: a live record with a new id whose article,
  span, tag and author are those of a live annotation is skipped
  (:data:`SAME_ANNOTATION`), and a newer version (or an outside edit) of an
  existing id that would become such a copy is not applied (unchanged).

Imports write no ``history`` rows: they are not undoable steps.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime, timedelta
from itertools import islice
from operator import itemgetter
from typing import Any

from reader.model.records import RECORD_KEYS, BadRow
from reader.store.errors import StoreError
from reader.store.listings import ImportReport
from reader.store.records import parse_status
from reader.store.validation import LIMITS

__all__ = ["MAX_EXAMPLES", "import_records", "parse_timestamp"]

#: How many skipped rows an import report quotes.
MAX_EXAMPLES = 5

_UUID_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
# The stored form: UTC, microseconds, Z (what reader writes; ASCII digits only).
_TIME_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}Z")
# Other ISO 8601 forms and those spreadsheets write: a space or T, seconds and fraction
# optional, zone optional (none is UTC). ASCII digits only: re's \d would take ٢ or ２.
_SHEET_TIME_RE = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt ]([0-9]{2}):([0-9]{2})"
    r"(?::([0-9]{2})(?:[.,]([0-9]{1,9}))?)? ?(Z|z|UTC|[+-][0-9]{2}:?[0-9]{2})?"
)
#: The largest UTC offset accepted (the world's zones run from -12:00 to +14:00).
MAX_OFFSET = timedelta(hours=14)
_FULL = 0  # precision of a timestamp kept as written: compared as text
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)
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
_REPLACE_SQL = (
    "UPDATE annotations SET "
    + ", ".join(f'"{k}" = {_PARAM[k]}' for k in RECORD_KEYS if k not in ("id", "article_id"))
    + f" WHERE id = {_PARAM['id']} AND article_id = {_PARAM['article_id']} AND {_NO_SAME}"
)
#: The skip reason of a record that would be a second copy of a live annotation.
SAME_ANNOTATION = "the same tag on the same span by the same author is already there"


_required = itemgetter(*RECORD_KEYS[:-1])  # every key but deleted_at
_UPDATED = RECORD_KEYS.index("updated_at")
# What an edit can change (the content merge compares, reader.store.merge._same_content).
_CONTENT = itemgetter(*(RECORD_KEYS.index(k) for k in ("tag", "speaker", "status", "note")))
_SPAN = itemgetter(RECORD_KEYS.index("start"), RECORD_KEYS.index("end"))
_DELETED = RECORD_KEYS.index("deleted_at")


def parse_timestamp(value: str) -> tuple[str, int] | None:
    """A timestamp from a file as ``(text to store, precision)``, or None if it is none.

    Only real dates and times written with ASCII digits are read (``9999-99-99``,
    ``23:59:60`` and ``٢٠٢٦`` are not). The stored form, ``2026-12-02T04:00:00.123456Z``,
    is kept as written, precision 0 (compared as text). Other ISO 8601 forms and the
    spreadsheet forms of :data:`_SHEET_TIME_RE` become that form, in UTC: no zone means
    UTC, an offset (at most :data:`MAX_OFFSET` either way) is converted; precision is
    then the microseconds they are exact to (60,000,000 for minutes, 1,000,000 for
    seconds, ...). So every stored timestamp compares as text in time order.
    """
    if _TIME_RE.fullmatch(value):
        try:
            datetime.fromisoformat(value)
        except ValueError:
            return None
        return value, _FULL
    match = _SHEET_TIME_RE.fullmatch(value.strip())
    if match is None:
        return None
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    digits = (fraction or "")[:6]
    try:
        moment = datetime(
            int(year), int(month), int(day), int(hour), int(minute), int(second or 0),
            int(digits.ljust(6, "0")), tzinfo=UTC,
        )  # fmt: skip
        if zone and zone.upper() not in ("Z", "UTC"):
            offset = timedelta(hours=int(zone[1:3]), minutes=int(zone[-2:]))
            if offset > MAX_OFFSET or int(zone[-2:]) > 59:
                return None
            moment -= offset if zone[0] == "+" else -offset
    except (ValueError, OverflowError):  # not a real date, or out of datetime's years
        return None
    if second is None:
        precision = 60_000_000
    elif not digits:
        precision = 1_000_000
    else:
        precision = 10 ** (6 - len(digits))
    return (
        f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}T{moment.hour:02d}:"
        f"{moment.minute:02d}:{moment.second:02d}.{moment.microsecond:06d}Z"
    ), precision


def _microseconds(stamp: str) -> int | None:
    """A stored timestamp as microseconds since 1970 (no zone: UTC), None if unreadable."""
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return (moment - _EPOCH) // _MICROSECOND


def _compare(incoming: str, precision: int, stored: str) -> int:
    """-1, 0 or 1 as the incoming ``updated_at`` is older than, the same as, or newer
    than the stored one; to the incoming one's precision (see :func:`parse_timestamp`)."""
    if precision == _FULL:
        return (incoming > stored) - (incoming < stored)
    theirs, ours = _microseconds(incoming), _microseconds(stored)
    if theirs is None or ours is None:
        return (incoming > stored) - (incoming < stored)
    low = ours - ours % precision  # the stored time cut, or rounded up, to that precision
    high = low if low == ours else low + precision
    return 1 if theirs > high else 0 if theirs in (low, high) else -1


class _Skip(Exception):
    """A record is not imported, for the reason given."""


def _check_record(
    record: dict[str, Any],
    text_of: Callable[[Any], str | None],
    tag_of: Callable[[Any], str],
) -> tuple[Any, ...]:
    """The record as a parameter tuple in ``RECORD_KEYS`` order, then the precision of
    its ``updated_at`` (:func:`parse_timestamp`), or ``_Skip``."""
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
    if type(status) is not str or (status := parse_status(status)) is None:
        raise _Skip("unknown status")
    if not (speaker is None or type(speaker) is str) or not (note is None or type(note) is str):
        raise _Skip("speaker and note must be text or empty")
    if type(author) is not str or not author:
        raise _Skip("author must be non-empty text")
    for field, value in (("speaker", speaker), ("note", note), ("author", author)):
        if value is not None and len(value) > LIMITS[field]:  # merges elsewhere would skip it
            raise _Skip(f"{field} longer than {LIMITS[field]:,} characters")
    stamps = []
    for stamp in (created, updated) if deleted is None else (created, updated, deleted):
        parsed = parse_timestamp(stamp) if type(stamp) is str else None
        if parsed is None:
            raise _Skip("timestamps must be ISO 8601 text")
        stamps.append(parsed)
    (created, _), (updated, precision), *rest = stamps
    deleted = rest[0][0] if rest else None
    tag = tag_of(tag)
    return (ident, article_id, start, end, exact, prefix, suffix, tag, speaker, status, note,
            author, created, updated, deleted, precision)  # fmt: skip


def import_records(
    conn: Any,
    records: Iterable[Any],
    *,
    article_text: Callable[[str], str | None],
    ensure_tag: Callable[[str], str],
    now: str,
    source: str = "import",
) -> ImportReport:
    """Check and upsert ``records`` (dicts or ``BadRow``) on ``conn``; the caller holds
    the transaction. ``article_text(id)`` gives an article's text (None if unknown);
    ``ensure_tag(name)`` validates a tag name, creates the tag if new, returns its name.
    ``now`` stamps edits made outside; ``source`` names the file in ``conflicts``."""
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
        if type(name) is not str:  # before the lookup: a JSON list or object is unhashable
            raise _Skip("tag must be text")
        tag = tags.get(name)
        if tag is None:
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
            _apply_existing(conn, conflicts, report, now=now, source=source)
    return report


_LOCAL_SQL = f"SELECT {_COLUMNS} FROM annotations WHERE id IN (SELECT value FROM json_each(?))"


def _apply_existing(
    conn: Any, rows: list[tuple[Any, ...]], report: ImportReport, *, now: str, source: str
) -> None:
    """Apply the rows whose id exists: newer ones as they are, outside edits (same
    ``updated_at``, other content) stamped ``now`` with the stored version kept as a
    conflict; count the rest as unchanged. Rows are taken in file order."""
    local = {row[0]: row for row in conn.execute(_LOCAL_SQL, [json.dumps([r[0] for r in rows])])}
    newer: dict[str, tuple[Any, ...]] = {}
    edited: dict[str, tuple[Any, ...]] = {}
    for *row, precision in rows:
        ours = local.get(row[0])
        if ours is None or ours[1] != row[1]:  # another article's id is never moved
            report.unchanged += 1
            continue
        order = _compare(row[_UPDATED], precision, ours[_UPDATED])
        if order == 0 and not _same_content(row, ours):
            row[_UPDATED] = now
            if row[0] not in newer:  # an edit of the stored version, not of the file's own
                edited[row[0]] = tuple(row)
            else:
                newer[row[0]] = tuple(row)
        elif order > 0:
            newer[row[0]] = tuple(row)
            edited.pop(row[0], None)
        else:
            report.unchanged += 1
            continue
        local[row[0]] = tuple(row)
        report.updated += 1
    if edited:
        from reader.store import merge  # merge imports the store, which imports this module

        merge.keep_as_conflicts(conn, list(edited), winner_updated_at=now, source=source, now=now)
    replacements = [*newer.values(), *edited.values()]
    # ``rowcount`` sums the rows each UPDATE changed itself (``total_changes`` would also
    # count what the triggers keeping the counts and search indexes write).
    changed = conn.executemany(_REPLACE_SQL, replacements).rowcount if replacements else 0
    refused = len(replacements) - changed  # would be a second copy
    report.updated -= refused
    report.unchanged += refused
    if edited:
        merge.drop_conflicts_like_current(conn, list(edited))


def _same_content(x: Any, y: Any) -> bool:
    return (
        _CONTENT(x) == _CONTENT(y)
        and _SPAN(x) == _SPAN(y)
        and (x[_DELETED] is None) == (y[_DELETED] is None)
    )


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
        yield row[:-1]  # without the precision of updated_at
        if conn.total_changes == before:
            conflicts.append(row)
