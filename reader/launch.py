"""The console command ``reader`` (``reader = reader.launch:main`` in pyproject.toml).

A bare ``reader`` (no argument, no shell completion asked: the command run most) and
``reader FILE`` (one argument, an existing file that is no option and no command's name)
open without importing click and its commands (reader/cli_open.py), with Python's cyclic
garbage collector paused from its first import on: importing the store, Textual and the
app makes objects enough for tens of collections (~4 ms; start-up, issue 12). The app
resumes the collector once its first text is drawn (``ReaderApp.run``). Anything else
is the click command line (reader/cli.py), imported with the collector running; it
routes ``reader FILE`` to its default command, ``open``, as this does.

Those two also import asyncio (Textual's) and hashlib without OpenSSL: asyncio imports
``ssl`` and hashlib ``_hashlib`` when they can, and OpenSSL's library then takes ~3.5 MB
of resident memory that nothing on screen uses (issue 12's 10 MB peak). hashlib falls
back to Python's own SHA-256 (~20 ms more on a 10 MB file); ``ssl`` is imported, with
OpenSSL, by what needs it (an https fetch, a team server).
"""

from __future__ import annotations

import gc
import os
import sys
from typing import Any

__all__ = ["COMMANDS", "COMPLETE_ENVVAR", "OPENSSL_MODULES", "import_without_openssl", "main"]

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
        import_without_openssl()
        from reader.cli_open import open_bare

        return open_bare(file)
    finally:
        if collecting:
            gc.enable()


#: The extension modules that load OpenSSL's library (libcrypto, libssl).
OPENSSL_MODULES = ("_hashlib", "_ssl")


def import_without_openssl() -> None:
    """Import asyncio and hashlib with ``OPENSSL_MODULES`` unimportable (they then do
    without: no ``ssl`` in asyncio, Python's own hashes in hashlib), and make them
    importable again for what needs them later. Does nothing to a module already
    imported."""
    blocked = [name for name in OPENSSL_MODULES if name not in sys.modules]
    for name in blocked:
        sys.modules[name] = None  # type: ignore[assignment]  # import raises ImportError
    try:
        import asyncio  # noqa: F401
        import hashlib  # noqa: F401
    finally:
        for name in blocked:
            if name in sys.modules and sys.modules[name] is None:
                del sys.modules[name]


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
