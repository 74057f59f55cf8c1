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
        if f"`{name}`" not in body and not (
            name.endswith("__init__.py") and "__init__.py" in body
        ):
            missing.append(str(rel))
    assert missing == []
