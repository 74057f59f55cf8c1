"""Progress bars on stderr for long imports, exports and merges (rich.progress).

``progress(iterable, total, description)`` yields the items of ``iterable``
unchanged. When stderr is a terminal it shows a transient bar (a counter when
the total is unknown); otherwise it returns ``iterable`` itself, so a pipe,
a log file or a test sees nothing and pays nothing.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import IO, TypeVar

__all__ = ["progress", "stderr_is_terminal", "steps"]

T = TypeVar("T")

#: Items between two updates of the bar: updating it per item would cost more than the work.
_STEP = 4096


def stderr_is_terminal(stream: IO[str] | None = None) -> bool:
    """True when ``stream`` (default: ``sys.stderr``) is an interactive terminal."""
    stream = sys.stderr if stream is None else stream
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # a closed or unusual stream
        return False


def progress(
    iterable: Iterable[T],
    total: int | Callable[[], int] | None = None,
    description: str = "",
    *,
    stream: IO[str] | None = None,
    every: int = _STEP,
) -> Iterable[T]:
    """``iterable``, with a progress bar on stderr (or ``stream``) when it is a terminal.

    ``total`` may be a callable, called only when a bar is actually shown (so a
    ``SELECT count(*)`` is not run for a pipe). The bar moves every ``every`` items
    and disappears when done.
    """
    stream = sys.stderr if stream is None else stream
    if not stderr_is_terminal(stream):
        return iterable
    total = total() if callable(total) else total
    return _with_bar(iterable, total, description, stream, max(every, 1))


def _with_bar(
    iterable: Iterable[T], total: int | None, description: str, stream: IO[str], every: int
) -> Iterator[T]:
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    columns = [
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    ]
    with Progress(*columns, console=Console(file=stream), transient=True) as bar:
        task = bar.add_task(description, total=total)
        done = 0
        for item in iterable:
            yield item
            done += 1
            if done % every == 0:
                bar.update(task, completed=done)
        bar.update(task, completed=done)


@contextmanager
def steps(
    total: int, description: str = "", *, stream: IO[str] | None = None
) -> Iterator[Callable[[str], None]]:
    """A bar of ``total`` named steps on stderr (or ``stream``) when it is a terminal.

    Yields ``advance(label)``: call it as each step begins. Silent (and free)
    when the stream is not a terminal.
    """
    stream = sys.stderr if stream is None else stream
    if not stderr_is_terminal(stream):
        yield lambda label: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn

    columns = [SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn()]
    with Progress(*columns, console=Console(file=stream), transient=True) as bar:
        task = bar.add_task(description, total=total)
        started = 0

        def advance(label: str) -> None:
            nonlocal started
            bar.update(task, completed=started, description=f"{description} {label}".strip())
            started += 1

        yield advance
        bar.update(task, completed=total)
