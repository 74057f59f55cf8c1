"""Markdown import: front matter, title rules, inline markup, lists, quotes, tables."""

from __future__ import annotations

from pathlib import Path

from reader.io.importers import load_article, parse_markdown
from reader.model.article import Article

DATA = Path(__file__).parent / "data"


def sentence_texts(article: Article, index: int) -> list[str]:
    """Sentence texts of one section."""
    return [s.text_of(article.text) for s in article.sections[index].sentences]


def test_front_matter_lists_quotes_and_inline_markup() -> None:
    article = load_article(DATA / "front_matter.md")
    assert article.title == "Front matter title"
    assert dict(article.metadata) == {
        "author": "Jane Doe",
        "date": "2024-05-10",
        "url": "https://example.com/news/floods",
    }
    assert [s.title for s in article.sections] == [None, "Damage", "What next"]
    assert sentence_texts(article, 0) == [
        "Heavy rain caused severe flooding in the region on Friday.",
        "Officials in the U.K. capital said more rain is due.",
    ]
    assert [len(s.paragraphs) for s in article.sections] == [1, 3, 1]
    assert sentence_texts(article, 1)[2:] == [
        '"We have never seen water like this," said one resident.',
        '"It rose so fast."',
    ]
    assert sentence_texts(article, 2) == [
        "Forecasters expect a map of rainfall more storms, officials said.",
        "Use flood-check to see alerts.",
    ]
    for marker in ("*", "[", "](", "<b>", "`", "---", "- Roads"):
        assert marker not in article.text


def test_text_is_one_line_per_heading_and_paragraph() -> None:
    article = load_article(DATA / "front_matter.md")
    lines = article.text.split("\n")
    assert lines[1] == "Damage" and lines[2] == "Roads were closed in 12 towns."
    heading = article.sections[1].heading
    assert heading is not None and heading.text_of(article.text) == "Damage"


def test_hash_title_setext_hard_break_table_code() -> None:
    article = load_article(DATA / "title_and_setext.md")
    assert article.title == "Markets rally as inflation cools"
    assert "Markets rally" not in article.text
    assert [s.title for s in article.sections] == [None, "Analysis", "Later top-level heading"]
    assert sentence_texts(article, 0) == [
        "Stocks rose on Tuesday after data showed inflation cooled to 3.2% in Oct.",
        "The Dow gained 1.5%.",
    ]
    assert sentence_texts(article, 1) == [
        "Economists at Acme Ltd. said the Fed may pause.",
        "A hard break follows here.",
        "Index | Change",
        "Dow | +1.5%",
        "code line one",
    ]


def test_hash_title_wins_over_front_matter() -> None:
    article = parse_markdown("---\ntitle: Meta\n---\n# Shown title\n\nBody.\n", source="x.md")
    assert article.title == "Shown title"


def test_title_from_first_sentence_without_heading_or_front_matter() -> None:
    article = parse_markdown("Just *one* paragraph. And more.\n", source="x.md")
    assert article.title == "Just one paragraph"
    assert article.text == "Just one paragraph. And more."


def test_hash_after_paragraph_is_a_section() -> None:
    article = parse_markdown("Intro.\n\n# Section\n\nBody.\n", source="x.md")
    assert article.title == "Intro"
    assert [s.title for s in article.sections] == [None, "Section"]


def test_not_front_matter_when_not_at_start() -> None:
    article = parse_markdown("Text.\n\n---\n\ntitle: no\n", source="x.md")
    assert dict(article.metadata) == {}
    assert sentence_texts(article, 0) == ["Text.", "title: no"]


def test_inline_html_stripped_and_image_alt_kept() -> None:
    article = parse_markdown('A <span class="x">red</span> ![big](a.png) car.\n', source="x.md")
    assert article.text == "A red big car."


def test_byline_paragraph_under_title_becomes_author() -> None:
    text = "# Title\n\n*By Jane Doe*\n\n10 May 2024\n\nBody text.\n"
    article = parse_markdown(text, source="x.md")
    assert dict(article.metadata) == {"author": "Jane Doe", "date": "10 May 2024"}
    assert article.text == "Body text."


def test_byline_with_initials_and_publication() -> None:
    text = "# Title\n\n*By A.J. Hernandez | Daily Star*\n\nBody text.\n"
    article = parse_markdown(text, source="x.md")
    assert dict(article.metadata) == {"author": "A.J. Hernandez"}


