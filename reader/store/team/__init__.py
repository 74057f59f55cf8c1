"""The team server: PostgreSQL beside the local SQLite store (docs/team.md)."""

from reader.store.team.connect import without_password
from reader.store.team.live import TeamListener
from reader.store.team.roles import InitReport, add_member, init_team, remove_member
from reader.store.team.sync import (
    PushReport,
    SyncReport,
    TeamStatus,
    edit_refusal,
    forget_team,
    pending_count,
    remember_team,
    sync_team,
    team_status,
)

__all__ = [
    "InitReport",
    "PushReport",
    "SyncReport",
    "TeamListener",
    "TeamStatus",
    "add_member",
    "edit_refusal",
    "forget_team",
    "init_team",
    "pending_count",
    "remember_team",
    "remove_member",
    "sync_team",
    "team_status",
    "without_password",
]
