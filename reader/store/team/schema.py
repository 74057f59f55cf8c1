"""The team server's schema in PostgreSQL (``reader team init``), with numbered migrations.

Like the local migrations (:mod:`reader.store.migrations`) each step is frozen text:
``MIGRATIONS[n]`` takes the team schema from version ``n`` to ``n + 1`` and is never
edited once released. ``team_version`` holds the version; :func:`init_team` runs the
missing steps, each in its own transaction under an advisory lock, so two editors
running ``team init`` at once do not both apply one.

Tables (docs/team.md):

- ``team_articles`` every version of every article, keyed by content hash;
- ``team_tags`` tag names with colour and description (insert-only);
- ``team_annotations`` the latest version of each annotation (last writer wins); its
  ``article_hash`` names a ``team_articles`` row but has no foreign key (the check
  per row cost a third of a push; sync inserts the articles first in the same
  transaction, and a pull skips a row whose article is missing, as a merge does);
- ``team_changes`` the change log: one row per annotation change, numbered by
  ``change_id``; the row's own ``change_id`` is its latest change, the sync cursor;
- ``team_conflicts`` versions that lost on the server, kept like local conflicts;
- ``team_settings`` the name of the group role of members.

Access is PostgreSQL's own: only the group role (and the owner) has privileges, and
row-level security lets a member insert, change or delete only annotations whose
``author`` is their role (``current_user``). Every statement changing annotations
takes one transaction-level advisory lock before any row is numbered (a statement
trigger), so change numbers are committed in order and a reader's cursor never skips
a change committed later with a smaller number. A new row is numbered by the column
default, a changed one by a row trigger; members have no privilege on ``change_id``,
so nobody chooses their own number. A statement trigger writes the change log from
the transition table and announces the change (``NOTIFY``, sent on commit).
"""

from __future__ import annotations

from psycopg import Connection, sql

__all__ = ["CHANGE_LOCK", "MIGRATIONS", "NOTIFY_CHANNEL", "TEAM_SCHEMA_VERSION", "migrate_team"]

#: ``pg_advisory_xact_lock`` key serialising annotation changes (frozen in version 1).
CHANGE_LOCK = 7_242_615_001
#: ``LISTEN``/``NOTIFY`` channel announcing committed changes (frozen in version 1).
NOTIFY_CHANNEL = "reader_team"
_INIT_LOCK = 7_242_615_000

