"""An article's structure kept packed (issue 12, schema 10): round trips, the migration
from the JSON of schema 9, shared files of schema 9, and opening a file already imported
without parsing it again."""

from __future__ import annotations

import json
import sqlite3
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from cli_helpers import FakeApp, assert_one_line_error, fake_app_factory, run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import reader.cli
import reader.cli_open
import reader.ui.app
from reader.io.importers import load_seed, parse_markdown, parse_plain_text
from reader.model.article import Article, Paragraph, Section, Span
from reader.model.packed import (
    PackedSections,
    pack_sections,
    sections_from_stored,
    unpack_sections,
)
from reader.store import Store, StoreError
from reader.store.merge import merge_files
from reader.store.migrations import SCHEMA_VERSION
from reader.store.share import share

# -- any article survives store and load ------------------------------------------------


@st.composite
def articles(draw: st.DrawFn) -> Article:
    """An article with any text and any well-formed spans (sections, possibly without a
    heading or paragraphs, paragraphs possibly without sentences, titles any text)."""
    text = draw(st.text(min_size=1, max_size=300))
    offset = st.integers(0, len(text))

    def span() -> Span:
        a, b = draw(offset), draw(offset)
        return Span(min(a, b), max(a, b))

    sections = []
    for _ in range(draw(st.integers(0, 4))):
        paragraphs = tuple(
            Paragraph(span(), tuple(span() for _ in range(draw(st.integers(0, 4)))))
            for _ in range(draw(st.integers(0, 4)))
        )
        heading = draw(st.none() | st.just(True))
        title = draw(st.none() | st.text(max_size=20))
        sections.append(Section(title, span() if heading else None, span(), paragraphs))
    return Article(
        title=draw(st.text(max_size=30)),
        source=draw(st.sampled_from(["a.txt", "b.md", "seeds/x.txt"])),
        text=text,
        sections=tuple(sections),
        metadata=draw(st.dictionaries(st.sampled_from(["author", "date", "x"]), st.text())),
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(articles())
def test_any_article_survives_packing(article: Article) -> None:
    packed = pack_sections(article.sections)
    assert unpack_sections(packed, len(article.text)) == article.sections
    assert sections_from_stored(packed) == article.sections
    assert sections_from_stored(json.dumps(article.to_structure())) == article.sections


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(articles())
def test_packed_sentence_offsets_are_kept_once_and_packed_again_the_same(
    article: Article,
) -> None:
    """The article's sentence starts and ends are the packed sections' own arrays (not a
    copy made per call and cached beside them: issue 12's memory), their detached copy
    shares them, and they pack back to the same bytes."""
    packed = pack_sections(article.sections)
    lazy = replace(article, sections=unpack_sections(packed, len(article.text)))
    assert list(lazy.sentence_starts) == [s.start for s in article.sentences]
    assert list(lazy.sentence_ends) == [s.end for s in article.sentences]
    sentences = lazy.sections.sentences  # type: ignore[attr-defined]
    assert sentences.starts is lazy.sentence_starts
    assert sentences.ends is lazy.sentence_ends
    twin = lazy.sections.detached()  # type: ignore[attr-defined]
    assert twin.sentences.starts is sentences.starts
    assert twin == lazy.sections
    if len(twin):  # its sections are made in a cache of its own
        assert twin[0] == lazy.sections[0] and twin[0] is not lazy.sections[0]
    assert lazy.sections.packed == packed  # type: ignore[attr-defined]
    assert pack_sections(twin) == packed


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(articles(), st.data())
def test_the_lazy_model_equals_the_eager_one(article: Article, data: st.DataObject) -> None:
    """Sections unpacked lazily (made when read) answer every question of the model as
    the tuples built eagerly do, read in any order."""
    lazy = replace(article, sections=unpack_sections(pack_sections(article.sections)))
    assert isinstance(lazy.sections, PackedSections)
    eager = article.sections
    assert len(lazy.sections) == len(eager)
    # Read a few sections first, out of order (the others are still unmade).
    for index in data.draw(st.lists(st.integers(0, max(len(eager) - 1, 0)), max_size=3)):
        if eager:
            assert lazy.sections[index] == eager[index]
            assert lazy.sections[-1 - index] == eager[-1 - index]
    assert lazy.sections == eager and eager == lazy.sections
    assert hash(lazy.sections) == hash(eager)
    assert (lazy.sections != list(eager)) == (eager != list(eager))  # as a tuple would
    assert lazy.sections + () == eager and () + lazy.sections == eager  # noqa: RUF005
    assert lazy.sections[1:3] == eager[1:3]
    for index, (mine, theirs) in enumerate(zip(lazy.sections, eager, strict=True)):
        assert (mine.title, mine.heading, mine.span) == (theirs.title, theirs.heading, theirs.span)
        assert mine.display_title == theirs.display_title
        assert len(mine.paragraphs) == len(theirs.paragraphs)
        assert tuple(mine.paragraphs) == theirs.paragraphs
        assert mine.sentences == theirs.sentences
        assert hash(mine) == hash(theirs)
        assert list(lazy.paragraph_offsets(index)) == list(article.paragraph_offsets(index))
    assert tuple(lazy.sentences) == article.sentences and lazy.sentences == article.sentences
    assert len(lazy.sentences) == len(article.sentences)
    if article.sentences:
        assert lazy.sentences[-1] == article.sentences[-1]
        assert lazy.sentences[::2] == article.sentences[::2]
    assert list(lazy.sentence_starts) == list(article.sentence_starts)
    assert list(lazy.sentence_ends) == list(article.sentence_ends)
    # the headings read from the packed ints, as the sections give them
    headings = [section.heading for section in eager if section.heading is not None]
    assert list(lazy.heading_spans()) == list(article.heading_spans()) == headings
    for offset in range(0, len(article.text) + 1, 7):
        assert lazy.sentence_index_at(offset) == article.sentence_index_at(offset)
        assert lazy.section_index_at(offset) == article.section_index_at(offset)
    assert lazy == article
    assert pack_sections(lazy.sections) == pack_sections(eager)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(articles())
def test_any_article_survives_store_and_load(article: Article) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "reader.db"
        with Store.open(path, author="tester") as store:
            stored, created = store.import_article(article)
            # Not read back: the same article, its sections now read from the packed
            # form just written (made when read), equal to the ones it was given.
            assert created and stored.article == article
            assert isinstance(stored.article.sections, PackedSections)
            (kind,) = store.db.execute("SELECT typeof(structure) FROM articles").fetchone()
            assert kind == "blob"
        with Store.open(path, author="tester") as store:  # a fresh store: a real load
            loaded = store.get_article(stored.id)
    assert loaded.article == article
    assert loaded.article is not article
    assert (loaded.title, loaded.content_hash) == (article.title, article.content_hash)


@pytest.mark.parametrize(
    ("data", "length"),
    [
        (b"", None),
        (b"JSON{}", None),
        (b"RPS1\xff\xff\x00\x00[]", None),  # titles longer than the data
        (pack_sections(load_seed().sections)[:-3], None),  # not whole integers
        (pack_sections(load_seed().sections)[:-8], None),  # a sentence missing
        (pack_sections(load_seed().sections), 10),  # offsets past the end of the text
    ],
)
def test_malformed_packed_data_is_a_value_error(data: bytes, length: int | None) -> None:
    with pytest.raises(ValueError):
        unpack_sections(data, length)


def test_the_seed_packs_to_less_than_half_its_json() -> None:
    seed = load_seed()
    packed = pack_sections(seed.sections)
    assert len(packed) * 2 < len(json.dumps(seed.to_structure()))


def test_the_store_keeps_the_article_it_loaded_until_its_text_changes(tmp_path: Path) -> None:
    with Store.open(tmp_path / "r.db", author="tester") as store:
        stored, _ = store.import_article(load_seed())
        assert store.get_article(stored.id) is stored  # handed to the screen as it is
        changed = parse_plain_text(load_seed().text + "\nOne more sentence here.\n", source="s")
        store.refresh_article(stored.id, changed)
        again = store.get_article(stored.id)
        assert again is not stored and again.article.text == changed.text
        assert again.article.sections == changed.sections


# -- migration 10: the JSON of schema 9 packed -------------------------------------------


def _as_schema_9(path: Path) -> None:
    """Turn a current database back into schema 9: every structure as JSON text."""
    conn = sqlite3.connect(path)
    for table in ("articles", "article_versions"):
        for rowid, value in conn.execute(f"SELECT rowid, structure FROM {table}").fetchall():
            structure = json.dumps({"sections": _structure_json(value)})
            conn.execute(f"UPDATE {table} SET structure = ? WHERE rowid = ?", [structure, rowid])
    conn.execute("PRAGMA user_version = 9")
    conn.commit()
    conn.close()


def _structure_json(value: bytes) -> list[dict[str, Any]]:
    article = Article(title="", source="", text="", sections=sections_from_stored(value))
    sections: list[dict[str, Any]] = article.to_structure()["sections"]
    return sections


def test_migration_10_packs_every_json_structure(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    seed = load_seed()
    other = parse_plain_text(
        "Second article\n\nIt has one paragraph. And two sentences.\n", source="o"
    )
    with Store.open(path, author="tester") as store:
        seed_id = store.import_article(seed)[0].id
        other_id = store.import_article(other)[0].id
        damaged = store.import_article(parse_plain_text("A third text. Here.\n", source="t"))[0]
        changed = parse_plain_text("Second\n\nOne paragraph. Now three. Sentences.\n", source="o")
        store.refresh_article(other_id, changed)  # article_versions: versions 1 and 2
    _as_schema_9(path)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE articles SET structure = '{not json' WHERE id = ?", [damaged.id])
    conn.commit()
    conn.close()
    with Store.open(path, author="tester") as store:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        kinds = dict(store.db.execute("SELECT id, typeof(structure) FROM articles").fetchall())
        assert kinds == {seed_id: "blob", other_id: "blob", damaged.id: "text"}
        versions = store.db.execute("SELECT typeof(structure) FROM article_versions")
        assert versions.fetchall() == [("blob",), ("blob",)]
        assert store.get_article(seed_id).article == seed
        assert store.get_article(other_id).article.sections == changed.sections
        first = store.list_versions(other_id)[0]
        assert (first.version, first.text) == (1, other.text)
        with pytest.raises(StoreError, match="damaged"):
            store.get_article(damaged.id)


def test_a_json_structure_written_by_another_program_is_still_read(tmp_path: Path) -> None:
    with Store.open(tmp_path / "r.db", author="tester") as store:
        seed = load_seed()
        stored, _ = store.import_article(seed)
        store.db.execute("UPDATE articles SET structure = ?", [json.dumps(seed.to_structure())])
    with Store.open(tmp_path / "r.db", author="tester") as store:
        assert store.get_article(stored.id).article == seed


def test_a_shared_file_of_schema_9_still_merges(tmp_path: Path) -> None:
    source = tmp_path / "alice.db"
    with Store.open(source, author="alice") as store:
        stored, _ = store.import_article(load_seed())
        store.add_annotation(stored.id, 0, 6, "claim")
    out = tmp_path / "shared.db"
    with Store.open(source, author="alice") as store:
        share(store, out)
    _as_schema_9(out)
    with Store.open(tmp_path / "bob.db", author="bob") as bob:
        (report,) = merge_files(bob, [out])
        assert report.articles_added == 1 and not report.skipped
        (kind,) = bob.db.execute("SELECT typeof(structure) FROM articles").fetchone()
        assert kind == "blob"  # packed on the way in
        assert bob.get_article(stored.id).article == load_seed()
        assert len(bob.annotations(stored.id)) == 1


# -- reader FILE: an imported file is not parsed again -----------------------------------


@pytest.fixture
def apps(monkeypatch: pytest.MonkeyPatch) -> list[FakeApp]:
    calls: list[FakeApp] = []
    monkeypatch.setattr(reader.ui.app, "create_app", fake_app_factory(calls))
    return calls


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files the CLI parses from now on (the parser is counted, not replaced)."""
    files: list[str] = []
    parse = reader.cli_open.parse_article_text

    def counting_parse(path: Any, text: str) -> Article:
        files.append(str(path))
        return parse(path, text)

    monkeypatch.setattr(reader.cli_open, "parse_article_text", counting_parse)
    return files


def test_reopening_an_imported_file_does_not_parse_it(
    tmp_path: Path, parsed: list[str], apps: list[FakeApp]
) -> None:
    file = tmp_path / "story.txt"
    file.write_text(load_seed().text.replace("\n", "\r\n"), encoding="utf-8")  # normalised
    db = tmp_path / "r.db"
    assert run("--db", db, file).exit_code == 0
    assert parsed == [str(file)]
    first = apps[-1].article_id
    assert run("--db", db, file).exit_code == 0
    assert run("--db", db, "open", file).exit_code == 0
    assert parsed == [str(file)]  # parsed once, at the import
    assert [app.article_id for app in apps] == [first] * 3
    assert apps[-1].article_title == load_seed().title
    with Store.open(db, author="x") as store:
        assert len(store.list_articles()) == 1
        assert store.library_entries()[0].read
        # Stored read as it was imported: the row (and its text) was written once.
        assert store.db.execute("PRAGMA freelist_count").fetchone()[0] == 0


def test_reopening_an_imported_markdown_file_does_not_parse_it(
    tmp_path: Path, parsed: list[str], apps: list[FakeApp]
) -> None:
    file = tmp_path / "story.md"
    file.write_text("# Bridge\n\nThe *council* met. It voted.\n", encoding="utf-8")
    db = tmp_path / "r.db"
    assert run("--db", db, file).exit_code == 0
    assert run("--db", db, file).exit_code == 0
    assert parsed == [str(file)]
    assert apps[0].article_id == apps[1].article_id and apps[1].article_title == "Bridge"
    # An article imported before source hashes were kept gets one at its next open.
    with Store.open(db, author="x") as store:
        store.db.execute("UPDATE articles SET source_hash = NULL")
    assert run("--db", db, file).exit_code == 0
    assert run("--db", db, file).exit_code == 0
    assert parsed == [str(file)] * 2
    assert len({app.article_id for app in apps}) == 1


def test_a_refresh_forgets_the_source_hash(tmp_path: Path) -> None:
    with Store.open(tmp_path / "r.db", author="x") as store:
        article = parse_plain_text("Words here. More words.\n", source="a.md")
        stored, _ = store.import_article(article, source_hash="ab" * 32)
        assert store.find_article_by_hash("ab" * 32) == stored.id
        assert store.find_article_by_hash(article.content_hash) == stored.id
        store.refresh_article(stored.id, parse_plain_text("Other words.\n", source="a.md"))
        assert store.find_article_by_hash("ab" * 32) is None
        assert store.find_article_by_hash("cd" * 32) is None


def test_a_changed_file_is_parsed_and_imported_as_another_article(
    tmp_path: Path, apps: list[FakeApp]
) -> None:
    file = tmp_path / "story.txt"
    file.write_text("First words here. And more.\n", encoding="utf-8")
    db = tmp_path / "r.db"
    assert run("--db", db, file).exit_code == 0
    file.write_text("Other words now. And more.\n", encoding="utf-8")
    assert run("--db", db, file).exit_code == 0
    assert apps[0].article_id != apps[1].article_id


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "file is empty"),
        (b"  \n\t\n", "file is empty"),
        (b"1234 5678\n", "no letters"),
        (b"\xff\xfeA\x00", "UTF-16"),
        (b"Caf\xe9 au lait.\n", "not valid UTF-8"),
        (b"text\x00 with a NUL", "binary"),
        (b"a\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f" * 10, "binary"),
    ],
)
def test_a_bad_file_is_one_line_and_touches_no_database(
    tmp_path: Path, apps: list[FakeApp], content: bytes, message: str
) -> None:
    db = tmp_path / "r.db"
    with Store.open(db, author="x") as store:
        store.import_article(load_seed())
    before = db.read_bytes()
    file = tmp_path / "bad.txt"
    file.write_bytes(content)
    assert_one_line_error(run("--db", db, file), contains=message)
    assert apps == [] and db.read_bytes() == before


def test_detached_sections_are_equal_and_make_their_own_objects() -> None:
    """The suggestion rules read a detached copy: the same sections, but what they make
    is not cached in the screen's article (issue 12: memory)."""
    sections = unpack_sections(pack_sections(load_seed().sections))
    assert isinstance(sections, PackedSections)
    detached = sections.detached()
    assert detached == sections and tuple(detached) == tuple(sections)
    assert detached.packed == sections.packed
    assert detached[1] is not sections[1]  # made (and cached) by each on its own
    assert sections[1] is sections[1]
    assert list(detached.sentences) == list(sections.sentences)


def test_unpacked_sections_pack_again_to_the_same_bytes() -> None:
    """The value read is not kept beside its arrays (memory, issue 12): packing the
    sections again gives it back byte for byte, titles with any characters included."""
    text = "# Ünïcode “title” — 日本\n\nA lead. Two sentences.\n\n## Second\n\nMore text here.\n"
    for article in (load_seed(), parse_markdown(text, source="u.md")):
        data = pack_sections(article.sections)
        assert pack_sections(unpack_sections(data)) == data
        assert unpack_sections(data).packed == data


def test_get_article_takes_the_text_held_when_it_is_the_articles(tmp_path: Path) -> None:
    """reader FILE's reopen: the file's text just read is the article's, not read again."""
    text = "Title\n\nThe first paragraph. A second sentence.\n\nThe last one.\n"
    with Store.open(tmp_path / "x.db", author="t") as store:
        stored, _ = store.import_article(parse_plain_text(text, source="a.txt"))
        held = text[:1] + text[1:]  # an equal text, another object
        with Store.open(tmp_path / "x.db", author="t") as other:  # (no cached article)
            wrong = other.get_article(stored.id, text="Other text", text_hash="0" * 64)
            assert wrong.article.text == stored.article.text
        with Store.open(tmp_path / "x.db", author="t") as other:
            loaded = other.get_article(stored.id, text=held, text_hash=stored.content_hash)
            assert loaded.article.text is held
            assert loaded.article.sections == stored.article.sections
            assert other.get_article(stored.id) is loaded  # what the reader's screen gets


def test_a_parsed_article_is_stored_packed_without_keeping_the_packed_form() -> None:
    """A parse's sections are packed arrays: the store packs them for the row, and the
    packed form is not kept with the article the reader goes on showing (1.7 MB for a
    10 MB article, issue 12): made again, equal, when asked again."""
    article = parse_markdown(
        "# Title\n\nA lead. Two sentences.\n\n## Next\n\nMore.\n", source="a.md"
    )
    assert isinstance(article.sections, PackedSections)
    with Store.open(":memory:", author="me") as store:
        stored, _ = store.import_article(article)
        [(structure,)] = store.db.execute("SELECT structure FROM articles").fetchall()
    sections = stored.article.sections
    assert pack_sections(sections) == structure == pack_sections(sections)
    assert pack_sections(sections) is not pack_sections(sections)
