"""Verification runs for auditors: ``POST /api/v1/audit/verify`` and its status.

A run checks what ``tasklog audit verify`` checks (``audit.verify``) in a
process of its own (``verify_process``), never on the event loop or in the API's
interpreter. ``POST`` answers ``202`` with the run and its ``Location``; ``GET
/api/v1/audit/verify/{id}`` shows progress (``events_checked`` of ``events_total``), the
findings so far (the first 1,000) and, once ``finished``, the summary; ``GET
/api/v1/audit/verify`` lists the most recent runs, newest first. One run at a time: a
second ``POST`` while one runs is ``409`` with the running one's ``Location``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from multiprocessing.process import BaseProcess
from typing import Annotated, Any
from uuid import UUID

import anyio
from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, QueryParameter

from api.middleware.auth import principal_of, requires_auditor
from api.problems import AUTH_PROBLEMS, ApiProblem, problem_spec
from api.responses import JSON
from api.runtime import ApiExtension, Resources
from audit.runs import (
    RunAlreadyGoing,
    RunTable,
    create_runs_table,
    fail_run,
    read_run,
    recent_runs,
    start_run,
)
from audit.verify_process import start_verification_process
from infrastructure.jwks import Principal
from infrastructure.pools import retry_read

_log = logging.getLogger(__name__)

EXTRA_KEY = "verify-runs"
RUNS_PATH = "/api/v1/audit/verify"

VERIFY_PROBLEMS = {**AUTH_PROBLEMS, 403: problem_spec("The token lacks the auditor role")}
NOT_FOUND = problem_spec("No verification run has that id")


class VerifyRuns:
    """The processes this API process started, so they are reaped and stopped with it."""

    def __init__(self, runs: RunTable) -> None:
        self.runs = runs
        self.watchers: set[asyncio.Task[None]] = set()
        self.processes: dict[UUID, BaseProcess] = {}


class VerifyController(Controller):
    """Start a verification run and follow it."""

    path = RUNS_PATH
    tags = ["history and audit"]
    guards = [requires_auditor]

    @post(
        "/",
        status_code=202,
        responses={
            **VERIFY_PROBLEMS,
            409: problem_spec("A verification is already running (Location: that run)"),
        },
        summary="Start a verification of every hash chain and the task_list read model",
    )
    async def start(
        self,
        request: Request[Principal, str, Any],
        resources: NamedDependency[Resources],
        read_model: Annotated[
            bool, QueryParameter(description="Also compare every task with its task_list row")
        ] = True,
    ) -> Response[dict[str, Any]]:
        """``202`` with the new run; its process writes its progress into the run."""
        state = _state(resources)
        async with resources.pool.connection() as connection:
            try:
                run_id = await start_run(
                    connection,
                    state.runs,
                    started_by=principal_of(request).user_id,
                    check_read_model=read_model,
                )
            except RunAlreadyGoing as going:
                raise ApiProblem(
                    409,
                    "A verification is already running",
                    headers={"Location": f"{RUNS_PATH}/{going.run_id}"},
                ) from None
        await _launch(resources, state, run_id, read_model)
        async with resources.pool.connection() as connection:
            run = await read_run(connection, state.runs, run_id)
        return Response(
            content=run or {"id": run_id},
            status_code=202,
            media_type=JSON,
            headers={"Location": f"{RUNS_PATH}/{run_id}"},
        )

    @get(
        "/",
        responses=VERIFY_PROBLEMS,
        summary="The most recent verification runs, newest first (without their findings)",
    )
    async def recent(
        self,
        resources: NamedDependency[Resources],
        limit: Annotated[int, QueryParameter(ge=1, le=100, description="Runs to list")] = 10,
    ) -> Response[list[dict[str, Any]]]:
        """Each run as ``GET /api/v1/audit/verify/{id}`` shows it, less ``findings``."""
        state = _state(resources)
        runs = await retry_read(
            resources.pool, lambda connection: recent_runs(connection, state.runs, limit)
        )
        return Response(content=runs, media_type=JSON)

    @get(
        "/{run_id:uuid}",
        responses={**VERIFY_PROBLEMS, 404: NOT_FOUND},
        summary="A verification run: progress, findings, summary",
    )
    async def status(
        self, resources: NamedDependency[Resources], run_id: FromPath[UUID]
    ) -> Response[dict[str, Any]]:
        """``state`` is ``running``, ``finished`` (see ``summary.ok``) or ``failed``."""
        state = _state(resources)
        run = await retry_read(
            resources.pool, lambda connection: read_run(connection, state.runs, run_id)
        )
        if run is None:
            raise ApiProblem(404, "No verification run has that id")
        return Response(content=run, media_type=JSON)


def _state(resources: Resources) -> VerifyRuns:
    runs: VerifyRuns = resources.extras[EXTRA_KEY]
    return runs


async def _launch(resources: Resources, state: VerifyRuns, run_id: UUID, read_model: bool) -> None:
    """Start the run's process (spawning takes a thread, not the loop) and watch it end."""
    url = resources.settings.database_url
    assert url is not None  # resolved by the core lifespan
    try:
        process = await anyio.to_thread.run_sync(
            lambda: start_verification_process(
                url, state.runs.schema, run_id, check_read_model=read_model
            )
        )
    except Exception as error:
        async with resources.pool.connection() as connection:
            await fail_run(connection, state.runs, run_id, f"could not start: {error}")
        raise
    state.processes[run_id] = process
    watcher = asyncio.create_task(_reap(resources, state, run_id, process))
    state.watchers.add(watcher)
    watcher.add_done_callback(state.watchers.discard)


async def _reap(
    resources: Resources, state: VerifyRuns, run_id: UUID, process: BaseProcess
) -> None:
    """Wait for the process; a run it left running (it crashed or was killed) is failed."""
    try:
        await anyio.to_thread.run_sync(process.join, abandon_on_cancel=True)
    finally:
        state.processes.pop(run_id, None)
    if process.exitcode != 0:
        _log.warning("verification %s ended with exit code %s", run_id, process.exitcode)
        async with resources.pool.connection() as connection:
            await fail_run(
                connection,
                state.runs,
                run_id,
                f"the verification process ended with exit code {process.exitcode}",
            )


@contextlib.asynccontextmanager
async def verify_lifespan(resources: Resources) -> AsyncIterator[None]:
    """Create the runs table; at shutdown stop the runs this process started."""
    state = VerifyRuns(RunTable(resources.settings.database_schema))
    async with resources.pool.connection() as connection:
        await create_runs_table(connection, state.runs)
    resources.extras[EXTRA_KEY] = state
    try:
        yield
    finally:
        for process in list(state.processes.values()):
            process.terminate()
        for watcher in list(state.watchers):
            with contextlib.suppress(Exception):
                await watcher
        resources.extras.pop(EXTRA_KEY, None)


def verify_extension() -> ApiExtension:
    """The verification runs, for ``create_app(extensions=[...])``."""
    return ApiExtension(name=EXTRA_KEY, route_handlers=[VerifyController], lifespan=verify_lifespan)
