"""Move a sealed batch into the labelled set as held-out, for its one measurement.

Run from the repository root: ``.venv/bin/python tests/data/suggest_incoming/admit_batch.py 20``
then ``.venv/bin/python bench/suggest.py --no-speed --misses heldout20``.

Each ``batchN/NAME.json`` (and its article) becomes ``tests/data/suggest/heldoutN_NAME``
(a leading ``bN_`` is dropped) with ``"split": "heldout"``, ``"batch": N`` and, unless
the file says otherwise, ``"labels": 2`` (the labelling rules of issue 14, see
tests/data/suggest/README.md). Nothing is measured or printed about the articles.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
LABELLED = HERE.parent / "suggest"


def admit(batch: int) -> list[Path]:
    """Move sealed batch ``batch`` into the labelled set; returns the new label files."""
    folder = HERE / f"batch{batch}"
    if not folder.is_dir():
        raise SystemExit(f"reader: error: no sealed batch {batch} in {HERE}")
    moved = []
    for label_path in sorted(folder.glob("*.json")):
        label = json.loads(label_path.read_text(encoding="utf-8"))
        stem = label_path.stem.removeprefix(f"b{batch}_")
        article = folder / label["file"]
        new_article = LABELLED / f"heldout{batch}_{stem}{article.suffix}"
        new_label = LABELLED / f"heldout{batch}_{stem}.json"
        if new_article.exists() or new_label.exists():
            raise SystemExit(f"reader: error: {new_label.name} is already in the labelled set")
        shutil.move(str(article), new_article)
        label.update(file=new_article.name, split="heldout", batch=batch)
        label.setdefault("labels", 2)
        new_label.write_text(json.dumps(label, indent=2, ensure_ascii=False) + "\n", "utf-8")
        label_path.unlink()
        moved.append(new_label)
    if not any(folder.iterdir()):
        folder.rmdir()
    return moved


if __name__ == "__main__":
    for number in sys.argv[1:]:
        for path in admit(int(number)):
            print(path.relative_to(HERE.parent.parent.parent))
