"""A rebuild of ``task_list`` in a process of its own, for tests that kill it midway.

    python -m tests.integration.rebuild_process URL SCHEMA CHUNK WORKERS

Runs the requested rebuild the way ``tasklog projections rebuild`` does, with the given
chunk size and worker processes (started whatever the backlog), and lingers a little
after each chunk it commits, so that a test can kill it between two chunks or while the
workers fold.
"""

from __future__ import annotations

import sys
import time

from infrastructure.settings import Settings
from projections.bulk import BulkConfig
from projections.projector import Projector
from projections.runner.config import RunnerConfig
from projections.task_list.projection import TaskListProjection

LINGER_S = 0.05


def main() -> None:
    url, schema, chunk, workers = sys.argv[1:5]
    settings = Settings.from_env(
        {"TASKLOG_DATABASE_URL": url, "TASKLOG_DATABASE_SCHEMA": schema, "TASKLOG_ENV": "test"}
    )
    bulk = BulkConfig(chunk_events=int(chunk), workers=int(workers), processes_from=0)
    projector = Projector.from_settings(settings, RunnerConfig(bulk=bulk))
    try:
        projector.rebuild(TaskListProjection).run(lambda position, head: time.sleep(LINGER_S))
    finally:
        projector.stop()


if __name__ == "__main__":
    main()
