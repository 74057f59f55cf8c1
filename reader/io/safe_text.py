"""Make untrusted text (article titles, headings, sources) safe to print on a terminal.

An imported file can carry escape sequences that move the cursor, change the
window title or hide text, and bidi override characters that make text read
differently from how it is stored. ``terminal_safe`` removes them; the CLI and
the UI both use it before showing text that came from a file.
"""

from __future__ import annotations

import re

__all__ = ["BIDI_CONTROLS", "terminal_safe"]

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
