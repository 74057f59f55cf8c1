"""Full-text search and the library's counts (issue 12, part 3): FTS5 indexes of every
article (title, text) and annotation (note, speaker) and the live annotation counts per
article and tag, all kept in step by triggers (schema version 10), and the migration
that adds them to a database made by an older reader."""

from __future__ import annotations

import itertools
from dataclasses import replace
from pathlib import Path

import pytest
from store_helpers import make_article, small_article

from reader.store import Store, StoreError, migrations
from reader.store.migrations import SCHEMA_VERSION

pytest_plugins = ["store_fixtures"]  # mem_store, db_path, file_store

HARBOUR = make_article(
    "The council approved the harbour plan on Monday.\n"
    "Fishermen said the new quay would double the catch landed in the town.\n",
    title="Harbour plan approved",
    source="harbour.txt",
)


def ids(hits: list, kind: str = "article") -> list[str]:
    return [h.article_id for h in hits if h.kind == kind]


def counts_match_the_annotations(store: Store) -> None:
    """``annotation_counts`` equals a count of the live annotations."""
    kept = store.db.execute("SELECT article_id, tag, n FROM annotation_counts").fetchall()
    real = store.db.execute(
        "SELECT article_id, tag, count(*) FROM annotations WHERE deleted_at IS NULL "
        "GROUP BY article_id, tag"
    ).fetchall()
    assert sorted(kept) == sorted(real)


# ----- searching ---------------------------------------------------------------------------


def test_a_word_of_the_text_finds_the_article_with_its_passage_and_offset(
    mem_store: Store,
) -> None:
    stored, _ = mem_store.import_article(HARBOUR)
    mem_store.import_article(small_article("Other"))
    [hit] = mem_store.search("quay")
    assert (hit.kind, hit.article_id, hit.title, hit.field) == (
        "article",
        stored.id,
        "Harbour plan approved",
        "text",
    )
    assert hit.offset == HARBOUR.text.index("quay")
    start, end = hit.highlights[0]
    assert hit.snippet[start:end] == "quay"
    assert hit.snippet in HARBOUR.text


def test_a_title_word_finds_the_article_at_its_start(mem_store: Store) -> None:
    article = make_article("Nothing of note here.\n", title="Zebra crossing", source="z.txt")
    stored, _ = mem_store.import_article(article)
    [hit] = mem_store.search("zebra")
    assert (hit.article_id, hit.field, hit.offset, hit.snippet) == (
        stored.id,
        "title",
        0,
        "Zebra crossing",
    )


def test_notes_and_speakers_are_found_at_their_annotation(mem_store: Store) -> None:
    stored, _ = mem_store.import_article(HARBOUR)
    start = HARBOUR.text.index("Fishermen")
    note = mem_store.add_annotation(
        stored.id, start, start + 9, "quote", speaker="Ann Quayle", note="check the landings"
    )
    [by_note] = [h for h in mem_store.search("landings") if h.kind == "annotation"]
    assert (by_note.annotation_id, by_note.field, by_note.offset) == (note.id, "note", start)
    [by_speaker] = [h for h in mem_store.search("speaker:quayle") if h.kind == "annotation"]
    assert (by_speaker.field, by_speaker.snippet) == ("speaker", "Ann Quayle")


def test_accents_and_case_do_not_matter(mem_store: Store) -> None:
    article = make_article("The café opened in Zürich.\n", title="Café", source="c.txt")
    mem_store.import_article(article)
    assert len(mem_store.search("CAFE zurich")) == 1


@pytest.mark.parametrize("query", ['"unclosed', "AND", "nosuchcolumn:word", "", "   "])
def test_a_query_fts5_cannot_read_is_a_one_line_store_error(mem_store: Store, query: str) -> None:
    mem_store.import_article(HARBOUR)
    with pytest.raises(StoreError) as caught:
        mem_store.search(query)
    assert "\n" not in str(caught.value)


