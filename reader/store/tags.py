"""Tags: the names annotations are filed under, each with a colour."""

from __future__ import annotations

from reader.store.base import StoreBase
from reader.store.errors import translate_errors
from reader.store.records import Tag
from reader.store.transactions import write_transaction
from reader.store.validation import normalise_colour, normalise_tag_name, optional_text

__all__ = ["FIRST_TAGS", "TAG_PALETTE", "TagsMixin"]

#: The tags every database starts with, first in the tag order (keys ``1`` and ``2``).
FIRST_TAGS: tuple[str, ...] = ("claim", "quote")

#: Colours given, in order, to new tags created without one (the first unused wins).
TAG_PALETTE: tuple[str, ...] = (
    "#e5c07b",
    "#61afef",
    "#98c379",
    "#c678dd",
    "#e06c75",
    "#56b6c2",
    "#d19a66",
    "#be5046",
)


class TagsMixin(StoreBase):
    """The tag methods of :class:`reader.store.Store`."""

    @translate_errors()
    def tags(self) -> list[Tag]:
        """All tags in the fixed tag order: the seed tags first (:data:`FIRST_TAGS`:
        ``claim``, ``quote``), then the others by name. The reader's number keys
        ``1``-``9`` tag with the first nine in this order."""
        rank = " ".join(f"WHEN ? THEN {i}" for i in range(len(FIRST_TAGS)))
        rows = self._rows(
            "SELECT name, colour, description FROM tags "
            f"ORDER BY CASE name {rank} ELSE {len(FIRST_TAGS)} END, name",
            list(FIRST_TAGS),
        )
        return [Tag(**row) for row in rows]

    @translate_errors()
    def has_tag(self, name: str) -> bool:
        """Whether a tag with this (already normalised) name exists."""
        return self._one("SELECT name FROM tags WHERE name = ?", [name]) is not None

    def ensure_tag(
        self, name: str, colour: str | None = None, description: str | None = None
    ) -> Tag:
        """Return the tag ``name`` (normalised), creating it if missing.

        A missing colour is picked from :data:`TAG_PALETTE`. For an existing
        tag, a given colour/description replaces the stored one (a blank
        description clears it); ``None`` keeps it. Inside a caller's
        transaction it is a savepoint of it.
        """
        with write_transaction(self._db.conn):
            tag_name = normalise_tag_name(name)
            new_colour = None if colour is None else normalise_colour(colour)
            row = self._one("SELECT name, colour, description FROM tags WHERE name = ?", [tag_name])
            if row is None:
                tag = Tag(
                    tag_name,
                    new_colour or self._pick_colour(),
                    optional_text(description, "description"),
                )
                self._db.table("tags").insert(
                    {"name": tag.name, "colour": tag.colour, "description": tag.description}
                )
                return tag
            tag = Tag(
                tag_name,
                new_colour or row["colour"],
                row["description"]
                if description is None
                else optional_text(description, "description"),
            )
            if (tag.colour, tag.description) != (row["colour"], row["description"]):
                self._db.execute(
                    "UPDATE tags SET colour = ?, description = ? WHERE name = ?",
                    [tag.colour, tag.description, tag.name],
                )
            return tag

    def _pick_colour(self) -> str:
        used = [row["colour"] for row in self._rows("SELECT colour FROM tags")]
        free = [colour for colour in TAG_PALETTE if colour not in used]
        return free[0] if free else TAG_PALETTE[len(used) % len(TAG_PALETTE)]
