"""Articles and feeds from the web: the steps that join ``reader.io`` (fetching,
extraction, feed parsing) and ``reader.store`` (feeds, items, articles).

Neither of those layers imports the other, so their meeting point is here, above
both; the CLI (and later the UI) call it. Nothing here prints: callers get reports.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from reader.io.feeds import FeedError, parse_feed
from reader.io.html import HtmlError, fetch_article, fragment_article
from reader.io.http import FetchError, HttpClient, is_url, normalise_url
from reader.io.importers import ArticleImportError, load_article
from reader.model.article import Article
from reader.model.feed import FeedEntry, FeedInfo
from reader.store import Feed, RefreshReport, Store, StoredArticle

__all__ = [
    "WEB_ERRORS",
    "FeedReport",
    "RefreshOutcome",
    "Tracker",
    "feed_source",
    "fetch_again",
    "load_source",
    "probe_feed",
    "refresh_articles",
    "refresh_location",
    "update_feed",
    "update_feeds",
    "web_articles",
]

T = TypeVar("T")

#: The errors of fetching and reading a source, each with a one-line message.
WEB_ERRORS = (FetchError, HtmlError, FeedError, ArticleImportError)

#: ``track(items, total, description)`` yields ``items`` (a progress bar, or nothing).
Tracker = Callable[[Sequence[FeedEntry], int, str], Iterable[FeedEntry]]


def _no_tracking(items: Sequence[FeedEntry], total: int, description: str) -> Iterable[FeedEntry]:
    return items


@dataclass(frozen=True)
class FeedReport:
    """What an update of one feed did. ``error`` is set when the feed itself failed
    (nothing else changed then); ``not_modified`` when the server answered 304."""

    feed: Feed
    new: int = 0
    from_page: int = 0
    from_feed: int = 0
    known: int = 0
    without_text: int = 0
    not_modified: bool = False
    error: str | None = None


def load_source(source: str, client: Callable[[], HttpClient]) -> Article:
    """The article of a URL (fetched and extracted) or a file (.txt, .md, .html ...).

    ``client`` makes the HTTP client only when a URL needs one."""
    if is_url(source):
        with client() as http:
            return fetch_article(http, source)
    return load_article(source)


def feed_source(source: str) -> str:
    """How a feed is stored: a URL normalised, a file as its absolute path."""
    if is_url(source):
        return normalise_url(source)
    path = Path(source).expanduser()
    if not path.is_file():
        raise ArticleImportError(f"{source}: no such file (a feed is a URL or a file)")
    return str(path.resolve())


def probe_feed(location: str, client: HttpClient) -> FeedInfo:
    """Read and parse the feed at ``location`` (a URL or a file path) without storing
    anything: ``FetchError``, ``FeedError`` or ``ArticleImportError`` when it is none."""
    info, _, _ = _read_feed_at(location, client, None, None)
    assert info is not None  # no validators were sent, so no 304
    return info


def update_feeds(
    store: Store, feeds: Sequence[Feed], client: HttpClient, track: Tracker = _no_tracking
) -> list[FeedReport]:
    """Update each feed in turn; a feed that fails keeps its state and records its error,
    and the others go on."""
    return [update_feed(store, feed, client, track) for feed in feeds]


def update_feed(
    store: Store, feed: Feed, client: HttpClient, track: Tracker = _no_tracking
) -> FeedReport:
    """Fetch the feed (conditionally: a 304 costs one request and nothing else), store
    each new item with its page's article (else the feed's own content, marked so), then
    record the check. Items are recognised by guid; a link already imported is linked to
    its article, not fetched again."""
    try:
        info, etag, last_modified = _read_feed(feed, client)
    except WEB_ERRORS as exc:
        message = " ".join(str(exc).split())
        return FeedReport(store.record_feed_check(feed.id, error=message), error=message)
    if info is None:
        return FeedReport(store.record_feed_check(feed.id), not_modified=True)
    known = store.feed_item_guids(feed.id)
    new: list[FeedEntry] = []
    for entry in info.entries:
        if entry.guid not in known:
            known.add(entry.guid)
            new.append(entry)
    counts = {"page": 0, "feed": 0, "known": 0, "none": 0}
    for entry in track(new, len(new), info.title):
        counts[_add_item(store, feed, info, entry, client)] += 1
    updated = store.record_feed_check(
        feed.id, title=info.title, site_url=info.link, etag=etag, last_modified=last_modified
    )
    return FeedReport(
        updated,
        new=len(new),
        from_page=counts["page"],
        from_feed=counts["feed"],
        known=counts["known"],
        without_text=counts["none"],
    )


def _read_feed(feed: Feed, client: HttpClient) -> tuple[FeedInfo | None, str | None, str | None]:
    """(the parsed feed or ``None`` when not modified, its ETag, its Last-Modified)."""
    return _read_feed_at(feed.url, client, feed.etag, feed.last_modified)


def _read_feed_at(
    location: str, client: HttpClient, etag: str | None, last_modified: str | None
) -> tuple[FeedInfo | None, str | None, str | None]:
    if not is_url(location):
        try:
            data = Path(location).read_bytes()
        except OSError as exc:
            raise ArticleImportError(f"{location}: cannot read ({exc.strerror or exc})") from exc
        return parse_feed(data, source=location), None, None
    response = client.get(location, "feed", etag=etag, last_modified=last_modified)
    if response.not_modified:
        return None, None, None
    info = parse_feed(response.body, source=location, base=response.url)
    return info, response.etag, response.last_modified


def _add_item(
    store: Store, feed: Feed, info: FeedInfo, entry: FeedEntry, client: HttpClient
) -> str:
    """Store one new item; returns where its text came from (page, feed, known, none)."""
    existing = store.find_article_by_url(entry.link) if entry.link else None
    if existing is not None:
        store.add_feed_item(feed.id, entry, None, "known", article_id=existing)
        return "known"
    error = "the item has no link"
    if entry.link and is_url(entry.link):
        try:
            article = fetch_article(client, entry.link)
        except (FetchError, HtmlError) as exc:
            error = " ".join(str(exc).split())
        else:
            store.add_feed_item(feed.id, entry, _with_entry_metadata(article, entry), "page")
            return "page"
    metadata = {
        "url": entry.link,
        "canonical_url": entry.link,
        "author": entry.author,
        "published": entry.published,
        "site": info.title,
        "format": "feed",
        "content_from": "feed",
    }
    fallback = fragment_article(
        entry.content,
        title=entry.title or entry.link or feed.url,
        source=entry.link or feed.url,
        metadata=metadata,
    )
    if fallback is None:
        store.add_feed_item(feed.id, entry, None, "none", error=error)
        return "none"
    store.add_feed_item(feed.id, entry, fallback, "feed", error=error)
    return "feed"


def _with_entry_metadata(article: Article, entry: FeedEntry) -> Article:
    """The page's article, with the feed's author and date where the page had none."""
    extra = {
        key: value
        for key, value in (("author", entry.author), ("published", entry.published))
        if value and not article.metadata.get(key)
    }
    if not extra:
        return article
    return Article.from_structure(
        title=article.title,
        source=article.source,
        text=article.text,
        structure=article.to_structure(),
        metadata={**article.metadata, **extra},
    )


# -- articles that change (``reader refresh``; docs/web.md) --------------------------------


@dataclass(frozen=True)
class RefreshOutcome:
    """The refresh of one article: its report, or the one-line error that left it as
    it was."""

    article_id: str
    title: str
    report: RefreshReport | None = None
    error: str | None = None


def refresh_location(stored: StoredArticle) -> str | None:
    """Where an article is fetched again: the URL it was fetched from, else its
    canonical URL, else its source when that is a URL or an existing file; ``None``
    when there is none."""
    metadata = stored.article.metadata
    for candidate in (metadata.get("url"), metadata.get("canonical_url"), stored.source):
        if candidate and is_url(candidate):
            return candidate
    if stored.source and Path(stored.source).expanduser().is_file():
        return stored.source
    return None


def fetch_again(stored: StoredArticle, client: HttpClient) -> Article:
    """The article's text as its page (or file) has it now. Touches no store, so it
    may run in a worker thread. ``ArticleImportError`` when it has nowhere to be
    fetched from; the errors of :data:`WEB_ERRORS` when fetching fails."""
    location = refresh_location(stored)
    if location is None:
        raise ArticleImportError("no URL or file to fetch it from again")
    if is_url(location):
        return fetch_article(client, location)
    return load_article(location)


def web_articles(store: Store) -> list[str]:
    """The ids of the articles that have a URL (those ``refresh --all`` fetches again)."""
    ids = []
    for summary in store.list_articles():
        location = refresh_location(store.get_article(summary.id))
        if location is not None and is_url(location):
            ids.append(summary.id)
    return ids


def refresh_articles(
    store: Store, article_ids: Sequence[str], client: HttpClient
) -> list[RefreshOutcome]:
    """Fetch each article again and, when its text changed, store the new version with
    its annotations re-anchored (:meth:`Store.refresh_article`). An article that cannot
    be fetched (or read) keeps its state and reports its error; the others go on."""
    outcomes = []
    for article_id in article_ids:
        stored = store.get_article(article_id)
        try:
            article = fetch_again(stored, client)
        except WEB_ERRORS as exc:
            message = " ".join(str(exc).split())
            outcomes.append(RefreshOutcome(stored.id, stored.title, error=message))
            continue
        report = store.refresh_article(stored.id, article)
        outcomes.append(RefreshOutcome(stored.id, report.title, report=report))
    return outcomes
