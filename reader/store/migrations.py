"""Schema creation and upgrades, tracked by ``PRAGMA user_version``.

Each migration is a small function taking the database from version ``n`` to
``n + 1``; :func:`migrate` runs each one in its own ``BEGIN IMMEDIATE``
transaction together with the ``user_version`` bump, so a failed upgrade
leaves the previous version intact. A new database is made by all of them in one
transaction (one commit, start-up: issue 12).

Migrations are frozen: each one holds copies of the values and code it uses
(statuses, seed tags, how a section row is made), never the live constants or
model code, so a later change to those cannot change what an old migration does.
tests/test_store_open.py checks that this module imports no model code.

A reader database is marked with ``PRAGMA application_id = APPLICATION_ID``;
:func:`refusal_reason` decides whether a file may be opened at all (foreign or
newer databases are refused).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.store.errors import StoreError
from reader.store.transactions import write_transaction

# sqlite-utils is imported only when a migration runs (start-up, issue 12).
if TYPE_CHECKING:
    from sqlite_utils import Database

__all__ = [
    "APPLICATION_ID",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "check_connection",
    "check_file_header",
    "migrate",
    "refusal_reason",
]

#: ``PRAGMA application_id`` of every reader database: ASCII "RDR1".
APPLICATION_ID = 0x52445231

#: Tags every new database starts with: (name, colour, description). Frozen for version 1.
_V1_SEED_TAGS: tuple[tuple[str, str, str], ...] = (
    ("claim", "#e5c07b", "A statement presented as fact, which can be checked."),
    ("quote", "#61afef", "Words attributed to a speaker."),
)

_SQLITE_MAGIC = b"SQLite format 3\x00"
_HEADER_SIZE = 100

# The statuses of version 1, frozen (a later status needs a migration of its own).
_V1_STATUS_LIST = "'unverified', 'supported', 'disputed', 'false'"

_V1_STATEMENTS = (
    """
    CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    )
    """,
    """
    CREATE TABLE articles (
        id TEXT PRIMARY KEY,
        content_hash TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL,
        source TEXT NOT NULL,
        format TEXT NOT NULL,
        author TEXT,
        published TEXT,
        url TEXT,
        metadata TEXT NOT NULL DEFAULT '{}',
        text TEXT NOT NULL,
        structure TEXT NOT NULL,
        imported_at TEXT NOT NULL,
        imported_by TEXT NOT NULL
    )
    """,
    "CREATE INDEX articles_imported_at ON articles (imported_at, id)",
    """
    CREATE TABLE tags (
        name TEXT PRIMARY KEY,
        colour TEXT NOT NULL,
        description TEXT
    )
    """,
    f"""
    CREATE TABLE annotations (
        id TEXT PRIMARY KEY,
        article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        exact TEXT NOT NULL,
        prefix TEXT NOT NULL,
        suffix TEXT NOT NULL,
        tag TEXT NOT NULL REFERENCES tags (name) ON UPDATE CASCADE,
        speaker TEXT,
        status TEXT NOT NULL DEFAULT 'unverified' CHECK (status IN ({_V1_STATUS_LIST})),
        note TEXT,
        author TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        deleted_at TEXT,
        CHECK (0 <= start AND start < "end")
    )
    """,
    'CREATE INDEX annotations_article_start ON annotations (article_id, start, "end", id)',
    "CREATE INDEX annotations_tag ON annotations (tag)",
    """
    CREATE TABLE history (
        id INTEGER PRIMARY KEY,
        article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        annotation_id TEXT NOT NULL REFERENCES annotations (id) ON DELETE CASCADE,
        action TEXT NOT NULL CHECK (action IN ('add', 'update', 'cycle_status', 'delete')),
        description TEXT NOT NULL,
        before TEXT NOT NULL,
        after TEXT NOT NULL,
        undone INTEGER NOT NULL DEFAULT 0 CHECK (undone IN (0, 1)),
        author TEXT NOT NULL,
        created_at TEXT NOT NULL
    )
    """,
    "CREATE INDEX history_article ON history (article_id, undone, id)",
    "CREATE INDEX history_annotation ON history (annotation_id)",
)


def _v1_initial(db: Database) -> None:
    """Version 1: articles, annotations, tags, history, meta; seed the default tags."""
    for statement in _V1_STATEMENTS:
        db.execute(statement)
    db.table("tags").insert_all(
        {"name": name, "colour": colour, "description": description}
        for name, colour, description in _V1_SEED_TAGS
    )
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")


_V2_STATEMENTS = (
    "ALTER TABLE annotations ADD COLUMN origin TEXT NOT NULL DEFAULT 'manual'",
    "ALTER TABLE history ADD COLUMN batch TEXT",
    """
    CREATE TABLE suggestion_runs (
        article_id TEXT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
        content_hash TEXT NOT NULL,
        rules_version INTEGER NOT NULL,
        computed_at TEXT NOT NULL
    )
    """,
    """
    CREATE TABLE suggestions (
        article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('quote', 'claim')),
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        exact TEXT NOT NULL,
        speaker TEXT,
        reason TEXT NOT NULL,
        score REAL NOT NULL,
        PRIMARY KEY (article_id, kind, start, "end"),
        CHECK (0 <= start AND start < "end")
    )
    """,
    """
    CREATE TABLE suggestion_rejections (
        id INTEGER PRIMARY KEY,
        article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        exact TEXT NOT NULL,
        undone INTEGER NOT NULL DEFAULT 0 CHECK (undone IN (0, 1)),
        author TEXT NOT NULL,
        created_at TEXT NOT NULL
    )
    """,
    "CREATE INDEX suggestion_rejections_article ON suggestion_rejections (article_id, undone, id)",
)


def _v2_suggestions(db: Database) -> None:
    """Version 2: cached suggestions, remembered rejections, ``annotations.origin``
    (``manual`` or ``suggestion``) and ``history.batch`` (steps undone together)."""
    for statement in _V2_STATEMENTS:
        db.execute(statement)


_V3_STATEMENTS = (
    # A version of an annotation that lost a merge (last writer wins): kept, never dropped.
    """
    CREATE TABLE conflicts (
        id INTEGER PRIMARY KEY,
        annotation_id TEXT NOT NULL,
        article_id TEXT NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        exact TEXT NOT NULL,
        tag TEXT NOT NULL,
        speaker TEXT,
        status TEXT NOT NULL,
        note TEXT,
        author TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        deleted_at TEXT,
        winner_updated_at TEXT NOT NULL,
        source TEXT NOT NULL,
        recorded_at TEXT NOT NULL
    )
    """,
    "CREATE INDEX conflicts_annotation ON conflicts (annotation_id)",
    "CREATE INDEX conflicts_article ON conflicts (article_id, annotation_id)",
    # An incoming annotation that could not be placed in the local version of its article.
    """
    CREATE TABLE orphans (
        id TEXT PRIMARY KEY,
        article_id TEXT NOT NULL,
        incoming_hash TEXT NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        exact TEXT NOT NULL,
        prefix TEXT NOT NULL,
        suffix TEXT NOT NULL,
        tag TEXT NOT NULL,
        speaker TEXT,
        status TEXT NOT NULL,
        note TEXT,
        author TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        deleted_at TEXT,
        origin TEXT NOT NULL DEFAULT 'manual',
        reason TEXT NOT NULL,
        source TEXT NOT NULL,
        recorded_at TEXT NOT NULL
    )
    """,
    "CREATE INDEX orphans_article ON orphans (article_id)",
)


def _v3_merge_tables(db: Database) -> None:
    """Version 3: ``conflicts`` (losing versions of merged annotations) and ``orphans``
    (incoming annotations that could not be re-anchored); see docs/sharing.md."""
    for statement in _V3_STATEMENTS:
        db.execute(statement)


# Version 4's copy of ``reader.model.article.strip_wrapping_quotes``, frozen.
_V4_WRAPPING_QUOTES = {
    "'": "'",
    '"': '"',
    "\u2018": "\u2019",
    "\u201c": "\u201d",
    "\u00ab": "\u00bb",
}


def _v4_display_title(title: str) -> str:
    t = title.strip()
    if len(t) >= 2 and _V4_WRAPPING_QUOTES.get(t[0]) == t[-1]:
        inner = t[1:-1].strip()
        if inner:
            return inner
    return t


def _v4_section_rows(article_id: str, structure: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The ``sections`` rows of version 4 (a frozen copy of ``articles.section_rows``)."""
    for position, section in enumerate(structure.get("sections", [])):
        start, end = section["span"]
        title = section.get("title")
        yield {
            "article_id": article_id,
            "position": position,
            "start": start,
            "end": end,
            "title": "" if title is None else _v4_display_title(title),
        }


