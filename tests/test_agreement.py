"""Agreement figures (pure functions) and `reader agree` end to end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_helpers import assert_one_line_error, run
from merge_helpers import seeded_db, shared

from reader.io.importers import load_seed
from reader.model.agreement import ArticleAnnotations, agreement, cohen_kappa
from reader.model.article import Span
from reader.store import Store
from reader.store.merge import merge_files

SENTENCES = [Span(0, 10), Span(11, 20), Span(21, 30), Span(31, 40)]


def test_cohen_kappa_known_values() -> None:
    assert cohen_kappa(["x", "y", "x", "y"], ["x", "y", "x", "y"]) == 1.0
    assert cohen_kappa(["x", "x", "y", "y"], ["x", "y", "x", "y"]) == 0.0
    # po = .75; A says y 15 times, B 10 times of 20: pe = .75 * .5 + .25 * .5 = .5
    a = ["y"] * 10 + ["n"] * 5 + ["y"] * 5
    b = ["y"] * 10 + ["n"] * 5 + ["n"] * 5
    assert cohen_kappa(a, b) == pytest.approx(0.5)
    assert cohen_kappa(["x", "x"], ["x", "x"]) is None  # undefined: one label everywhere
    assert cohen_kappa([], []) is None


def test_exact_and_overlap_scores_per_tag_and_overall() -> None:
    art = ArticleAnnotations(
        SENTENCES,
        a=[(0, 10, "claim"), (11, 20, "claim"), (21, 30, "quote")],
        b=[(0, 10, "claim"), (12, 18, "claim"), (31, 40, "claim"), (31, 40, "claim")],
    )
    claim, quote, overall = agreement([art])
    # B's duplicate span counts once
    assert (claim.tag, claim.a_spans, claim.b_spans) == ("claim", 2, 3)
    assert (claim.exact.matches, claim.exact.precision, claim.exact.recall) == (1, 1 / 3, 0.5)
    assert (claim.overlap.matches, claim.overlap.f1) == (2, pytest.approx(0.8))
    # sentences: claim labels A = T T F F, B = T T F T
    assert claim.kappa == pytest.approx(cohen_kappa(list("TTFF"), list("TTFT")))
    assert (quote.exact.precision, quote.exact.recall, quote.exact.f1) == (None, 0.0, None)
    assert overall.tag == "*" and overall.exact.matches == 1
    assert overall.kappa == pytest.approx(
        cohen_kappa(["claim", "claim", "quote", ""], ["claim", "claim", "", "claim"])
    )


def test_identical_annotators_agree_fully() -> None:
    spans = [(0, 10, "claim"), (21, 30, "quote")]
    *_, overall = agreement([ArticleAnnotations(SENTENCES, spans, list(spans))])
    assert (overall.exact.f1, overall.overlap.f1, overall.kappa) == (1.0, 1.0, 1.0)


@pytest.fixture
def two_people(tmp_path: Path) -> tuple[Path, Path, Path]:
    """alice.db and bob.db tagging the seed, and team.db with both merged."""
    seed = load_seed()
    s = seed.sentences
    a, b, team = tmp_path / "alice.db", tmp_path / "bob.db", tmp_path / "team.db"
    article_id = seeded_db(a, "alice")
    seeded_db(b, "bob")
    seeded_db(team, "team")
    with Store.open(a, author="alice") as store:
        for i in (0, 1, 2):
            store.add_annotation(article_id, s[i].start, s[i].end, "claim")
        store.add_annotation(article_id, s[3].start, s[3].end, "quote")
    with Store.open(b, author="bob") as store:
        store.add_annotation(article_id, s[0].start, s[0].end, "claim")
        store.add_annotation(article_id, s[1].start + 5, s[1].end, "claim")
        store.add_annotation(article_id, s[3].start, s[3].end, "quote")
    with Store.open(team, author="team") as store:
        merge_files(store, [shared(a, tmp_path / "sa.db"), shared(b, tmp_path / "sb.db")])
    return a, b, team


def test_agree_two_files_and_two_authors_in_one_file_give_the_same_figures(
    two_people: tuple[Path, Path, Path],
) -> None:
    a, b, team = two_people
    files = run("agree", a, b, "--json")
    assert files.exit_code == 0, files.stderr
    authors = run("agree", team, "--author", "alice", "--author", "bob", "--json")
    assert authors.exit_code == 0, authors.stderr
    by_files, by_authors = json.loads(files.stdout), json.loads(authors.stdout)
    assert by_files["tags"] == by_authors["tags"]
    claim = by_files["tags"][0]
    assert claim["tag"] == "claim"
    assert (claim["exact"]["matches"], claim["overlap"]["matches"]) == (1, 2)
    assert claim["exact"]["precision"] == 0.5 and claim["overlap"]["recall"] == pytest.approx(2 / 3)
    assert by_files["tags"][1]["exact"]["f1"] == 1.0
    assert by_authors["a"] == "team.db (alice)"


def test_agree_prints_a_table(two_people: tuple[Path, Path, Path]) -> None:
    a, b, _ = two_people
    result = run("agree", a, b)
    assert result.exit_code == 0, result.stderr
    assert "claim" in result.stdout and "kappa" in result.stdout
    assert "0.50" in result.stdout


def test_agree_errors_are_one_line(two_people: tuple[Path, Path, Path], tmp_path: Path) -> None:
    a, b, team = two_people
    assert_one_line_error(run("agree", team), contains="two --author")
    assert_one_line_error(run("agree", a, b, "--article", "zzz"), contains="no article")
    junk = tmp_path / "junk.db"
    junk.write_text("not a database")
    assert_one_line_error(run("agree", a, junk), contains="not a SQLite database")


def test_agree_after_exchanging_files_compares_the_two_people(
    two_people: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    a, b, _ = two_people
    before = run("agree", a, b, "--json")
    assert before.exit_code == 0, before.stderr
    sa, sb = tmp_path / "from-alice.db", tmp_path / "from-bob.db"
    for args in (
        ("--db", a, "--author", "alice", "share", sa),
        ("--db", b, "--author", "bob", "share", sb),
        ("--db", a, "merge", sb),
        ("--db", b, "merge", sa),
    ):
        assert run(*args).exit_code == 0
    # Each database now holds both people's work; agree still compares alice with bob.
    after = run("agree", a, b, "--json")
    assert after.exit_code == 0, after.stderr
    report = json.loads(after.stdout)
    assert report["tags"] == json.loads(before.stdout)["tags"]
    assert report["tags"][0]["exact"]["precision"] == 0.5
    assert (report["a_author"], report["b_author"]) == ("alice", "bob")
    assert report["a"] == "alice.db (alice)"
    # Share files made after the exchange hold both too: their shared_by tells whose they are.
    a2, b2 = tmp_path / "a2.db", tmp_path / "b2.db"
    assert run("--db", a, "--author", "alice", "share", a2).exit_code == 0
    assert run("--db", b, "--author", "bob", "share", b2).exit_code == 0
    table = run("agree", b2, a2)
    assert table.exit_code == 0, table.stderr
    assert "A = b2.db (bob), B = a2.db (alice)" in table.stdout
    assert json.loads(run("agree", a2, b2, "--json").stdout)["tags"] == report["tags"]


def test_agree_own_author_rules(two_people: tuple[Path, Path, Path]) -> None:
    a, _, team = two_people
    # team.db holds alice's and bob's merged work (no local edits): beside alice.db it is bob's.
    report = json.loads(run("agree", a, team, "--json").stdout)
    assert (report["a_author"], report["b_author"]) == ("alice", "bob")
    assert_one_line_error(run("agree", team, team), contains="--author A --author B")
    everything = json.loads(run("agree", a, team, "--all-authors", "--json").stdout)
    assert everything["b_author"] is None and everything["all"]["a_spans"] == 4


def test_agree_filters(two_people: tuple[Path, Path, Path]) -> None:
    a, b, _ = two_people
    claims = json.loads(run("agree", a, b, "--tag", "claim", "--json").stdout)
    assert [row["tag"] for row in claims["tags"]] == ["claim"]
    both = json.loads(run("agree", a, b, "--tag", "claim", "--tag", "quote", "--json").stdout)
    assert [row["tag"] for row in both["tags"]] == ["claim", "quote"]
    none = json.loads(run("agree", a, b, "--status", "disputed", "--json").stdout)
    assert none["all"]["a_spans"] == 0 and none["all"]["b_spans"] == 0
    assert_one_line_error(run("agree", a, b, "--status", "maybe"), contains="invalid status")
