"""docs/architecture.md names every module of reader/ in its package's section (issue 10)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def sections() -> dict[str, str]:
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    parts = re.split(r"^## (\S+).*$", text, flags=re.MULTILINE)
    return {parts[i]: parts[i + 1] for i in range(1, len(parts) - 1, 2)}


def test_every_module_is_named_in_its_package_section() -> None:
    found = sections()
    missing = []
    for path in sorted((ROOT / "reader").rglob("*.py")):
        rel = path.relative_to(ROOT / "reader")
        if len(rel.parts) == 1:
            section, name = "reader", rel.name
        else:
            section, name = f"reader/{rel.parts[0]}", "/".join(rel.parts[1:])
        body = found.get(section, "")
        if f"`{name}`" not in body and not (name.endswith("__init__.py") and "__init__.py" in body):
            missing.append(str(rel))
    assert missing == []


def test_merge_and_share_use_only_public_store_methods() -> None:
    """merge.py and share.py reach the store through its public methods (no
    ``store._free_article_id``, ``store._ensure_tag``, ``store._resolve``, ``store._one``)."""
    import ast

    for name in ("merge.py", "share.py"):
        tree = ast.parse((ROOT / "reader" / "store" / name).read_text(encoding="utf-8"))
        private = [
            f"{name}:{node.lineno} store.{node.attr}"
            for node in ast.walk(tree)
            if isinstance(node, ast.Attribute)
            and node.attr.startswith("_")
            and isinstance(node.value, ast.Name)
            and node.value.id in ("store", "fresh")
        ]
        assert private == []