_V4_STATEMENTS = (
    """
    CREATE TABLE sections (
        article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        title TEXT NOT NULL,
        PRIMARY KEY (article_id, position)
    )
    """,
    "CREATE INDEX sections_article_start ON sections (article_id, start, position)",
)


def _v4_sections(db: Database) -> None:
    """Version 4: a ``sections`` table (one row per section, display titles), so an
    export can name each annotation's section with a join instead of Python code.
    Backfilled from ``articles.structure``; ``Store.import_article`` fills it."""
    for statement in _V4_STATEMENTS:
        db.execute(statement)
    for row in db.execute("SELECT id, structure FROM articles").fetchall():
        db.table("sections").insert_all(_v4_section_rows(row[0], json.loads(row[1])))


_V5_STATUS_LIST = "'unverified', 'supported', 'disputed', 'false', 'needs-recheck'"
_V5_STATEMENTS = (
    # Why an annotation became needs-recheck: the text it was made on, the verdict it
    # had, what changed; one row per annotation (the latest flagging).
    """
    CREATE TABLE IF NOT EXISTS rechecks (
        annotation_id TEXT PRIMARY KEY,
        article_id TEXT NOT NULL,
        old_exact TEXT NOT NULL,
        old_status TEXT NOT NULL,
        new_start INTEGER NOT NULL,
        new_end INTEGER NOT NULL,
        new_exact TEXT NOT NULL,
        changes TEXT NOT NULL,
        kinds TEXT NOT NULL,
        source TEXT NOT NULL,
        recorded_at TEXT NOT NULL
    )
    """,
    "CREATE INDEX IF NOT EXISTS rechecks_article ON rechecks (article_id)",
)


def _v5_rechecks(db: Database) -> None:
    """Version 5: the status ``needs-recheck`` and the ``rechecks`` table (docs/sharing.md,
    "Re-checks").

    The status list lives in a CHECK constraint of ``annotations``. Rebuilding the table
    would cascade-delete its history (foreign keys are on and cannot be switched off
    inside the migration's transaction), so the constraint is widened in place, the way
    SQLite documents for changes that no stored row can violate ("ALTER TABLE", other
    schema changes): edit the table's SQL in ``sqlite_master`` and bump
    ``schema_version``, all in the migration's transaction; ``quick_check`` confirms.
    A table already widened is left as it is (the migration may run again on a database
    whose ``user_version`` was set back).
    """
    conn = db.conn
    old = f"CHECK (status IN ({_V1_STATUS_LIST}))"
    new = f"CHECK (status IN ({_V5_STATUS_LIST}))"
    (sql,) = conn.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'annotations'"
    ).fetchone()
    if new not in sql:
        if old not in sql:
            raise StoreError(
                "cannot upgrade the database: its annotations table is not as expected"
            )
        _widen_status_check(conn, old, new)
    for statement in _V5_STATEMENTS:
        db.execute(statement)


