"""``GET /api/v1/tasks/{id}``: time travel from the event store, else the pluggable read.

With ``version`` or ``as_of`` the task is rebuilt from its events (owner or auditor).
Without them the answer comes from the ``ReadTask`` given to ``create_app`` (the
projection, once plugged in; by default the write model).
"""

from __future__ import annotations

from functools import partial
from typing import Annotated, Any
from uuid import UUID

from litestar import Controller, Request, Response, get
from litestar.datastructures import ResponseHeader
from litestar.di import NamedDependency
from litestar.params import FromPath, QueryParameter

from api.middleware.auth import principal_of
from api.problems import READ_PROBLEMS, ApiProblem
from api.query_params import InstantText, instant, require_whole_numbers
from api.responses import task_response
from api.runtime import ReadTask, Resources
from application.views import TaskResource
from domain.errors import FieldError
from domain.task import Task
from infrastructure.jwks import Principal

AUDITOR = "auditor"

TaskRequest = Request[Principal, str, Any]


async def read_task_from_write_model(
    request: TaskRequest, resources: Resources, task_id: UUID
) -> Response[Any]:
    """The default ``ReadTask``: the write model's current state (strongly consistent)."""
    call = partial(resources.application.get_task, task_id, user_id=principal_of(request).user_id)
    task: Task = await resources.run_in_worker(call)
    return task_response(task)


def owner_filter(principal: Principal) -> str | None:
    """Whose tasks the caller may read in history and time travel (None: anyone's)."""
    return None if AUDITOR in principal.roles else principal.user_id


def task_read_controller(read_task: ReadTask) -> type[Controller]:
    """The controller, bound to the one-task read that serves plain GETs."""

    class TaskReadController(Controller):
        path = "/api/v1/tasks"
        tags = ["tasks: queries"]

        @get(
            "/{task_id:uuid}",
            responses=READ_PROBLEMS,
            summary="One task, now or as it was (time travel)",
            response_headers=[
                ResponseHeader(name="ETag", description="The task version", documentation_only=True)
            ],
        )
        async def get_task(
            self,
            request: TaskRequest,
            resources: NamedDependency[Resources],
            task_id: FromPath[UUID],
            version: Annotated[
                int | None, QueryParameter(ge=1, description="The task after its n-th event")
            ] = None,
            as_of: Annotated[
                InstantText | None,
                QueryParameter(description="The task at this instant (RFC 3339, with an offset)"),
            ] = None,
        ) -> Response[TaskResource]:
            """Time travel with ``version`` or ``as_of`` (owner or auditor), else the task now."""
            if version is None and as_of is None:
                return await read_task(request, resources, task_id)
            if version is not None and as_of is not None:
                raise ApiProblem(
                    400,
                    "Give version or as_of, not both",
                    errors=[FieldError("as_of", "must not be given together with version")],
                )
            require_whole_numbers(request, "version")
            call = partial(
                resources.application.state_at,
                task_id,
                user_id=owner_filter(principal_of(request)),
                version=version,
                as_of=instant("as_of", as_of),
            )
            task: Task = await resources.run_in_worker(call)
            return task_response(task)

    return TaskReadController
