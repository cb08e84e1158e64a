"""The rebuild watcher: runs a read model's requested rebuilds in the projector process."""

from __future__ import annotations

import threading

from projections.runner.config import RunnerConfig
from projections.runner.rebuild import Rebuild
from projections.runner.supervision import Supervised


class RebuildWatcher(Supervised):
    """Runs requested rebuilds of one read model in the projector process.

    Idle, it waits for the coordinator to see a request in the catalog (``request``), so
    a projector at rest does not ask the database for each read model.
    """

    def __init__(self, rebuild: Rebuild, config: RunnerConfig, stop: threading.Event) -> None:
        super().__init__(f"rebuild-{rebuild.name}", config, stop)
        self.rebuild = rebuild
        self._requested = threading.Event()

    def request(self) -> None:
        """A rebuild of this read model is requested (the coordinator saw it)."""
        self._requested.set()

    def stop(self) -> None:
        """Wake the thread so that it sees the stop event."""
        self._requested.set()

    def run_once(self) -> None:
        while not self.stop_event.is_set():
            self._requested.wait()
            self._requested.clear()
            stopping = self.stop_event.is_set()
            if not stopping and self.rebuild.pending() is not None and self.rebuild.run():
                self.made_progress()