def _widen_status_check(conn: sqlite3.Connection, old: str, new: str) -> None:
    """Replace the CHECK text ``old`` of ``annotations`` by ``new`` (see :func:`_v5_rechecks`)."""
    version = int(conn.execute("PRAGMA schema_version").fetchone()[0])
    conn.execute("PRAGMA writable_schema = ON")
    try:
        changed = conn.execute(
            "UPDATE sqlite_master SET sql = replace(sql, ?, ?) "
            "WHERE type = 'table' AND name = 'annotations' AND instr(sql, ?) > 0",
            [old, new, old],
        ).rowcount
        conn.execute(f"PRAGMA schema_version = {version + 1}")
    finally:
        conn.execute("PRAGMA writable_schema = OFF")
    if changed != 1:  # pragma: no cover - the text was found just before
        raise StoreError("cannot upgrade the database: its annotations table is not as expected")
    problems = [row[0] for row in conn.execute("PRAGMA quick_check")]
    if problems != ["ok"]:
        raise StoreError(f"cannot upgrade the database: {problems[0]}")


def _v6_same_annotation_once(db: Database) -> None:
    """Version 6: never twice the same annotation. Earlier versions let a repeated key
    press make copies (same article, span, tag and author, all live); the oldest copy
    is kept and the later ones are soft-deleted (``deleted_at`` and ``updated_at`` set,
    so a merge carries the deletion; they stay in the file). From now on the store
    refuses to make such a copy (``Store.add_annotation``); no unique index, so a merge
    or an undo never fails on one."""
    db.execute(
        """
        UPDATE annotations AS a
        SET deleted_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
            updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
        WHERE a.deleted_at IS NULL AND EXISTS (
            SELECT 1 FROM annotations AS o
            WHERE o.article_id = a.article_id AND o.start = a.start AND o."end" = a."end"
              AND o.tag = a.tag AND o.author = a.author AND o.deleted_at IS NULL
              AND (o.created_at < a.created_at OR (o.created_at = a.created_at AND o.id < a.id)))
        """
    )


_V7_COLUMNS = (
    # A web article's identity across versions is its canonical URL (not unique: the
    # versions of one page will share it); ``url`` stays the address it was fetched from.
    ("canonical_url", "TEXT"),
    ("site", "TEXT"),
    # Read state: when the article was first opened (NULL: unread).
    ("read_at", "TEXT"),
)
_V7_STATEMENTS = (
    "CREATE INDEX IF NOT EXISTS articles_canonical_url ON articles (canonical_url)",
    "CREATE INDEX IF NOT EXISTS articles_url ON articles (url)",
    """
    CREATE TABLE IF NOT EXISTS feeds (
        id INTEGER PRIMARY KEY,
        url TEXT NOT NULL UNIQUE,
        title TEXT,
        site_url TEXT,
        etag TEXT,
        last_modified TEXT,
        added_at TEXT NOT NULL,
        last_checked TEXT,
        last_error TEXT
    )
    """,
    # One row per item ever seen (by guid): an update fetches only items not here.
    """
    CREATE TABLE IF NOT EXISTS feed_items (
        feed_id INTEGER NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
        guid TEXT NOT NULL,
        link TEXT,
        title TEXT NOT NULL,
        published TEXT,
        article_id TEXT REFERENCES articles (id) ON DELETE SET NULL,
        content_from TEXT NOT NULL CHECK (content_from IN ('page', 'feed', 'known', 'none')),
        error TEXT,
        seen_at TEXT NOT NULL,
        PRIMARY KEY (feed_id, guid)
    )
    """,
    "CREATE INDEX IF NOT EXISTS feed_items_article ON feed_items (article_id)",
    "CREATE INDEX IF NOT EXISTS feed_items_link ON feed_items (link)",
)


def _v7_web(db: Database) -> None:
    """Version 7: articles from the web (``canonical_url``, ``site``, ``read_at``) and
    feeds (``feeds``, ``feed_items``); see docs/web.md. Existing rows keep NULLs. Like
    version 5, it may run again on a database whose ``user_version`` was set back: what
    is already there is left as it is."""
    present = {row[1] for row in db.execute("PRAGMA table_info(articles)").fetchall()}
    for name, kind in _V7_COLUMNS:
        if name not in present:
            db.execute(f"ALTER TABLE articles ADD COLUMN {name} {kind}")
    for statement in _V7_STATEMENTS:
        db.execute(statement)