def test_the_limit_holds_for_each_kind(mem_store: Store) -> None:
    for n in range(5):
        mem_store.import_article(small_article(f"Copy{n}", title=f"Lighthouse {n}"))
    assert len(mem_store.search("lighthouse", limit=3)) == 3
    with pytest.raises(StoreError):
        mem_store.search("lighthouse", limit=0)


# ----- the indexes follow every change (triggers) ------------------------------------------


def test_the_article_index_follows_insert_update_and_delete(mem_store: Store) -> None:
    stored, _ = mem_store.import_article(HARBOUR)
    assert ids(mem_store.search("quay")) == [stored.id]
    mem_store.db.execute(
        "UPDATE articles SET text = replace(text, 'quay', 'pier'), title = 'Pier plan' "
        "WHERE id = ?",
        [stored.id],
    )
    assert mem_store.search("quay") == []
    [hit] = mem_store.search("pier")
    assert (hit.article_id, hit.field) == (stored.id, "text")
    mem_store.db.execute("DELETE FROM articles WHERE id = ?", [stored.id])
    assert mem_store.search("pier") == []
    assert mem_store.search("council") == []


def test_a_refreshed_article_is_found_by_its_new_text_only(mem_store: Store) -> None:
    page = {"url": "https://news.example/h", "canonical_url": "https://news.example/h"}
    first = make_article("The old quay was closed.\n", title="Quay", source="h.html")
    stored, _ = mem_store.import_article(replace(first, metadata=page))
    second = make_article("The new pier was opened.\n", title="Pier", source="h.html")
    mem_store.refresh_article(stored.id, replace(second, metadata=page))
    assert mem_store.search("closed") == []
    assert ids(mem_store.search("opened")) == [stored.id]


def test_the_annotation_index_follows_add_update_delete_and_undo(mem_store: Store) -> None:
    stored, _ = mem_store.import_article(HARBOUR)
    note = mem_store.add_annotation(stored.id, 4, 11, "claim", note="verify the vote")
    assert ids(mem_store.search("vote"), "annotation") == [stored.id]
    mem_store.update_annotation(note.id, note="ask the mayor")
    assert ids(mem_store.search("vote"), "annotation") == []
    assert ids(mem_store.search("mayor"), "annotation") == [stored.id]
    mem_store.update_annotation(note.id, note="")  # cleared
    assert mem_store.search("mayor") == []
    mem_store.undo(stored.id)  # the note comes back
    assert ids(mem_store.search("mayor"), "annotation") == [stored.id]
    mem_store.delete_annotation(note.id)  # soft: a deleted annotation is not found
    assert mem_store.search("mayor") == []
    mem_store.undo(stored.id)
    assert ids(mem_store.search("mayor"), "annotation") == [stored.id]
    mem_store.db.execute("DELETE FROM annotations WHERE id = ?", [note.id])
    assert mem_store.search("mayor") == []
    mem_store.db.execute("INSERT INTO annotations_fts (annotations_fts) VALUES ('integrity-check')")


def test_the_counts_follow_add_retag_delete_undo_and_a_deleted_article(
    mem_store: Store,
) -> None:
    stored, _ = mem_store.import_article(HARBOUR)
    other, _ = mem_store.import_article(small_article("Other"))
    first = mem_store.add_annotation(stored.id, 0, 3, "claim")
    mem_store.add_annotation(stored.id, 4, 11, "claim")
    mem_store.add_annotation(other.id, 0, 3, "quote")
    counts_match_the_annotations(mem_store)
    mem_store.update_annotation(first.id, tag="person")
    mem_store.delete_annotation(first.id)
    counts_match_the_annotations(mem_store)
    mem_store.undo(stored.id)
    counts_match_the_annotations(mem_store)
    mem_store.db.execute("UPDATE tags SET name = 'assertion' WHERE name = 'claim'")
    counts_match_the_annotations(mem_store)
    [entry] = [e for e in mem_store.library_entries() if e.id == stored.id]
    assert entry.tag_counts == (("assertion", 1), ("person", 1))
    mem_store.db.execute("DELETE FROM articles WHERE id = ?", [stored.id])
    counts_match_the_annotations(mem_store)


