"""Plain-text import: the seed and fixtures in several news styles."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.io.importers import ArticleImportError, load_article, load_seed, parse_plain_text
from reader.model.article import Article

DATA = Path(__file__).parent / "data"


def section_titles(article: Article) -> list[str | None]:
    """Titles of the sections, in order."""
    return [s.title for s in article.sections]


def section_sentences(article: Article, index: int) -> list[str]:
    """Sentence texts of one section."""
    return [s.text_of(article.text) for s in article.sections[index].sentences]


def assert_offsets_exact(article: Article) -> None:
    """Every paragraph and sentence span is stripped text inside its parent."""
    for section in article.sections:
        for para in section.paragraphs:
            text = para.span.text_of(article.text)
            assert text and text == text.strip()
            for sent in para.sentences:
                assert para.span.start <= sent.start < sent.end <= para.span.end
                assert sent.text_of(article.text) == sent.text_of(article.text).strip()


@pytest.fixture(scope="module")
def seed() -> Article:
    return load_seed()


def test_seed_sections(seed: Article) -> None:
    assert section_titles(seed) == [None, "Displaced again", "'Alive and kicking'", "Arson"]
    assert [s.display_title for s in seed.sections] == [
        "Lead",
        "Displaced again",
        "Alive and kicking",
        "Arson",
    ]
    assert [len(s.paragraphs) for s in seed.sections] == [6, 12, 12, 6]
    assert [len(s.sentences) for s in seed.sections] == [6, 12, 12, 7]


def test_seed_first_sentences(seed: Article) -> None:
    assert section_sentences(seed, 0)[0] == (
        "Israel mounted its bombardment of the Gaza Strip and its southern city of Rafah, "
        "in particular, after truce talks in Cairo ended without any deal on Friday."
    )
    assert section_sentences(seed, 1)[0] == (
        "Israeli troops this week seized and closed the Palestinian side of the Rafah crossing "
        "between Egypt and Gaza – through which all fuel passes into the territory – after "
        "ordering residents of eastern Rafah to evacuate."
    )


def test_seed_quote_split_and_metadata(seed: Article) -> None:
    arson = section_sentences(seed, 3)
    assert arson[1].endswith('"We will fight with our fingernails.')
    assert arson[2].startswith("But we have much more") and arson[2].endswith('we will win."')
    assert seed.source == "seeds/000_4827286a000d86a8.txt"
    assert seed.title.startswith("Israel mounted its bombardment") and len(seed.title) <= 80
    assert dict(seed.metadata) == {}
    assert_offsets_exact(seed)


def test_wire_copy_with_title_byline_dateline() -> None:
    article = load_article(DATA / "wire_dateline.txt")
    assert article.title == "Storm batters coast as thousands lose power"
    assert dict(article.metadata) == {
        "author": "Maria Lopez, Associated Press",
        "date": "May 10, 2024",
    }
    assert section_titles(article) == [None, "Damage", "Recovery"]
    assert "Advertisement" not in section_sentences(article, 0)
    assert section_sentences(article, 0)[1] == (
        "Gov. Ron DeSantis declared a state of emergency in 34 counties."
    )
    assert section_sentences(article, 2) == [
        "Crews from Duke Energy Corp. restored power to about 40% of customers by 6 p.m. Saturday.",
        "AP",
    ]
    assert_offsets_exact(article)


def test_crlf_bom_blank_lines() -> None:
    article = load_article(DATA / "crlf_blank_lines.txt")
    assert "\r" not in article.text and not article.text.startswith("\ufeff")
    assert article.title == "City council approves new budget"
    assert dict(article.metadata) == {"author": "Tom Reed"}
    assert section_titles(article) == [None, "What changes"]
    assert section_sentences(article, 0)[1:] == [
        "Mayor Jane Smith said the plan protects services.",
        "Critics disagreed.",
    ]
    assert_offsets_exact(article)


def test_blog_without_title_line() -> None:
    article = load_article(DATA / "no_title_blog.txt")
    assert article.title.startswith("I have been writing this blog")
    assert article.title.endswith("\u2026") and len(article.title) <= 80
    assert section_titles(article) == [None, "The call"]
    assert section_sentences(article, 1) == [
        '"You\'re fired," he said.',
        "I did not believe him.",
        "Two weeks later I moved to the U.S.",
        "The next day I started again.",
    ]


def test_hard_wrapped_paragraphs_are_joined() -> None:
    article = load_article(DATA / "hard_wrapped.txt")
    assert article.title == "Rail strike halts trains across the country"
    assert section_titles(article) == [None, "Talks to resume"]
    assert [len(s.paragraphs) for s in article.sections] == [2, 1]
    first = section_sentences(article, 0)[0]
    assert first.startswith("Train drivers") and first.endswith("commuters\nstranded.")
    assert_offsets_exact(article)


def test_false_headings_are_paragraphs() -> None:
    article = load_article(DATA / "headings_traps.txt")
    assert article.title == "Council plans new park"
    assert section_titles(article) == [None, "Costs"]
    assert dict(article.metadata) == {"date": "Updated: 14 March 2024, 09:30"}
    lead = section_sentences(article, 0)
    assert "2024 09 14 1200" in lead
    assert "Key facts:" in lead
    assert section_sentences(article, 1)[-1] == "(Reporting by Anna Berg; Editing by Tom Hale)"


@pytest.mark.parametrize(
    ("text", "titles"),
    [
        ("First paragraph here.\nShort line\nBody follows.\nEnd", [None, "Short line"]),
        ("Lead para one.\nBy the way\nBody.", [None, "By the way"]),
        ("Lead para one.\nTwo headings\nIn a row\nBody.", [None, "In a row"]),
        ("Lead para one.\n- bullet item\nBody.", [None]),
        ("Lead para one.\nPhotograph: Jo Li/Reuters\nBody.", [None]),
        ('Lead para one.\n"Quoted heading"\nBody.', [None, '"Quoted heading"']),
    ],
)
def test_heading_rules(text: str, titles: list[str | None]) -> None:
    assert section_titles(parse_plain_text(text, source="t")) == titles


def test_single_line_is_not_a_title() -> None:
    article = parse_plain_text("Just a headline like line", source="t")
    assert article.title == "Just a headline like line"
    assert section_sentences(article, 0) == ["Just a headline like line"]


def test_hard_wrapped_title_and_byline_in_first_block() -> None:
    article = load_article(DATA / "hard_wrapped_title_block.txt")
    assert article.title == "Rail strike halts trains across the country"
    assert dict(article.metadata) == {"author": "Tom Reed"}
    assert [s.title for s in article.sections] == [None, "Talks to resume"]
    assert section_sentences(article, 0)[-1] == "The union\ncalled it an insult."


def test_one_paragraph_per_line_with_short_lines_is_not_unwrapped() -> None:
    text = "Lead para one.\nShort heading\nAnother line\nBody.\n\nMore.\nAnd more."
    article = parse_plain_text(text, source="t")
    assert all(len(p.sentences) == 1 for s in article.sections for p in s.paragraphs)


def test_byline_and_boilerplate_before_title() -> None:
    text = (
        "By Jane Doe\nAdvertisement\nStorm hits coast\nMay 1, 2024\n"
        "The storm hit. It was bad.\nAftermath\nPeople cleaned up."
    )
    article = parse_plain_text(text, source="t")
    assert article.title == "Storm hits coast"
    assert dict(article.metadata) == {"author": "Jane Doe", "date": "May 1, 2024"}
    assert section_titles(article) == [None, "Aftermath"]
    assert section_sentences(article, 0) == ["The storm hit.", "It was bad."]


def test_hard_wrapped_break_is_deliberate_only_when_next_word_fits() -> None:
    article = load_article(DATA / "hard_wrapped_long_url.txt")
    assert article.title == "Drought forces farmers to leave fields unplanted"
    assert dict(article.metadata) == {"author": "Ana Whitfield and Marcus Lee"}
    assert section_titles(article) == [None, "Groundwater under pressure"]
    assert [len(s.paragraphs) for s in article.sections] == [2, 2]
    lead = section_sentences(article, 0)
    assert lead[0].endswith("in the San\nJoaquin Valley alone, up from 250,000 acres in 2022.")
    assert lead[3].startswith("He pulled out\n80 acres")
    assert_offsets_exact(article)


def test_hard_wrapped_width_ignores_a_long_url_line() -> None:
    article = load_article(DATA / "hard_wrapped_long_url.txt")
    report = article.sections[1].paragraphs[0].span.text_of(article.text)
    assert report.startswith("The full report") and report.endswith("updated in June.")


def test_hard_wrapped_first_body_line_is_not_a_title() -> None:
    text = (
        "Port strike enters second week\n\n"
        "Dockworkers at the country's three largest ports stayed off the job on\n"
        "Monday for an eighth straight day, as talks between the union and the\n"
        "employers' association broke down again over automation and pay.\n\n"
        "The union, which represents about 45,000 workers, says new cranes will\n"
        "cost thousands of jobs.\n"
    )
    article = parse_plain_text(text, source="t")
    assert article.title == "Port strike enters second week"
    assert [len(s.paragraphs) for s in article.sections] == [2]
    assert section_sentences(article, 0)[0].startswith("Dockworkers")


def test_wire_dateline_with_state_and_agency_is_not_split() -> None:
    text = (
        "FRESNO, Calif. (AP) \u2014 Farmers across the Central Valley are leaving fields "
        "unplanted this spring. Officials said cuts were needed.\n\n"
        "The study found losses of $1.7 billion.\n"
    )
    article = parse_plain_text(text, source="t")
    assert (
        article.title
        == "Farmers across the Central Valley are leaving fields unplanted this spring"
    )
    assert section_sentences(article, 0)[0].startswith("FRESNO, Calif. (AP) \u2014 Farmers")
    assert len(section_sentences(article, 0)) == 3


@pytest.mark.parametrize(
    ("byline", "metadata"),
    [
        ("By Tom Reed | Millbrook Ledger", {"author": "Tom Reed"}),
        ("By A.J. Hernandez", {"author": "A.J. Hernandez"}),
        ("By Jane Doe, Feb. 20, 2025", {"author": "Jane Doe", "date": "Feb. 20, 2025"}),
        ("By Martin Luther King Jr.", {"author": "Martin Luther King Jr."}),
        ("By Jane Doe | May 10, 2024", {"author": "Jane Doe", "date": "May 10, 2024"}),
    ],
)
def test_bylines_with_initials_suffixes_dates_and_separators(
    byline: str, metadata: dict[str, str]
) -> None:
    body = "The bridge will close on April 1. Work will take two years."
    text = f"Bridge to close for repairs\n{byline}\n{body}\n"
    article = parse_plain_text(text, source="t")
    assert article.title == "Bridge to close for repairs"
    assert dict(article.metadata) == metadata
    assert section_sentences(article, 0) == [
        "The bridge will close on April 1.",
        "Work will take two years.",
    ]


@pytest.mark.parametrize("line", ["By Tuesday. Officials said so", "By the way", "By 2025 it ends"])
def test_prose_starting_with_by_is_not_a_byline(line: str) -> None:
    article = parse_plain_text(f"Title here\n{line}\nBody text follows here.\n", source="t")
    assert "author" not in article.metadata


_PROSE = "Charities say the delays are taking a toll on mental health in the town."


@pytest.mark.parametrize(
    ("middle", "titles"),
    [
        ("Where has the money gone?", [None, "Where has the money gone?"]),
        ("Promises on paper?", [None, "Promises on paper?"]),
        ('"Where has the money gone?"', [None]),  # a quotation
        ("Why? Nobody knows?", [None]),  # two sentences
        ("Is this what the people of the town were promised?", [None]),  # too long
    ],
)
def test_short_question_between_prose_paragraphs_is_a_heading(
    middle: str, titles: list[str | None]
) -> None:
    text = f"{_PROSE}\n{middle}\n{_PROSE}\n"
    assert section_titles(parse_plain_text(text, source="t")) == titles


def test_question_next_to_short_lines_is_not_a_heading() -> None:
    text = f"{_PROSE}\nDid it work?\nYes.\n{_PROSE}\n"
    assert section_titles(parse_plain_text(text, source="t")) == [None]


@pytest.mark.parametrize("separator", ["___", "---", "***", "* * *", "\u2014"])
def test_separator_lines_are_not_paragraphs(separator: str) -> None:
    text = (
        "Ukraine has struck back at Russian oil refineries.\n\n"
        f"{separator}\n\n"
        "Associated Press writers contributed to this report.\n"
    )
    article = parse_plain_text(text, source="t")
    assert [len(s.paragraphs) for s in article.sections] == [2]
    assert separator not in section_sentences(article, 0)


def test_hard_wrapped_file_without_title_keeps_its_first_line() -> None:
    wrapped = (
        "Dockworkers at the country's three largest ports stayed off the job on\n"
        "Monday for an eighth straight day, as talks between the union and the\n"
        "employers' association broke down again over automation and pay.\n\n"
        "The union, which represents about 45,000 workers, says new cranes will\n"
        "cost thousands of jobs. Employers say the machines are needed to keep\n"
        "up with rivals in Asia and Europe, and have offered a 14% raise.\n"
    )
    article = parse_plain_text(wrapped, source="t")
    assert article.title.startswith("Dockworkers at the country's three largest ports")
    assert article.title.endswith("\u2026")
    assert [len(s.paragraphs) for s in article.sections] == [2]
    assert section_sentences(article, 0)[0].startswith("Dockworkers")


def test_the_seed_is_found_by_the_hash_of_its_text_before_it_is_parsed() -> None:
    # `reader` opens the bundled article found by this hash, parsing it the first time only.
    from reader.io.importers import seed_text
    from reader.model.article import content_hash

    assert content_hash(seed_text()) == load_seed().content_hash
    assert load_seed(seed_text()) == load_seed()


def test_the_bundled_article_read_from_its_structure_file_is_its_parse() -> None:
    """A first start reads the seed's sections from seeds/*.structure.json instead of
    parsing its text (start-up, issue 12): the file must be what parsing gives. After a
    change to the parser: python -c "from reader.io.importers import write_seed_structure;
    write_seed_structure()"."""
    from reader.io import importers

    text = importers.seed_text()
    parsed = importers.parse_plain_text(text, source=f"seeds/{importers.SEED_NAME}")
    prepared = importers._prepared_seed(text)
    assert prepared is not None, "the structure file is missing or of another text"
    assert prepared == parsed
    assert prepared.sentences == parsed.sentences
    assert importers.load_seed() == parsed


