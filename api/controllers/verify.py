"""Verification runs for auditors: ``POST /api/v1/audit/verify`` and its status.

A run checks what ``tasklog audit verify`` checks (``audit.verify``) in a
process of its own (``api.verify_runs``). ``POST`` answers ``202`` with the run and its
``Location``; ``GET /api/v1/audit/verify/{id}`` shows progress (``events_checked`` of
``events_total``), the findings so far (the first 1,000) and, once ``finished``, the
summary; ``GET /api/v1/audit/verify`` lists the most recent runs, newest first. One run at a
time: a second ``POST`` while one runs is ``409`` with the running one's ``Location``.
"""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, QueryParameter

from api.middleware.auth import principal_of, requires_auditor
from api.problems import AUTH_PROBLEMS, ApiProblem, problem_spec
from api.resources import Resources
from api.responses import JSON
from audit.runs import RunAlreadyGoing, read_run, recent_runs, start_run
from infrastructure.jwks import Principal
from infrastructure.pools import retry_read

RUNS_PATH = "/api/v1/audit/verify"

VERIFY_PROBLEMS = {**AUTH_PROBLEMS, 403: problem_spec("The token lacks the auditor role")}
NOT_FOUND = problem_spec("No verification run has that id")


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
        async with resources.pool.connection() as connection:
            try:
                run_id = await start_run(
                    connection,
                    resources.verify_runs.runs,
                    started_by=principal_of(request).user_id,
                    check_read_model=read_model,
                )
            except RunAlreadyGoing as going:
                raise ApiProblem(
                    409,
                    "A verification is already running",
                    headers={"Location": f"{RUNS_PATH}/{going.run_id}"},
                ) from None
        await resources.verify_runs.launch(run_id, check_read_model=read_model)
        async with resources.pool.connection() as connection:
            run = await read_run(connection, resources.verify_runs.runs, run_id)
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
        runs = await retry_read(
            resources.pool,
            lambda connection: recent_runs(connection, resources.verify_runs.runs, limit),
        )
        return Response(content=runs, media_type=JSON)

    @get(
        "/{run_id:uuid}",
        responses={**VERIFY_PROBLEMS, 404: NOT_FOUND},
        summary="A verification run: progress, findings, summary",
    )
    async def status(
        self,
        resources: NamedDependency[Resources],
        run_id: FromPath[UUID],
    ) -> Response[dict[str, Any]]:
        """``state`` is ``running``, ``finished`` (see ``summary.ok``) or ``failed``."""
        run = await retry_read(
            resources.pool,
            lambda connection: read_run(connection, resources.verify_runs.runs, run_id),
        )
        if run is None:
            raise ApiProblem(404, "No verification run has that id")
        return Response(content=run, media_type=JSON)
