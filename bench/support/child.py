"""What the memory benchmarks share: a figure of this process's ``/proc/self/status``,
and a script's ``--child`` mode run in a fresh process, its last line read as JSON (a
fresh process, so that one measure's memory is not another's)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def status_kb(field: str) -> int:
    """A ``/proc/self/status`` figure (VmHWM, VmRSS) in kB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"no {field} in /proc/self/status")


def run_child(script: str, *args: str) -> dict[str, float]:
    """``script --child ARGS`` in a fresh Python; the JSON object it printed last."""
    out = subprocess.run(
        [sys.executable, script, "--child", *args],
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, float] = json.loads(out.stdout.splitlines()[-1])
    return result
