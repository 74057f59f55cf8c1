"""Where the database lives by default."""

from __future__ import annotations

from pathlib import Path

import platformdirs

__all__ = ["DB_FILENAME", "default_db_path"]

DB_FILENAME = "reader.db"


def default_db_path() -> Path:
    """``reader.db`` in the per-user data directory (e.g. ``~/.local/share/reader``).

    The directory is not created here; :meth:`reader.store.Store.open` creates
    the missing parent directories of whatever path it is given.
    """
    return Path(platformdirs.user_data_dir("reader", appauthor=False)) / DB_FILENAME
