"""terminal_safe: text from files must not be able to drive the terminal."""

from __future__ import annotations

import pytest

from reader.model.safe_text import terminal_safe


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("plain text, ünïcödé – “quotes”", "plain text, ünïcödé – “quotes”"),
        ("keeps\nnewlines\tand tabs", "keeps\nnewlines\tand tabs"),
        ("red \x1b[31mALERT\x1b[0m done", "red ALERT done"),
        ("\x1b[2J\x1b[Hcleared", "cleared"),
        ("title \x1b]0;pwned\x07 here", "title  here"),
        ("link \x1b]8;;http://x\x1b\\text\x1b]8;;\x1b\\", "link text"),
        ("c1 csi \x9b31m red", "c1 csi  red"),
        ("bell\x07 nul\x00 cr\r del\x7f bs\x08", "bell nul cr del bs"),
        ("save\x1b7 restore\x1b8", "save restore"),
        ("bidi \u202eevil\u202c and \u2066iso\u2069", "bidi evil and iso"),
        ("trailing escape \x1b", "trailing escape "),
    ],
)
def test_terminal_safe_removes_controls(raw: str, expected: str) -> None:
    assert terminal_safe(raw) == expected


def test_terminal_safe_leaves_no_control_characters() -> None:
    raw = "".join(chr(c) for c in range(0x00, 0xA0)) + "\u202a\u202b\u202d\u2067"
    cleaned = terminal_safe(raw)
    for char in cleaned:
        code = ord(char)
        assert char in "\n\t" or 0x20 <= code < 0x7F, repr(char)


def test_directional_marks_are_removed_like_the_ui_hides_them() -> None:
    from reader.model.safe_text import BIDI_CONTROLS, visible_text

    text = "a\u200eb\u200fc\u061cd"
    assert terminal_safe(text) == "abcd"
    assert not set(visible_text(BIDI_CONTROLS)) & set(BIDI_CONTROLS)
