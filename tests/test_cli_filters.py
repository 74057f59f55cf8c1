"""The filters of `export`, `share` and `agree`, and a mistyped command (issue 9, part 3)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from cli_helpers import MARKDOWN, FakeApp, assert_one_line_error, fake_app_factory, parse_csv, run

import reader.cli
from reader.io.importers import parse_markdown
from reader.store.records import STATUSES
from reader.store.store import Store


@pytest.fixture(autouse=True)
def isolated_default_db(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Never touch the real per-user database: the default lives in tmp_path."""
    default = tmp_path / "default" / "reader.db"
    monkeypatch.delenv("READER_DB", raising=False)
    monkeypatch.setattr(reader.cli, "default_db_path", lambda: default)
    return default


@pytest.fixture
def team_db(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """One article annotated by alice and bob: (path, {key: id})."""
    path = tmp_path / "team.db"
    ids: dict[str, str] = {}
    article = parse_markdown(MARKDOWN, source="council.md")
    with Store.open(path, author="alice") as store:
        stored, _ = store.import_article(article)
        ids["alice_claim"] = store.add_annotation(stored.id, 0, 7, "claim").id
        quote = store.add_annotation(stored.id, 8, 15, "quote")
        ids["alice_quote"] = store.update_annotation(quote.id, status="supported").id
    with Store.open(path, author="bob") as store:
        claim = store.add_annotation(stored.id, 16, 20, "claim")
        ids["bob_claim"] = store.update_annotation(claim.id, status="disputed").id
        ids["bob_quote"] = store.add_annotation(stored.id, 21, 25, "quote").id
    return path, ids


def exported(*args: str | Path) -> set[str]:
    result = run(*args)
    assert result.exit_code == 0, result.stderr
    return {row["id"] for row in parse_csv(result.stdout)}


def test_export_author_after_the_command_filters(team_db: tuple[Path, dict[str, str]]) -> None:
    path, ids = team_db
    assert exported("--db", path, "export", "--author", "bob") == {
        ids["bob_claim"],
        ids["bob_quote"],
    }
    assert exported("--db", path, "export", "--author", "bob", "--author", "alice") == set(
        ids.values()
    )


def test_export_global_author_does_not_filter(team_db: tuple[Path, dict[str, str]]) -> None:
    path, ids = team_db
    assert exported("--db", path, "--author", "bob", "export") == set(ids.values())
    # Both: the global one names the user, the subcommand's filters.
    assert exported("--author", "me", "--db", path, "export", "--author", "alice") == {
        ids["alice_claim"],
        ids["alice_quote"],
    }


def test_export_repeated_tag_adds_up(team_db: tuple[Path, dict[str, str]]) -> None:
    path, ids = team_db
    assert exported("--db", path, "export", "--tag", "claim", "--tag", "quote") == set(ids.values())


def test_export_filters_and_together(team_db: tuple[Path, dict[str, str]]) -> None:
    path, ids = team_db
    assert exported("--db", path, "export", "--author", "bob", "--tag", "claim") == {
        ids["bob_claim"]
    }
    assert exported("--db", path, "export", "--author", "alice", "--status", "disputed") == set()


def test_export_status_filter(team_db: tuple[Path, dict[str, str]]) -> None:
    path, ids = team_db
    assert exported("--db", path, "export", "--status", "disputed") == {ids["bob_claim"]}
    assert exported("--db", path, "export", "--status", " Supported ", "--status", "DISPUTED") == {
        ids["alice_quote"],
        ids["bob_claim"],
    }


def test_export_unknown_status_lists_the_valid_ones(team_db: tuple[Path, dict[str, str]]) -> None:
    path, _ = team_db
    line = assert_one_line_error(
        run("--db", path, "export", "--status", "bogus"), contains="invalid status 'bogus'"
    )
    assert all(status in line for status in STATUSES)


def test_share_status_and_author_filters(
    team_db: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    path, ids = team_db
    out = tmp_path / "out.db"
    result = run(
        "--db", path, "--author", "me", "share", out, "--author", "bob", "--status", "disputed"
    )
    assert result.exit_code == 0, result.stderr
    with sqlite3.connect(out) as conn:
        shared = {row[0] for row in conn.execute("SELECT id FROM annotations")}
        by = conn.execute("SELECT value FROM meta WHERE key = 'shared_by'").fetchone()[0]
    assert shared == {ids["bob_claim"]}
    assert by == "me"
    assert_one_line_error(
        run("--db", path, "share", tmp_path / "x.db", "--status", "nope"), contains="nope"
    )
    assert not (tmp_path / "x.db").exists()


# --- a mistyped command -------------------------------------------------------------------


def test_mistyped_command_suggests_the_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("exprot")
    line = assert_one_line_error(result)
    assert line == "reader: error: no such command 'exprot'; did you mean 'export'?"
    assert not list(tmp_path.iterdir())  # no database created


def test_unknown_word_is_one_clear_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    line = assert_one_line_error(run("frobnicate"), contains="no such command or file 'frobnicate'")
    assert "export" in line


def test_a_file_named_like_a_typo_still_opens(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[FakeApp] = []
    import reader.ui.app

    monkeypatch.setattr(reader.ui.app, "create_app", fake_app_factory(calls))
    monkeypatch.chdir(tmp_path)
    Path("exprot").write_text(MARKDOWN, encoding="utf-8")
    result = run("--db", tmp_path / "x.db", "exprot")
    assert result.exit_code == 0, result.stderr
    assert [app.ran for app in calls] == [True]


def test_missing_file_with_an_extension_is_a_file_error(tmp_path: Path) -> None:
    assert_one_line_error(
        run("--db", tmp_path / "x.db", tmp_path / "nosuch.md"), contains="nosuch.md"
    )
