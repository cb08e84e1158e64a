"""Projection operations (docs/api.md section 6), for the ``operator`` role."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Response, get, post
from litestar.di import NamedDependency
from litestar.params import Parameter

from api.middleware.auth import requires_operator
from api.problems import AUTH_PROBLEMS, ApiProblem, problem_spec
from api.resources import Resources
from api.responses import JSON
from infrastructure.pools import retry_read
from projections.catalog import RebuildAlreadyRunning, UnknownProjection
from projections.registry import projection_named
from projections.status import projection_statuses, request_rebuild

OPS_PROBLEMS = {**AUTH_PROBLEMS, 403: problem_spec("The caller lacks the operator role")}


def _events_table(resources: Resources) -> str:
    return f"{resources.application.name.lower()}_events"


class OpsController(Controller):
    """Read models' status, and blue/green rebuilds."""

    path = "/api/v1/ops/projections"
    tags = ["operations"]
    guards = [requires_operator]

    @get("/", responses=OPS_PROBLEMS, summary="Every read model's version, status and lag")
    async def list_projections(
        self, resources: NamedDependency[Resources]
    ) -> Response[list[dict[str, Any]]]:
        """``[{"name", "version", "status", "position", "head", "lag_events", ...}]``."""
        schema = resources.settings.database_schema
        statuses = await retry_read(
            resources.pool,
            lambda connection: projection_statuses(connection, schema, _events_table(resources)),
        )
        return Response(content=[status.as_dict() for status in statuses], media_type=JSON)

    @post(
        "/{name:str}/rebuild",
        status_code=202,
        responses={
            **OPS_PROBLEMS,
            404: problem_spec("No read model has that name"),
            409: problem_spec("A rebuild of this read model is already running"),
        },
        summary="Start a blue/green rebuild (reads keep answering from the old version)",
    )
    async def rebuild(
        self,
        resources: NamedDependency[Resources],
        name: str = Parameter(description="Read model name, e.g. task_list"),
    ) -> Response[dict[str, Any]]:
        """Request the rebuild; a projector builds the new version and swaps it in."""
        try:
            projection = projection_named(name)
        except KeyError:
            raise ApiProblem(404, "No read model has that name") from None
        async with resources.pool.connection() as connection:
            try:
                version = await request_rebuild(
                    connection, resources.settings.database_schema, name, projection.revision
                )
            except UnknownProjection:
                raise ApiProblem(404, "No read model has that name") from None
            except RebuildAlreadyRunning:
                raise ApiProblem(409, f"A rebuild of {name} is already running") from None
        return Response(
            content={"name": name, "rebuild_version": version, "status": "rebuilding"},
            status_code=202,
            media_type=JSON,
            headers={"Location": "/api/v1/ops/projections"},
        )
