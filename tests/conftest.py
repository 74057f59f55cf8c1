"""Fixtures for every test: the app's settings file never touches the user's own."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _private_config_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch) -> Path:
    """``READER_CONFIG_DIR`` points at a fresh directory for each test."""
    directory = tmp_path_factory.mktemp("config")
    monkeypatch.setenv("READER_CONFIG_DIR", str(directory))
    return directory


@pytest.fixture(autouse=True)
def _suggestion_rules_raise(monkeypatch) -> None:
    """A failing suggestion rule raises in every test (the app logs it and skips that one
    suggestion: reader/suggest/guard.py); tests of the guard itself unset this."""
    monkeypatch.setenv("READER_SUGGEST_STRICT", "1")


# The team tests' PostgreSQL server (tests/pg_fixtures.py), shared by their modules.
from pg_fixtures import pg_server, team_db  # noqa: E402, F401
