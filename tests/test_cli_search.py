"""`reader search QUERY [--json]` and `reader import DIR` (issue 12, part 3): full-text
search with the matching passage and where it is; a directory imported in batches, its
bad files reported one line each and skipped, the rest imported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_helpers import assert_one_line_error, run

from reader.store import Store

HARBOUR = (
    "Harbour plan approved\n\n"
    "The council approved the harbour plan on Monday.\n\n"
    "Fishermen said the new quay would double the catch landed in the town.\n"
)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A database with the harbour article (a note on its quay sentence) and another."""
    (tmp_path / "harbour.txt").write_text(HARBOUR, encoding="utf-8")
    (tmp_path / "cave.txt").write_text(
        "Cave mapped\n\nScientists mapped the deepest cave in Europe.\n", encoding="utf-8"
    )
    path = tmp_path / "reader.db"
    assert (
        run("--db", path, "import", tmp_path / "harbour.txt", tmp_path / "cave.txt").exit_code == 0
    )
    with Store.open(path, author="tester") as store:
        [entry] = [e for e in store.library_entries() if e.title == "Harbour plan approved"]
        text = store.get_article(entry.id).article.text
        start = text.index("Fishermen")
        store.add_annotation(entry.id, start, start + 9, "quote", note="Ask the harbour master")
    return path


def test_search_prints_each_hit_with_its_passage(db: Path) -> None:
    result = run("--db", db, "search", "quay")
    assert result.exit_code == 0, result.stderr
    first, passage = result.stdout.splitlines()
    assert "Harbour plan approved" in first and "(text, at " in first
    assert "the new quay would double" in passage
    assert result.stderr == "1 result\n"


def test_search_json_gives_offsets_into_the_article(db: Path) -> None:
    result = run("--db", db, "search", "harbour", "--json")
    assert result.exit_code == 0, result.stderr
    hits = json.loads(result.stdout)
    assert [h["kind"] for h in hits] == ["article", "annotation"]
    article, note = hits
    with Store.open(db, readonly=True) as store:
        text = store.get_article(article["article_id"]).article.text
    start, end = article["highlights"][0]
    assert article["snippet"][start:end].lower() == "harbour"
    assert text[article["offset"] : article["offset"] + 7].lower() == "harbour"
    assert (note["field"], note["offset"]) == ("note", text.index("Fishermen"))
    assert note["snippet"] == "Ask the harbour master" and note["annotation_id"]


def test_search_without_hits_prints_nothing(db: Path) -> None:
    result = run("--db", db, "search", "volcano")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "0 results\n")


@pytest.mark.parametrize("query", ['"unclosed', "AND OR", "nosuchfield:quay"])
def test_a_bad_query_is_a_one_line_error(db: Path, query: str) -> None:
    assert_one_line_error(run("--db", db, "search", query), contains="search query")


def test_search_needs_a_database(tmp_path: Path) -> None:
    assert_one_line_error(run("--db", tmp_path / "none.db", "search", "x"), contains="no database")
    assert not (tmp_path / "none.db").exists()


# ----- reader import DIR -------------------------------------------------------------------


def write_articles(directory: Path, count: int) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        (directory / f"a{n:03d}.txt").write_text(
            f"Story {directory.name} {n}\n\nThe {n}th story of {directory.name} is told here.\n",
            encoding="utf-8",
        )


def test_import_dir_skips_bad_files_and_imports_the_rest(tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    write_articles(articles / "nested", 5)
    write_articles(articles, 7)
    (articles / "empty.txt").write_bytes(b"")
    (articles / "binary.md").write_bytes(b"\x00\x01binary\x00")
    (articles / "picture.png").write_bytes(b"\x89PNG")  # another kind: left alone
    (articles / ".hidden.txt").write_text("Hidden\n\nNot imported.\n", encoding="utf-8")
    db = tmp_path / "reader.db"
    result = run("--db", db, "import", articles)
    assert result.exit_code == 1
    skipped = result.stderr.splitlines()
    assert len(skipped) == 2
    assert all(line.startswith("reader: skipped ") for line in skipped)
    assert "empty.txt" in skipped[1] and "binary.md" in skipped[0]
    assert result.stdout.strip().endswith("Imported 12 articles; 2 files failed")
    with Store.open(db, readonly=True) as store:
        assert store.article_count() == 12
        assert len(store.search("story", limit=50)) == 12


def test_import_dir_again_imports_nothing_new(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr("reader.cli_import.BATCH_SIZE", 3)  # several batches
    write_articles(tmp_path / "in", 8)
    db = tmp_path / "reader.db"
    assert run("--db", db, "import", tmp_path / "in").exit_code == 0
    again = run("--db", db, "import", tmp_path / "in")
    assert again.exit_code == 0, again.stderr
    assert "Imported 0 articles (8 already imported)" in again.stdout
    with Store.open(db, readonly=True) as store:
        assert store.article_count() == 8


def test_a_directory_without_article_files_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "photos").mkdir()
    (tmp_path / "photos" / "a.png").write_bytes(b"\x89PNG")
    db = tmp_path / "reader.db"
    assert_one_line_error(run("--db", db, "import", tmp_path / "photos"), contains="photos")
    assert not db.exists()
