"""The C library's heap under the reader (glibc): how much of what Python frees it keeps
resident (issue 12's memory target, docs/performance.md). Elsewhere (macOS, musl, a
platform without ``ctypes``) these do nothing."""

from __future__ import annotations

import sys
from typing import Any

__all__ = ["give_back_freed_memory", "tune_heap"]

#: glibc's ``mallopt`` parameter numbers of ``M_MMAP_THRESHOLD`` and ``M_ARENA_MAX``.
_M_MMAP_THRESHOLD = -3
_M_ARENA_MAX = -8
#: Heaps (arenas) glibc may give the threads: the UI thread's, and one the others share.
_ARENAS = 2


def _glibc_function(name: str) -> Any | None:
    """The C library's function ``name`` on Linux, else ``None``."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        return getattr(ctypes.CDLL(None), name)
    except (OSError, AttributeError):  # not glibc (musl has mallopt, which ignores it)
        return None


def tune_heap() -> None:
    """Have the C library give every block of 128 KiB or more its own mapping, returned
    to the system when freed, and give all threads at most two heaps, for the whole run.

    By default glibc raises that threshold to the size of the largest such block freed
    (up to 32 MiB): after the 10 MB file's bytes and its 20 MB text are freed, the next
    blocks of that size come from the heap, which keeps what is freed: ~8 MB more
    resident on a 10 MB article. Nothing else changes."""
    mallopt = _glibc_function("mallopt")
    if mallopt is None:
        return
    mallopt(_M_MMAP_THRESHOLD, 128 * 1024)
    # Each thread that allocates (the import, the rules, the suggestion worker, SQLite
    # in each) otherwise gets a heap of its own, which keeps what it freed: ~2 MB more
    # resident once a 10 MB article's suggestions are made. Python code runs one thread
    # at a time, so sharing one heap among the others rarely makes one wait.
    mallopt(_M_ARENA_MAX, _ARENAS)


def give_back_freed_memory() -> None:
    """Return the free pages inside the C library's heaps to the system
    (``malloc_trim(0)``): after a big piece of work (a 10 MB article's suggestions,
    ~2 MB), which nothing will take again soon. A few milliseconds, outside Python's
    lock (a ``ctypes`` call): call it from a worker thread."""
    trim = _glibc_function("malloc_trim")
    if trim is not None:
        trim(0)
