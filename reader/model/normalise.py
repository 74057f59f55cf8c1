"""Text normalisation: the one canonical form every offset indexes into."""

from __future__ import annotations

import unicodedata

_BOM = "\ufeff"


def normalise_text(raw: str) -> str:
    """Return ``raw`` with a leading BOM dropped, CRLF/CR turned into LF and Unicode NFC applied.

    Nothing else changes (no trimming, no whitespace folding), so the result is
    the exact text that spans index into.
    """
    text = raw.removeprefix(_BOM)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)
