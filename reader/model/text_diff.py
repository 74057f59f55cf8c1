"""What changed between two versions of an article's text, paragraph by paragraph
(the ``D`` screen; docs/web.md, "Articles that change")."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

__all__ = ["ParagraphChange", "changed_paragraphs", "paragraphs"]


@dataclass(frozen=True, slots=True)
class ParagraphChange:
    """One changed stretch: the old paragraphs and the new ones that replace them
    (``old`` empty: inserted; ``new`` empty: deleted)."""

    old: tuple[str, ...]
    new: tuple[str, ...]

    @property
    def kind(self) -> str:
        """``inserted``, ``deleted`` or ``changed``."""
        if not self.old:
            return "inserted"
        return "deleted" if not self.new else "changed"


def paragraphs(text: str) -> list[str]:
    """The non-blank lines of ``text``, stripped: an article's text holds one paragraph
    (or heading) per line."""
    return [line.strip() for line in text.split("\n") if line.strip()]


def changed_paragraphs(old_text: str, new_text: str) -> list[ParagraphChange]:
    """The paragraphs that differ between ``old_text`` and ``new_text``, in text order
    (:class:`difflib.SequenceMatcher` on whole paragraphs; unchanged ones left out)."""
    old, new = paragraphs(old_text), paragraphs(new_text)
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    return [
        ParagraphChange(tuple(old[i1:i2]), tuple(new[j1:j2]))
        for op, i1, i2, j1, j2 in matcher.get_opcodes()
        if op != "equal"
    ]
