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


def is_normalised(text: str) -> bool:
    """Whether :func:`normalise_text` would return ``text`` unchanged (no leading BOM, no
    carriage return, Unicode NFC): checked without making a copy of it."""
    return not text.startswith(_BOM) and "\r" not in text and unicodedata.is_normalized("NFC", text)
