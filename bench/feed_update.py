"""Benchmark: ``reader feed update`` of a 50-item feed whose 50 pages are served on
127.0.0.1 (tests/web_server.py, in a thread of this process).

Times the first update (the feed, 50 pages fetched, extracted with trafilatura and
stored) and a second one (the feed again, nothing new), each through the CLI
in-process. Nothing leaves the machine.

    python bench/feed_update.py [--items 50]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from web_server import serve  # noqa: E402

from reader.cli import cli  # noqa: E402
from reader.store import Store  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=50)
    args = parser.parse_args()
    with serve() as server, tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        with Store.open(db, author="bench") as store:
            store.add_feed(server.url(f"feed/{args.items}.xml"))
        runner = CliRunner()
        timings = []
        for _ in range(2):
            start = time.perf_counter()
            result = runner.invoke(cli, ["--db", str(db), "feed", "update"], prog_name="reader")
            timings.append(time.perf_counter() - start)
            if result.exit_code != 0:
                raise SystemExit(f"feed update failed: {result.output}")
            print(result.output.strip())
        with Store.open(db, author="bench") as store:
            articles = len(store.list_articles())
        pages = sum(n for path, n in server.requests.items() if path.startswith("/feed/item/"))
    print(
        f"feed update of {args.items} new items: {timings[0]:.2f} s "
        f"({timings[0] / args.items * 1000:.0f} ms per item; {pages} pages fetched, "
        f"{articles} articles stored)"
    )
    print(f"feed update with nothing new: {timings[1]:.3f} s")


if __name__ == "__main__":
    main()
