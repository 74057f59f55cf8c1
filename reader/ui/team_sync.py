"""Live team sync in the app: push your changes and pull teammates' as they happen.

When the database has a team server (``reader sync URL`` once), the app runs one thread
worker with its own store connection (SQLite in WAL mode; the UI's connection sees the
worker's commits through its outside-change check and redraws). The worker:

- pushes within ``POLL_SECONDS`` of a local change (it watches the outbox count);
- pulls when the server announces a change (``LISTEN``), within moments;
- syncs anyway every ``QUIET_SYNC_SECONDS`` (a missed announcement costs no more);
- when the server cannot be reached or refuses, keeps local work, shows
  ``offline · N to sync`` and retries with back-off (1 s doubling to ``MAX_BACKOFF_SECONDS``).

The status line goes to ``on_status`` on the UI thread (the app shows it in the header).
The password comes from libpq's usual places (~/.pgpass, PGPASSWORD, a service file):
the remembered address has none.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.app import App
from textual.worker import Worker, get_current_worker

from reader.store import Store, StoreError, has_team_server

# The team functions are imported where used: with them comes PostgreSQL's driver,
# which a database without a team never needs (start-up, issue 12).
if TYPE_CHECKING:
    from reader.store import TeamListener

__all__ = ["TeamSync", "team_configured"]

#: How often the outbox is looked at (local, cheap): a change is pushed within this.
POLL_SECONDS = 0.5
#: A sync this often even when nothing was announced.
QUIET_SYNC_SECONDS = 30.0
#: The longest wait between retries while offline.
MAX_BACKOFF_SECONDS = 60.0


def team_configured(store: Store) -> bool:
    """Whether this database syncs with a team server (and is a file another connection
    can open)."""
    try:
        return store.path != ":memory:" and has_team_server(store)
    except StoreError:
        return False


@dataclass(frozen=True)
class SyncState:
    """What the header says: online or not, and how many changes wait."""

    online: bool
    pending: int
    role: str | None = None
    error: str | None = None

    @property
    def label(self) -> str:
        if not self.online:
            return f"offline · {self.pending} to sync"
        if self.pending:
            return f"team · {self.pending} to sync"
        return "team · synced"


class TeamSync:
    """The background worker of one app (see the module docstring)."""

    def __init__(
        self,
        app: App[None],
        path: str,
        author: str,
        on_status: Callable[[SyncState], None],
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._app = app
        self._path = path
        self._author = author
        self._on_status = on_status
        self._clock = clock
        self.worker: Worker[None] | None = None

    def start(self) -> None:
        """Start the worker (a thread; cancelled with the app)."""
        self.worker = self._app.run_worker(
            self._run, thread=True, exclusive=True, group="team-sync", exit_on_error=False
        )

    def _report(self, state: SyncState) -> None:
        self._app.call_from_thread(self._on_status, state)

    def _run(self) -> None:
        worker = get_current_worker()
        with Store.open(self._path, author=self._author) as store:
            self._loop(store, lambda: worker.is_cancelled)

    def _loop(self, store: Store, cancelled: Callable[[], bool]) -> None:
        from reader.store import TeamListener, pending_count, sync_team, team_status

        listener: TeamListener | None = None
        backoff = 0.0
        next_try = 0.0
        last_sync = -QUIET_SYNC_SECONDS
        announced = True  # sync once at start
        last_state: SyncState | None = None
        try:
            while not cancelled():
                now = self._clock()
                pending = pending_count(store)
                online = backoff == 0.0
                due = announced or pending > 0 or now - last_sync >= QUIET_SYNC_SECONDS
                if due and now >= next_try:
                    try:
                        status = team_status(store)
                        if status is None:  # forgotten meanwhile
                            return
                        if listener is None:
                            listener = TeamListener(status.url)
                        report = sync_team(store)
                        backoff, online, last_sync, announced = 0.0, True, now, False
                        state = SyncState(True, pending_count(store), report.role)
                    except StoreError as error:
                        if listener is not None:
                            listener.close()
                            listener = None
                        backoff = min(max(1.0, backoff * 2), MAX_BACKOFF_SECONDS)
                        next_try = now + backoff
                        online = False
                        state = SyncState(False, pending_count(store), None, str(error))
                else:
                    state = SyncState(online, pending)
                if state != last_state:
                    self._report(state)
                    last_state = state
                if listener is not None:
                    try:
                        announced = listener.wait(POLL_SECONDS) or announced
                    except StoreError:
                        listener.close()
                        listener = None
                        announced = True  # find out at the next try
                else:
                    time.sleep(POLL_SECONDS)
        finally:
            if listener is not None:
                listener.close()