_V8_STATEMENTS = (
    # The team server this database syncs with (one row at most): its address without
    # password, the role it answered as, and the pull cursor (the last change number
    # of the server's change log merged here).
    """
    CREATE TABLE IF NOT EXISTS team_remote (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        url TEXT NOT NULL,
        role TEXT,
        pull_cursor INTEGER NOT NULL DEFAULT 0,
        last_sync_at TEXT,
        last_error TEXT
    )
    """,
    # Annotations changed here since the last push (ids only; the row is read at push
    # time). Filled by triggers only while a team is configured. No OR IGNORE in the
    # triggers: an UPSERT on annotations would impose its own conflict handling on them.
    "CREATE TABLE IF NOT EXISTS team_outbox (annotation_id TEXT PRIMARY KEY)",
    # Annotations whose pushed version lost to a newer one on the server (a clock behind
    # the others'): the next pull fetches the server's version again, as a file merge
    # of the whole share would.
    "CREATE TABLE IF NOT EXISTS team_refetch (annotation_id TEXT PRIMARY KEY)",
    """
    CREATE TRIGGER IF NOT EXISTS team_outbox_insert AFTER INSERT ON annotations
    WHEN EXISTS (SELECT 1 FROM team_remote)
    BEGIN INSERT INTO team_outbox SELECT NEW.id
        WHERE NOT EXISTS (SELECT 1 FROM team_outbox WHERE annotation_id = NEW.id); END
    """,
    """
    CREATE TRIGGER IF NOT EXISTS team_outbox_update AFTER UPDATE ON annotations
    WHEN EXISTS (SELECT 1 FROM team_remote)
    BEGIN INSERT INTO team_outbox SELECT NEW.id
        WHERE NOT EXISTS (SELECT 1 FROM team_outbox WHERE annotation_id = NEW.id); END
    """,
)


def _v8_team(db: Database) -> None:
    """Version 8: ``team_remote`` (the remembered team server and pull cursor),
    ``team_outbox`` (annotations to push) and ``team_refetch`` (to pull again), see
    docs/team.md. ``IF NOT EXISTS`` throughout: the migration may run again on a database
    whose ``user_version`` was set back."""
    for statement in _V8_STATEMENTS:
        db.execute(statement)


_V9_STATEMENTS = (
    # Every version of an article's text, the current one included (docs/web.md,
    # "Articles that change"): ``articles`` holds the current version under a stable id.
    """
    CREATE TABLE IF NOT EXISTS article_versions (
        article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        version INTEGER NOT NULL CHECK (version >= 1),
        content_hash TEXT NOT NULL,
        title TEXT NOT NULL,
        metadata TEXT NOT NULL DEFAULT '{}',
        text TEXT NOT NULL,
        structure TEXT NOT NULL,
        fetched_at TEXT NOT NULL,
        PRIMARY KEY (article_id, version)
    )
    """,
    # Version 1 of every article already here: its current text, as imported.
    """
    INSERT OR IGNORE INTO article_versions
        (article_id, version, content_hash, title, metadata, text, structure, fetched_at)
    SELECT id, 1, content_hash, title, metadata, text, structure, imported_at FROM articles
    WHERE id NOT IN (SELECT article_id FROM article_versions)
    """,
)


def _v9_article_versions(db: Database) -> None:
    """Version 9: ``article_versions`` (every text an article has had, for ``reader
    refresh``), backfilled with version 1 of each article; see docs/schema.md."""
    for statement in _V9_STATEMENTS:
        db.execute(statement)


# Version 10's packed structure, format 1 (a frozen copy of reader/model/packed.py):
# b"RPS1", the byte length and UTF-8 JSON list of section titles, then unsigned 32-bit
# little-endian integers: per section heading start and end (0xFFFFFFFF twice without a
# heading), span start, end, paragraph count; per paragraph start, end, sentence count;
# per sentence start, end.
_V10_MAGIC = b"RPS1"
_V10_NO_HEADING = 0xFFFFFFFF


def _v10_pack(structure: dict[str, Any]) -> bytes:
    """The packed form of the JSON of ``Article.to_structure()`` (format 1)."""
    sections = structure["sections"]
    titles = json.dumps([section["title"] for section in sections], ensure_ascii=False)
    head: list[int] = []
    paragraphs: list[int] = []
    sentences: list[int] = []
    for section in sections:
        heading = section["heading"] or (_V10_NO_HEADING, _V10_NO_HEADING)
        start, end = section["span"]
        head += (heading[0], heading[1], start, end, len(section["paragraphs"]))
        for paragraph in section["paragraphs"]:
            p_start, p_end = paragraph["span"]
            paragraphs += (p_start, p_end, len(paragraph["sentences"]))
            for s_start, s_end in paragraph["sentences"]:
                sentences += (s_start, s_end)
    ints = head + paragraphs + sentences
    if not all(isinstance(i, int) and 0 <= i <= 0xFFFFFFFF for i in ints):
        raise ValueError("an offset that cannot be packed")
    encoded = titles.encode("utf-8")
    return (
        _V10_MAGIC
        + len(encoded).to_bytes(4, "little")
        + encoded
        + b"".join(i.to_bytes(4, "little") for i in ints)
    )


# The hash of the normalised text of the file an article was imported from, when it is
# not the article's (Markdown): an imported file is found before it is parsed.
_V10_SOURCE_HASH = "ALTER TABLE articles ADD COLUMN source_hash TEXT"
_V10_SOURCE_HASH_INDEX = (
    "CREATE INDEX IF NOT EXISTS articles_source_hash ON articles (source_hash) "
    "WHERE source_hash IS NOT NULL"
)


