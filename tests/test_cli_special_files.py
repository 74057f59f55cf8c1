"""Files that are not regular files (a FIFO, a symlink to /dev/zero) and unreadable files:
every command that reads a file refuses them in one line, exit 1, and writes nothing.

The commands run in a child process with a time limit and a memory limit: before the
fix a FIFO blocked forever and /dev/zero was read until memory ran out.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from cli_helpers import AnnotatedDb, assert_one_line_error, make_annotated_db, run

pytestmark = pytest.mark.skipif(
    not hasattr(os, "mkfifo") or not Path("/dev/zero").exists(), reason="needs a FIFO and /dev/zero"
)

_SECONDS = 20
_MEMORY = 1 << 30  # 1 GiB: /dev/zero read whole fails at once instead of filling the machine
_MAIN = "import sys; from reader.cli import main; sys.exit(main(sys.argv[1:]))"


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (_MEMORY, _MEMORY))


def reader(*args: str | Path, home: Path) -> subprocess.CompletedProcess[str]:
    """Run ``reader ARGS`` in a child process; a run past the time limit is a failure."""
    env = {**os.environ, "HOME": str(home), "XDG_DATA_HOME": str(home / "data")}
    env.pop("READER_DB", None)
    try:
        return subprocess.run(
            [sys.executable, "-c", _MAIN, *map(str, args)],
            capture_output=True,
            text=True,
            timeout=_SECONDS,
            env=env,
            preexec_fn=_limit_memory,  # the child has no threads yet
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"reader {' '.join(map(str, args))} did not finish in {_SECONDS} s")


@pytest.fixture(params=["fifo", "dev-zero"])
def special(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Path, str]:
    """A FIFO, or a symlink to /dev/zero, with the kind the error names."""
    if request.param == "fifo":
        path = tmp_path / "pipe.md"
        os.mkfifo(path)
        return path, "a FIFO"
    path = tmp_path / "zero.db"
    path.symlink_to("/dev/zero")
    return path, "a character device"


@pytest.fixture
def db(tmp_path: Path) -> AnnotatedDb:
    return make_annotated_db(tmp_path / "annotated.db")


COMMANDS = {
    "import": ["--db", "{db}", "import", "{file}"],
    "open": ["--db", "{db}", "open", "{file}"],
    "default": ["--db", "{db}", "{file}"],
    "outline": ["outline", "{file}"],
    "suggest": ["suggest", "--json", "{file}"],
    "import-annotations": ["--db", "{db}", "import-annotations", "{file}"],
    "import-annotations-csv": ["--db", "{db}", "import-annotations", "--format", "csv", "{file}"],
    "merge": ["--db", "{db}", "merge", "{file}"],
    "agree-two": ["agree", "{db}", "{file}"],
    "agree-one": ["agree", "{file}", "--author", "a", "--author", "b"],
    "db": ["--db", "{file}", "articles"],
}


@pytest.mark.parametrize("command", list(COMMANDS))
def test_non_regular_files_are_refused_in_one_line(
    tmp_path: Path, db: AnnotatedDb, special: tuple[Path, str], command: str
) -> None:
    path, kind = special
    before = db.path.read_bytes()
    args = [a.format(db=db.path, file=path) for a in COMMANDS[command]]
    done = reader(*args, home=tmp_path / "home")
    assert done.returncode == 1, (done.returncode, done.stdout, done.stderr)
    assert done.stderr.splitlines() == [f"reader: error: {path}: not a regular file ({kind})"]
    assert done.stdout == ""
    assert db.path.read_bytes() == before
    assert not (tmp_path / "home").exists()  # no default database created either


def test_a_symlink_to_a_regular_file_is_read(tmp_path: Path) -> None:
    target = tmp_path / "real.md"
    target.write_text("# Title\n\nA sentence here. Another one.\n", encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(target)
    result = run("outline", link)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "Title"


def test_an_unreadable_file_is_an_error_not_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Root reads any file, so the unreadable file is simulated: os.access says no (click
    # asked it and made this a usage error, exit 2) and reading it fails.
    path = tmp_path / "secret.txt"
    path.write_text("A sentence.\n")
    real_access = os.access
    monkeypatch.setattr(
        os, "access", lambda p, mode, **kw: False if Path(p) == path else real_access(p, mode)
    )
    real_read_bytes = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return real_read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    for args in (["import"], ["outline"], ["open"], [], ["suggest"]):
        line = assert_one_line_error(run("--db", tmp_path / "x.db", *args, path))
        assert line == f"reader: error: {path}: cannot read file (Permission denied)"
    assert not (tmp_path / "x.db").exists()
