"""Importing, deduplicating, looking up and listing articles; tags."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from store_helpers import seed_article, small_article

from reader.model.article import content_hash
from reader.store import NotFoundError, Store, StoreError

pytest_plugins = ["store_fixtures"]  # mem_store, db_path, file_store


def test_import_stores_article_and_rebuilds_model(mem_store: Store) -> None:
    article = seed_article()
    stored, created = mem_store.import_article(article)
    assert created
    assert stored.id == content_hash(article.text)[:12]
    assert stored.content_hash == content_hash(article.text)
    assert (stored.title, stored.source) == ("Seed article", article.source)
    assert stored.imported_at.endswith("Z") and "." in stored.imported_at
    assert stored.article.text == article.text
    assert stored.article.sections == article.sections
    assert stored.article.to_structure() == article.to_structure()


def test_the_text_is_stored_as_text_exactly_and_nothing_is_left_behind(
    file_store: Store,
) -> None:
    text = "Zürich — 東京 said «yes» 🙂.\n\nThe second paragraph ends here.\n"
    stored, _ = file_store.import_article(small_article(text))
    kind, kept = file_store.db.execute(
        "SELECT typeof(text), text FROM articles WHERE id = ?", [stored.id]
    ).fetchone()
    assert (kind, kept) == ("text", stored.article.text)
    with pytest.raises(sqlite3.OperationalError, match="function"):  # it holds no text
        file_store.db.execute("SELECT reader_article_text()")


def test_import_dedups_by_content_hash(mem_store: Store) -> None:
    first, created = mem_store.import_article(small_article("One", title="First"))
    again, created_again = mem_store.import_article(small_article("One", title="Renamed"))
    assert created and not created_again
    assert again == first  # the existing article, title unchanged
    assert len(mem_store.list_articles()) == 1


def test_metadata_is_kept(mem_store: Store) -> None:
    from dataclasses import replace

    article = replace(small_article(), metadata={"author": "A. Writer", "url": "http://x"})
    stored, _ = mem_store.import_article(article)
    assert dict(stored.article.metadata) == {"author": "A. Writer", "url": "http://x"}
    row = next(mem_store.db.query("SELECT author, url, format FROM articles"))
    assert row == {"author": "A. Writer", "url": "http://x", "format": "text"}


def test_get_article_by_id_and_unique_prefix(mem_store: Store) -> None:
    stored, _ = mem_store.import_article(small_article())
    assert mem_store.get_article(stored.id) == stored
    assert mem_store.get_article(stored.id[:4]) == stored
    assert mem_store.get_article(stored.id[:4].upper()) == stored


@pytest.mark.parametrize("ref", ["", "zzz", "0123456789abcdef", "*", "' OR 1=1"])
def test_get_article_unknown(mem_store: Store, ref: str) -> None:
    mem_store.import_article(small_article())
    with pytest.raises(StoreError, match=f"no article with id '{ref}'") as info:
        mem_store.get_article(ref)
    assert isinstance(info.value, NotFoundError)
    assert isinstance(info.value, LookupError)


def test_get_article_ambiguous_prefix(mem_store: Store) -> None:
    ids = [mem_store.import_article(small_article(str(i)))[0].id for i in range(40)]
    first_chars = [i[0] for i in ids]
    shared = next(c for c in first_chars if first_chars.count(c) > 1)  # 40 ids, 16 digits
    with pytest.raises(NotFoundError, match="several ids start with it"):
        mem_store.get_article(shared)


def test_list_articles_counts_live_annotations(mem_store: Store) -> None:
    one, _ = mem_store.import_article(small_article("One"))
    two, _ = mem_store.import_article(small_article("Two"))
    kept = mem_store.add_annotation(one.id, 0, 3, "claim")
    gone = mem_store.add_annotation(one.id, 4, 8, "quote")
    mem_store.delete_annotation(gone.id)
    summaries = mem_store.list_articles()
    assert [(s.id, s.annotation_count) for s in summaries] == [(one.id, 1), (two.id, 0)]
    assert summaries[0].title == "Small" and summaries[0].source == "one.txt"
    assert kept.article_id == one.id


def test_ensure_tag_normalises_and_picks_unused_colours(mem_store: Store) -> None:
    person = mem_store.ensure_tag("  Named   Person ")
    assert person.name == "named person"
    assert person.colour not in {"#e5c07b", "#61afef"}
    other = mem_store.ensure_tag("place")
    assert other.colour not in {"#e5c07b", "#61afef", person.colour}
    assert mem_store.ensure_tag("NAMED PERSON") == person  # existing, unchanged
    # the seed tags first (number keys 1 and 2 in the reader), then the others by name
    assert [t.name for t in mem_store.tags()] == ["claim", "quote", "named person", "place"]


def test_ensure_tag_updates_given_colour_and_description(mem_store: Store) -> None:
    tag = mem_store.ensure_tag("claim", "#ABCDEF", "Checkable")
    assert (tag.colour, tag.description) == ("#abcdef", "Checkable")
    assert mem_store.ensure_tag("claim") == tag
    assert mem_store.ensure_tag("claim", description="").description is None


@pytest.mark.parametrize("name", ["", "   ", "x" * 41, "a/b", "semi;colon", "tab\x00"])
def test_ensure_tag_rejects_bad_names(mem_store: Store, name: str) -> None:
    with pytest.raises(StoreError, match="invalid tag name"):
        mem_store.ensure_tag(name)


def test_ensure_tag_accepts_letters_of_any_script(mem_store: Store) -> None:
    assert mem_store.ensure_tag("Zitat_2-b").name == "zitat_2-b"
    assert mem_store.ensure_tag("Ελληνικά").name == "ελληνικά"


def test_ensure_tag_rejects_bad_colour(mem_store: Store) -> None:
    with pytest.raises(StoreError, match="invalid colour"):
        mem_store.ensure_tag("x", "red")


def test_an_article_loaded_again_reads_no_column_stored_after_its_text(
    mem_store: Store,
) -> None:
    # A column after ``text`` in the row is reached through a long text's overflow
    # pages: 10 MB read, and SQLite's page cache filled, to check an unchanged article.
    stored, _ = mem_store.import_article(seed_article())
    columns = [row[1] for row in mem_store.db.execute("PRAGMA table_info(articles)")]
    after_text = set(columns[columns.index("text") + 1 :])
    assert {"structure", "imported_at"} <= after_text
    statements: list[str] = []
    mem_store.db.conn.set_trace_callback(statements.append)
    again = mem_store.get_article(stored.id)
    mem_store.db.conn.set_trace_callback(None)
    assert again is stored  # (unchanged: the model made once)
    read = {
        name
        for statement in statements
        if " FROM articles " in statement
        for name in statement.split(" FROM ")[0].replace(",", " ").split()
    }
    assert read and not read & after_text, statements


def test_release_memory_keeps_the_store_working(tmp_path: Path) -> None:
    with Store.open(tmp_path / "r.db", author="me") as store:
        stored, _ = store.import_article(seed_article())
        store.release_memory()
        assert store.get_article(stored.id).article == stored.article
        store.mark_read(stored.id)
    with Store.open(tmp_path / "r.db", author="me", readonly=True) as store:
        (entry,) = store.library_entries()
        assert entry.read
