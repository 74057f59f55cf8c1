"""Make text from files and databases safe to show in the terminal.

Control characters, escape sequences and bidi overrides must never reach the
terminal. The replacement keeps the length of the string, so str offsets into
the article text stay valid for what is drawn on screen.
"""

from __future__ import annotations

from reader.io.safe_text import BIDI_CONTROLS

_REPLACEMENT = "\ufffd"


def _build_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0x20):
        # Show C0 controls as Unicode control pictures (ESC -> "␛"), tab as a space.
        table[code] = " " if code == 0x09 else chr(0x2400 + code)
    table[0x7F] = "\u2421"
    for code in range(0x80, 0xA0):
        table[code] = _REPLACEMENT
    for char in BIDI_CONTROLS:
        table[ord(char)] = _REPLACEMENT
    return table


_TABLE = _build_table()


def visible_text(text: str) -> str:
    """Return ``text`` with every control, escape and bidi character replaced by a
    visible stand-in of the same length (one character for one character)."""
    return text.translate(_TABLE)


def one_line(text: str | None, limit: int | None = None) -> str:
    """``visible_text`` for a single-line cell: newlines become spaces, and the
    result is shortened with an ellipsis to ``limit`` characters when given."""
    if not text:
        return ""
    flat = visible_text(text.replace("\n", " ").replace("\r", " "))
    if limit is not None and len(flat) > limit:
        return flat[: max(limit - 1, 0)].rstrip() + "…"
    return flat
