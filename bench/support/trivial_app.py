"""The baseline of the start-up benchmark: the least a Textual app can be.

A Header, one Static with the text given as the first argument, and a Footer; started
in the same terminal the same way as ``reader`` (bench/startup.py), it measures what
Python and Textual cost before anything of the reader's own runs. q quits, like reader.
"""

from __future__ import annotations

import sys

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static


class TrivialApp(App[None]):
    """Header, Static, Footer."""

    BINDINGS = [("q", "quit", "Quit")]

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(self.text, markup=False)
        yield Footer()


if __name__ == "__main__":
    TrivialApp(sys.argv[1] if len(sys.argv) > 1 else "Hello").run()