def _v10_packed_structure(db: Database) -> None:
    """Version 10: ``structure`` (of ``articles`` and ``article_versions``) packed into
    integer arrays instead of one JSON object per sentence (issue 12: a 10 MB article's
    5 MB of JSON took half a second to load). A row whose JSON cannot be read is left
    as it is (the store reads either form, and reports a damaged one when it loads it).
    And ``articles.source_hash`` (see ``_V10_SOURCE_HASH``)."""
    for table, key in (("articles", "rowid"), ("article_versions", "rowid")):
        keys = [row[0] for row in db.execute(f"SELECT {key} FROM {table}").fetchall()]
        for rowid in keys:  # one row at a time: a structure can be megabytes
            (value,) = db.execute(
                f"SELECT structure FROM {table} WHERE rowid = ?", [rowid]
            ).fetchone()
            if not isinstance(value, str):
                continue
            try:
                packed = _v10_pack(json.loads(value))
            except (ValueError, TypeError, KeyError, IndexError, RecursionError):
                continue
            db.execute(f"UPDATE {table} SET structure = ? WHERE rowid = ?", [packed, rowid])
    columns = {row[1] for row in db.execute("PRAGMA table_info(articles)").fetchall()}
    if "source_hash" not in columns:
        db.execute(_V10_SOURCE_HASH)
    db.execute(_V10_SOURCE_HASH_INDEX)


_V11_COUNT_TRIGGERS = (
    # Live annotations per (article, tag), kept by triggers so the library reads 10,000
    # articles' counts without scanning a million annotations. No UPSERT or OR IGNORE:
    # the conflict handling of the statement that fires a trigger would override theirs.
    """
    CREATE TRIGGER IF NOT EXISTS annotation_counts_insert AFTER INSERT ON annotations
    WHEN NEW.deleted_at IS NULL
    BEGIN
        INSERT INTO annotation_counts (article_id, tag, n)
            SELECT NEW.article_id, NEW.tag, 0 WHERE NOT EXISTS (SELECT 1 FROM annotation_counts
                WHERE article_id = NEW.article_id AND tag = NEW.tag);
        UPDATE annotation_counts SET n = n + 1
            WHERE article_id = NEW.article_id AND tag = NEW.tag;
    END
    """,
    """
    CREATE TRIGGER IF NOT EXISTS annotation_counts_delete AFTER DELETE ON annotations
    WHEN OLD.deleted_at IS NULL
    BEGIN
        UPDATE annotation_counts SET n = n - 1
            WHERE article_id = OLD.article_id AND tag = OLD.tag;
        DELETE FROM annotation_counts
            WHERE article_id = OLD.article_id AND tag = OLD.tag AND n <= 0;
    END
    """,
    """
    CREATE TRIGGER IF NOT EXISTS annotation_counts_update
    AFTER UPDATE OF article_id, tag, deleted_at ON annotations
    WHEN (OLD.deleted_at IS NULL) != (NEW.deleted_at IS NULL)
        OR OLD.article_id != NEW.article_id OR OLD.tag != NEW.tag
    BEGIN
        UPDATE annotation_counts SET n = n - 1
            WHERE OLD.deleted_at IS NULL AND article_id = OLD.article_id AND tag = OLD.tag;
        DELETE FROM annotation_counts
            WHERE article_id = OLD.article_id AND tag = OLD.tag AND n <= 0;
        INSERT INTO annotation_counts (article_id, tag, n)
            SELECT NEW.article_id, NEW.tag, 0 WHERE NEW.deleted_at IS NULL AND NOT EXISTS (
                SELECT 1 FROM annotation_counts
                WHERE article_id = NEW.article_id AND tag = NEW.tag);
        UPDATE annotation_counts SET n = n + 1
            WHERE NEW.deleted_at IS NULL AND article_id = NEW.article_id AND tag = NEW.tag;
    END
    """,
)

# Full-text search (FTS5, external content: the index holds no second copy of the text;
# ``snippet()`` reads it from the table by rowid, which nothing here changes: no VACUUM).
# The triggers are those sqlite-utils' ``enable_fts(create_triggers=True)`` writes, frozen
# here; the annotation index holds only annotations with a note or a speaker, so its
# triggers add and remove exactly those rows.
_V11_FTS_STATEMENTS = (
    """
    CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5 (
        title, text, content = 'articles', tokenize = 'unicode61 remove_diacritics 2'
    )
    """,
    """
    CREATE TRIGGER IF NOT EXISTS articles_fts_insert AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts (rowid, title, text) VALUES (NEW.rowid, NEW.title, NEW.text);
    END
    """,
    """
    CREATE TRIGGER IF NOT EXISTS articles_fts_delete AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts (articles_fts, rowid, title, text)
            VALUES ('delete', OLD.rowid, OLD.title, OLD.text);
    END
    """,
    """
    CREATE TRIGGER IF NOT EXISTS articles_fts_update AFTER UPDATE OF title, text ON articles
    BEGIN
        INSERT INTO articles_fts (articles_fts, rowid, title, text)
            VALUES ('delete', OLD.rowid, OLD.title, OLD.text);
        INSERT INTO articles_fts (rowid, title, text) VALUES (NEW.rowid, NEW.title, NEW.text);
    END
    """,
    """
    CREATE VIRTUAL TABLE IF NOT EXISTS annotations_fts USING fts5 (
        note, speaker, content = 'annotations', tokenize = 'unicode61 remove_diacritics 2'
    )
    """,
    """
    CREATE TRIGGER IF NOT EXISTS annotations_fts_insert AFTER INSERT ON annotations
    WHEN NEW.note IS NOT NULL OR NEW.speaker IS NOT NULL
    BEGIN
        INSERT INTO annotations_fts (rowid, note, speaker)
            VALUES (NEW.rowid, NEW.note, NEW.speaker);
    END
    """,
    """
    CREATE TRIGGER IF NOT EXISTS annotations_fts_delete AFTER DELETE ON annotations
    WHEN OLD.note IS NOT NULL OR OLD.speaker IS NOT NULL
    BEGIN
        INSERT INTO annotations_fts (annotations_fts, rowid, note, speaker)
            VALUES ('delete', OLD.rowid, OLD.note, OLD.speaker);
    END
    """,
    # One trigger, so the old row leaves the index before the new one enters it (two
    # triggers on the same event would run in an order SQLite does not promise).
    """
    CREATE TRIGGER IF NOT EXISTS annotations_fts_update AFTER UPDATE OF note, speaker
    ON annotations
    BEGIN
        INSERT INTO annotations_fts (annotations_fts, rowid, note, speaker)
            SELECT 'delete', OLD.rowid, OLD.note, OLD.speaker
            WHERE OLD.note IS NOT NULL OR OLD.speaker IS NOT NULL;
        INSERT INTO annotations_fts (rowid, note, speaker)
            SELECT NEW.rowid, NEW.note, NEW.speaker
            WHERE NEW.note IS NOT NULL OR NEW.speaker IS NOT NULL;
    END
    """,
)