def test_byline_and_date_on_two_lines_of_one_paragraph() -> None:
    text = (
        "School budget plan cuts bus routes\n=====\n\nBy Daniel Osei\nFeb. 20, 2025\n\n"
        "The board approved the budget on Tuesday.\n"
    )
    article = parse_markdown(text, source="x.md")
    assert article.title == "School budget plan cuts bus routes"
    assert dict(article.metadata) == {"author": "Daniel Osei", "date": "Feb. 20, 2025"}
    assert article.text == "The board approved the budget on Tuesday."


def test_top_paragraph_with_a_prose_line_is_not_metadata() -> None:
    text = "# T\n\nBy Daniel Osei\nThe board approved the budget.\n\nMore.\n"
    article = parse_markdown(text, source="x.md")
    assert dict(article.metadata) == {}
    assert article.text.startswith("By Daniel Osei The board")


def test_inline_br_and_block_tags_separate_words() -> None:
    text = (
        "One sentence.<br>Another sentence here.<br/>Third one.\n\n"
        "Patch by Feb. 14.<BR />More at <https://example.org/a>.\n\n"
        "Cell<td>next</td> and a<b>bold</b>word.\n"
    )
    article = parse_markdown(text, source="x.md")
    assert sentence_texts(article, 0) == [
        "One sentence.",
        "Another sentence here.",
        "Third one.",
        "Patch by Feb. 14.",
        "More at https://example.org/a.",
        "Cell next and aboldword.",
    ]


def _words_in_order(article: Article, words: list[str]) -> bool:
    """Every word appears in the article text, in this order."""
    found = article.text.split()
    return [w for w in found if w in set(words)] == words


def test_block_quotes_nested_deeper_than_the_parser_limit_keep_their_text() -> None:
    # markdown-it drops everything inside a container nested 20 levels deep.
    depths = [1, 18, 19, 20, 25, 60]
    text = "\n\n".join(">" * d + f" Depth{d} says hello." for d in depths)
    article = parse_markdown(text, source="deep.md")
    assert article.text.split("\n") == [f"Depth{d} says hello." for d in depths]


def test_ten_thousand_nested_block_quotes_keep_their_text() -> None:
    # Was "no article text found": the whole article was below the limit.
    article = parse_markdown(">" * 10_000 + " A deep quote survives.", source="deep.md")
    assert article.text == "A deep quote survives."
    spaced = parse_markdown("> " * 10_000 + "Spaced out.\n" + "> " * 10_000 + "Too.", source="x.md")
    assert spaced.text == "Spaced out. Too."


def test_lists_nested_deeper_than_the_parser_limit_keep_every_item() -> None:
    # Lists deeper than 9 levels lost their items (a list level is two nesting levels).
    bullets = "".join("  " * i + f"- Item{i} text\n" for i in range(40))
    numbered = "".join("   " * i + f"1. Number{i} text\n" for i in range(40))
    article = parse_markdown(bullets + "\nBetween.\n\n" + numbered, source="deep.md")
    lines = article.text.split("\n")
    assert lines == [f"Item{i} text" for i in range(40)] + ["Between."] + [
        f"Number{i} text" for i in range(40)
    ]


def test_deep_mixed_quotes_and_lists_keep_all_words_in_order() -> None:
    lines = ["> - " * i + f"w{i} *emph{i}* [link{i}](http://x)" for i in range(60)]
    article = parse_markdown("\n\n".join(lines), source="deep.md")
    words = [w for i in range(60) for w in (f"w{i}", f"emph{i}", f"link{i}")]
    assert _words_in_order(article, words)
    assert not any(mark in article.text for mark in ("*", "](", ">"))


class _CountingTokens(list):
    """A token list counting how many tokens are read from it (by index, slice or loop)."""

    reads = 0

    def __getitem__(self, key):  # type: ignore[no-untyped-def]
        item = super().__getitem__(key)
        self.reads += len(item) if isinstance(key, slice) else 1
        return item

    def __iter__(self):  # type: ignore[no-untyped-def]
        for item in super().__iter__():
            self.reads += 1
            yield item


def test_long_table_is_rendered_with_linear_work() -> None:
    # Each row's cells were found by copying every token after the row (40k rows: 54 s).
    from reader.io.markdown import _PARSER, _render

    rows = 2_000
    source = "| name | value |\n|---|---|\n" + "".join(f"| n{i} | v{i} |\n" for i in range(rows))
    tokens = _CountingTokens(_PARSER.parse(source))
    rendered = _render(tokens)
    assert rendered.lines[0] == "name | value"
    assert rendered.lines[1:] == [f"n{i} | v{i}" for i in range(rows)]
    assert tokens.reads <= 4 * len(tokens), (tokens.reads, len(tokens))
