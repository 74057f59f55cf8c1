"""Make text from files and databases safe to show on a terminal (the one sanitiser).

An imported file can carry escape sequences that move the cursor, change the
window title or hide text, and bidi override characters that make text read
differently from how it is stored. Two ways to deal with them, for two uses:

- ``terminal_safe`` removes them (the CLI's printed lines);
- ``visible_text`` / ``one_line`` replace each one with a visible stand-in of the
  same length, so str offsets into the article text stay valid for what the UI
  draws on screen.
"""

from __future__ import annotations

import re

__all__ = ["BIDI_CONTROLS", "one_line", "terminal_safe", "visible_text"]

# Escape sequences first (so their parameters go with them), then single characters.
_ESCAPE_SEQUENCE = re.compile(
    r"""
      (?:\x1b\[|\x9b) [0-?]* [ -/]* [@-~]                    # CSI ... final byte
    | (?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f]) .*? (?:\x07|\x1b\\|\x9c|$)
                                                            # OSC / DCS / SOS / PM / APC strings
    | \x1b [ -/]* [0-~]?                                     # other ESC sequences (two bytes +)
    """,
    re.VERBOSE | re.DOTALL,
)

#: Bidi controls that make text read differently from how it is stored: embeddings,
#: overrides, isolates and the directional marks. The UI's ``visible_text`` uses them too.
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"

# C0 controls except \t and \n, DEL, C1 controls, and the bidi controls.
_UNSAFE_CHARS = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{BIDI_CONTROLS}]")


def terminal_safe(text: str) -> str:
    """Return ``text`` without escape sequences, control characters (other than
    newline and tab) or bidi override characters."""
    return _UNSAFE_CHARS.sub("", _ESCAPE_SEQUENCE.sub("", text))


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
