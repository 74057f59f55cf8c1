"""The CLI on the web (issue 11): ``reader import URL``, ``reader URL``, ``reader outline
URL|ID`` and ``reader feed add|list|update|remove``, against a local server; every
failure is one ``reader: error:`` line naming the URL and the cause, exit 1, nothing
written."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cli_helpers import FakeApp, assert_one_line_error, fake_app_factory, run
from web_server import DATA, WebServer, closed_port_url, serve

import reader.ui.app
from reader.store import Store


@pytest.fixture(scope="module")
def server() -> Iterator[WebServer]:
    with serve() as running:
        yield running


@pytest.fixture
def env() -> dict[str, str]:
    """Short limits, so the slow and big endpoints fail fast."""
    return {"READER_HTTP_TIMEOUT": "1", "READER_HTTP_MAX_BYTES": "200000"}


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "reader.db"


def test_import_url_and_saved_page(server: WebServer, db: Path, env: dict[str, str]) -> None:
    result = run("--db", db, "import", server.url("wordpress.html"), DATA / "amp.html", env=env)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].endswith("  Harbour plan approved after long debate")
    assert lines[1].endswith("  Scientists map the deepest cave in Europe")
    again = run("--db", db, "import", server.url("wordpress.html"), env=env)
    assert again.stdout.strip().endswith("(already imported)")
    with Store.open(db) as store:
        row = store.db.execute(
            "SELECT url, canonical_url, site, author, published FROM articles "
            "WHERE format = 'html' ORDER BY url"
        ).fetchall()
    assert row[0] == (
        None,
        "https://sciencetoday.example/2026/08/deepest-cave-mapped",
        "Science Today",
        "Tomasz Nowak",
        "2026-08-11",
    )
    assert row[1][0] == server.url("wordpress.html")


def test_reimport_of_a_changed_page_refreshes_it(
    server: WebServer, db: Path, env: dict[str, str]
) -> None:
    run("--db", db, "import", server.url("liveblog.html"), env=env)
    server.overrides["/liveblog.html"] = (
        (DATA / "liveblog.html")
        .read_bytes()
        .replace(b"Polls closed at 10pm.", b"Polls closed at 10pm. A new update.")
    )
    try:
        result = run("--db", db, "import", server.url("liveblog.html"), env=env)
    finally:
        del server.overrides["/liveblog.html"]
    assert "already imported; the page has changed: updated to version 2" in result.stdout
    with Store.open(db) as store:
        (summary,) = store.list_articles()
        assert [v.version for v in store.list_versions(summary.id)] == [1, 2]


def test_reader_url_imports_and_opens(
    server: WebServer, db: Path, env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    apps: list[FakeApp] = []
    monkeypatch.setattr(reader.ui.app, "create_app", fake_app_factory(apps))
    result = run("--db", db, server.url("jsonld.html"), env=env)
    assert result.exit_code == 0, result.stderr
    assert apps[0].ran
    assert apps[0].article_title == "Drought forces water limits across three provinces"
    with Store.open(db) as store:
        assert store.db.execute("SELECT read_at IS NOT NULL FROM articles").fetchone()[0] == 1


@pytest.mark.parametrize(
    ("path", "cause"),
    [
        ("slow", "timed out after 1 s"),
        ("loop", "too many redirects"),
        ("missing", "HTTP 404 Not Found"),
        ("doc.pdf", "is a PDF document (application/pdf)"),
        ("photo.png", "is an image (image/png)"),
        ("big", "too large"),
    ],
)
def test_fetch_failures_are_one_line_and_write_nothing(
    server: WebServer, db: Path, env: dict[str, str], path: str, cause: str
) -> None:
    result = run("--db", db, "import", DATA / "amp.html", server.url(path), env=env)
    line = assert_one_line_error(result, contains=cause)
    assert server.url(path) in line
    assert not db.exists()


def test_refused_connection_is_one_line(db: Path, env: dict[str, str]) -> None:
    url = closed_port_url()
    line = assert_one_line_error(run("--db", db, url, env=env), contains="connection refused")
    assert url in line
    assert not db.exists()


def test_bad_limit_in_the_environment(db: Path, server: WebServer) -> None:
    result = run("--db", db, "import", server.url("amp.html"), env={"READER_HTTP_TIMEOUT": "soon"})
    assert_one_line_error(result, contains="READER_HTTP_TIMEOUT must be a positive number")


def test_outline_of_a_url_a_file_and_an_id(
    server: WebServer, db: Path, env: dict[str, str]
) -> None:
    by_url = run("--db", db, "outline", server.url("subheads.html"), env=env)
    assert by_url.exit_code == 0, by_url.stderr
    assert by_url.stdout.splitlines()[0] == "How the city plans to stop flooding: an explainer"
    assert "  4. The drains (1 paragraph, 2 sentences)" in by_url.stdout
    by_file = run("--db", db, "outline", DATA / "subheads.html")
    assert by_file.stdout == by_url.stdout
    imported = run("--db", db, "import", DATA / "subheads.html")
    article_id = imported.stdout.split()[0]
    by_id = run("--db", db, "outline", article_id[:6])
    assert by_id.stdout == by_url.stdout
    assert_one_line_error(run("--db", db, "outline", "ffffff"), contains="no article with id")


def test_feed_commands(server: WebServer, db: Path, env: dict[str, str]) -> None:
    added = run("--db", db, "feed", "add", server.url("cond/rss20.xml"), env=env)
    assert added.exit_code == 0, added.stderr
    assert "The Coastal Courier: News: 3 new, 2 from their pages, 1 from the feed's own text" in (
        added.stdout
    )
    run("--db", db, "feed", "add", server.url("atom.xml"), env=env)
    listed = run("--db", db, "feed", "list", "--json")
    feeds = json.loads(listed.stdout)
    assert [(f["id"], f["title"], f["items"], f["unread"]) for f in feeds] == [
        (1, "The Coastal Courier: News", 3, 3),
        (2, "Science Today", 2, 2),
    ]
    assert all(f["last_checked"] and f["last_error"] is None for f in feeds)
    text = run("--db", db, "feed", "list").stdout
    assert (
        f"1  The Coastal Courier: News  <{server.url('cond/rss20.xml')}>  3 items, 3 unread" in text
    )
    updated = run("--db", db, "feed", "update", env=env)
    assert updated.exit_code == 0, updated.stderr
    assert "1  The Coastal Courier: News: not modified" in updated.stdout
    assert "2  Science Today: 0 new" in updated.stdout
    one = run("--db", db, "feed", "update", "Science Today", env=env)
    assert one.stdout.splitlines() == ["2  Science Today: 0 new"]
    removed = run("--db", db, "feed", "remove", "1")
    assert removed.stdout.strip() == "removed 1  The Coastal Courier: News"
    assert [f["id"] for f in json.loads(run("--db", db, "feed", "list", "--json").stdout)] == [2]


def test_feed_add_of_something_that_is_no_feed_writes_nothing(
    server: WebServer, db: Path, env: dict[str, str]
) -> None:
    result = run("--db", db, "feed", "add", server.url("wordpress.html"), env=env)
    assert_one_line_error(result, contains="not an RSS or Atom feed")
    assert not db.exists()
    missing = run("--db", db, "feed", "add", server.url("missing"), env=env)
    assert_one_line_error(missing, contains="HTTP 404")


def test_feed_update_failure_is_reported_and_the_others_go_on(
    server: WebServer, db: Path, env: dict[str, str]
) -> None:
    run("--db", db, "feed", "add", server.url("rss091.xml"), env=env)
    run("--db", db, "feed", "add", server.url("rss10.rdf"), env=env)
    server.overrides["/rss091.xml"] = b"not a feed at all"
    try:
        result = run("--db", db, "feed", "update", env=env)
    finally:
        del server.overrides["/rss091.xml"]
    assert result.exit_code == 1
    assert "1  Rail Review headlines: failed:" in result.stdout
    assert "2  Metro Gazette explainers: 0 new" in result.stdout
    assert result.stderr.strip() == ("reader: error: 1 feed of 2 failed (the others were updated)")
    feeds = json.loads(run("--db", db, "feed", "list", "--json").stdout)
    assert "not an RSS or Atom feed" in feeds[0]["last_error"]
    assert feeds[0]["items"] == 1


def test_feed_unknown_is_one_line(db: Path, server: WebServer, env: dict[str, str]) -> None:
    run("--db", db, "feed", "add", server.url("atom.xml"), env=env)
    assert_one_line_error(run("--db", db, "feed", "remove", "9"), contains="no feed '9'")


def test_feed_titles_are_shown_terminal_safe(
    server: WebServer, db: Path, env: dict[str, str]
) -> None:
    server.overrides["/evil.xml"] = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>Evil \x1b[31mred</title>'
        b"<link>http://127.0.0.1:9/</link><description>x</description></channel></rss>"
    )
    try:
        run("--db", db, "feed", "add", server.url("evil.xml"), env=env)
    finally:
        del server.overrides["/evil.xml"]
    listed = run("--db", db, "feed", "list")
    assert "\x1b" not in listed.stdout


def test_feed_update_tracks_progress_per_feed(
    server: WebServer, db: Path, env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The new items of each feed go through the CLI's progress bar (shown on a terminal:
    reader/cli_progress.py), with their count as the total."""
    import reader.cli

    seen: list[tuple[int, str]] = []

    def recording(items: Any, total: Any = None, description: str = "", **kw: Any) -> Any:
        seen.append((total, description))
        return items

    monkeypatch.setattr(reader.cli, "progress", recording)
    run("--db", db, "feed", "add", server.url("atom.xml"), env=env)
    assert seen == [(2, "Science Today")]


def test_feed_add_fetches_each_page_once(server: WebServer, db: Path, env: dict[str, str]) -> None:
    before = server.requests["/subheads.html"]
    run("--db", db, "feed", "add", server.url("rss10.rdf"), env=env)
    assert server.requests["/subheads.html"] == before + 1
