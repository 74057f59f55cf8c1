"""The one check made before a file named by the user is opened for reading.

It lives in the model, below both ``reader.io`` and ``reader.store`` which need it, as
the one exception to the model's "no I/O": it only looks at a path's type (``os.stat``)
and never opens anything.

Only a regular file (or a symlink to one) is read: a FIFO would block the read
forever and ``/dev/zero`` would be read until memory runs out. Every reader of
user files (articles, annotation files, shared and main databases) asks
:func:`not_regular_file` first and raises its own error with the message.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import stat
from collections.abc import Iterator
from pathlib import Path

__all__ = ["new_file_mode", "not_regular_file", "replaceable_target", "signals_held"]

_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def not_regular_file(path: str | os.PathLike[str]) -> str | None:
    """``"<path>: not a regular file (a FIFO)"`` (or a character device, a block device,
    a socket, a directory) when ``path`` exists and, symlinks followed, is not a regular
    file; ``None`` for a regular file or a path that cannot be looked at (the caller's
    own open then reports why: missing, permission denied ...)."""
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return None
    if stat.S_ISREG(mode):
        return None
    kind = next((name for test, name in _KINDS if test(mode)), "an unknown kind")
    return f"{os.fspath(path)}: not a regular file ({kind})"


def replaceable_target(path: str | os.PathLike[str]) -> Path:
    """Where an output file named ``path`` really goes: symbolic links followed (the link
    is kept and the file it points to replaced), a missing file allowed.

    Raises ``IsADirectoryError`` for a directory and ``OSError`` (``EINVAL``) for an
    existing file that is not a regular file (a FIFO, a device such as ``/dev/full``, a
    socket), both naming ``path``: writing through a temporary file and renaming it would
    replace it. Like :func:`not_regular_file` it only looks at the path's type.
    """
    target = Path(os.path.realpath(os.fspath(path)))
    try:
        info = target.stat()
    except FileNotFoundError:
        return target
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror, os.fspath(path)) from exc
    if stat.S_ISDIR(info.st_mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), os.fspath(path))
    if not stat.S_ISREG(info.st_mode):
        raise OSError(errno.EINVAL, "not a regular file (refusing to replace it)", os.fspath(path))
    return target


def new_file_mode() -> int:
    """The permission bits ``open()`` gives a new file: 0o666 less the umask."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """Hold SIGTERM, SIGHUP and SIGINT during the block (delivered when it ends), so
    that an exception raised by their handlers cannot fall between creating a
    temporary file and recording its name. Where signals cannot be masked, nothing.
    (Beside the file check: both the exporters and the store's ``share`` write files.)"""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    wanted = {
        signal.SIGTERM,
        signal.SIGINT,
        *([signal.SIGHUP] if hasattr(signal, "SIGHUP") else []),
    }
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, wanted)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
