"""`reader articles [--json]` (issue 11, part 3): for each article its id, title, URL,
site, author, date, feed, read state, versions and annotation counts per tag; the plain
lines stay readable and terminal-safe."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from cli_helpers import make_annotated_db, run
from web_server import WebServer, serve

from reader.store import Store

JSON_KEYS = {
    "id",
    "title",
    "url",
    "site",
    "author",
    "published",
    "feed",
    "read",
    "read_at",
    "versions",
    "annotations",
    "annotation_count",
    "source",
    "imported_at",
}


@pytest.fixture(scope="module")
def server() -> Iterator[WebServer]:
    with serve() as running:
        yield running


@pytest.fixture
def env() -> dict[str, str]:
    return {"READER_HTTP_TIMEOUT": "5"}


def test_articles_json_gives_every_field(server: WebServer, tmp_path: Path, env) -> None:
    db = tmp_path / "reader.db"
    added = run("--db", db, "feed", "add", server.url("rss20.xml"), env=env)
    assert added.exit_code == 0, added.stderr
    with Store.open(db, author="tester") as store:
        harbour = next(e for e in store.library_entries() if e.title.startswith("Harbour"))
        for tag, start in (("claim", 0), ("claim", 10), ("quote", 20)):
            store.add_annotation(harbour.id, start, start + 5, tag)
        store.mark_read(harbour.id)
    data = json.loads(run("--db", db, "articles", "--json").stdout)
    assert len(data) == 3
    assert all(set(item) == JSON_KEYS for item in data)
    by_title = {item["title"]: item for item in data}
    item = by_title["Harbour plan approved after long debate"]
    assert item["annotations"] == {"claim": 2, "quote": 1}
    assert item["annotation_count"] == 3
    assert item["read"] is True and item["read_at"]
    assert item["feed"] == "The Coastal Courier: News"
    assert item["versions"] == 1
    assert item["url"].startswith("https://") and item["site"]
    assert item["author"] and item["published"]
    others = [i for i in data if i is not item]
    assert all(i["read"] is False and i["annotations"] == {} for i in others)
    assert all(i["feed"] == "The Coastal Courier: News" for i in others)

    lines = run("--db", db, "articles").stdout.splitlines()
    [line] = [x for x in lines if "Harbour plan" in x]
    assert line.startswith(f"{item['id']}  read    ")
    assert "3 annotations" in line and item["published"][:10] in line
    assert line.endswith(f"[{item['site']} · feed: The Coastal Courier: News]")
    assert sum(" unread  " in x for x in lines) == 2


def test_articles_json_for_files(tmp_path: Path) -> None:
    db = make_annotated_db(tmp_path / "reader.db")
    data = json.loads(run("--db", db.path, "articles", "--json").stdout)
    by_id = {item["id"]: item for item in data}
    seed = by_id[db.seed_id]
    assert seed["annotations"] == {"claim": 2, "quote": 2}  # the deleted claim not counted
    assert seed["annotation_count"] == 4
    assert (seed["url"], seed["site"], seed["feed"], seed["read"]) == (None, None, None, False)
    assert seed["versions"] == 1
    listed = run("--db", db.path, "articles").stdout
    assert f"[{by_id[db.other_id]['source']}]" in listed
