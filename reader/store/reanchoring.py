"""Moving an annotation into another version of its article's text, and the re-checks
that leaves (docs/sharing.md, "Re-anchoring and orphans" and "Re-checks").

One function decides, for one annotation and a new text, where it goes and with which
status: :func:`reanchor_annotation`. ``reader merge`` uses it for annotations made on
another version of a local article; anything else that re-fetches a changed article
(a "refresh") uses the same function and :func:`record_recheck`, so the rule is the
same everywhere:

- not placed (:func:`reader.model.anchor.reanchor`): the caller keeps an orphan;
- placed on the same characters, or on text that differs only in typography,
  whitespace or punctuation (:func:`reader.model.recheck.compare_quotes`): the
  annotation moves with its status;
- placed on different words: its status becomes ``needs-recheck`` and the caller keeps
  the old text and old status with :func:`record_recheck`.

An ``exact`` or ``context`` placement is by definition the same characters: never a
re-check.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from reader.model.anchor import Placement, reanchor
from reader.model.recheck import IDENTICAL, QuoteChange, compare_quotes
from reader.store.records import NEEDS_RECHECK
from reader.store.untrusted import KNOWN_COLUMNS
from reader.store.validation import CONTEXT_CHARS

#: The change of an annotation that kept its characters.
UNCHANGED = QuoteChange(IDENTICAL)

__all__ = [
    "ORPHAN_FIELDS",
    "UNCHANGED",
    "Reanchored",
    "reanchor_annotation",
    "record_orphan",
    "record_recheck",
]

#: The annotation columns an ``orphans`` row keeps, in table order.
ORPHAN_FIELDS: tuple[str, ...] = KNOWN_COLUMNS["annotations"]
_ORPHAN_COLS = ", ".join(f'"{c}"' for c in ORPHAN_FIELDS)


@dataclass(frozen=True, slots=True)
class Reanchored:
    """Where an annotation goes in a new text. When ``placement.placed``: the new
    offsets, ``exact``, ``prefix`` and ``suffix`` (from the new text), the ``status`` to
    store and how the words changed (``change``); otherwise only ``placement`` (its
    ``how`` says why it was not placed) and the old status."""

    placement: Placement
    status: str
    start: int = 0
    end: int = 0
    exact: str = ""
    prefix: str = ""
    suffix: str = ""
    change: QuoteChange = UNCHANGED

    @property
    def placed(self) -> bool:
        """True when the annotation found a passage (else it is an orphan)."""
        return self.placement.placed

    @property
    def needs_recheck(self) -> bool:
        """True when it was placed on different words: its verdict is suspended."""
        return self.placed and self.change.substantive


def reanchor_annotation(text: str, exact: str, prefix: str, suffix: str, status: str) -> Reanchored:
    """Place an annotation (its quote selector and status) in ``text``; see the module."""
    where = reanchor(text, exact, prefix, suffix)
    if not where.placed:
        return Reanchored(where, status)
    start, end = where.start, where.end
    assert start is not None and end is not None
    new_exact = text[start:end]
    exact_match = where.how in ("exact", "context")
    change = UNCHANGED if exact_match else compare_quotes(exact, new_exact)
    return Reanchored(
        where,
        NEEDS_RECHECK if change.substantive else status,
        start,
        end,
        new_exact,
        text[max(0, start - CONTEXT_CHARS) : start],
        text[end : end + CONTEXT_CHARS],
        change,
    )


def record_recheck(
    conn: sqlite3.Connection,
    *,
    annotation_id: str,
    article_id: str,
    old_exact: str,
    old_status: str,
    moved: Reanchored,
    source: str,
    now: str,
) -> None:
    """Keep why ``annotation_id`` needs a re-check (inside the caller's transaction).
    One row per annotation: a later flagging replaces it."""
    conn.execute(
        """
        INSERT INTO main.rechecks (annotation_id, article_id, old_exact, old_status,
            new_start, new_end, new_exact, changes, kinds, source, recorded_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (annotation_id) DO UPDATE SET
            article_id = excluded.article_id, old_exact = excluded.old_exact,
            old_status = excluded.old_status, new_start = excluded.new_start,
            new_end = excluded.new_end, new_exact = excluded.new_exact,
            changes = excluded.changes, kinds = excluded.kinds, source = excluded.source,
            recorded_at = excluded.recorded_at
        """,
        [
            annotation_id,
            article_id,
            old_exact,
            old_status,
            moved.start,
            moved.end,
            moved.exact,
            moved.change.describe(),
            ",".join(moved.change.kinds),
            source,
            now,
        ],
    )


def record_orphan(
    conn: sqlite3.Connection,
    values: list[object],
    *,
    incoming_hash: str,
    reason: str,
    source: str,
    now: str,
) -> None:
    """Keep an annotation that could not be placed as an orphan (inside the caller's
    transaction): ``values`` are its columns in :data:`ORPHAN_FIELDS` order, as they
    were on the text whose hash is ``incoming_hash``. One row per annotation id: a
    newer version (by ``updated_at``, then author) replaces an older one."""
    conn.execute(
        f"""
        INSERT INTO main.orphans ({_ORPHAN_COLS}, incoming_hash, reason, source, recorded_at)
        VALUES ({", ".join("?" * len(ORPHAN_FIELDS))}, ?, ?, ?, ?)
        ON CONFLICT (id) DO UPDATE SET
            start = excluded.start, "end" = excluded."end", exact = excluded.exact,
            prefix = excluded.prefix, suffix = excluded.suffix, tag = excluded.tag,
            speaker = excluded.speaker, status = excluded.status, note = excluded.note,
            author = excluded.author, created_at = excluded.created_at,
            updated_at = excluded.updated_at, deleted_at = excluded.deleted_at,
            incoming_hash = excluded.incoming_hash, reason = excluded.reason,
            source = excluded.source, recorded_at = excluded.recorded_at
        WHERE (excluded.updated_at, excluded.author) > (orphans.updated_at, orphans.author)
        """,
        [*values, incoming_hash, reason, source, now],
    )
