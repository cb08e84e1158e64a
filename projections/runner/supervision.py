"""Supervised threads: a projector's threads rerun their work after a failure."""

from __future__ import annotations

import logging
import threading

from projections.runner.config import RunnerConfig

log = logging.getLogger(__name__)


class Supervised(threading.Thread):
    """A daemon thread that reruns ``run_once`` with exponential backoff when it fails."""

    def __init__(self, name: str, config: RunnerConfig, stop: threading.Event) -> None:
        super().__init__(name=name, daemon=True)
        self.config = config
        self.stop_event = stop
        self.backoff = config.backoff_initial_s
        self.backoff_max_s = config.backoff_max_s

    def run(self) -> None:
        while not self.stop_event.is_set():
            try:
                self.run_once()
            except Exception as error:
                log.warning("%s failed (%s); restarting in %.1fs", self.name, error, self.backoff)
                self.on_failure(f"{type(error).__name__}: {error}")
                self.stop_event.wait(self.backoff)
                self.backoff = min(self.backoff * 2, self.backoff_max_s)

    def made_progress(self) -> None:
        """Reset the backoff after work succeeded."""
        self.backoff = self.config.backoff_initial_s

    def run_once(self) -> None:
        """Do the work until stopped; raise to be restarted."""
        raise NotImplementedError

    def on_failure(self, error: str) -> None:
        """Report a failure (best effort)."""
