"""Copy text to the system clipboard, falling back to the terminal (OSC 52)."""

from __future__ import annotations

from collections.abc import Callable

import pyperclip


def copy_text(text: str, terminal_copy: Callable[[str], None]) -> str:
    """Copy ``text`` with pyperclip; where no clipboard program exists, hand it to
    ``terminal_copy`` (Textual's ``App.copy_to_clipboard``, OSC 52).

    Returns which way was used: ``"clipboard"`` or ``"terminal"``.
    """
    try:
        pyperclip.copy(text)
    except pyperclip.PyperclipException:
        terminal_copy(text)
        return "terminal"
    return "clipboard"
