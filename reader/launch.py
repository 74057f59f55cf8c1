"""The console command ``reader`` (``reader = reader.launch:main`` in pyproject.toml).

A bare ``reader`` (no argument, no shell completion asked: the command run most) opens
without importing click and its commands (reader/cli_open.py), with Python's cyclic
garbage collector paused from its first import on: importing the store, Textual and the
app makes objects enough for tens of collections (~4 ms; start-up, issue 12). The app
resumes the collector once its first text is drawn (``ReaderApp.run``). Anything else
is the click command line (reader/cli.py), imported with the collector running.
"""

from __future__ import annotations

import gc
import os
import sys
from typing import Any

__all__ = ["COMPLETE_ENVVAR", "main"]

#: Set by a shell asking click for completions (``reader`` with no argument then).
COMPLETE_ENVVAR = "_READER_COMPLETE"


def main() -> Any:
    """Console entry point: a bare ``reader`` opens without click; anything else is
    :func:`reader.cli.main`."""
    if sys.argv[1:] or os.environ.get(COMPLETE_ENVVAR):
        from reader.cli import main as cli_main

        return cli_main()
    collecting = gc.isenabled()
    gc.disable()
    try:
        from reader.cli_open import open_bare

        return open_bare()
    finally:
        if collecting:
            gc.enable()
