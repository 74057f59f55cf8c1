"""Helpers for the command-line tests: running `reader`, a fake app, annotated databases."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from reader.cli import cli
from reader.io.export import EXPORT_COLUMNS
from reader.io.importers import load_seed, parse_markdown
from reader.store import Store

SEED_SECTIONS = ["Lead", "Displaced again", "Alive and kicking", "Arson"]
SEED_FIRST_SENTENCE = (
    "Israel mounted its bombardment of the Gaza Strip and its southern city of Rafah, "
    "in particular, after truce talks in Cairo ended without any deal on Friday."
)

MARKDOWN = """\
# Council votes on the bridge

The council met on Tuesday. It voted 7 to 2 to rebuild the bridge.

## What the mayor said

"We will start in spring," the mayor said. Work takes a year.

## Money

The bridge costs 4 million euros.
"""


def run(*args: str | Path, env: dict[str, str] | None = None) -> Result:
    """Run `reader ARGS...` in-process, keeping stdout and stderr apart."""
    return CliRunner().invoke(cli, [str(a) for a in args], env=env, prog_name="reader")


def assert_one_line_error(result: Result, *, contains: str = "") -> str:
    """The command failed with exit 1 and exactly one `reader: error:` line on stderr."""
    assert result.exit_code == 1, (result.exit_code, result.output, result.stderr)
    assert "Traceback" not in result.output + result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("reader: error: "), lines[0]
    assert contains.lower() in lines[0].lower(), lines[0]
    return lines[0]


def parse_csv(text: str) -> list[dict[str, str]]:
    """CSV text (with its header) as a list of dicts, checking the column order."""
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows and rows[0] == list(EXPORT_COLUMNS), rows[:1]
    return [dict(zip(EXPORT_COLUMNS, row, strict=True)) for row in rows[1:]]


@dataclass
class FakeApp:
    """Stands in for the Textual app: records what the CLI passed and whether it ran
    (``article_id`` ``None``: the app would start in the library)."""

    store: Any
    article_id: str | None
    calls: list[FakeApp] = field(repr=False)
    ran: bool = False
    store_author: str | None = None
    article_title: str | None = None
    options: dict[str, Any] = field(default_factory=dict, repr=False)

    def run(self) -> None:
        self.ran = True
        # The store must still be open while the app runs.
        self.store_author = self.store.author
        pending = self.options.get("pending")
        if pending is not None:  # a big file: parsed and stored as the app would
            self.article_id = pending.load().id
        if self.article_id is not None:
            self.article_title = self.store.get_article(self.article_id).title


def fake_app_factory(calls: list[FakeApp]) -> Any:
    """A stand-in for reader.ui.app.create_app that appends each app it makes to ``calls``."""

    def create_app(store: Any, article_id: str | None, **options: Any) -> FakeApp:
        app = FakeApp(store, article_id, calls, options=options)
        calls.append(app)
        return app

    return create_app


@dataclass
class AnnotatedDb:
    """A database with two articles and a few annotations, built with the Store API."""

    path: Path
    seed_id: str
    other_id: str
    ids: dict[str, str]


def make_annotated_db(path: Path) -> AnnotatedDb:
    """Import the seed and a Markdown article and annotate them (one annotation deleted)."""
    with Store.open(path, author="tester") as store:
        seed, _ = store.import_article(load_seed())
        other, _ = store.import_article(parse_markdown(MARKDOWN, source="council.md"))
        text = seed.article.text
        start = text.index("Israel mounted")  # in the lead
        displaced = text.index("Israeli troops this week")  # in "Displaced again"
        ids = {
            "claim": store.add_annotation(seed.id, start, start + 6, "claim").id,
            "quote": store.add_annotation(
                seed.id,
                start + 7,
                start + 14,
                "quote",
                speaker="+1",
                note='=HYPERLINK("http://evil.example","click")',
            ).id,
            "at": store.add_annotation(seed.id, start + 15, start + 18, "quote", speaker="@x").id,
            "deleted": store.add_annotation(seed.id, start, start + 3, "claim").id,
            "displaced": store.add_annotation(seed.id, displaced, displaced + 14, "claim").id,
            "other": store.add_annotation(other.id, 2, 9, "claim", note="council").id,
        }
        store.delete_annotation(ids["deleted"])
    return AnnotatedDb(path=path, seed_id=seed.id, other_id=other.id, ids=ids)
