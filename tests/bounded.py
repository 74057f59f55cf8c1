"""Checking that work is bounded without timing it: run code in a child process on an
input large enough that a quadratic version would take many minutes, and fail if it has
not finished within a generous limit (the linear version takes well under a second)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

#: Far above what the linear code needs on a loaded machine, far below the quadratic code.
GENEROUS_SECONDS = 20.0


def finishes(code: str, seconds: float = GENEROUS_SECONDS) -> bool:
    """Whether ``code`` runs to a clean exit (its asserts pass) within ``seconds``.

    The child is killed when it is still running, so a regression costs the
    test run ``seconds``, not the quadratic code's minutes.
    """
    try:
        done = subprocess.run(
            [sys.executable, "-c", textwrap.dedent(code)],
            capture_output=True,
            text=True,
            timeout=seconds,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return False
    assert done.returncode == 0, done.stderr
    return True
