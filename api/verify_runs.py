"""The verification processes one API process started: launched, reaped, stopped with it.

A run is carried out by a process of its own (``audit.verify_process``),
never on the event loop or in the API's interpreter; this module starts it from a thread
and watches it end, failing the run's row when the process died without finishing it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from multiprocessing.process import BaseProcess
from typing import Any
from uuid import UUID

import anyio
from psycopg_pool import AsyncConnectionPool

from audit.runs import RunTable, create_runs_table, fail_run
from audit.verify_process import start_verification_process

_log = logging.getLogger(__name__)


class VerifyRuns:
    """The runs' table, and the processes this API process started on it."""

    def __init__(self, runs: RunTable, database_url: str, pool: AsyncConnectionPool[Any]) -> None:
        """Track runs in ``runs``; processes connect with ``database_url``."""
        self.runs = runs
        self._database_url = database_url
        self._pool = pool
        self._watchers: set[asyncio.Task[None]] = set()
        self._processes: dict[UUID, BaseProcess] = {}

    async def launch(self, run_id: UUID, *, check_read_model: bool) -> None:
        """Start the run's process (spawning takes a thread, not the loop) and watch it end."""
        url, schema = self._database_url, self.runs.schema
        try:
            process = await anyio.to_thread.run_sync(
                lambda: start_verification_process(
                    url, schema, run_id, check_read_model=check_read_model
                )
            )
        except Exception as error:
            async with self._pool.connection() as connection:
                await fail_run(connection, self.runs, run_id, f"could not start: {error}")
            raise
        self._processes[run_id] = process
        watcher = asyncio.create_task(self._reap(run_id, process))
        self._watchers.add(watcher)
        watcher.add_done_callback(self._watchers.discard)

    async def _reap(self, run_id: UUID, process: BaseProcess) -> None:
        """Wait for the process; a run it left running (it crashed or was killed) is failed."""
        try:
            await anyio.to_thread.run_sync(process.join, abandon_on_cancel=True)
        finally:
            self._processes.pop(run_id, None)
        if process.exitcode != 0:
            _log.warning("verification %s ended with exit code %s", run_id, process.exitcode)
            async with self._pool.connection() as connection:
                await fail_run(
                    connection,
                    self.runs,
                    run_id,
                    f"the verification process ended with exit code {process.exitcode}",
                )

    async def stop(self) -> None:
        """Stop the runs still going and wait until each is reaped."""
        for process in list(self._processes.values()):
            process.terminate()
        for watcher in list(self._watchers):
            with contextlib.suppress(Exception):
                await watcher


@contextlib.asynccontextmanager
async def open_verify_runs(
    schema: str, database_url: str, pool: AsyncConnectionPool[Any]
) -> AsyncIterator[VerifyRuns]:
    """Create the runs table if missing; at exit stop the runs this process started."""
    runs = VerifyRuns(RunTable(schema), database_url, pool)
    async with pool.connection() as connection:
        await create_runs_table(connection, runs.runs)
    try:
        yield runs
    finally:
        await runs.stop()
