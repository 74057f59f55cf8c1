"""A real PostgreSQL server for the team tests, started once per test session.

``initdb`` and ``pg_ctl`` come from /usr/lib/postgresql/*/bin (Debian) or PATH. As root,
the server runs as the unprivileged ``postgres`` user (PostgreSQL refuses to run as
root). It listens on 127.0.0.1 and a socket in a temporary folder, on a free port;
local (socket) connections are trusted (the admin), TCP ones need a password
(scram-sha-256), as on a real team server. Without ``initdb`` the tests are skipped,
except in CI (``CI`` set), where that is a failure: CI must never skip them silently.
Mark: ``pg`` (deselect locally with ``-m "not pg"``).
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ADMIN_PASSWORD = "admin-secret"


def _find_bin(name: str) -> str | None:
    for directory in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        candidate = Path(directory) / name
        if candidate.exists():
            return str(candidate)
    return shutil.which(name)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass(frozen=True)
class PgServer:
    """A running test server: ``admin_url(db)`` for the superuser (socket, trusted),
    ``member_url(db, role, password)`` for a member over TCP with a password."""

    host_dir: str
    port: int

    def admin_url(self, dbname: str = "postgres") -> str:
        return f"postgresql://postgres@/{dbname}?host={self.host_dir}&port={self.port}"

    def member_url(self, dbname: str, role: str, password: str | None = None) -> str:
        auth = role if password is None else f"{role}:{password}"
        return f"postgresql://{auth}@127.0.0.1:{self.port}/{dbname}"

    def tcp_url(self, dbname: str) -> str:
        """No user, no password: the libpq defaults (PGUSER, PGPASSWORD, ...) fill them."""
        return f"postgresql://127.0.0.1:{self.port}/{dbname}"


def _as_postgres(args: list[str], **kwargs) -> subprocess.CompletedProcess:
    if os.geteuid() == 0:
        args = ["runuser", "-u", "postgres", "--", *args]
    return subprocess.run(args, check=True, capture_output=True, text=True, **kwargs)


def _chown_postgres(path: str) -> None:
    if os.geteuid() == 0:
        entry = pwd.getpwnam("postgres")
        os.chown(path, entry.pw_uid, entry.pw_gid)


def initdb_missing() -> bool:
    return _find_bin("initdb") is None or _find_bin("pg_ctl") is None


def start_private_server() -> PgServer:
    """initdb into a new temporary folder and start a server there (see the module doc)."""
    initdb, pg_ctl = _find_bin("initdb"), _find_bin("pg_ctl")
    assert initdb is not None and pg_ctl is not None
    root = tempfile.mkdtemp(prefix="reader-pg-")
    os.chmod(root, 0o755)
    data, sock = os.path.join(root, "data"), os.path.join(root, "sock")
    for directory in (data, sock):
        os.mkdir(directory, 0o700)
        _chown_postgres(directory)
    pwfile = os.path.join(root, "pw")
    Path(pwfile).write_text(ADMIN_PASSWORD + "\n")
    os.chmod(pwfile, 0o644)
    _as_postgres(
        [
            initdb,
            "-D",
            data,
            "-U",
            "postgres",
            "--auth-local=trust",
            "--auth-host=scram-sha-256",
            f"--pwfile={pwfile}",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        ]
    )
    log = os.path.join(root, "server.log")
    Path(log).touch()
    _chown_postgres(log)
    server = PgServer(sock, _free_port())
    start_server(server)
    return server


def stop_private_server(server: PgServer) -> None:
    """Stop the server at once and remove its folder."""
    with contextlib.suppress(subprocess.CalledProcessError):
        _as_postgres([pg_ctl_path(), "-D", data_dir(server), "-m", "immediate", "-w", "stop"])
    shutil.rmtree(os.path.dirname(server.host_dir), ignore_errors=True)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """Start a private PostgreSQL server for the session; stop it at the end."""
    if initdb_missing():
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL's initdb/pg_ctl not found in CI (.ci/run installs them)")
        pytest.skip("PostgreSQL's initdb not found (apt-get install postgresql); not in CI")
    server = start_private_server()
    try:
        yield server
    finally:
        stop_private_server(server)


def pg_ctl_path() -> str:
    found = _find_bin("pg_ctl")
    assert found is not None
    return found


def data_dir(server: PgServer) -> str:
    return os.path.join(os.path.dirname(server.host_dir), "data")


def stop_server(server: PgServer) -> None:
    """Stop the session's server (fast: connections are cut), for fault tests."""
    _as_postgres([pg_ctl_path(), "-D", data_dir(server), "-m", "fast", "-w", "stop"])


def server_running(server: PgServer) -> bool:
    try:
        _as_postgres([pg_ctl_path(), "-D", data_dir(server), "status"])
    except subprocess.CalledProcessError:
        return False
    return True


def start_server(server: PgServer) -> None:
    """Start it again on the same port and socket (nothing when it runs)."""
    if server_running(server):
        return
    options = f"-k {server.host_dir} -c listen_addresses=127.0.0.1 -p {server.port} -c fsync=off"
    log = os.path.join(os.path.dirname(server.host_dir), "server.log")
    _as_postgres([pg_ctl_path(), "-D", data_dir(server), "-l", log, "-o", options, "-w", "start"])


@pytest.fixture
def team_db(pg_server: PgServer) -> Iterator[str]:
    """A fresh, empty database on the session server; its name. Dropped afterwards."""
    import psycopg

    name = "team_" + uuid.uuid4().hex[:12]
    with psycopg.connect(pg_server.admin_url(), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield name
    with (
        contextlib.suppress(psycopg.Error),
        psycopg.connect(pg_server.admin_url(), autocommit=True) as conn,
    ):
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