def test_a_batch_import_is_indexed_and_counted(mem_store: Store) -> None:
    results = mem_store.import_articles([HARBOUR, small_article("Two"), HARBOUR])
    assert [r.created for r in results] == [True, True, False]
    assert results[0].article_id == results[2].article_id
    assert ids(mem_store.search("quay")) == [results[0].article_id]


def test_an_article_the_store_refuses_is_skipped_and_the_batch_kept(mem_store: Store) -> None:
    too_long = make_article("Fine text.\n", title="x" * 100_000, source="long.txt")
    results = mem_store.import_articles([small_article("One"), too_long, small_article("Two")])
    assert [r.error is None for r in results] == [True, False, True]
    assert results[1].article_id is None and "title" in (results[1].error or "")
    assert mem_store.article_count() == 2


# ----- the migration on a database made by an older reader ---------------------------------


def test_version_11_indexes_and_counts_what_an_older_database_holds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "v10.db"
    with monkeypatch.context() as patch:  # the reader of version 10 (before the library's)
        patch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:10])
        patch.setattr(migrations, "SCHEMA_VERSION", 10)
        with Store.open(path, author="me") as old:
            stored, _ = old.import_article(HARBOUR)
            old.add_annotation(stored.id, 0, 3, "claim", note="source of the figure")
            gone = old.add_annotation(stored.id, 4, 11, "quote", speaker="Ann Quayle")
            old.delete_annotation(gone.id)
            assert "annotations_fts" not in old.db.table_names()
    with Store.open(path, author="me") as store:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert ids(store.search("quay")) == [stored.id]
        assert ids(store.search("figure"), "annotation") == [stored.id]
        assert ids(store.search("quayle"), "annotation") == []  # deleted: not found
        [entry] = store.library_entries()
        assert entry.tag_counts == (("claim", 1),)
        counts_match_the_annotations(store)
        for index in ("articles_fts", "annotations_fts"):
            store.db.execute(f"INSERT INTO {index} ({index}) VALUES ('integrity-check')")


# ----- a merge writes through the same triggers ---------------------------------------------


def test_a_merged_article_and_notes_are_searchable_and_counted(tmp_path: Path) -> None:
    from merge_helpers import shared

    from reader.store import merge_files

    theirs, mine = tmp_path / "theirs.db", tmp_path / "mine.db"
    with Store.open(theirs, author="them") as store:
        stored, _ = store.import_article(HARBOUR)
        note = store.add_annotation(stored.id, 4, 11, "claim", note="double-check the vote")
    Store.open(mine, author="me").close()
    with Store.open(mine, author="me") as store:
        [report] = merge_files(store, [shared(theirs, tmp_path / "theirs.share")])
        assert report.articles_added == 1
        assert ids(store.search("quay")) == [stored.id]
        [hit] = [h for h in store.search("vote") if h.kind == "annotation"]
        assert hit.annotation_id == note.id
        counts_match_the_annotations(store)
    with Store.open(theirs, author="them") as store:
        store.update_annotation(note.id, note="ask the mayor")
    with Store.open(mine, author="me") as store:  # their newer note wins
        merge_files(store, [shared(theirs, tmp_path / "theirs.share")])
        assert [h.annotation_id for h in store.search("mayor")] == [note.id]
        assert store.search("vote") == []
        store.db.execute("INSERT INTO annotations_fts (annotations_fts) VALUES ('integrity-check')")


# ----- a long text is indexed by passage (schema 12) -----------------------------------------


