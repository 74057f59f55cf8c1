"""Opening issue 12's 10 MB article: import, store, reopen, and the memory it takes.

Writes the big article (bench/support/big_article.py; 1 MB with ``--quick``) and runs
``reader open FILE`` twice in fresh child processes, as a person would (the Textual app
is imported but not run: in its place the reader screen's own load,
``Store.get_article``, is called), each child timing itself and reading its peak RSS
(``ru_maxrss``):

- **import**: the first open of the file: read, look its hash up (a miss), parse and
  segment, store, and the article handed to the screen;
- **reopen**: the second open: read, the hash found, the article loaded from the
  database (never parsed again).

The baseline, measured in the same run, is reading and normalising the same file: the
least any opening of this text has to do. Figures:

- "10 MB import": the first open (target <= 45x read + normalise: segmenting 100,000
  sentences is the bulk of it);
- "10 MB reopen": the second open (target <= 6x: read, hash, one indexed look-up and
  unpacking the stored structure; was parse + import + read back + load again);
- "10 MB structure load": unpacking the stored structure into the model, against the
  same structure parsed from the JSON the database kept before schema 10, both timed
  here (target <= 0.4x);
- "10 MB import peak RSS": the first open's peak resident memory, against issue 12's
  absolute target of 3x the file size + 60 MB.

    python bench/big_article.py [--quick] [--json PATH]
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.support.big_article import write_big_article  # noqa: E402
from bench.support.figures import Figure, bench_arguments, report  # noqa: E402

FULL_BYTES = 10_000_000
QUICK_BYTES = 1_000_000
REPEATS = 3


def _child(path: Path, db: Path) -> None:
    """In a child process: ``reader open FILE`` up to the screen's load; prints JSON."""
    from reader import cli
    from reader.ui import app as app_module

    loaded: list[str] = []

    class _Loaded:
        return_code = 0

        def run(self) -> None:
            """Nothing to run: the article was loaded as the screen loads it."""

    def create_app(store, article_id, **_kwargs):  # type: ignore[no-untyped-def]
        loaded.append(store.get_article(article_id).article.title)
        return _Loaded()

    app_module.create_app = create_app  # type: ignore[assignment]
    start = time.perf_counter()
    try:
        cli.main(["open", str(path), "--db", str(db), "--author", "bench"])
    except SystemExit as done:
        if done.code:
            raise
    seconds = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": seconds, "peak_mb": peak_kb / 1024, "loaded": len(loaded)}))


def _run_child(path: Path, db: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", str(path), str(db)],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    if result["loaded"] != 1:
        raise SystemExit("the child did not load the article")
    return result


def _read_normalise(path: Path) -> float:
    from reader.model.normalise import normalise_text

    start = time.perf_counter()
    normalise_text(path.read_text(encoding="utf-8"))
    return time.perf_counter() - start


def _structure_loads(path: Path) -> tuple[float, float]:
    """Seconds to rebuild the sections from the packed form and from the old JSON."""
    from reader.io.importers import load_article
    from reader.model.article import sections_from_structure
    from reader.model.packed import pack_sections, unpack_sections

    article = load_article(path)
    packed = pack_sections(article.sections)
    as_json = json.dumps(article.to_structure())
    del article
    packed_s, json_s = [], []
    for _ in range(REPEATS):
        start = time.perf_counter()
        unpack_sections(packed, None)
        packed_s.append(time.perf_counter() - start)
        start = time.perf_counter()
        sections_from_structure(json.loads(as_json))
        json_s.append(time.perf_counter() - start)
    return statistics.median(packed_s), statistics.median(json_s)


def main() -> None:
    parser = bench_arguments(__doc__.splitlines()[0])
    parser.add_argument("--child", nargs=2, type=Path, help=None)
    args = parser.parse_args()
    if args.child:
        _child(*args.child)
        return
    size = QUICK_BYTES if args.quick else FULL_BYTES
    label = f"{size // 1_000_000} MB"
    with tempfile.TemporaryDirectory() as folder:
        path = write_big_article(Path(folder) / "big.txt", size)
        megabytes = path.stat().st_size / 1e6
        base = statistics.median(_read_normalise(path) for _ in range(REPEATS))
        first = _run_child(path, Path(folder) / "reader.db")
        again = statistics.median(
            _run_child(path, Path(folder) / "reader.db")["seconds"] for _ in range(REPEATS)
        )
        packed_s, json_s = _structure_loads(path)
    note = f"{megabytes:.1f} MB file; baseline: read + normalise"
    report(
        [
            Figure(f"{label} import", first["seconds"], "s", "<= 45x", base, note=note),
            Figure(f"{label} reopen", again, "s", "<= 6x", base, note=note),
            Figure(
                f"{label} structure load",
                packed_s,
                "s",
                "<= 0.4x",
                json_s,
                note="packed (schema 10); baseline: the JSON of schema 9",
            ),
            Figure(
                f"{label} import peak RSS",
                first["peak_mb"],
                "MB",
                f"<= {3 * megabytes + 60:.0f} MB",
                megabytes,
                note="target 3x the file + 60 MB; baseline: the file's size",
            ),
        ],
        args.json,
    )


if __name__ == "__main__":
    main()
