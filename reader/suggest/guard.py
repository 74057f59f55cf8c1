"""Suggestions never take the app down: a rule that fails on one quote or one sentence
is logged and that one suggestion skipped; the others are still made.

The record goes to the logger ``reader.suggest`` (level WARNING, with the traceback),
naming what was skipped, its offset in the article's text and the error.
When the environment variable ``READER_SUGGEST_STRICT`` is set (not empty, not ``0``)
the exception propagates instead: the test suite and the fuzz run (bench/fuzz) set it,
so a failing rule is a failing test there, not a log line.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["LOGGER", "STRICT_ENV", "skipped_on_error", "strict"]

#: Where a skipped suggestion is recorded.
LOGGER = logging.getLogger("reader.suggest")

#: Set (to anything but "" or "0") to let a failing rule raise.
STRICT_ENV = "READER_SUGGEST_STRICT"


def strict() -> bool:
    """Whether a failing rule raises (``READER_SUGGEST_STRICT`` is set) rather than
    being logged and skipped."""
    return os.environ.get(STRICT_ENV, "") not in ("", "0")


@contextmanager
def skipped_on_error(what: str, at: int) -> Iterator[None]:
    """Run the ``with`` block; an ``Exception`` raised in it is logged as a WARNING on
    :data:`LOGGER` ("suggestions: skipped <what> at offset <at>: <error>", with the
    traceback) and the rest of the block is skipped, so the caller goes on with the next
    suggestion. Under :func:`strict` it propagates instead."""
    try:
        yield
    except Exception as error:
        if strict():
            raise
        LOGGER.warning(
            "suggestions: skipped %s at offset %d: %s: %s",
            what,
            at,
            type(error).__name__,
            error,
            exc_info=True,
        )
