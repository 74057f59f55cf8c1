"""The version of the suggestion rules: a hash of their sources, so it cannot go stale.

Suggestions are cached per article version and rules version (docs/schema.md,
``suggestion_runs.rules_version``, an INTEGER column). The version is computed when
the package is imported from the bytes of every source and data file of
``reader/suggest`` and of the model modules the rules read (sentence segmentation and
the shared lexicon), sorted by name: any change to a rule, a word list or the
segmentation gives a new version, and the cache is computed again. Line endings are
folded (a CRLF checkout gives the same version); ``__pycache__`` is left out.

The hash is kept as an integer so that the store's column stays as it is: 48 bits of
SHA-256 with bit 48 set, so it is never one of the small numbers written by hand before
(1 to 5) and caches written by them stay invalid.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

#: File name endings that hold rules or their data.
RULE_SUFFIXES = (".py", ".txt", ".json", ".csv", ".tsv")

_SUGGEST_DIR = Path(__file__).resolve().parent
_MODEL_DIR = _SUGGEST_DIR.parent / "model"
#: Model modules whose content changes what the rules suggest.
MODEL_SOURCES = ("segment.py", "lexicon.py")


def rule_files(suggest_dir: Path = _SUGGEST_DIR, model_dir: Path = _MODEL_DIR) -> list[Path]:
    """The files the rules version is computed from: the rule package's sources and data,
    then the model modules of :data:`MODEL_SOURCES` that exist."""
    own = sorted(
        path
        for path in suggest_dir.iterdir()
        if path.is_file() and path.name.endswith(RULE_SUFFIXES)
    )
    model = [model_dir / name for name in MODEL_SOURCES if (model_dir / name).is_file()]
    return own + model


def rules_version(files: Iterable[Path]) -> int:
    """A positive integer (below 2**49) that changes whenever a file's name or content does."""
    digest = hashlib.sha256()
    for path in files:
        digest.update(f"{path.parent.name}/{path.name}\0".encode())
        digest.update(path.read_bytes().replace(b"\r\n", b"\n"))
        digest.update(b"\0")
    return (1 << 48) | int(digest.hexdigest()[:12], 16)
