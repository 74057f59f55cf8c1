"""The team server: PostgreSQL beside the local SQLite store (docs/team.md)."""

from reader.store.team.connect import without_password
from reader.store.team.roles import InitReport, add_member, init_team, remove_member

__all__ = ["InitReport", "add_member", "init_team", "remove_member", "without_password"]
