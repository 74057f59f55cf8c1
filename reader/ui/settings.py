"""The user's settings (for now: the chosen theme), kept in a small JSON file.

The file is ``settings.json`` in the user config directory
(``platformdirs.user_config_dir("reader")``, e.g. ``~/.config/reader``), or in
the directory named by ``READER_CONFIG_DIR`` (tests use it). It is written
atomically (a temporary file in the same directory, then ``os.replace``). A
missing, unreadable or malformed file gives the defaults; failing to write it
is never an error for the user, only a setting not kept.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

import platformdirs

__all__ = ["CONFIG_DIR_ENV", "SETTINGS_FILENAME", "Settings", "load_settings", "save_settings"]

CONFIG_DIR_ENV = "READER_CONFIG_DIR"
SETTINGS_FILENAME = "settings.json"
_MAX_BYTES = 64 * 1024


@dataclass(frozen=True, slots=True)
class Settings:
    """What is kept across runs; ``theme`` is a Textual theme name (None: the default)."""

    theme: str | None = None


def settings_path() -> Path:
    """Where the settings file lives (``READER_CONFIG_DIR`` wins over the user config dir)."""
    directory = os.environ.get(CONFIG_DIR_ENV) or platformdirs.user_config_dir(
        "reader", appauthor=False
    )
    return Path(directory).expanduser() / SETTINGS_FILENAME


def load_settings(path: Path | None = None) -> Settings:
    """Read the settings; anything missing or malformed falls back to the default."""
    path = settings_path() if path is None else path
    try:
        with path.open("rb") as handle:
            data = json.loads(handle.read(_MAX_BYTES + 1)[:_MAX_BYTES].decode("utf-8"))
    except (OSError, ValueError):
        return Settings()
    if not isinstance(data, dict):
        return Settings()
    theme = data.get("theme")
    ok = isinstance(theme, str) and 0 < len(theme) <= 100 and theme.isprintable()
    return Settings(theme=theme if ok else None)


def save_settings(settings: Settings, path: Path | None = None) -> bool:
    """Write the settings atomically; False (and nothing half-written) when it fails."""
    path = settings_path() if path is None else path
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(prefix=".settings-", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(asdict(settings), handle, ensure_ascii=False, indent=2)
                handle.write("\n")
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError:
        return False
    return True
