"""The rules' compact path (``suggest_table``, what the reader screen runs) gives exactly
the suggestions of ``suggest`` (same list, order and fields), on a packed article (the
store's lazy model, detached as the screen detaches it) as on one built eagerly; and it
makes no paragraph or sentence object in the article's sections (issue 12: memory)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

import reader.suggest as suggest_package
from reader.io.importers import (
    load_seed,
    parse_article_text,
    parse_plain_text,
    read_article_text_hashed,
)
from reader.model import Article
from reader.model.article import sections_from_structure
from reader.model.packed import PackedSections, pack_sections, unpack_sections
from reader.model.suggestion import SuggestionTable, suggestion_order
from reader.suggest import suggest, suggest_table
from reader.suggest.guard import STRICT_ENV

BENCH = Path(__file__).resolve().parent.parent / "bench"


def _big_text(size: int) -> str:
    """bench/support/big_article.py's article of ``size`` bytes (the benchmarks' one)."""
    spec = importlib.util.spec_from_file_location(
        "big_article", BENCH / "support" / "big_article.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    text: str = module.big_article_text(size)
    return text


def _eager(article: Article) -> Article:
    """The same article with its sections built as tuples (no packed arrays)."""
    return Article(
        title=article.title,
        source=article.source,
        text=article.text,
        sections=sections_from_structure(article.to_structure()),
    )


def _packed(article: Article) -> Article:
    """The same article with its sections as the store reads them, detached as the
    reader screen detaches them for the rules."""
    sections = unpack_sections(pack_sections(article.sections))
    assert isinstance(sections, PackedSections)
    return Article(
        title=article.title, source=article.source, text=article.text, sections=sections.detached()
    )


def _assert_same(article: Article) -> None:
    expected = sorted(suggest(_eager(article)), key=suggestion_order)
    packed = _packed(article)
    table = suggest_table(packed)
    assert isinstance(table, SuggestionTable)
    assert list(table) == expected
    assert [s.key for s in table] == [s.key for s in expected]
    assert suggest(packed) == suggest(_eager(article))
    # no section had its paragraphs (and their sentences) made
    assert all(
        section.paragraphs._built is None for section in packed.sections._sections if section
    )  # type: ignore[attr-defined]


def test_the_table_path_gives_the_seed_suggestions_exactly() -> None:
    seed = load_seed()
    _assert_same(seed)
    assert len(suggest_table(seed)) > 20


def test_the_table_path_gives_a_1_mb_article_suggestions_exactly() -> None:
    article = parse_plain_text(_big_text(1_000_000), source="big.txt")
    _assert_same(article)


def test_a_failing_claim_rule_skips_that_sentence_on_the_table_path_too(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seed = load_seed()
    real = suggest_package.score_claim

    def broken(sentence: str) -> tuple[float, str, list[str]] | None:
        if "said" in sentence:
            raise RuntimeError("a bug in a claim rule")
        return real(sentence)

    monkeypatch.delenv(STRICT_ENV, raising=False)  # the app's behaviour: logged, skipped
    monkeypatch.setattr(suggest_package, "score_claim", broken)
    table = list(suggest_table(_packed(seed)))
    assert table == sorted(suggest(seed), key=suggestion_order)
    claims = [s for s in table if s.kind == "claim"]
    assert claims and all("said" not in s.exact for s in claims)


CORPUS = Path(__file__).resolve().parent / "data" / "suggest"


@pytest.mark.parametrize(
    "path",
    sorted(p for p in CORPUS.iterdir() if p.suffix in (".txt", ".md") and p.name != "README.md"),
    ids=lambda p: p.stem,
)
def test_the_table_path_gives_every_corpus_article_its_suggestions_exactly(path: Path) -> None:
    # the corpus has headline quotes that echo a body quote (its own path on the table
    # path: echoes_of reads the quotes kept as numbers), single quotes, weak quotes
    text, _digest = read_article_text_hashed(path)
    article = parse_article_text(path, text)
    table = suggest_table(_packed(article))
    assert list(table) == sorted(suggest(article), key=suggestion_order)


def test_the_corpus_has_headline_echoes_for_the_table_path_to_give() -> None:
    path = CORPUS / "tune_from_heldout20_uk_trolley.txt"
    text, _digest = read_article_text_hashed(path)
    table = suggest_table(_packed(parse_article_text(path, text)))
    echoes = [s for s in table if s.reason.endswith("(echoes a quote of the article)")]
    assert echoes and all(s.kind == "quote" and s.speaker for s in echoes)


def test_a_failing_speaker_registry_skips_every_quote_on_the_table_path_too(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seed = load_seed()

    class Broken:
        def __init__(self, *args: object) -> None:
            raise RuntimeError("a bug in the speaker registry")

    monkeypatch.delenv(STRICT_ENV, raising=False)  # the app's behaviour: logged, skipped
    monkeypatch.setattr(suggest_package, "SpeakerResolver", Broken)
    table = list(suggest_table(_packed(seed)))
    assert table == sorted(suggest(seed), key=suggestion_order)
    assert table and all(s.kind == "claim" for s in table)
