"""The console command ``reader`` (``reader = reader.launch:main`` in pyproject.toml).

A bare ``reader`` (no argument, no shell completion asked: the command run most) and
``reader FILE`` (one argument, an existing file that is no option and no command's name)
open without importing click and its commands (reader/cli_open.py), with Python's cyclic
garbage collector paused from its first import on: importing the store, Textual and the
app makes objects enough for tens of collections (~4 ms; start-up, issue 12). The app
resumes the collector once its first text is drawn (``ReaderApp.run``). Anything else
is the click command line (reader/cli.py), imported with the collector running; it
routes ``reader FILE`` to its default command, ``open``, as this does.
"""

from __future__ import annotations

import gc
import os
import sys
from typing import Any

__all__ = ["COMMANDS", "COMPLETE_ENVVAR", "main"]

#: Set by a shell asking click for completions (``reader`` with no argument then).
COMPLETE_ENVVAR = "_READER_COMPLETE"
#: The names of reader/cli.py's commands (a test checks they are its group's): a file of
#: one of these names is that command's to click (``reader export``), not a file to open.
COMMANDS = frozenset(
    {
        "agree",
        "articles",
        "conflicts",
        "export",
        "feed",
        "import",
        "import-annotations",
        "merge",
        "open",
        "orphans",
        "outline",
        "rechecks",
        "refresh",
        "search",
        "share",
        "suggest",
        "sync",
        "team",
    }
)


def main() -> Any:
    """Console entry point: a bare ``reader`` and ``reader FILE`` open without click;
    anything else is :func:`reader.cli.main`."""
    args = sys.argv[1:]
    file = _file_to_open(args)
    if os.environ.get(COMPLETE_ENVVAR) or (args and file is None):
        from reader.cli import main as cli_main

        return cli_main()
    collecting = gc.isenabled()
    gc.disable()
    try:
        from reader.cli_open import open_bare

        return open_bare(file)
    finally:
        if collecting:
            gc.enable()


def _file_to_open(args: list[str]) -> str | None:
    """The file of ``reader FILE`` that click would give its ``open`` command as is
    (its one argument, no option and no command, names an existing file); else None,
    and the command line is click's (its errors and messages included)."""
    if len(args) != 1:
        return None
    (arg,) = args
    if arg.startswith("-") or arg in COMMANDS or not os.path.isfile(arg):
        return None
    return arg
