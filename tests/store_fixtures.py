"""Fixtures for the store tests, loaded with ``pytest_plugins = ["store_fixtures"]``.

Kept out of conftest.py, which other parts of the project edit too.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.store import Store


@pytest.fixture
def mem_store() -> Iterator[Store]:
    """A fresh in-memory store authored by "tester"."""
    with Store.open(":memory:", author="tester") as store:
        yield store


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where a file database for the test goes (not created)."""
    return tmp_path / "reader.db"


@pytest.fixture
def file_store(db_path: Path) -> Iterator[Store]:
    """A fresh store in a file, with a short busy timeout."""
    with Store.open(db_path, author="tester", busy_timeout_ms=200) as store:
        yield store
