"""A new article's search passages written by the store after its row (schema 13): the
same passages and index rows as the insert trigger of schema 12 writes, which still
indexes every other writer's articles; the migration to 13 changes no passage."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from store_helpers import make_article

from reader.model import Article
from reader.store import Store, migrations
from reader.store.migrations import SCHEMA_VERSION
from reader.store.passages import PASSAGE_BYTES, passage_spans, passages_of

W = PASSAGE_BYTES
#: Characters of 1 to 4 bytes of UTF-8, and the two a passage ends after.
CHARS = ("a", "é", "€", "😀", " ", "\n")


def sql_spans(text: str) -> list[tuple[int, int]]:
    """The passages of ``text`` as the SQL of schema 12 cuts them."""
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE article_passages (article_rowid, start, length)")
    conn.execute(migrations._v12_cut_passages(":text", ":rowid"), {"text": text, "rowid": 1})
    return conn.execute("SELECT start, length FROM article_passages ORDER BY rowid").fetchall()


def python_spans(text: str) -> list[tuple[int, int]]:
    return passage_spans(text if text.isascii() else text.encode("utf-8"))


@st.composite
def long_texts(draw: st.DrawFn) -> str:
    """Texts of one to three passages and more, of one filler character (1-4 bytes), with
    a few newlines, spaces or other characters dropped near where passages are cut."""
    filler = draw(st.sampled_from(CHARS[:4]))
    size = draw(st.integers(0, 4 * W + 8)) // len(filler.encode("utf-8"))
    chars = [filler] * size
    for _ in range(draw(st.integers(0, 6))):
        if not chars:
            break
        near = draw(st.sampled_from([W, 2 * W - 1, 2 * W, 3 * W, 4 * W - 2]))
        at = min(
            len(chars) - 1, max(0, near // len(filler.encode("utf-8")) + draw(st.integers(-3, 3)))
        )
        chars[at] = draw(st.sampled_from(CHARS))
    return "".join(chars)


@settings(max_examples=60, deadline=None)
@given(long_texts(), st.sampled_from([1, 7, 4096, W, 3 * W]))
def test_passages_encoded_a_piece_at_a_time_are_the_whole_texts(text: str, chars: int) -> None:
    # Cut from a few characters' UTF-8 at a time, each passage is the same bytes as cut
    # from the whole text's UTF-8 at once.
    data = text.encode("utf-8")
    expected = [(start, data[start : start + length]) for start, length in python_spans(text)]
    assert list(passages_of(text, chars)) == expected


@settings(max_examples=60, deadline=None)
@given(long_texts())
def test_the_store_cuts_passages_as_the_schema_12_sql(text: str) -> None:
    assert python_spans(text) == sql_spans(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "short",
        "a" * W,
        "a" * (W + 1),
        "a" * (3 * W) + "\n",
        "é" * W,  # 2 W bytes, no newline or space: cut at the character after W bytes
        "a" + "😀" * W,  # each cut 1-3 bytes after W
        "a" * (W + 5) + " " + "b" * (W - 1) + "\n" + "c" * 10,  # a space, then a newline
        "x" * (2 * W - 1) + "€",
    ],
)
def test_edge_cases_are_cut_as_the_sql(text: str) -> None:
    assert python_spans(text) == sql_spans(text)


# ----- the store's index equals the trigger's -----------------------------------------------


def _long_text() -> str:
    lines = [f"Ligne {n}: le conseil a approuvé le plan du port à Zürich." for n in range(4000)]
    lines.insert(2000, "é" * 70_000)
    lines.append("The lighthouse keeper finally spoke.")
    return "\n".join(lines) + "\n"


ARTICLES = (
    make_article(_long_text(), title="Port de Zürich", source="port.txt"),
    make_article("The council approved the harbour plan.\n", title="Harbour", source="h.txt"),
    make_article("", title="Empty", source="empty.txt"),
    make_article("plain ascii " * 20_000, title="Ascii", source="ascii.txt"),
)

SHADOW_TABLES = ("articles_fts_data", "articles_fts_idx", "articles_fts_docsize")


def index_state(conn: sqlite3.Connection) -> dict[str, list[tuple]]:
    """The passages and every row of the search index's own tables."""
    state = {"article_passages": conn.execute("SELECT * FROM article_passages ORDER BY id")}
    for table in SHADOW_TABLES:
        state[table] = conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2")
    return {name: rows.fetchall() for name, rows in state.items()}


