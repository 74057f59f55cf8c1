"""Extraction of articles from web pages (issue 11): the fixture pages of tests/data/web
each give the expected headline, byline, date, site, canonical URL and sections, and none
of their boilerplate; scripts never run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.io.html import HtmlError, _headline, fragment_article, parse_html
from reader.io.importers import ArticleImportError, load_article

DATA = Path(__file__).resolve().parent / "data" / "web"
EXPECTED: dict[str, dict] = json.loads((DATA / "expected.json").read_text(encoding="utf-8"))


def test_there_are_at_least_six_varied_fixture_pages() -> None:
    assert len(EXPECTED) >= 6
    assert len({e["layout"] for e in EXPECTED.values()}) == len(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_page_metadata(name: str) -> None:
    expected = EXPECTED[name]
    article = load_article(DATA / name)
    assert article.title == expected["headline"]
    assert article.metadata["author"] == expected["byline"]
    assert article.metadata["published"] == expected["date"]
    assert article.metadata["site"] == expected["site"]
    assert article.metadata["canonical_url"] == expected["canonical_url"]
    assert article.metadata["format"] == "html"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_page_sections_are_its_subheads(name: str) -> None:
    article = load_article(DATA / name)
    assert [s.title for s in article.sections if s.title is not None] == EXPECTED[name]["sections"]
    assert article.text.startswith(EXPECTED[name]["first_sentence"])
    assert article.sentences


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_page_boilerplate_is_dropped(name: str) -> None:
    article = load_article(DATA / name)
    text = article.text.casefold()
    left = [line for line in EXPECTED[name]["boilerplate"] if line.casefold() in text]
    assert left == []
    # The headline is the article's title, not a line of its text.
    assert EXPECTED[name]["headline"] not in article.text.split("\n")


def test_scripts_never_run() -> None:
    """The WordPress fixture has scripts that rewrite the title and the body: the parse is
    static, so neither change shows."""
    article = load_article(DATA / "wordpress.html")
    assert article.title != "HACKED"
    assert "INJECTED" not in article.text
    assert "document." not in article.text


@pytest.mark.parametrize(
    ("title", "site", "headline"),
    [
        (
            "Harbour plan approved - The Coastal Courier",
            "The Coastal Courier",
            "Harbour plan approved",
        ),
        ("Drought limits | World | Daily Ledger", "Daily Ledger", "Drought limits"),
        ("Flooding plan :: Metro Gazette", "Metro Gazette", "Flooding plan"),
        ("Election night — The Herald Live", "The Herald", "Election night"),
        ("Rail Review | Night trains return", "Rail Review", "Night trains return"),
        ("Jobs - the good, the bad", "Rail Review", "Jobs - the good, the bad"),
        ("No site known - here", None, "No site known - here"),
    ],
)
def test_site_name_is_taken_off_the_headline(title: str, site: str | None, headline: str) -> None:
    assert _headline(title, site) == headline


def test_title_only_page_loses_its_site_name(tmp_path: Path) -> None:
    page = tmp_path / "plain.html"
    body = "".join(
        f"<p>Sentence {i} of a page with no metadata but its title, long enough to be an "
        "article that the extractor keeps.</p>"
        for i in range(5)
    )
    page.write_text(
        "<html><head><title>Ferry timetable changes - Island News</title>"
        '<meta property="og:site_name" content="Island News"></head>'
        f"<body><article>{body}</article></body></html>",
        encoding="utf-8",
    )
    article = load_article(page)
    assert article.title == "Ferry timetable changes"
    assert "canonical_url" not in article.metadata  # a saved page without one has none


def test_page_without_article_text_is_one_line_error(tmp_path: Path) -> None:
    page = tmp_path / "empty.htm"
    page.write_text("<html><head><title>x</title></head><body><nav>Home</nav></body></html>")
    with pytest.raises(ArticleImportError, match=r"empty\.htm: no article text"):
        load_article(page)
    with pytest.raises(HtmlError):
        parse_html(b"", source="blank")


def test_charset_from_the_http_header_is_used() -> None:
    html = (
        "<html><head><title>Caf\u00e9 news</title></head><body><article>"
        + "<p>Le caf\u00e9 du port ferme apr\u00e8s cinquante ans d'activit\u00e9 en ville.</p>" * 4
        + "</article></body></html>"
    ).encode("latin-1")
    article = parse_html(html, source="x", url="http://127.0.0.1/x", charset="iso-8859-1")
    assert "caf\u00e9 du port" in article.text
    assert article.metadata["url"] == "http://127.0.0.1/x"


def test_feed_fragment_becomes_an_article_without_scripts() -> None:
    article = fragment_article(
        "<p>First paragraph here.</p><h2>Sub</h2><p>Second one.</p><script>alert(1)</script>",
        title="Item",
        source="http://127.0.0.1/item",
        metadata={"url": "http://127.0.0.1/item", "author": None},
    )
    assert article is not None
    assert article.text == "First paragraph here.\nSub\nSecond one."
    assert [s.title for s in article.sections] == [None, "Sub"]
    assert "author" not in article.metadata
    assert fragment_article("", title="t", source="s", metadata={}) is None
