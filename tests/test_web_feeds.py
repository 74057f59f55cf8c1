"""Feeds (issue 11): parsing RSS 0.91/1.0/2.0 and Atom, the store's feed tables, and
``update_feed`` against a local server: conditional requests, new items only, the feed's
own text when a page cannot be had, failures that keep the state, one article per URL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from web_server import DATA, WebServer, serve

from reader import web
from reader.io.feeds import FeedError, parse_feed
from reader.io.http import HttpClient, HttpSettings
from reader.store import Store
from reader.store.migrations import SCHEMA_VERSION


@pytest.fixture(scope="module")
def server() -> Iterator[WebServer]:
    with serve() as running:
        yield running


@pytest.fixture
def client() -> Iterator[HttpClient]:
    with HttpClient(HttpSettings(timeout=2.0)) as http:
        yield http


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "reader.db", author="tester") as opened:
        yield opened


def feed_bytes(name: str, base: str = "http://127.0.0.1:9") -> bytes:
    return (DATA / name).read_bytes().replace(b"{{BASE}}", base.encode())


@pytest.mark.parametrize(
    ("name", "title", "guids"),
    [
        (
            "rss20.xml",
            "The Coastal Courier: News",
            ["courier-4411", "courier-4410", "courier-4409"],
        ),
        (
            "atom.xml",
            "Science Today",
            ["tag:sciencetoday.example,2026:cave", "tag:herald.example,2026:election"],
        ),
        (
            "rss10.rdf",
            "Metro Gazette explainers",
            ["http://127.0.0.1:9/subheads.html", "http://127.0.0.1:9/opengraph.html"],
        ),
        ("rss091.xml", "Rail Review headlines", ["http://127.0.0.1:9/opengraph.html"]),
    ],
)
def test_every_feed_format_is_parsed(name: str, title: str, guids: list[str]) -> None:
    info = parse_feed(feed_bytes(name), source=name)
    assert info.title == title
    assert [e.guid for e in info.entries] == guids
    assert all(e.link and e.link.startswith("http://127.0.0.1:9/") for e in info.entries)
    assert all(e.title for e in info.entries)


def test_feed_dates_authors_and_content() -> None:
    rss = parse_feed(feed_bytes("rss20.xml"), source="rss20.xml").entries
    assert (rss[0].published, rss[0].author) == ("2026-03-14", "Maria Lindqvist")
    assert "<script" not in rss[2].content and "lighthouse keeper" in rss[2].content
    atom = parse_feed(feed_bytes("atom.xml"), source="atom.xml").entries
    assert (atom[0].published, atom[0].author) == ("2026-08-11", "Tomasz Nowak")


def test_not_a_feed_is_refused() -> None:
    with pytest.raises(FeedError, match=r"page\.html: not an RSS or Atom feed"):
        parse_feed(b"just some words, no feed here", source="page.html")


def test_update_imports_each_item_page(store: Store, server: WebServer, client: HttpClient) -> None:
    feed, created = store.add_feed(server.url("rss20.xml"))
    assert created
    report = web.update_feed(store, feed, client)
    assert report.error is None
    assert (report.new, report.from_page, report.from_feed) == (3, 2, 1)
    titles = {a.title for a in store.list_articles()}
    assert "Harbour plan approved after long debate" in titles
    assert "Drought forces water limits across three provinces" in titles
    [updated] = store.list_feeds()
    assert updated.title == "The Coastal Courier: News"
    assert (updated.items, updated.unread, updated.last_error) == (3, 3, None)
    assert updated.last_checked is not None


def test_unfetchable_page_keeps_the_feeds_text_marked_so(
    store: Store, server: WebServer, client: HttpClient
) -> None:
    feed, _ = store.add_feed(server.url("rss20.xml"))
    web.update_feed(store, feed, client)
    row = store.db.execute(
        "SELECT content_from, error, article_id FROM feed_items WHERE guid = 'courier-4409'"
    ).fetchone()
    assert row[0] == "feed" and "HTTP 404" in row[1]
    article = store.get_article(row[2])
    assert article.title == "Lighthouse keeper retires after forty years"
    assert article.article.metadata["content_from"] == "feed"
    assert [s.title for s in article.article.sections] == [None, "A quiet life"]
    assert "alert" not in article.article.text


def test_second_update_fetches_only_what_is_new(
    store: Store, server: WebServer, client: HttpClient
) -> None:
    feed, _ = store.add_feed(server.url("atom.xml"))
    web.update_feed(store, feed, client)
    pages_before = server.requests["/amp.html"]
    report = web.update_feed(store, store.get_feed(feed.id), client)
    assert report.new == 0
    assert server.requests["/amp.html"] == pages_before  # known items are not fetched


def test_304_costs_one_request_and_nothing_more(
    store: Store, server: WebServer, client: HttpClient
) -> None:
    feed, _ = store.add_feed(server.url("cond/rss10.rdf"))
    first = web.update_feed(store, feed, client)
    assert first.new == 2
    stored = store.get_feed(feed.id)
    assert stored.etag and stored.last_modified
    before = sum(server.requests.values())
    second = web.update_feed(store, stored, client)
    assert second.not_modified and second.new == 0
    assert sum(server.requests.values()) == before + 1
    assert server.log[-1][1]["If-None-Match"] == stored.etag


def test_failing_feed_keeps_its_state_and_the_others_go_on(
    store: Store, server: WebServer, client: HttpClient
) -> None:
    good, _ = store.add_feed(server.url("atom.xml"))
    bad, _ = store.add_feed(server.url("cond/rss091.xml"))
    web.update_feed(store, bad, client)
    state = store.get_feed(bad.id)
    server.overrides["/rss091.xml"] = b"<html>this is not a feed</html>"
    try:
        reports = web.update_feeds(store, [store.get_feed(bad.id), good], client)
    finally:
        del server.overrides["/rss091.xml"]
    assert "not an RSS or Atom feed" in (reports[0].error or "")
    assert reports[1].error is None and reports[1].new == 2
    after = store.get_feed(bad.id)
    assert (after.etag, after.last_modified, after.title, after.items) == (
        state.etag,
        state.last_modified,
        state.title,
        state.items,
    )
    assert after.last_error == reports[0].error


def test_item_already_imported_by_url_is_the_same_article(
    store: Store, server: WebServer, client: HttpClient
) -> None:
    page = web.load_source(server.url("opengraph.html"), lambda: HttpClient())
    stored, _ = store.import_article(page)
    fetched = server.requests["/opengraph.html"]
    feed, _ = store.add_feed(server.url("rss091.xml"))
    report = web.update_feed(store, feed, client)
    assert (report.new, report.known) == (1, 1)
    assert server.requests["/opengraph.html"] == fetched  # linked, not fetched again
    assert len(store.list_articles()) == 1
    # A second feed carrying the same page links to the same article too.
    other, _ = store.add_feed(server.url("rss10.rdf"))
    web.update_feed(store, other, client)
    ids = {
        r[0]
        for r in store.db.execute("SELECT article_id FROM feed_items WHERE link LIKE '%opengraph%'")
    }
    assert ids == {stored.id}


def test_same_page_imported_twice_is_one_article(store: Store, server: WebServer) -> None:
    first, created = store.import_article(web.load_source(server.url("jsonld.html"), HttpClient))
    assert created
    server.overrides["/jsonld.html"] = (
        (DATA / "jsonld.html")
        .read_bytes()
        .replace(b"The environment minister", b"The new environment minister")
    )
    try:
        changed = web.load_source(server.url("jsonld.html"), HttpClient)
    finally:
        del server.overrides["/jsonld.html"]
    again, created = store.import_article(changed)
    assert not created and again.id == first.id  # same canonical URL: the same article
    assert again.content_hash != changed.content_hash  # the page changed; kept as it was


def test_feed_from_a_file(store: Store, tmp_path: Path, client: HttpClient) -> None:
    file = tmp_path / "saved.xml"
    file.write_bytes(feed_bytes("rss20.xml", "http://127.0.0.1:9"))  # port 9: nothing listens
    feed, _ = store.add_feed(web.feed_source(str(file)))
    report = web.update_feed(store, feed, client)
    assert (report.new, report.from_feed, report.without_text) == (3, 3, 0)


def test_remove_feed_keeps_the_articles(
    store: Store, server: WebServer, client: HttpClient
) -> None:
    feed, _ = store.add_feed(server.url("atom.xml"))
    web.update_feed(store, feed, client)
    removed = store.remove_feed(str(feed.id))
    assert removed.url == feed.url
    assert store.list_feeds() == []
    assert len(store.list_articles()) == 2
    assert store.db.execute("SELECT count(*) FROM feed_items").fetchone()[0] == 0


def test_mark_read_lowers_the_unread_count(
    store: Store, server: WebServer, client: HttpClient
) -> None:
    feed, _ = store.add_feed(server.url("atom.xml"))
    web.update_feed(store, feed, client)
    article = store.list_articles()[0]
    store.mark_read(article.id)
    assert store.get_feed(feed.id).unread == 1
    store.mark_read(article.id, read=False)
    assert store.get_feed(feed.id).unread == 2


def test_version_5_upgrades_a_version_4_database(tmp_path: Path) -> None:
    """Migration 5 adds the web columns and tables to a database of version 4; its
    articles stay, with no URL and unread."""
    import sqlite3

    from reader.io.importers import load_seed

    path = tmp_path / "old.db"
    with Store.open(path, author="tester") as store:
        seed, _ = store.import_article(load_seed())
    conn = sqlite3.connect(path)
    for statement in (
        "DROP INDEX articles_library",  # version 10's indexes name the web columns
        "DROP INDEX articles_by_date",
        "DROP TABLE feed_items",
        "DROP TABLE feeds",
        "DROP INDEX articles_canonical_url",
        "DROP INDEX articles_url",
        "ALTER TABLE articles DROP COLUMN canonical_url",
        "ALTER TABLE articles DROP COLUMN site",
        "ALTER TABLE articles DROP COLUMN read_at",
        "PRAGMA user_version = 4",
    ):
        conn.execute(statement)
    conn.commit()
    conn.close()
    with Store.open(path, author="tester") as store:
        row = store.db.execute("SELECT canonical_url, site, read_at FROM articles").fetchone()
        assert row == (None, None, None)
        assert store.get_article(seed.id).title == seed.title
        assert store.list_feeds() == []
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_relative_item_links_are_resolved_against_the_feed_url() -> None:
    data = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><link>/</link>'
        b"<description>d</description><item><title>A</title><link>/news/a.html</link></item>"
        b"</channel></rss>"
    )
    info = parse_feed(data, source="x", base="http://127.0.0.1:9/feeds/rss.xml")
    assert info.entries[0].link == "http://127.0.0.1:9/news/a.html"