def _long_text() -> str:
    """~400 KB of UTF-8 (two bytes a character in part), with a 70,000-character line
    without a space and a rare word near its end."""
    lines = [
        f"Ligne {n}: le conseil a approuvé le plan du port, dit-on à Zürich." for n in range(3000)
    ]
    lines.insert(1500, "é" * 70_000)
    lines.append("The lighthouse keeper finally spoke.")
    return "\n".join(lines) + "\n"


def passages_of(store: Store, article_id: str) -> list[tuple[int, int]]:
    return store.db.execute(
        "SELECT p.start, p.length FROM article_passages AS p "
        "JOIN articles AS a ON a.rowid = p.article_rowid WHERE a.id = ? ORDER BY p.start",
        [article_id],
    ).fetchall()


def test_a_long_text_is_cut_into_whole_passages_that_cover_it(mem_store: Store) -> None:
    text = _long_text()
    stored, _ = mem_store.import_article(make_article(text, title="Port", source="port.txt"))
    data = text.encode("utf-8")
    passages = passages_of(mem_store, stored.id)
    assert len(passages) > 3
    assert passages[0][0] == 0 and sum(length for _, length in passages) == len(data)
    for (start, length), (following, _) in itertools.pairwise(passages):
        assert start + length == following
        assert length <= 2 * migrations._V12_PASSAGE_BYTES
        data[following:].decode("utf-8")  # each passage starts at a character
    short, _ = mem_store.import_article(HARBOUR)
    assert passages_of(mem_store, short.id) == [(0, len(HARBOUR.text.encode("utf-8")))]


def test_a_long_text_is_found_once_at_the_passage_of_its_words(mem_store: Store) -> None:
    text = _long_text()
    stored, _ = mem_store.import_article(make_article(text, title="Port", source="port.txt"))
    [hit] = mem_store.search("lighthouse")
    assert (hit.article_id, hit.field) == (stored.id, "text")
    assert hit.offset == text.index("lighthouse")
    assert hit.snippet in text
    [hit] = mem_store.search("zurich")  # in every passage: the article once
    assert hit.article_id == stored.id and text[hit.offset :].startswith("Zürich")
    assert ids(mem_store.search("title:port AND keeper")) == [stored.id]
    mem_store.db.execute("DELETE FROM articles WHERE id = ?", [stored.id])
    assert mem_store.search("lighthouse") == []
    assert mem_store.db.execute("SELECT count(*) FROM article_passages").fetchone()[0] == 0
    mem_store.db.execute("INSERT INTO articles_fts (articles_fts) VALUES ('integrity-check')")


def test_version_12_indexes_by_passage_what_a_version_11_database_holds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "v11.db"
    text = _long_text()
    with monkeypatch.context() as patch:  # the reader of version 11 (one row an article)
        patch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:11])
        patch.setattr(migrations, "SCHEMA_VERSION", 11)
        with Store.open(path, author="me") as old:
            long, _ = old.import_article(make_article(text, title="Port", source="port.txt"))
            short, _ = old.import_article(HARBOUR)
            assert "article_passages" not in old.db.table_names()
    with Store.open(path, author="me") as store:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 13
        assert len(passages_of(store, long.id)) > 3
        [hit] = store.search("lighthouse")
        assert (hit.article_id, hit.offset) == (long.id, text.index("lighthouse"))
        [hit] = store.search("quay")
        assert (hit.article_id, hit.offset) == (short.id, HARBOUR.text.index("quay"))
        triggers = {
            name
            for (name,) in store.db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        }
        assert "articles_fts_insert" not in triggers and "article_passages_insert" in triggers
        store.db.execute("INSERT INTO articles_fts (articles_fts) VALUES ('integrity-check')")
        store.db.execute("PRAGMA user_version = 10")  # both steps may run again
    with Store.open(path, author="me") as store:
        assert [h.offset for h in store.search("lighthouse")] == [text.index("lighthouse")]
        assert ids(store.search("quay")) == [short.id]
        store.db.execute("INSERT INTO articles_fts (articles_fts) VALUES ('integrity-check')")
