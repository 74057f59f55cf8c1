"""Articles that change, from the command line (issue 11, part 4): ``reader refresh``,
``reader orphans`` and ``reader conflicts``, against a local server whose pages change
between requests."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from cli_helpers import assert_one_line_error, run
from web_server import DATA, WebServer, serve

from reader.store import Store

TAGGED = "Councillors voted nine to four in favour after a debate that ran past midnight."
GONE = "A new breakwater will protect the inner basin from winter storms."


@pytest.fixture(scope="module")
def server() -> Iterator[WebServer]:
    with serve() as running:
        yield running


@pytest.fixture
def env() -> dict[str, str]:
    return {"READER_HTTP_TIMEOUT": "2"}


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "reader.db"


@pytest.fixture
def page(server: WebServer) -> Iterator[dict[str, bytes]]:
    """Change what the server answers for a path; undone after the test."""
    yield server.overrides
    server.overrides.clear()


def _wordpress(server: WebServer) -> bytes:
    return (DATA / "wordpress.html").read_bytes().replace(b"{{BASE}}", server.base.encode())


def _tag(db: Path, article_id: str, words: str, tag: str = "claim") -> str:
    with Store.open(db, author="tester") as store:
        text = store.get_article(article_id).article.text
        start = text.index(words)
        return store.add_annotation(article_id, start, start + len(words), tag).id


def test_feed_then_refresh_keeps_the_tag_on_its_words_and_lists_the_orphan(
    server: WebServer, db: Path, env: dict[str, str], page: dict[str, bytes]
) -> None:
    assert run("--db", db, "feed", "add", server.url("rss20.xml"), env=env).exit_code == 0
    assert run("--db", db, "feed", "update", env=env).exit_code == 0
    with Store.open(db) as store:
        article_id = store.find_article_by_url(server.url("wordpress.html"))
    assert article_id is not None
    kept = _tag(db, article_id, TAGGED)
    lost = _tag(db, article_id, GONE, "quote")

    page["/wordpress.html"] = (
        _wordpress(server)
        .replace(b"on Thursday night", b"late on Thursday night")  # near the tag, not in it
        .replace(b" " + GONE.encode(), b"")  # the second tagged sentence is deleted
        .replace(b"<h2>What the plan", b"<p>Update: the vote was confirmed.</p><h2>What the plan")
    )
    result = run("--db", db, "refresh", "--all", env=env)

    lines = {line.split("  ", 1)[0]: line for line in result.stdout.splitlines()}
    assert lines[article_id].endswith(
        ": updated to version 2: 1 re-anchored, 1 orphan, 0 to re-check"
    )
    # the feed's item whose page is gone cannot be fetched again: reported, the rest done
    assert any("failed: " in line and "404" in line for line in result.stdout.splitlines())
    assert_one_line_error(result, contains="1 article of 3 could not be refreshed")
    with Store.open(db) as store:
        annotation = store.get_annotation(kept)
        text = store.get_article(article_id).article.text
        assert "late on Thursday night" in text
        assert text[annotation.start : annotation.end] == TAGGED
        assert [v.version for v in store.list_versions(article_id)] == [1, 2]

    orphans = run("--db", db, "orphans", "--json")
    assert orphans.exit_code == 0
    (orphan,) = json.loads(orphans.stdout)
    assert (orphan["id"], orphan["exact"], orphan["tag"]) == (lost, GONE, "quote")
    assert orphan["source"] == "refresh" and orphan["article_id"] == article_id
    listed = run("--db", db, "orphans", "--article", article_id[:6])
    assert f"was: “{GONE}”" in listed.stdout and listed.stderr.strip() == "1 orphan"

    again = run("--db", db, "refresh", article_id, env=env)
    assert again.exit_code == 0
    assert again.stdout.strip().endswith(": unchanged (version 2)")


def test_import_of_a_changed_page_is_a_refresh(
    server: WebServer, db: Path, env: dict[str, str], page: dict[str, bytes]
) -> None:
    first = run("--db", db, "import", server.url("wordpress.html"), env=env)
    article_id = first.stdout.split()[0]
    kept = _tag(db, article_id, TAGGED)
    page["/wordpress.html"] = _wordpress(server).replace(b"nine to four", b"nine to three")
    result = run("--db", db, "import", server.url("wordpress.html"), env=env)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip().endswith(
        "(already imported; the page has changed: updated to version 2: "
        "1 re-anchored, 0 orphans, 1 to re-check)"
    )
    with Store.open(db) as store:
        assert store.get_annotation(kept).status == "needs-recheck"
        assert len(store.list_articles()) == 1
    rechecks = json.loads(run("--db", db, "rechecks", "--json").stdout)
    assert rechecks[0]["old_exact"] == TAGGED and rechecks[0]["source"] == "refresh"


def test_refresh_refuses_no_article_and_both(db: Path, server: WebServer) -> None:
    run("--db", db, "import", DATA / "amp.html")
    assert_one_line_error(run("--db", db, "refresh"), contains="or --all")
    assert_one_line_error(run("--db", db, "refresh", "--all", "abc"), contains="or --all")
    assert_one_line_error(run("--db", db, "refresh", "zzzz"), contains="no article")


def test_conflicts_lists_what_the_app_lists(db: Path) -> None:
    run("--db", db, "import", DATA / "amp.html")
    with Store.open(db, author="tester") as store:
        (summary,) = store.list_articles()
        text = store.get_article(summary.id).article.text
        annotation = store.add_annotation(summary.id, 0, text.index(" "), "claim")
        store.db.execute(
            'INSERT INTO conflicts (annotation_id, article_id, start, "end", exact, tag, '
            "status, author, created_at, updated_at, winner_updated_at, source, recorded_at) "
            "VALUES (?, ?, ?, ?, ?, 'quote', 'supported', 'alice', ?, ?, ?, 'alice.db', ?)",
            [
                annotation.id,
                summary.id,
                annotation.start,
                annotation.end,
                annotation.exact,
                *[annotation.created_at] * 4,
            ],
        )
        store.db.conn.commit()
    result = run("--db", db, "conflicts", "--json")
    (conflict,) = json.loads(result.stdout)
    assert conflict["annotation_id"] == annotation.id and conflict["source"] == "alice.db"
    assert {c["field"] for c in conflict["changes"]} == {"tag", "status"}
    text_out = run("--db", db, "conflicts")
    assert "  tag: claim here, quote in the other" in text_out.stdout
    assert text_out.stderr.strip() == "1 conflict"


def test_w3c_export_names_the_page_and_imports_back_by_it(
    server: WebServer, tmp_path: Path, env: dict[str, str]
) -> None:
    mine, theirs = tmp_path / "mine.db", tmp_path / "theirs.db"
    article_id = run("--db", mine, "import", server.url("wordpress.html"), env=env).stdout.split()[
        0
    ]
    annotation = _tag(mine, article_id, TAGGED)
    out = tmp_path / "notes.jsonld"
    assert run("--db", mine, "export", "--format", "w3c", "-o", out).exit_code == 0
    (exported,) = json.loads(out.read_text(encoding="utf-8"))
    with Store.open(mine) as store:
        (row,) = store.db.execute("SELECT canonical_url, url FROM articles").fetchall()
    assert exported["target"]["source"] == (row[0] or row[1])
    assert exported["target"]["source"].startswith("http")

    # another database imported the same page under the same id: the URL finds it
    run("--db", theirs, "import", server.url("wordpress.html"), env=env)
    result = run("--db", theirs, "import-annotations", out)
    assert result.exit_code == 0, result.stderr
    with Store.open(theirs) as store:
        assert store.get_annotation(annotation).exact == TAGGED

    # an article without a URL keeps the urn form
    plain = tmp_path / "plain.txt"
    plain.write_text("A plain article.\n\nIt has no page on the web at all.\n", encoding="utf-8")
    plain_id = run("--db", mine, "import", plain).stdout.split()[0]
    _tag(mine, plain_id, "no page")
    out2 = tmp_path / "all.jsonld"
    assert run("--db", mine, "export", "--format", "w3c", "-o", out2).exit_code == 0
    sources = {a["target"]["source"] for a in json.loads(out2.read_text(encoding="utf-8"))}
    assert sources == {exported["target"]["source"], f"urn:reader:article:{plain_id}"}
