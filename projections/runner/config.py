"""The tuning of the projection workers: batch sizes, backoff, heartbeats and pacing."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from projections.base import ReadModelProjection
from projections.bulk import BulkConfig


@dataclass(frozen=True)
class RunnerConfig:
    """Tuning of the projection workers."""

    batch_size: int = 500
    rebuild_batch_size: int = 2000
    max_attempts: int = 5
    backoff_initial_s: float = 0.5
    backoff_max_s: float = 30.0
    standby_poll_s: float = 1.0
    """How often a standby tries to take a read model's lock (and so how soon it takes
    over from a projector that died)."""
    heartbeat_s: float = 1.0
    """How often the coordinator refreshes its active workers' heartbeats (and a rebuild
    its own); ``projections.status`` takes a heartbeat older than three of these for a
    stopped worker."""
    idle_wait_s: float = 1.0
    """Longest a caught-up live worker sleeps without a wake-up before it looks whether it
    should stop (it reads only when woken)."""
    rebuild_poll_s: float = 1.0
    """How often the coordinator looks for requested rebuilds."""
    fold_interval_s: float = 0.025
    """Least time from the start of one live fold to the next read, for the read models
    API reads wait on (``read_waited``: task_list). It bounds what pacing adds to a
    read-your-writes wait, and only while events arrive faster than this."""
    job_fold_interval_s: float = 0.25
    """The same for the job views (recurrence, reminders): only the job worker waits on
    them, and it dispatches what they hold within arq's polling anyway. Also for the read
    models that fold on demand (``folds_on_demand``: notifications): a read waiting on
    one asks for a fold at once (``naming.demand_channel``)."""
    fold_intervals: Mapping[str, float] = field(default_factory=dict)
    """Per read model overrides of the two above: name -> seconds (0 folds at every wake)."""
    fold_heartbeat_s: float = 0.25
    """Least time between the heartbeats a live worker writes with its folds (in the fold's
    transaction): how stale, under load, the ``caught_up_at`` that lag in seconds is
    measured from may be."""
    bulk: BulkConfig = field(default_factory=BulkConfig)
    """How a rebuild folds the backlog of a read model that has a bulk fold (task_list)."""

    def fold_interval(self, projection_class: type[ReadModelProjection]) -> float:
        """The pacing of ``projection_class``'s live folds, in seconds."""
        interval = self.fold_intervals.get(projection_class.name)
        if interval is not None:
            return interval
        if projection_class.read_waited and not projection_class.folds_on_demand:
            return self.fold_interval_s
        return self.job_fold_interval_s
