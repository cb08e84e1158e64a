"""``/api/v1/tasks``: the caller's tasks — list, read, create, change, complete, delete.

Commands (docs/api.md section 3) run on the write model and answer the task as stored;
reads (section 4) come from the ``task_list`` read model, and time travel from the event
store. The work behind each handler lives in ``api.task_commands`` and ``api.task_reads``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Annotated, Any
from uuid import UUID

from litestar import Controller, Request, Response, delete, get, patch, post, put
from litestar.datastructures import ResponseHeader
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody, Parameter, QueryParameter

from api.bodies import StrictBody, sent_fields
from api.consistent_reads import POSITION_RESPONSE, QUERY_PROBLEMS
from api.middleware.auth import principal_of
from api.problems import COMMAND_PROBLEMS, READ_PROBLEMS
from api.query_params import InstantText
from api.resources import Resources
from api.responses import (
    ETAG_HEADER,
    LOCATION_HEADER,
    POSITION_HEADER,
    POSITION_RESPONSE_HEADER,
    command_response,
    etag,
    expected_version,
)
from api.schemas import NewTask, TaskChanges
from api.task_commands import IdempotencyKey, IfMatch, event_meta, run_command
from api.task_reads import (
    NEXT_CURSOR_HEADER,
    task_as_it_was,
    task_from_read_model,
    task_list_page,
)
from application.tasks import CommandResult, idempotent_task_id
from application.views import TaskResource
from infrastructure.jwks import Principal
from projections.task_list.params import MAX_LIMIT

TaskRequest = Request[Principal, str, Any]
InjectedResources = NamedDependency[Resources]
TaskId = FromPath[UUID]

COMMANDS = ["tasks: commands"]
QUERIES = ["tasks: queries"]
_COMMAND_HEADERS = [ETAG_HEADER, POSITION_RESPONSE_HEADER]
_LIST_HEADERS = [
    POSITION_RESPONSE,
    ResponseHeader(
        name="Link", description='`rel="next"` when more remain', documentation_only=True
    ),
    ResponseHeader(
        name=NEXT_CURSOR_HEADER,
        description="Opaque cursor of the next page",
        documentation_only=True,
    ),
]
_DUE_BOUND = "A date (vs due_date) or an instant (vs due_at)"
_MIN_POSITION = "Wait for this projection position"


class TaskController(Controller):
    """The caller's tasks."""

    path = "/api/v1/tasks"

    @get(
        "/",
        tags=QUERIES,
        responses=QUERY_PROBLEMS,
        summary="The caller's tasks: filters, sort and keyset pagination",
        response_headers=_LIST_HEADERS,
    )
    async def list_tasks(
        self,
        request: TaskRequest,
        resources: InjectedResources,
        completed: Annotated[str | None, Parameter(description="true or false")] = None,
        status: Annotated[str | None, Parameter(description="open, completed or all")] = None,
        priority: Annotated[
            list[str] | None, Parameter(description="Any of (repeatable or comma-separated)")
        ] = None,
        tag: Annotated[
            list[str] | None, Parameter(description="All of (repeatable or comma-separated)")
        ] = None,
        due_before: Annotated[str | None, Parameter(description=_DUE_BOUND)] = None,
        due_after: Annotated[str | None, Parameter(description=_DUE_BOUND)] = None,
        overdue: Annotated[str | None, Parameter(description="true: open and past due_at")] = None,
        q: Annotated[str | None, Parameter(description="Words in title/description")] = None,
        series_id: Annotated[str | None, Parameter(description="A recurring series")] = None,
        sort: Annotated[
            str | None,
            Parameter(description="created_at|updated_at|due_at|priority|title, - reverses"),
        ] = None,
        limit: Annotated[
            str | None,
            Parameter(
                description=f"Page size 1-{MAX_LIMIT:,}; without it (and cursor), every task "
                "up to TASKLOG_LIST_MAX (default 10,000), continued by the paging headers"
            ),
        ] = None,
        cursor: Annotated[str | None, Parameter(description="From Tasklog-Next-Cursor")] = None,
        min_position: Annotated[str | None, Parameter(description=_MIN_POSITION)] = None,
    ) -> Response[list[dict[str, Any]]]:
        """A bare JSON array of tasks; ``Link`` and ``Tasklog-Next-Cursor`` when more remain.

        The parameters are read from the query string by ``parse_list_query`` (declared
        here for the OpenAPI document).
        """
        return await task_list_page(request, resources.read_models, resources.metrics)

    @get(
        "/{task_id:uuid}",
        tags=QUERIES,
        responses=READ_PROBLEMS,
        summary="One task, now or as it was (time travel)",
        response_headers=[
            ResponseHeader(name="ETag", description="The task version", documentation_only=True)
        ],
    )
    async def get_task(
        self,
        request: TaskRequest,
        resources: InjectedResources,
        task_id: TaskId,
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
            return await task_from_read_model(request, resources.read_models, task_id)
        return await task_as_it_was(request, resources, task_id, version, as_of)

    @post(
        "/",
        tags=COMMANDS,
        status_code=201,
        responses=COMMAND_PROBLEMS,
        summary="Create a task",
        dto=StrictBody[NewTask],
        return_dto=None,
        response_headers=[LOCATION_HEADER, *_COMMAND_HEADERS],
    )
    async def create_task(
        self,
        request: TaskRequest,
        resources: InjectedResources,
        data: JSONBody[NewTask],
        idempotency_key: IdempotencyKey = None,
    ) -> Response[TaskResource]:
        """Create a task; with an Idempotency-Key its id derives from the caller and key."""
        owner = principal_of(request).user_id
        call = partial(
            resources.application.create_task,
            owner=owner,
            fields=sent_fields(data),
            meta=event_meta(request),
            task_id=idempotent_task_id(owner, idempotency_key) if idempotency_key else None,
        )
        result = await run_command(resources, "create", call)
        return command_response(result, status=201, location=True)

    @patch(
        "/{task_id:uuid}",
        tags=COMMANDS,
        responses=COMMAND_PROBLEMS,
        summary="Change a task",
        dto=StrictBody[TaskChanges],
        return_dto=None,
        response_headers=_COMMAND_HEADERS,
    )
    async def patch_task(
        self,
        request: TaskRequest,
        resources: InjectedResources,
        task_id: TaskId,
        data: JSONBody[TaskChanges],
        if_match: IfMatch = None,
        idempotency_key: IdempotencyKey = None,
    ) -> Response[TaskResource]:
        """Change any input fields; ``null`` clears an optional one."""
        return await _change(request, resources, task_id, data, if_match)

    @put(
        "/{task_id:uuid}",
        tags=COMMANDS,
        responses=COMMAND_PROBLEMS,
        summary="Change a task (the original backend's update)",
        dto=StrictBody[TaskChanges],
        return_dto=None,
        response_headers=_COMMAND_HEADERS,
    )
    async def put_task(
        self,
        request: TaskRequest,
        resources: InjectedResources,
        task_id: TaskId,
        data: JSONBody[TaskChanges],
        if_match: IfMatch = None,
        idempotency_key: IdempotencyKey = None,
    ) -> Response[TaskResource]:
        """Same as PATCH; may also carry ``completed``."""
        return await _change(request, resources, task_id, data, if_match)

    @post(
        "/{task_id:uuid}/complete",
        tags=COMMANDS,
        status_code=200,
        responses=COMMAND_PROBLEMS,
        summary="Mark a task completed",
        response_headers=_COMMAND_HEADERS,
    )
    async def complete_task(
        self,
        request: TaskRequest,
        resources: InjectedResources,
        task_id: TaskId,
        if_match: IfMatch = None,
        idempotency_key: IdempotencyKey = None,
    ) -> Response[TaskResource]:
        """Already completed: 200, nothing written."""
        method = resources.application.complete_task
        return await _completion_command(request, resources, "complete", method, task_id, if_match)

    @post(
        "/{task_id:uuid}/reopen",
        tags=COMMANDS,
        status_code=200,
        responses=COMMAND_PROBLEMS,
        summary="Mark a task open again",
        response_headers=_COMMAND_HEADERS,
    )
    async def reopen_task(
        self,
        request: TaskRequest,
        resources: InjectedResources,
        task_id: TaskId,
        if_match: IfMatch = None,
        idempotency_key: IdempotencyKey = None,
    ) -> Response[TaskResource]:
        """Already open: 200, nothing written."""
        method = resources.application.reopen_task
        return await _completion_command(request, resources, "reopen", method, task_id, if_match)

    @patch(
        "/{task_id:uuid}/complete",
        tags=COMMANDS,
        responses=COMMAND_PROBLEMS,
        summary="Toggle completion (the original backend's endpoint)",
        response_headers=_COMMAND_HEADERS,
    )
    async def toggle_task(
        self,
        request: TaskRequest,
        resources: InjectedResources,
        task_id: TaskId,
        if_match: IfMatch = None,
        idempotency_key: IdempotencyKey = None,
    ) -> Response[TaskResource]:
        """Completed becomes open, open becomes completed."""
        method = resources.application.toggle_task
        return await _completion_command(request, resources, "toggle", method, task_id, if_match)

    @delete(
        "/{task_id:uuid}",
        tags=COMMANDS,
        status_code=204,
        responses=COMMAND_PROBLEMS,
        summary="Delete a task (its history stays)",
        response_headers=_COMMAND_HEADERS,
    )
    async def delete_task(
        self,
        request: TaskRequest,
        resources: InjectedResources,
        task_id: TaskId,
        if_match: IfMatch = None,
        idempotency_key: IdempotencyKey = None,
    ) -> None:
        """204, no body, with ``Tasklog-Position``."""
        call = partial(
            resources.application.delete_task,
            task_id,
            user_id=principal_of(request).user_id,
            meta=event_meta(request),
            expected_version=expected_version(if_match),
        )
        result = await run_command(resources, "delete", call)
        # Litestar sends a returned Response as it is; annotating None keeps a body
        # schema for the 204 out of the OpenAPI document.
        return Response(  # type: ignore[return-value]
            content=None,
            status_code=204,
            headers={"ETag": etag(result.task.version), POSITION_HEADER: str(result.position)},
        )


async def _change(
    request: TaskRequest,
    resources: Resources,
    task_id: UUID,
    changes: TaskChanges,
    if_match: str | None,
) -> Response[Any]:
    call = partial(
        resources.application.update_task,
        task_id,
        user_id=principal_of(request).user_id,
        fields=sent_fields(changes),
        meta=event_meta(request),
        expected_version=expected_version(if_match),
    )
    return command_response(await run_command(resources, "update", call))


async def _completion_command(
    request: TaskRequest,
    resources: Resources,
    command: str,
    method: Callable[..., CommandResult],
    task_id: UUID,
    if_match: str | None,
) -> Response[Any]:
    """Complete, reopen or toggle: a command with no body."""
    call = partial(
        method,
        task_id,
        user_id=principal_of(request).user_id,
        meta=event_meta(request),
        expected_version=expected_version(if_match),
    )
    return command_response(await run_command(resources, command, call))