# Version 1. ``{group}`` is the group role (an identifier), the only substitution.
_V1 = """
CREATE TABLE team_settings (
    key text PRIMARY KEY,
    value text NOT NULL
);
INSERT INTO team_settings VALUES ('group_role', {group_literal});

CREATE TABLE team_articles (
    content_hash text PRIMARY KEY,
    id text NOT NULL,
    title text NOT NULL,
    source text NOT NULL,
    format text NOT NULL,
    author text,
    published text,
    url text,
    metadata text NOT NULL DEFAULT '{{}}',
    text text NOT NULL,
    structure text NOT NULL,
    imported_at text NOT NULL,
    imported_by text NOT NULL,
    pushed_by name NOT NULL DEFAULT current_user,
    pushed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX team_articles_url ON team_articles (url);
CREATE INDEX team_articles_source_title ON team_articles (source, title);

CREATE TABLE team_tags (
    name text PRIMARY KEY,
    colour text NOT NULL,
    description text
);

CREATE SEQUENCE team_change_seq;

CREATE TABLE team_annotations (
    id text PRIMARY KEY,
    article_hash text NOT NULL,
    start integer NOT NULL,
    "end" integer NOT NULL,
    exact text NOT NULL,
    prefix text NOT NULL,
    suffix text NOT NULL,
    tag text NOT NULL,
    speaker text,
    status text NOT NULL,
    note text,
    author text NOT NULL,
    created_at text NOT NULL,
    updated_at text NOT NULL,
    deleted_at text,
    origin text NOT NULL DEFAULT 'manual',
    change_id bigint NOT NULL DEFAULT nextval('team_change_seq'),
    CHECK (0 <= start AND start < "end")
);
CREATE INDEX team_annotations_change ON team_annotations (change_id);

CREATE TABLE team_changes (
    change_id bigint NOT NULL,
    annotation_id text NOT NULL,
    author text NOT NULL,
    changed_by name NOT NULL DEFAULT current_user,
    changed_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE team_conflicts (
    id bigserial PRIMARY KEY,
    annotation_id text NOT NULL,
    article_hash text NOT NULL,
    start integer NOT NULL,
    "end" integer NOT NULL,
    exact text NOT NULL,
    tag text NOT NULL,
    speaker text,
    status text NOT NULL,
    note text,
    author text NOT NULL,
    created_at text NOT NULL,
    updated_at text NOT NULL,
    deleted_at text,
    winner_updated_at text NOT NULL,
    recorded_by name NOT NULL DEFAULT current_user,
    recorded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX team_conflicts_annotation ON team_conflicts (annotation_id);

CREATE FUNCTION team_lock_changes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock({change_lock});
    RETURN NULL;
END $$;
CREATE TRIGGER team_annotations_lock BEFORE INSERT OR UPDATE ON team_annotations
    FOR EACH STATEMENT EXECUTE FUNCTION team_lock_changes();

CREATE FUNCTION team_number_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.change_id := nextval('team_change_seq');
    RETURN NEW;
END $$;
CREATE TRIGGER team_annotations_number BEFORE UPDATE ON team_annotations
    FOR EACH ROW EXECUTE FUNCTION team_number_change();

CREATE FUNCTION team_log_changes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO team_changes (change_id, annotation_id, author)
    SELECT change_id, id, author FROM changed;
    PERFORM pg_notify({channel}, '');
    RETURN NULL;
END $$;
CREATE TRIGGER team_annotations_log_insert AFTER INSERT ON team_annotations
    REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION team_log_changes();
CREATE TRIGGER team_annotations_log_update AFTER UPDATE ON team_annotations
    REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION team_log_changes();

REVOKE ALL ON team_settings, team_articles, team_tags, team_annotations, team_changes,
    team_conflicts FROM PUBLIC;
GRANT SELECT ON team_settings, team_articles, team_tags, team_annotations, team_changes,
    team_conflicts TO {group};
GRANT INSERT ON team_articles, team_tags, team_changes, team_conflicts TO {group};
GRANT DELETE ON team_annotations TO {group};
GRANT INSERT (id, article_hash, start, "end", exact, prefix, suffix, tag, speaker, status, note,
    author, created_at, updated_at, deleted_at, origin) ON team_annotations TO {group};
GRANT UPDATE (id, article_hash, start, "end", exact, prefix, suffix, tag, speaker, status, note,
    author, created_at, updated_at, deleted_at, origin) ON team_annotations TO {group};
GRANT USAGE ON SEQUENCE team_change_seq, team_conflicts_id_seq TO {group};

ALTER TABLE team_annotations ENABLE ROW LEVEL SECURITY;
CREATE POLICY members_read ON team_annotations FOR SELECT TO {group} USING (true);
CREATE POLICY own_insert ON team_annotations FOR INSERT TO {group}
    WITH CHECK (author = current_user);
CREATE POLICY own_update ON team_annotations FOR UPDATE TO {group}
    USING (author = current_user) WITH CHECK (author = current_user);
CREATE POLICY own_delete ON team_annotations FOR DELETE TO {group}
    USING (author = current_user);

ALTER TABLE team_articles ENABLE ROW LEVEL SECURITY;
CREATE POLICY members_read ON team_articles FOR SELECT TO {group} USING (true);
CREATE POLICY members_add ON team_articles FOR INSERT TO {group}
    WITH CHECK (pushed_by = current_user);

ALTER TABLE team_changes ENABLE ROW LEVEL SECURITY;
CREATE POLICY members_read ON team_changes FOR SELECT TO {group} USING (true);
CREATE POLICY own_log ON team_changes FOR INSERT TO {group}
    WITH CHECK (changed_by = current_user);

ALTER TABLE team_conflicts ENABLE ROW LEVEL SECURITY;
CREATE POLICY members_read ON team_conflicts FOR SELECT TO {group} USING (true);
CREATE POLICY own_record ON team_conflicts FOR INSERT TO {group}
    WITH CHECK (recorded_by = current_user);
"""