def _v11_library_search(db: Database) -> None:
    """Version 11: a big library (issue 12). ``articles_library`` and
    ``articles_by_date`` (covering indexes of what the library lists),
    ``annotation_counts`` (live annotations per article and tag, kept by triggers) and
    full-text search: ``articles_fts`` (title and text) and ``annotations_fts`` (note and
    speaker), FTS5 indexes kept in step by triggers; all filled from what is there.
    ``IF NOT EXISTS`` throughout: the migration may run again on a database whose
    ``user_version`` was set back."""
    db.execute(
        """
        CREATE TABLE IF NOT EXISTS annotation_counts (
            article_id TEXT NOT NULL,
            tag TEXT NOT NULL,
            n INTEGER NOT NULL,
            PRIMARY KEY (article_id, tag)
        ) WITHOUT ROWID
        """
    )
    db.execute("DELETE FROM annotation_counts")
    db.execute(
        """
        INSERT INTO annotation_counts (article_id, tag, n)
        SELECT article_id, tag, count(*) FROM annotations WHERE deleted_at IS NULL
        GROUP BY article_id, tag
        """
    )
    # The library's columns, so listing 10,000 articles never reads their text: in
    # import order, and newest first by date (published, else imported) for its first rows.
    db.execute(
        """
        CREATE INDEX IF NOT EXISTS articles_library ON articles (imported_at, id, title,
            source, url, canonical_url, site, author, published, read_at)
        """
    )
    db.execute(
        """
        CREATE INDEX IF NOT EXISTS articles_by_date ON articles (
            coalesce(nullif(published, ''), imported_at), imported_at, id, title, source,
            url, canonical_url, site, author, published, read_at)
        """
    )
    for statement in _V11_COUNT_TRIGGERS + _V11_FTS_STATEMENTS:
        db.execute(statement)
    db.execute("INSERT INTO articles_fts (articles_fts) VALUES ('delete-all')")
    db.execute(
        "INSERT INTO articles_fts (rowid, title, text) SELECT rowid, title, text FROM articles"
    )
    db.execute("INSERT INTO annotations_fts (annotations_fts) VALUES ('delete-all')")
    db.execute(
        """
        INSERT INTO annotations_fts (rowid, note, speaker) SELECT rowid, note, speaker
        FROM annotations WHERE note IS NOT NULL OR speaker IS NOT NULL
        """
    )


# Full-text search by passage (issue 12): a 10 MB article indexed as one FTS5 row took
# ~20 MB more memory to store and ~20 s for one snippet. Each article's text is cut into
# passages of 64-128 KiB (``article_passages``: byte offsets into its UTF-8 text, cut
# after a newline, else a space, else at the start of a character) and ``articles_fts``
# indexes one row per passage (the article's title and the passage), external content
# read through the view ``article_passage_text``: still no second copy of any text.
# Triggers keep it in step, cutting the text in SQL (a byte offset costs no walk).
_V12_PASSAGE_BYTES = 65536


def _v12_cut_passages(text: str, rowid: str) -> str:
    """The statement writing the ``article_passages`` rows of the article ``rowid`` whose
    text is ``text`` (both SQL expressions): one row for an empty text."""
    blob = f"CAST({text} AS BLOB)"
    w = _V12_PASSAGE_BYTES

    def inside(at: str) -> str:  # the byte at 0-based ``at`` continues a character
        return f"substr({blob}, {at} + 1, 1) BETWEEN x'80' AND x'bf'"

    def end_after(x: str) -> str:  # where the passage starting at byte ``x`` ends
        edge = f"{x} + {w}"
        window = f"substr({blob}, {edge} + 1, {w})"
        return f"""CASE WHEN length({blob}) - {x} <= {w} THEN length({blob})
            ELSE {edge} + coalesce(
                nullif(instr({window}, x'0a'), 0),
                nullif(instr({window}, x'20'), 0),
                CASE WHEN NOT {inside(edge)} THEN 0
                     WHEN NOT {inside(f"{edge} + 1")} THEN 1
                     WHEN NOT {inside(f"{edge} + 2")} THEN 2 ELSE 3 END)
            END"""

    return f"""
    INSERT INTO article_passages (article_rowid, start, length)
    WITH RECURSIVE cut (s, e) AS (
        SELECT 0, {end_after("0")}
        UNION ALL
        SELECT e, {end_after("e")} FROM cut WHERE e < length({blob})
    )
    SELECT {rowid}, s, e - s FROM cut
    """


