"""What the CLI does with an unexpected exception (a bug, not the user's input).

The traceback goes to a new file in the log directory, and the user sees one line:
``reader: internal error: <type>: <message> (details in <file>)``, exit code 2.
The log directory is ``$READER_LOG_DIR`` when set, else the per-user log directory
(platformdirs ``user_log_dir("reader")``, e.g. ``~/.local/state/reader/log``).
"""

from __future__ import annotations

import os
import traceback
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

import click
import platformdirs

from reader.model.safe_text import terminal_safe

__all__ = ["EXIT_INTERNAL", "LOG_DIR_ENVVAR", "InternalError", "log_dir", "write_crash_log"]

LOG_DIR_ENVVAR = "READER_LOG_DIR"
EXIT_INTERNAL = 2


def log_dir() -> Path:
    """Where crash logs go: ``$READER_LOG_DIR`` or the per-user log directory."""
    given = os.environ.get(LOG_DIR_ENVVAR)
    if given:
        return Path(given).expanduser()
    return Path(platformdirs.user_log_dir("reader", appauthor=False))


def write_crash_log(exc: BaseException, argv: list[str] | None = None) -> Path:
    """Write the traceback of ``exc`` (and the command line) to a new file; its path.

    Raises ``OSError`` when the file cannot be written.
    """
    directory = log_dir()
    directory.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S.%fZ")
    path = directory / f"internal-error-{stamp}-{os.getpid()}.log"
    from reader import __version__

    with path.open("x", encoding="utf-8") as out:
        out.write(f"reader {__version__}, {stamp}\n")
        if argv is not None:
            out.write(f"arguments: {argv!r}\n")
        out.write("".join(traceback.format_exception(exc)))
    return path


class InternalError(click.ClickException):
    """An unexpected exception, shown as one line naming the log file; exit code 2."""

    exit_code = EXIT_INTERNAL

    def __init__(self, exc: BaseException, argv: list[str] | None = None) -> None:
        summary = " ".join(str(exc).split()) or "(no message)"
        try:
            where = f"details in {write_crash_log(exc, argv)}"
        except OSError as error:
            where = f"no log written: {error.strerror or error}"
        super().__init__(f"{type(exc).__name__}: {summary} ({where})")

    def show(self, file: IO[Any] | None = None) -> None:
        """Print the one line on stderr (or ``file``), terminal-safe."""
        line = terminal_safe(" ".join(self.message.split()))
        click.echo(f"reader: internal error: {line}", file=file, err=file is None)
