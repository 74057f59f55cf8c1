"""The library's rows (issue 11, part 3): every article with its site, feed, read state
and annotation counts per tag, read in one query whatever the number of articles."""

from __future__ import annotations

from dataclasses import replace

from store_helpers import small_article

from reader.model.feed import FeedEntry
from reader.store import LibraryEntry, Store

pytest_plugins = ["store_fixtures"]  # mem_store, db_path, file_store


def _web_article(body: str, url: str, **metadata: str):
    article = small_article(body, title=f"Story {body}")
    return replace(
        article, metadata={"url": url, "canonical_url": url, "site": "The Courier", **metadata}
    )


def test_empty_database_has_an_empty_library(mem_store: Store) -> None:
    assert mem_store.library_entries() == []
    assert mem_store.article_count() == 0


def test_each_article_with_counts_per_tag_read_state_and_feed(mem_store: Store) -> None:
    plain, _ = mem_store.import_article(small_article("Plain", title="A file"))
    web_article = _web_article(
        "Web", "https://courier.example/a", author="M. L.", published="2026-03-14"
    )
    feed, _ = mem_store.add_feed("https://courier.example/rss")
    mem_store.record_feed_check(feed.id, title="Courier News")
    entry = FeedEntry("g1", "https://courier.example/a", "Story Web", None, None, "")
    item = mem_store.add_feed_item(feed.id, entry, web_article, "page")
    assert item.article_id is not None
    for tag, start in (("claim", 0), ("claim", 5), ("quote", 2), ("person", 3)):
        mem_store.add_annotation(item.article_id, start, start + 3, tag)
    deleted = mem_store.add_annotation(item.article_id, 1, 4, "quote")
    mem_store.delete_annotation(deleted.id)
    mem_store.mark_read(plain.id)

    first, second = mem_store.library_entries()
    assert isinstance(first, LibraryEntry)
    assert (first.id, first.title, first.read, first.feed, first.feed_ids) == (
        plain.id,
        "A file",
        True,
        None,
        (),
    )
    assert (first.url, first.site, first.tag_counts, first.annotation_total) == (None, None, (), 0)
    assert first.versions == 1 and first.date == first.imported_at
    assert (second.title, second.url, second.site, second.author) == (
        "Story Web",
        "https://courier.example/a",
        "The Courier",
        "M. L.",
    )
    assert (second.read, second.feed, second.feed_ids) == (False, "Courier News", (feed.id,))
    assert second.tag_counts == (("claim", 2), ("person", 1), ("quote", 1))
    assert second.annotation_total == 4
    assert second.date == "2026-03-14"
    assert mem_store.article_count() == 2


def test_a_feed_without_title_is_named_by_its_url(mem_store: Store) -> None:
    feed, _ = mem_store.add_feed("https://untitled.example/rss")
    entry = FeedEntry("g1", "https://untitled.example/a", "A", None, None, "")
    mem_store.add_feed_item(feed.id, entry, _web_article("A", "https://untitled.example/a"), "page")
    [row] = mem_store.library_entries()
    assert row.feed == "https://untitled.example/rss"


def test_the_library_is_three_queries_however_many_articles(file_store: Store) -> None:
    for n in range(30):
        stored, _ = file_store.import_article(small_article(f"N{n}", title=f"Article {n}"))
        file_store.add_annotation(stored.id, 0, 3, "claim")
    statements: list[str] = []
    file_store.db.conn.set_trace_callback(statements.append)
    try:
        entries = file_store.library_entries()
    finally:
        file_store.db.conn.set_trace_callback(None)
    assert len(entries) == 30
    queries = [s for s in statements if not s.startswith(("SAVEPOINT", "RELEASE"))]
    assert len(queries) == 3  # articles, counts per tag, feed items: none per article
    assert all(e.tag_counts == (("claim", 1),) for e in entries)


def test_the_newest_are_the_first_rows_of_the_date_sort(mem_store: Store) -> None:
    from reader.ui.library import sort_entries

    for n, published in enumerate(["2026-03-01", None, "2026-01-05", "", "2026-02-10"]):
        metadata = {"published": published} if published is not None else {}
        article = replace(small_article(f"D{n}", title=f"Dated {n}"), metadata=metadata)
        stored, _ = mem_store.import_article(article)
        for start in range(n):
            mem_store.add_annotation(stored.id, start, start + 2, "claim")
    everything = mem_store.library_entries()
    assert mem_store.library_entries(newest=3) == sort_entries(everything, "date")[:3]
    assert mem_store.library_entries(newest=50) == sort_entries(everything, "date")
    assert mem_store.library_entries(newest=0) == []


def test_some_articles_by_id(mem_store: Store) -> None:
    first, _ = mem_store.import_article(small_article("One", title="One"))
    second, _ = mem_store.import_article(small_article("Two", title="Two"))
    mem_store.add_annotation(second.id, 0, 3, "quote")
    everything = {e.id: e for e in mem_store.library_entries()}
    assert mem_store.library_entries(ids=[second.id, "nosuchid"]) == [everything[second.id]]
    assert mem_store.library_entries(ids=[]) == []
    assert [e.id for e in mem_store.library_entries(ids=[second.id, first.id])] == [
        first.id,
        second.id,
    ]