#: ``MIGRATIONS[n]`` takes the team schema from version ``n`` to ``n + 1``.
MIGRATIONS: tuple[str, ...] = (_V1,)

#: The team schema version this code writes and understands.
TEAM_SCHEMA_VERSION = len(MIGRATIONS)


def default_group_role(dbname: str) -> str:
    """The group role of a new team: ``reader_team_<database>`` (63 bytes at most,
    PostgreSQL's identifier limit), one group per team database."""
    return ("reader_team_" + dbname)[:63]


def _render(step: str, group: str) -> sql.Composed:
    """The frozen text of a step with the group role and constants substituted."""
    return sql.SQL(step).format(
        group=sql.Identifier(group),
        group_literal=sql.Literal(group),
        change_lock=sql.Literal(CHANGE_LOCK),
        channel=sql.Literal(NOTIFY_CHANNEL),
    )


def group_role(conn: Connection) -> str:
    """The group role named in ``team_settings``."""
    row = conn.execute("SELECT value FROM team_settings WHERE key = 'group_role'").fetchone()
    if row is None:  # pragma: no cover - version 1 inserts it
        raise LookupError("team_settings has no group_role")
    return str(row[0])


def current_version(conn: Connection) -> int:
    """The team schema version of the connected database (0: none)."""
    found = conn.execute("SELECT to_regclass('team_version') IS NOT NULL").fetchone()
    if not found or not found[0]:
        return 0
    row = conn.execute("SELECT max(version) FROM team_version").fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def migrate_team(conn: Connection) -> tuple[int, int, str]:
    """Create or upgrade the team schema; ``(version before, version after, group role)``.

    ``conn`` must not be in autocommit mode's way: each step runs in its own
    transaction (``conn.transaction()``). The group role is created when missing.
    """
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", [_INIT_LOCK])
        conn.execute("CREATE TABLE IF NOT EXISTS team_version (version integer NOT NULL)")
        conn.execute("REVOKE ALL ON team_version FROM PUBLIC")
        before = current_version(conn)
    if before > TEAM_SCHEMA_VERSION:
        raise ValueError(
            f"the team schema is version {before}; this reader knows up to "
            f"{TEAM_SCHEMA_VERSION}: upgrade reader"
        )
    dbname = str(conn.execute("SELECT current_database()").fetchone()[0])  # type: ignore[index]
    group = default_group_role(dbname) if before == 0 else group_role(conn)
    for target in range(before + 1, TEAM_SCHEMA_VERSION + 1):
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", [_INIT_LOCK])
            if current_version(conn) >= target:
                continue
            if target == 1:
                _ensure_group(conn, group, dbname)
            conn.execute(_render(MIGRATIONS[target - 1], group))
            conn.execute("INSERT INTO team_version VALUES (%s)", [target])
    with conn.transaction():
        conn.execute(sql.SQL("GRANT SELECT ON team_version TO {}").format(sql.Identifier(group)))
    return before, TEAM_SCHEMA_VERSION, group


def _ensure_group(conn: Connection, group: str, dbname: str) -> None:
    """Create the group role if missing; only its members (and the owner) may connect."""
    exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [group]).fetchone()
    if not exists:
        conn.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(group)))
    conn.execute(
        sql.SQL("REVOKE CONNECT, TEMPORARY ON DATABASE {} FROM PUBLIC").format(
            sql.Identifier(dbname)
        )
    )
    conn.execute(
        sql.SQL("GRANT CONNECT, TEMPORARY ON DATABASE {} TO {}").format(
            sql.Identifier(dbname), sql.Identifier(group)
        )
    )
