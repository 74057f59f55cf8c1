"""Helpers for the share/merge tests: databases tagged by several authors, their state."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

from reader.io.importers import load_seed
from reader.store import Store
from reader.store.share import share

STATE_COLUMNS = (
    'id, article_id, start, "end", exact, prefix, suffix, tag, speaker, status, note, '
    "author, created_at, updated_at, deleted_at"
)
CONFLICT_IDENTITY = (
    'annotation_id, start, "end", tag, speaker, status, note, author, created_at, '
    "updated_at, deleted_at"
)


def seeded_db(path: Path, author: str) -> str:
    """A database at ``path`` with the seed article; returns the article id."""
    with Store.open(path, author=author) as store:
        stored, _ = store.import_article(load_seed())
    return stored.id


def shared(db: Path, out: Path, author: str = "someone") -> Path:
    """Share everything of ``db`` to ``out`` (replacing it)."""
    with Store.open(db, author=author) as store:
        share(store, out, force=True)
    return out


def claim_and_share(db: Path, author: str, article_id: str, out: Path, start: int) -> Path:
    """``author`` tags six characters at ``start`` as a claim in ``db``; share it to ``out``."""
    with Store.open(db, author=author) as store:
        store.add_annotation(article_id, start, start + 6, "claim")
    return shared(db, out)


def checkpoint(db: Path) -> None:
    """Fold the -wal into the file, so that digest() compares the file alone."""
    with Store.open(db) as store:
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def state(db: Path) -> list[tuple]:
    """Every annotation (deleted too), by id: what merges must agree on."""
    conn = sqlite3.connect(db)
    try:
        return conn.execute(f"SELECT {STATE_COLUMNS} FROM annotations ORDER BY id").fetchall()
    finally:
        conn.close()


def conflict_set(db: Path) -> set[tuple]:
    """The recorded losing versions (without where/when they were recorded)."""
    conn = sqlite3.connect(db)
    try:
        return set(conn.execute(f"SELECT {CONFLICT_IDENTITY} FROM conflicts").fetchall())
    finally:
        conn.close()


def digest(path: Path) -> str:
    """SHA-256 of a file (with its -wal, if any): "byte-identical" checks."""
    h = hashlib.sha256(path.read_bytes())
    wal = Path(f"{path}-wal")
    if wal.exists():
        h.update(wal.read_bytes())
    return h.hexdigest()
