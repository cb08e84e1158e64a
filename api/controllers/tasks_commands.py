"""Task commands (docs/api.md section 3): create, change, complete, reopen, toggle, delete."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Annotated, Any
from uuid import UUID

from litestar import Controller, Request, Response, delete, patch, post, put
from litestar.di import NamedDependency
from litestar.params import FromPath, HeaderParameter, JSONBody

from api.bodies import StrictBody, sent_fields
from api.middleware.auth import principal_of
from api.middleware.edge import request_id
from api.problems import COMMAND_PROBLEMS
from api.responses import (
    ETAG_HEADER,
    LOCATION_HEADER,
    POSITION_HEADER,
    POSITION_RESPONSE_HEADER,
    command_response,
    etag,
    expected_version,
)
from api.runtime import Resources
from api.schemas import NewTask, TaskChanges, TaskResource
from application.tasks import CommandResult, idempotent_task_id
from domain.task import EventMeta
from infrastructure.jwks import Principal

IfMatch = Annotated[
    str | None,
    HeaderParameter(
        name="If-Match", description='`"<version>"`: act only on that version, else 412'
    ),
]
IdempotencyKey = Annotated[
    str | None,
    HeaderParameter(
        name="Idempotency-Key",
        min_length=1,
        max_length=200,
        description="Same key, same request within 24 h: the first response again",
    ),
]
TaskRequest = Request[Principal, str, Any]

_HEADERS = [ETAG_HEADER, POSITION_RESPONSE_HEADER]


def _meta(request: TaskRequest) -> EventMeta:
    return EventMeta(actor=principal_of(request).user_id, correlation_id=request_id(request.scope))


async def _run(
    resources: NamedDependency[Resources], command: str, call: Callable[[], CommandResult]
) -> CommandResult:
    result: CommandResult = await resources.run_in_worker(call)
    resources.metrics.observe_command(command, written=result.written)
    return result


class TaskCommandController(Controller):
    """The write side of ``/api/v1/tasks``."""

    path = "/api/v1/tasks"
    tags = ["tasks: commands"]

    @post(
        "/",
        status_code=201,
        responses=COMMAND_PROBLEMS,
        summary="Create a task",
        dto=StrictBody[NewTask],
        return_dto=None,
        response_headers=[LOCATION_HEADER, *_HEADERS],
    )
    async def create_task(
        self,
        request: TaskRequest,
        resources: NamedDependency[Resources],
        data: JSONBody[NewTask],
        idempotency_key: IdempotencyKey = None,
    ) -> Response[TaskResource]:
        """Create a task; with an Idempotency-Key its id derives from the caller and key."""
        owner = principal_of(request).user_id
        task_id = idempotent_task_id(owner, idempotency_key) if idempotency_key else None
        call = partial(
            resources.application.create_task,
            owner=owner,
            fields=sent_fields(data),
            meta=_meta(request),
            task_id=task_id,
        )
        result = await _run(resources, "create", call)
        return command_response(result, status=201, location=True)

    @patch(
        "/{task_id:uuid}",
        responses=COMMAND_PROBLEMS,
        summary="Change a task",
        dto=StrictBody[TaskChanges],
        return_dto=None,
        response_headers=_HEADERS,
    )
    async def patch_task(
        self,
        request: TaskRequest,
        resources: NamedDependency[Resources],
        task_id: FromPath[UUID],
        data: JSONBody[TaskChanges],
        if_match: IfMatch = None,
        idempotency_key: IdempotencyKey = None,
    ) -> Response[TaskResource]:
        """Change any input fields; ``null`` clears an optional one."""
        return await self._update(request, resources, task_id, data, if_match)

    @put(
        "/{task_id:uuid}",
        responses=COMMAND_PROBLEMS,
        summary="Change a task (the original backend's update)",
        dto=StrictBody[TaskChanges],
        return_dto=None,
        response_headers=_HEADERS,
    )
    async def put_task(
        self,
        request: TaskRequest,
        resources: NamedDependency[Resources],
        task_id: FromPath[UUID],
        data: JSONBody[TaskChanges],
        if_match: IfMatch = None,
        idempotency_key: IdempotencyKey = None,
    ) -> Response[TaskResource]:
        """Same as PATCH; may also carry ``completed``."""
        return await self._update(request, resources, task_id, data, if_match)

    async def _update(
        self,
        request: TaskRequest,
        resources: NamedDependency[Resources],
        task_id: FromPath[UUID],
        changes: TaskChanges,
        if_match: str | None,
    ) -> Response[Any]:
        call = partial(
            resources.application.update_task,
            task_id,
            user_id=principal_of(request).user_id,
            fields=sent_fields(changes),
            meta=_meta(request),
            expected_version=expected_version(if_match),
        )
        return command_response(await _run(resources, "update", call))

    @post(
        "/{task_id:uuid}/complete",
        status_code=200,
        responses=COMMAND_PROBLEMS,
        summary="Mark a task completed",
        response_headers=_HEADERS,
    )
    async def complete_task(
        self,
        request: TaskRequest,
        resources: NamedDependency[Resources],
        task_id: FromPath[UUID],
        if_match: IfMatch = None,
        idempotency_key: IdempotencyKey = None,
    ) -> Response[TaskResource]:
        """Already completed: 200, nothing written."""
        return await self._simple(request, resources, task_id, if_match, "complete")

    @post(
        "/{task_id:uuid}/reopen",
        status_code=200,
        responses=COMMAND_PROBLEMS,
        summary="Mark a task open again",
        response_headers=_HEADERS,
    )
    async def reopen_task(
        self,
        request: TaskRequest,
        resources: NamedDependency[Resources],
        task_id: FromPath[UUID],
        if_match: IfMatch = None,
        idempotency_key: IdempotencyKey = None,
    ) -> Response[TaskResource]:
        """Already open: 200, nothing written."""
        return await self._simple(request, resources, task_id, if_match, "reopen")

    @patch(
        "/{task_id:uuid}/complete",
        responses=COMMAND_PROBLEMS,
        summary="Toggle completion (the original backend's endpoint)",
        response_headers=_HEADERS,
    )
    async def toggle_task(
        self,
        request: TaskRequest,
        resources: NamedDependency[Resources],
        task_id: FromPath[UUID],
        if_match: IfMatch = None,
        idempotency_key: IdempotencyKey = None,
    ) -> Response[TaskResource]:
        """Completed becomes open, open becomes completed."""
        return await self._simple(request, resources, task_id, if_match, "toggle")

    @delete(
        "/{task_id:uuid}",
        status_code=204,
        responses=COMMAND_PROBLEMS,
        summary="Delete a task (its history stays)",
        response_headers=_HEADERS,
    )
    async def delete_task(
        self,
        request: TaskRequest,
        resources: NamedDependency[Resources],
        task_id: FromPath[UUID],
        if_match: IfMatch = None,
        idempotency_key: IdempotencyKey = None,
    ) -> None:
        """204, no body, with ``Tasklog-Position``."""
        call = partial(
            resources.application.delete_task,
            task_id,
            user_id=principal_of(request).user_id,
            meta=_meta(request),
            expected_version=expected_version(if_match),
        )
        result = await _run(resources, "delete", call)
        # Litestar sends a returned Response as it is; annotating None keeps a body
        # schema for the 204 out of the OpenAPI document.
        return Response(  # type: ignore[return-value]
            content=None,
            status_code=204,
            headers={"ETag": etag(result.task.version), POSITION_HEADER: str(result.position)},
        )

    async def _simple(
        self,
        request: TaskRequest,
        resources: NamedDependency[Resources],
        task_id: FromPath[UUID],
        if_match: str | None,
        command: str,
    ) -> Response[Any]:
        application = resources.application
        method = {
            "complete": application.complete_task,
            "reopen": application.reopen_task,
            "toggle": application.toggle_task,
        }[command]
        call = partial(
            method,
            task_id,
            user_id=principal_of(request).user_id,
            meta=_meta(request),
            expected_version=expected_version(if_match),
        )
        return command_response(await _run(resources, command, call))