def test_a_seed_text_the_structure_file_is_not_of_is_parsed() -> None:
    from reader.io import importers

    text = importers.seed_text() + "\n\nOne more paragraph. It has two sentences.\n"
    assert importers._prepared_seed(text) is None
    article = importers.load_seed(text)
    assert article == importers.parse_plain_text(text, source=f"seeds/{importers.SEED_NAME}")
    assert article.text.endswith("It has two sentences.\n")


@pytest.mark.parametrize(
    "raw",
    [
        b"Title\n\nA plain paragraph, already normalised.\n",
        "Title\n\nCurly \u2019quotes\u2019 and caf\u00e9.\n".encode(),
        b"\xef\xbb\xbfTitle\n\nA byte order mark first.\n",
        b"Title\r\n\r\nWindows line ends.\r\nAnd an old Mac one.\rEnd.\n",
        "Title\n\nDecomposed cafe\u0301.\n".encode(),
    ],
)
def test_read_article_text_hashed_is_the_text_and_its_content_hash(tmp_path, raw):
    """The hash of the bytes read (a normalised file) or of the normalised text: the same."""
    from reader.io.importers import read_article_text, read_article_text_hashed
    from reader.model.article import content_hash

    path = tmp_path / "a.txt"
    path.write_bytes(raw)
    text, digest = read_article_text_hashed(path)
    assert text == read_article_text(path)
    assert digest == content_hash(text)
    assert "\r" not in text and not text.startswith("\ufeff")


def test_read_article_text_hashed_refuses_what_read_article_text_refuses(tmp_path):
    from reader.io.importers import read_article_text_hashed

    path = tmp_path / "binary.txt"
    path.write_bytes(b"Title\n" + b"\x01\x02\x03\x04" * 10)
    with pytest.raises(ArticleImportError, match="binary"):
        read_article_text_hashed(path)
