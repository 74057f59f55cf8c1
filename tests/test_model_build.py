"""normalise_text, build_article, make_title and outline."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from reader.model.article import Article, Span
from reader.model.build import Block, build_article, make_title
from reader.model.normalise import is_normalised, normalise_text
from reader.model.outline import outline


def test_normalise_line_endings_bom_and_nfc() -> None:
    raw = "\ufeffCafe\u0301 one\r\ntwo\rthree\n"
    assert normalise_text(raw) == "Caf\u00e9 one\ntwo\nthree\n"


def test_normalise_keeps_whitespace_otherwise() -> None:
    assert normalise_text("  a\t b  \n\n") == "  a\t b  \n\n"


@given(st.text(alphabet=st.sampled_from(["a", " ", "\n", "\r", "\ufeff", "e", "\u0301", "\u00e9"])))
def test_is_normalised_says_whether_normalising_changes_the_text(text: str) -> None:
    assert is_normalised(text) == (normalise_text(text) == text)


def _article() -> Article:
    text = "Lead one. Lead two.\nHeading\n  Body text here.  \n\nLast heading\nEnd."
    lines, offset = [], 0
    for line in text.split("\n"):
        lines.append(Span(offset, offset + len(line)))
        offset += len(line) + 1
    kinds = ["paragraph", "heading", "paragraph", "paragraph", "heading", "paragraph"]
    blocks = [Block(kind, span) for kind, span in zip(kinds, lines, strict=True)]  # one blank
    return build_article(text, blocks, title="T", source="s", metadata={"author": "A"})


def test_build_groups_sections_and_trims_spans() -> None:
    article = _article()
    assert [s.title for s in article.sections] == [None, "Heading", "Last heading"]
    body = article.sections[1].paragraphs[0]
    assert body.span.text_of(article.text) == "Body text here."
    assert article.sections[1].span == Span(20, body.span.end)
    assert article.sections[1].heading == Span(20, 27)
    assert list(article.iter_sentence_texts()) == [
        "Lead one.",
        "Lead two.",
        "Body text here.",
        "End.",
    ]
    assert dict(article.metadata) == {"author": "A"}


def test_build_without_lead_and_round_trip() -> None:
    text = "H\nBody."
    article = build_article(
        text, [Block("heading", Span(0, 1)), Block("paragraph", Span(2, 7))], title="T", source="s"
    )
    assert [s.title for s in article.sections] == ["H"]
    again = Article.from_structure(
        title="T", source="s", text=text, structure=article.to_structure()
    )
    assert again.sections == article.sections


def test_make_title_short_and_long() -> None:
    assert make_title("Short sentence here. Another.") == "Short sentence here"
    long = (
        "Israel mounted its bombardment of the Gaza Strip and its southern city of Rafah, "
        "in particular."
    )
    title = make_title(long)
    assert (
        title == "Israel mounted its bombardment of the Gaza Strip and its southern city of\u2026"
    )
    assert len(title) <= 80
    assert make_title("   ") == ""


def test_make_title_cuts_at_word_and_drops_trailing_comma() -> None:
    title = make_title("word, " * 30, max_len=20)
    assert title.endswith("word\u2026") and len(title) <= 20


def test_outline_shape() -> None:
    data = outline(_article())
    assert data["title"] == "T" and data["source"] == "s"
    first = data["sections"][0]
    assert first == {
        "title": None,
        "display_title": "Lead",
        "start": 0,
        "end": 19,
        "paragraphs": 1,
        "sentences": [
            {"start": 0, "end": 9, "text": "Lead one."},
            {"start": 10, "end": 19, "text": "Lead two."},
        ],
    }


def test_make_title_drops_a_wire_dateline() -> None:
    assert make_title("KYIV, Ukraine (AP) \u2014 Russia launched 120 drones. More.") == (
        "Russia launched 120 drones"
    )
    assert make_title("FRESNO, Calif. \u2014 Farmers idle fields.") == "Farmers idle fields"
    assert make_title("MILLBROOK \u2014 The library wins a grant.") == "The library wins a grant"
    assert make_title("NATO \u2014 the alliance grows.") == "NATO \u2014 the alliance grows"


def test_make_title_joins_wrapped_lines() -> None:
    text = "Dockworkers stayed off the job on\nMonday for an eighth day. More."
    assert make_title(text) == "Dockworkers stayed off the job on Monday for an eighth day"


def test_keep_content_hash_only_for_the_text_it_was_computed_from() -> None:
    from reader.model.article import content_hash, keep_content_hash

    text = "".join(["One sentence. ", "Another one."])  # built: not an interned constant
    article = build_article(text, [Block("paragraph", Span(0, len(text)))], title="T", source="s")
    assert article.text is text
    kept = keep_content_hash(article, text, "given")
    assert kept is article and article.content_hash == "given"

    equal_copy = "".join(["One sentence. ", "Another one."])
    other = build_article(
        equal_copy, [Block("paragraph", Span(0, len(text)))], title="T", source="s"
    )
    assert keep_content_hash(other, text, "given").content_hash == content_hash(equal_copy)
