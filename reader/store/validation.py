"""Checks and clean-ups of values given to the store, and small shared helpers.

Invalid input raises ``StoreError`` from here (never from SQLite): a tag name, a
colour, a status, an optional text field.
"""

from __future__ import annotations

import getpass
import re
from datetime import UTC, datetime

from reader.store.errors import StoreError
from reader.store.records import STATUSES

__all__ = [
    "CONTEXT_CHARS",
    "LIMITS",
    "TAG_MAX_LENGTH",
    "check_length",
    "check_status",
    "default_author",
    "normalise_colour",
    "normalise_tag_name",
    "optional_text",
    "snippet",
    "utc_now",
]

#: The longest value (characters) of each text field. Enforced where text enters the
#: store (import, add, edit: ``StoreError``) and on the values read from a shared file
#: (longer ones are skipped): what one reader keeps, another can merge. An article may
#: be 20,000,000 characters (about 20 MB of plain text).
LIMITS: dict[str, int] = {
    "id": 64,
    "text": 20_000_000,
    "structure": 200_000_000,
    "metadata": 100_000,
    "title": 2_000,
    "source": 2_000,
    "format": 20,
    "url": 4_000,
    "author": 200,
    "published": 200,
    "speaker": 500,
    "note": 20_000,
    "context": 64,  # prefix and suffix (32 are written)
    "exact": 20_000_000,
    "timestamp": 40,
    "description": 2_000,
}

#: Characters of context kept before (``prefix``) and after (``suffix``) an annotation.
CONTEXT_CHARS = 32
TAG_MAX_LENGTH = 40
_TAG_RE = re.compile(r"[\w -]+")  # letters and digits of any script, "_", "-", space
_COLOUR_RE = re.compile(r"#[0-9a-f]{6}")


def utc_now() -> str:
    """The current UTC time as ISO 8601 with microseconds and ``Z``."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def default_author() -> str:
    """The login name (``getpass.getuser()``), or ``"unknown"`` when it cannot be found."""
    try:
        name = getpass.getuser().strip()
    except Exception:  # getuser raises OSError/KeyError/ImportError depending on platform
        name = ""
    return name or "unknown"


def normalise_tag_name(name: str) -> str:
    """Strip, collapse inner whitespace and lowercase a tag name; validate it.

    A tag name is 1-40 characters of letters, digits, space, ``-`` and ``_``.
    """
    if not isinstance(name, str):
        raise StoreError("a tag name must be text")
    cleaned = " ".join(name.split()).lower()
    if not cleaned or len(cleaned) > TAG_MAX_LENGTH or not _TAG_RE.fullmatch(cleaned):
        raise StoreError(
            f"invalid tag name '{name}': use 1-{TAG_MAX_LENGTH} letters, digits, spaces, '-' or '_'"
        )
    return cleaned


def normalise_colour(colour: str) -> str:
    """A ``#rrggbb`` colour, stripped and lowercased; ``StoreError`` otherwise."""
    cleaned = colour.strip().lower() if isinstance(colour, str) else ""
    if not _COLOUR_RE.fullmatch(cleaned):
        raise StoreError(f"invalid colour '{colour}': use #rrggbb")
    return cleaned


def check_length(value: str | None, field: str, what: str | None = None) -> None:
    """``StoreError`` when ``value`` is longer than :data:`LIMITS` allows for ``field``
    (``what`` names it in the message; default: the field)."""
    limit = LIMITS.get(field)
    if value is None or limit is None or len(value) <= limit:
        return
    raise StoreError(
        f"{what or 'the ' + field} is {len(value):,} characters long; at most {limit:,} "
        "are accepted (a longer one could not be shared with other readers)"
    )


def optional_text(value: str | None, field: str) -> str | None:
    """Strip an optional text field; blank becomes ``None``. Longer than its limit in
    :data:`LIMITS`: ``StoreError``."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise StoreError(f"{field} must be text")
    cleaned = value.strip() or None
    check_length(cleaned, field)
    return cleaned


def check_status(status: str) -> str:
    """``status`` if it is one of :data:`STATUSES`; ``StoreError`` otherwise."""
    if status not in STATUSES:
        raise StoreError(f"invalid status '{status}': use one of {', '.join(STATUSES)}")
    return status


def snippet(text: str, limit: int = 30) -> str:
    """A short one-line quotation of ``text`` for history descriptions."""
    flat = " ".join(text.split())
    return f"“{flat if len(flat) <= limit else flat[: limit - 1] + '…'}”"