_V12_INDEX_PASSAGES = """
    INSERT INTO articles_fts (rowid, title, text)
    SELECT p.id, {title}, CAST(substr(CAST({text} AS BLOB), p.start + 1, p.length) AS TEXT)
    FROM article_passages AS p WHERE p.article_rowid = {rowid} ORDER BY p.id
"""
_V12_UNINDEX_PASSAGES = """
    INSERT INTO articles_fts (articles_fts, rowid, title, text)
    SELECT 'delete', p.id, OLD.title,
        CAST(substr(CAST(OLD.text AS BLOB), p.start + 1, p.length) AS TEXT)
    FROM article_passages AS p WHERE p.article_rowid = OLD.rowid;
    DELETE FROM article_passages WHERE article_rowid = OLD.rowid;
"""
_V12_STATEMENTS = (
    """
    CREATE TABLE article_passages (
        id INTEGER PRIMARY KEY,
        article_rowid INTEGER NOT NULL,
        start INTEGER NOT NULL,
        length INTEGER NOT NULL
    )
    """,
    "CREATE INDEX article_passages_article ON article_passages (article_rowid, start)",
    """
    CREATE VIEW article_passage_text (id, title, text) AS
    SELECT p.id, a.title, CAST(substr(CAST(a.text AS BLOB), p.start + 1, p.length) AS TEXT)
    FROM article_passages AS p JOIN articles AS a ON a.rowid = p.article_rowid
    """,
    """
    CREATE VIRTUAL TABLE articles_fts USING fts5 (
        title, text, content = 'article_passage_text', content_rowid = 'id',
        tokenize = 'unicode61 remove_diacritics 2'
    )
    """,
    f"""
    CREATE TRIGGER article_passages_insert AFTER INSERT ON articles BEGIN
        {_v12_cut_passages("NEW.text", "NEW.rowid")};
        {_V12_INDEX_PASSAGES.format(title="NEW.title", text="NEW.text", rowid="NEW.rowid")};
    END
    """,
    f"""
    CREATE TRIGGER article_passages_delete AFTER DELETE ON articles BEGIN
        {_V12_UNINDEX_PASSAGES}
    END
    """,
    # One trigger, so the old passages leave the index before the new ones enter it.
    f"""
    CREATE TRIGGER article_passages_update AFTER UPDATE OF title, text ON articles BEGIN
        {_V12_UNINDEX_PASSAGES}
        {_v12_cut_passages("NEW.text", "NEW.rowid")};
        {_V12_INDEX_PASSAGES.format(title="NEW.title", text="NEW.text", rowid="NEW.rowid")};
    END
    """,
)


def _v12_search_by_passage(db: Database) -> None:
    """Version 12: the article search index holds one row per passage of ~64 KiB
    (``article_passages``, ``article_passage_text``) instead of one per article, so a
    10 MB text is indexed and its snippets made in small pieces (issue 12); rebuilt from
    what is there, one article at a time. Everything is dropped first: the step may run
    again (``user_version`` set back, migration 11 run again over this index)."""
    for name in ("articles_fts_insert", "articles_fts_delete", "articles_fts_update"):
        db.execute(f"DROP TRIGGER IF EXISTS {name}")
    for name in ("article_passages_insert", "article_passages_delete", "article_passages_update"):
        db.execute(f"DROP TRIGGER IF EXISTS {name}")
    db.execute("DROP TABLE IF EXISTS articles_fts")
    db.execute("DROP VIEW IF EXISTS article_passage_text")
    db.execute("DROP TABLE IF EXISTS article_passages")
    for statement in _V12_STATEMENTS:
        db.execute(statement)
    cut = _v12_cut_passages(":text", ":rowid")
    index = _V12_INDEX_PASSAGES.format(title=":title", text=":text", rowid=":rowid")
    rowids = [rowid for (rowid,) in db.execute("SELECT rowid FROM articles ORDER BY rowid")]
    for rowid in rowids:
        title, text = db.execute(
            "SELECT title, text FROM articles WHERE rowid = ?", [rowid]
        ).fetchone()
        values = {"rowid": rowid, "title": title, "text": text}
        db.execute(cut, values)
        db.execute(index, values)


# A new article's passages indexed by the store, after its row is written (issue 12): the
# trigger of version 12 cut and indexed a 10 MB text inside the INSERT, while SQLite still
# held the text twice (the value written and the row's record), ~4 MB more at that
# moment. A store marks the article in ``article_passages_later`` (an id, within its
# transaction only) before its INSERT, writes its passages and their index rows the same
# way once the statement is done, and removes the mark: every other writer (a merge, a
# team pull, a share file, another program) is indexed by the trigger as before.
_V13_STATEMENTS = (
    """
    CREATE TABLE IF NOT EXISTS article_passages_later (
        article_id TEXT PRIMARY KEY
    ) WITHOUT ROWID
    """,
    "DELETE FROM article_passages_later",
    "DROP TRIGGER IF EXISTS article_passages_insert",
    f"""
    CREATE TRIGGER article_passages_insert AFTER INSERT ON articles
    WHEN NOT EXISTS (SELECT 1 FROM article_passages_later WHERE article_id = NEW.id)
    BEGIN
        {_v12_cut_passages("NEW.text", "NEW.rowid")};
        {_V12_INDEX_PASSAGES.format(title="NEW.title", text="NEW.text", rowid="NEW.rowid")};
    END
    """,
)


def _v13_passages_after_insert(db: Database) -> None:
    """Version 13: ``article_passages_later``, the articles whose passages the writing
    store indexes itself after their INSERT (always empty outside its transaction); the
    insert trigger of version 12 skips them. Passages and index are unchanged. May run
    again (``user_version`` set back)."""
    for statement in _V13_STATEMENTS:
        db.execute(statement)


