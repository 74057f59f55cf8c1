"""A real terminal for the benchmarks: a private tmux server, 100x30, polled for text.

The start-up benchmark (bench/startup.py) launches a program in a new tmux window and
polls ``capture-pane`` until a given text is on the screen: what a person sees, not what
the program says it has drawn. The same polling is used for every program measured in
a run, so its cost (a few ms per poll) falls on the baseline as much as on the reader.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import subprocess
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

WIDTH = 100
HEIGHT = 30
#: Seconds between two looks at the screen (each look is a ``tmux capture-pane``).
POLL = 0.005
#: Seconds a program is given to exit after its quit key; a slower quit counts as this.
QUIT_WAIT = 20.0


class TerminalTimeout(RuntimeError):
    """The text never appeared (or the program never exited) within the time allowed."""


@dataclass(frozen=True)
class Launched:
    """A program started in its own tmux window: its pane and process id, and when."""

    pane: str
    pid: int
    started: float


class Tmux:
    """A tmux server of our own (its own socket), killed when the context ends."""

    def __init__(self, socket: str) -> None:
        self.socket = socket

    def run(self, *args: str) -> str:
        """One tmux command on our server; its standard output."""
        result = subprocess.run(
            ["tmux", "-L", self.socket, *args],
            check=True,
            capture_output=True,
            text=True,
        )
        return result.stdout

    def launch(self, argv: list[str], env: Mapping[str, str], cwd: Path) -> Launched:
        """Start ``argv`` (with ``env`` added) in a new 100x30 window; ``exec`` makes the
        pane's process the program itself, so its pid is the one to watch."""
        exports = " ".join(f"{name}={shlex.quote(value)}" for name, value in env.items())
        command = f"cd {shlex.quote(str(cwd))} && exec env {exports} {shlex.join(argv)}"
        started = time.perf_counter()
        printed = self.run("new-window", "-d", "-P", "-F", "#{pane_id} #{pane_pid}", command)
        pane, pid = printed.split()
        return Launched(pane, int(pid), started)

    def screen(self, pane: str) -> str:
        """The text on the pane's screen now."""
        return self.run("capture-pane", "-p", "-t", pane)

    def wait_for(self, launched: Launched, text: str, timeout: float = 60.0) -> float:
        """Seconds from the launch until ``text`` is on the screen."""
        deadline = launched.started + timeout
        while time.perf_counter() < deadline:
            if text in self.screen(launched.pane):
                return time.perf_counter() - launched.started
            if not alive(launched.pid):
                raise TerminalTimeout(f"the program exited before showing {text!r}")
            time.sleep(POLL)
        raise TerminalTimeout(f"{text!r} not on the screen after {timeout:.0f} s")

    def send_keys(self, pane: str, *keys: str) -> None:
        """Type ``keys`` (tmux key names) into the pane."""
        self.run("send-keys", "-t", pane, *keys)

    def quit_time(self, launched: Launched, key: str = "q", timeout: float = QUIT_WAIT) -> float:
        """Press ``key``; seconds until the program's process is gone (``timeout`` when it
        still runs then: the caller ends it)."""
        start = time.perf_counter()
        self.send_keys(launched.pane, key)
        while time.perf_counter() < start + timeout:
            if not alive(launched.pid):
                return time.perf_counter() - start
            time.sleep(POLL / 5)
        return timeout

    def close(self, launched: Launched) -> None:
        """End the program if it still runs (its window goes with it)."""
        with contextlib.suppress(subprocess.CalledProcessError):
            self.run("kill-window", "-t", launched.pane)
        deadline = time.perf_counter() + 10
        while alive(launched.pid) and time.perf_counter() < deadline:
            time.sleep(0.01)


def _state(pid: int) -> str | None:
    """The process state letter from /proc (None when there is no such process)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat.rsplit(")", 1)[1].split()[0]


def alive(pid: int) -> bool:
    """Whether the process runs (a zombie, exited but not yet reaped, does not)."""
    return _state(pid) not in (None, "Z", "X")


def status_bytes(pid: int, field: str) -> int:
    """A memory field of /proc/PID/status (``VmRSS``, ``VmHWM``...) in bytes."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) * 1024
    raise LookupError(f"no {field} for process {pid}")


def peak_rss_bytes(pid: int) -> int:
    """The process's peak resident memory so far (``VmHWM`` in /proc/PID/status)."""
    return status_bytes(pid, "VmHWM")


def reader_env(db: Path, home: Path) -> dict[str, str]:
    """The environment of a reader run on ``db``: its settings and data under ``home``
    (never the user's), a 256-colour terminal."""
    return {
        "READER_DB": str(db),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_STATE_HOME": str(home / "state"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "TERM": "xterm-256color",
    }


def cpu_seconds(pid: int) -> float:
    """The process's CPU time so far, every thread's (utime + stime in /proc/PID/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wait_until_idle(
    pid: int,
    window: float = 1.5,
    busy_share: float = 0.05,
    timeout: float = 180.0,
    *,
    each: Callable[[], object] | None = None,
    every: float = 0.01,
) -> float:
    """Wait until the process has used under ``busy_share`` of a core for ``window``
    seconds (its background work done: an import, the suggestions); seconds waited.
    ``each``, when given, is called every ``every`` seconds meanwhile (a sample)."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        before = cpu_seconds(pid)
        if each is None:
            time.sleep(window)
        else:
            until = time.perf_counter() + window
            while time.perf_counter() < until:
                each()
                time.sleep(every)
        if cpu_seconds(pid) - before < busy_share * window:
            break
    return time.perf_counter() - start


@contextlib.contextmanager
def tmux_server() -> Iterator[Tmux]:
    """A fresh tmux server on a private socket, 100x30, without the user's tmux.conf."""
    tmux = Tmux(f"reader-bench-{os.getpid()}")
    tmux.run(
        "-f", "/dev/null", "new-session", "-d", "-x", str(WIDTH), "-y", str(HEIGHT),
        "-s", "bench", "sleep 86400",
    )  # fmt: skip
    try:
        yield tmux
    finally:
        with contextlib.suppress(subprocess.CalledProcessError):
            tmux.run("kill-server")
