"""A suggested annotation: the record the suggestion rules produce and the store caches."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

SuggestionKind = Literal["quote", "claim"]


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A proposed annotation of ``text[start:end] == exact``: a ``quote`` (with its
    ``speaker``, when found) or a ``claim``; ``reason`` is shown to the user, ``score``
    is 0-1."""

    kind: SuggestionKind
    start: int
    end: int
    exact: str
    speaker: str | None
    reason: str
    score: float

    @property
    def key(self) -> str:
        """Identity of the suggestion within its article (kind and span)."""
        return f"{self.kind}:{self.start}:{self.end}"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