#: ``MIGRATIONS[n]`` takes the schema from version ``n`` to ``n + 1``.
MIGRATIONS: tuple[Callable[[Database], None], ...] = (
    _v1_initial,
    _v2_suggestions,
    _v3_merge_tables,
    _v4_sections,
    _v5_rechecks,
    _v6_same_annotation_once,
    _v7_web,
    _v8_team,
    _v9_article_versions,
    _v10_packed_structure,
    _v11_library_search,
    _v12_search_by_passage,
    _v13_passages_after_insert,
)

#: The schema version this code writes and understands.
SCHEMA_VERSION = len(MIGRATIONS)


def refusal_reason(
    application_id: int, user_version: int, tables: Collection[str] | None
) -> str | None:
    """Why a database must not be opened, or ``None`` when it may be.

    ``tables`` are the database's table names, or ``None`` when unknown (only
    the file header was read): then a blank-looking database is not refused.
    """
    if application_id not in (0, APPLICATION_ID):
        return f"not a reader database (application id {application_id:#010x})"
    if application_id == 0 and (user_version != 0 or tables):
        return "not a reader database (it holds another application's data)"
    if user_version > SCHEMA_VERSION:
        return (
            f"written by a newer version of reader (schema version {user_version}, "
            f"this version supports up to {SCHEMA_VERSION}); upgrade reader to open it"
        )
    if user_version < 0:
        return f"the file is damaged (schema version {user_version})"
    return None


def check_file_header(path: Path) -> None:
    """Refuse, by reading only its 100-byte header, a file that is not an openable database.

    Raises ``StoreError`` for a non-SQLite file, a foreign application id or a
    future schema version. An empty file is a new database and passes. Nothing
    is written: a refused file stays byte-identical.
    """
    try:
        with path.open("rb") as f:
            header = f.read(_HEADER_SIZE)
    except OSError as error:
        raise StoreError(f"cannot open {path}: {error.strerror or error}") from error
    if not header:
        return
    if len(header) < _HEADER_SIZE or not header.startswith(_SQLITE_MAGIC):
        raise StoreError(f"cannot open {path}: not a SQLite database")
    user_version = int.from_bytes(header[60:64], "big", signed=True)
    application_id = int.from_bytes(header[68:72], "big", signed=True)
    reason = refusal_reason(application_id, user_version, tables=None)
    if reason:
        raise StoreError(f"cannot open {path}: {reason}")


def _pragma_int(conn: sqlite3.Connection, name: str) -> int:
    return int(conn.execute(f"PRAGMA {name}").fetchone()[0])


def check_connection(conn: sqlite3.Connection, label: str) -> int:
    """Refuse (``StoreError``) a foreign or newer database; reads only, writes nothing.

    Returns the schema version (``user_version``), read with the application id in one
    query; the table names are read only when the file has no application id (a new
    file, or another program's database).
    """
    application_id, user_version = conn.execute(
        "SELECT application_id, user_version FROM pragma_application_id, pragma_user_version"
    ).fetchone()
    tables = None
    if application_id != APPLICATION_ID:
        rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        tables = [name for (name,) in rows if not name.startswith("sqlite_")]
    reason = refusal_reason(application_id, user_version, tables)
    if reason:
        raise StoreError(f"cannot open {label}: {reason}")
    return int(user_version)


def migrate(db: Database, label: str = "the database", version: int | None = None) -> None:
    """Bring the schema up to :data:`SCHEMA_VERSION`, one transaction per step (a new
    database, version 0: every step in one transaction, :func:`_create`).

    ``version`` is the schema version already read (by :func:`check_connection`): a
    current schema then costs no query at all (start-up, issue 12).

    The version is re-read inside each transaction, so two processes opening
    the same new file at once do not both run a migration. A step that finds
    its tables already there (the version was changed by hand or by another
    program) is rolled back and refused with ``StoreError``, naming ``label``.
    """
    if version is None:
        version = _pragma_int(db.conn, "user_version")
    if version == 0 and SCHEMA_VERSION > 0:
        _create(db, label)
        return
    for target in range(version + 1, SCHEMA_VERSION + 1):
        with _refusing_mismatch(label, target - 1), write_transaction(db.conn):
            if _pragma_int(db.conn, "user_version") >= target:
                continue
            MIGRATIONS[target - 1](db)
            db.execute(f"PRAGMA user_version = {target}")


def _create(db: Database, label: str) -> None:
    """A new database: every step in ONE transaction. Each commit waits for the disk
    (WAL, ``synchronous = FULL``): one per step made a new database cost ~20-60 ms, at
    every first start (start-up, issue 12). Nothing is lost by it: a step that fails
    leaves the file at version 0, as it was. The version is re-read in the transaction
    (another process may have just made or upgraded it)."""
    with write_transaction(db.conn):
        version = _pragma_int(db.conn, "user_version")
        for target in range(version + 1, SCHEMA_VERSION + 1):
            with _refusing_mismatch(label, target - 1):
                MIGRATIONS[target - 1](db)
        if version < SCHEMA_VERSION:
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


@contextmanager
def _refusing_mismatch(label: str, found: int) -> Iterator[None]:
    """A step that finds its tables already there: ``StoreError`` naming ``label``."""
    try:
        yield
    except sqlite3.OperationalError as error:
        if "already exists" not in str(error):
            raise
        raise StoreError(
            f"cannot open {label}: its schema version ({found}) does not match its "
            f"tables (it was changed by another program); restore a backup"
        ) from error