def trigger_indexed(path: Path, source: Path) -> None:
    """Copy the articles of ``source`` into the store at ``path`` one INSERT (one
    transaction) each, as another writer would: indexed by the trigger."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("ATTACH DATABASE ? AS other", [str(source)])
    for (rowid,) in conn.execute("SELECT rowid FROM other.articles ORDER BY rowid").fetchall():
        conn.execute(
            "INSERT INTO main.articles SELECT * FROM other.articles WHERE rowid = ?", [rowid]
        )
    conn.execute("DETACH DATABASE other")
    conn.close()


def stored(path: Path, articles: tuple[Article, ...] = ARTICLES) -> Path:
    with Store.open(path, author="me") as store:
        for article in articles:
            store.import_article(article)
    return path


def test_the_store_indexes_an_article_as_the_trigger_does(tmp_path: Path) -> None:
    mine = stored(tmp_path / "mine.db")
    theirs = tmp_path / "theirs.db"
    Store.open(theirs, author="them").close()
    trigger_indexed(theirs, mine)
    with sqlite3.connect(mine) as a, sqlite3.connect(theirs) as b:
        store_state, trigger_state = index_state(a), index_state(b)
        assert len(store_state["article_passages"]) > 6
        assert store_state == trigger_state
        assert a.execute("SELECT count(*) FROM article_passages_later").fetchone() == (0,)
        a.execute("INSERT INTO articles_fts (articles_fts) VALUES ('integrity-check')")
    with Store.open(mine, author="me") as store:
        [hit] = store.search("lighthouse")
        assert hit.offset == ARTICLES[0].text.index("lighthouse")


@pytest.mark.parametrize("given_text", [True, False])
def test_an_import_indexed_later_is_found_once_indexed_as_the_trigger_does(
    tmp_path: Path, given_text: bool
) -> None:
    mine = tmp_path / "mine.db"
    with Store.open(mine, author="me") as store:
        ids = [store.import_article(article, index_later=True)[0].id for article in ARTICLES]
        # The two long texts wait (the short ones are indexed by the trigger); until
        # they are indexed a search does not find them.
        assert store.waiting_passages() == 2
        assert store.search("lighthouse") == []
        assert [hit.title for hit in store.search("harbour")] == ["Harbour"]
        if given_text:
            assert store.index_waiting_passages(ids[1], ARTICLES[1].text) == 0
            assert store.index_waiting_passages(ids[0], ARTICLES[0].text) == 1
            assert store.waiting_passages() == 1
            assert store.index_waiting_passages(ids[3], ARTICLES[3].text) == 1
        else:  # read from the database
            assert store.index_waiting_passages() == 2
        assert store.waiting_passages() == 0
        assert store.index_waiting_passages() == 0
        [hit] = store.search("lighthouse")
        assert hit.offset == ARTICLES[0].text.index("lighthouse")
    theirs = tmp_path / "theirs.db"
    Store.open(theirs, author="them").close()
    trigger_indexed(theirs, mine)
    passages = "SELECT article_rowid, start, length FROM article_passages ORDER BY 1, 2"
    with sqlite3.connect(mine) as a, sqlite3.connect(theirs) as b:
        # The same passages (numbered in the order they were indexed), every one in the
        # index as its text reads.
        assert a.execute(passages).fetchall() == b.execute(passages).fetchall()
        a.execute("INSERT INTO articles_fts (articles_fts) VALUES ('integrity-check')")
        count = "SELECT count(*) FROM articles_fts_docsize"
        assert a.execute(count).fetchone() == b.execute(count).fetchone()


def test_a_waiting_article_rewritten_or_deleted_is_not_indexed_again(tmp_path: Path) -> None:
    with Store.open(tmp_path / "a.db", author="me") as store:
        kept = store.import_article(ARTICLES[0], index_later=True)[0].id
        gone = store.import_article(ARTICLES[3], index_later=True)[0].id
        # Another writer rewrites one (its update trigger indexes it) and deletes the other.
        store.db.execute("UPDATE articles SET title = 'Port' WHERE id = ?", [kept])
        store.db.execute("DELETE FROM articles WHERE id = ?", [gone])
        passages = store.db.execute("SELECT count(*) FROM article_passages").fetchone()
        assert passages[0] > 1  # the update trigger cut it
        assert store.index_waiting_passages() == 0
        assert store.waiting_passages() == 0
        assert store.db.execute("SELECT count(*) FROM article_passages").fetchone() == passages
        assert [hit.title for hit in store.search("lighthouse")] == ["Port"]


def test_a_failed_import_leaves_no_mark_and_no_passage(tmp_path: Path) -> None:
    with Store.open(tmp_path / "a.db", author="me") as store:
        store.import_article(ARTICLES[1])
        store.db.execute(
            "CREATE TRIGGER refuse AFTER INSERT ON article_passages "
            "BEGIN SELECT raise(ABORT, 'no passages'); END"
        )
        with pytest.raises(Exception, match="no passages"):
            store.import_article(ARTICLES[0])
        assert store.article_count() == 1
        assert store.db.execute("SELECT count(*) FROM article_passages_later").fetchone() == (0,)
        assert store.db.execute("SELECT count(*) FROM article_passages").fetchone() == (1,)


def test_version_13_keeps_the_passages_of_a_version_12_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    new = stored(tmp_path / "new.db")
    old = tmp_path / "old.db"
    with monkeypatch.context() as patch:  # the reader of version 12 (indexed by its trigger)
        patch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:12])
        patch.setattr(migrations, "SCHEMA_VERSION", 12)
        Store.open(old, author="me").close()
        trigger_indexed(old, new)
        with sqlite3.connect(old) as conn:
            assert "article_passages_later" not in {
                name for (name,) in conn.execute("SELECT name FROM sqlite_master")
            }
    with Store.open(old, author="me") as store:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 13
        store.db.execute("INSERT INTO articles_fts (articles_fts) VALUES ('integrity-check')")
    with sqlite3.connect(new) as a, sqlite3.connect(old) as b:
        assert index_state(a) == index_state(b)
    # After the upgrade, the store indexes a new article and the trigger another writer's.
    late = make_article("A lighthouse on the quay.\n", title="Late", source="late.txt")
    with Store.open(old, author="me") as store:
        stored_late, _ = store.import_article(late)
        store.db.execute(
            "INSERT INTO articles (id, content_hash, title, source, format, metadata, text, "
            "structure, imported_at, imported_by) SELECT 'other', 'other-hash', 'Other', "
            "'o.txt', 'text', '{}', 'The keeper of the quay.', structure, imported_at, "
            "imported_by FROM articles WHERE id = ?",
            [stored_late.id],
        )
        found = {h.article_id for h in store.search("quay") if h.kind == "article"}
        assert found == {stored_late.id, "other"}
        store.db.execute("PRAGMA user_version = 12")  # the step may run again
    with Store.open(old, author="me") as store:
        assert {h.article_id for h in store.search("quay")} >= {stored_late.id, "other"}
        store.db.execute("INSERT INTO articles_fts (articles_fts) VALUES ('integrity-check')")
