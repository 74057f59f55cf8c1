"""Messages posted by the widgets: small dataclasses, one job each."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class CursorMoved(Message):
    """The sentence cursor moved (index into ``Article.sentences``)."""

    sentence: int
    section: int


@dataclass
class SelectionChanged(Message):
    """The text selection changed; ``None`` when there is none."""

    span: tuple[int, int] | None


@dataclass
class SectionChosen(Message):
    """The user chose a section in the sidebar."""

    section: int


@dataclass
class AnnotationChosen(Message):
    """The user highlighted an annotation in the panel."""

    annotation_id: str


@dataclass
class SearchRequested(Message):
    """The search bar asks for matches of ``query`` (``forward`` from the cursor)."""

    query: str
    forward: bool = True
    final: bool = False


class TextDrawn(Message):
    """The article's text was drawn for the first time: what the first frame does not
    need may start (start-up, issue 12)."""
