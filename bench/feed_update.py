"""Benchmark: ``reader feed update`` of a 50-item feed whose 50 pages are served on
127.0.0.1 (tests/web_server.py, in a thread of this process).

Times the first update (the feed, 50 pages fetched, extracted with trafilatura and
stored) and a second one (the feed again, nothing new), each through the CLI
in-process, against the baseline of fetching the same feed and pages with a bare
httpx client (what any update must do). Nothing leaves the machine. No target (issue
11 set none): the figures are reported.

    python bench/feed_update.py [--items 50]
    python bench/feed_update.py --quick        (5 items: proves it works)
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import httpx
from click.testing import CliRunner
from support.figures import Figure, bench_arguments, report

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from web_server import serve  # noqa: E402

from reader.cli import cli  # noqa: E402
from reader.store import Store  # noqa: E402


def main() -> None:
    parser = bench_arguments(__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, help="items in the feed [default 50; --quick 5]")
    args = parser.parse_args()
    args.items = args.items or (5 if args.quick else 50)
    with serve() as server, tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        with httpx.Client() as client:
            client.get(server.url(f"feed/{args.items}.xml")).raise_for_status()
            for k in range(1, args.items + 1):
                client.get(server.url(f"feed/item/{k}.html")).raise_for_status()
        fetch_only = time.perf_counter() - start
        server.requests.clear()
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
    note = f"{args.items} items on 127.0.0.1 vs fetching them with bare httpx; no target"
    report(
        [
            Figure("feed update", timings[0], "s", "", baseline=fetch_only, note=note),
            Figure("feed update, nothing new", timings[1], "s", "", baseline=fetch_only, note=note),
        ],
        args.json,
    )


if __name__ == "__main__":
    main()
