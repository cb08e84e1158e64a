"""The read side of docs/api.md section 4: task lists, one task and tags from the projection.

Every answer carries ``Tasklog-Projection-Position``; ``Tasklog-Min-Position`` (header)
or ``min_position`` (query) makes the read wait for the projection, woken by NOTIFY,
for at most ``TASKLOG_CONSISTENCY_TIMEOUT_MS``, else 503 with ``Retry-After: 1``.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime
from typing import Annotated, Any, TypeVar
from urllib.parse import urlencode
from uuid import UUID

from litestar import Controller, Request, Response, get
from litestar.datastructures import ResponseHeader
from litestar.di import NamedDependency
from litestar.params import Parameter

from api.middleware.auth import principal_of
from api.problems import READ_PROBLEMS, ApiProblem, problem_spec
from api.responses import JSON, etag
from api.runtime import ApiExtension, Resources
from application.errors import TaskNotFound
from domain.errors import FieldError
from infrastructure.jwks import Principal
from infrastructure.pools import retry_read
from infrastructure.readpool import ReadModels, open_read_models
from projections.consistency import ConsistencyTimeout
from projections.task_list.params import MAX_LIMIT, parse_list_query
from projections.task_list.projection import TaskListProjection
from projections.task_list.queries import get_task, list_tasks, tag_counts

EXTENSION = "projections"
POSITION_HEADER = "Tasklog-Projection-Position"
MIN_POSITION_HEADER = "Tasklog-Min-Position"
NEXT_CURSOR_HEADER = "Tasklog-Next-Cursor"
TASK_LIST = TaskListProjection.name

TaskRequest = Request[Principal, str, Any]
T = TypeVar("T")

QUERY_PROBLEMS = {
    **READ_PROBLEMS,
    503: problem_spec("The projection did not reach Tasklog-Min-Position in time (Retry-After)"),
}
POSITION_RESPONSE = ResponseHeader(
    name=POSITION_HEADER,
    description="The event position the answering projection has reached",
    documentation_only=True,
)


def read_models(resources: Resources) -> ReadModels:
    """The read side's resources (opened by this extension's lifespan)."""
    models: ReadModels = resources.extras[EXTENSION]
    return models


def wanted_position(request: TaskRequest) -> int | None:
    """The position the caller wants to read at least (header, else query parameter).

    Raises:
        ApiProblem: 400 when it is not a non-negative integer.
    """
    header = request.headers.get(MIN_POSITION_HEADER)
    query = request.query_params.get("min_position")
    errors = []
    wanted: int | None = None
    for field, raw in ((MIN_POSITION_HEADER, header), ("min_position", query)):
        if raw is None:
            continue
        text = raw.strip()
        if not (text.isascii() and text.isdigit()) or len(text) > 18:
            errors.append(FieldError(field, "must be a non-negative integer"))
        else:
            wanted = max(wanted or 0, int(text))
    if errors:
        raise ApiProblem(400, "The request has invalid fields", errors=errors)
    return wanted


async def consistent_read(
    request: TaskRequest,
    resources: Resources,
    read: Callable[[Any], Awaitable[T]],
    *,
    projection: str = TASK_LIST,
) -> T:
    """Run ``read(connection)`` once ``projection`` reached the caller's minimum position."""
    models = read_models(resources)
    wanted = wanted_position(request)

    async def attempt() -> T:
        return await retry_read(models.pool, read)

    try:
        result: T = await models.watch.read_at_least(
            projection, wanted, models.consistency_timeout_s, attempt
        )
    except ConsistencyTimeout as timeout:
        raise ApiProblem(
            503,
            f"The read model has not reached position {timeout.wanted} yet",
            headers={"Retry-After": "1", POSITION_HEADER: str(timeout.reached)},
        ) from None
    return result


def _next_link(request: TaskRequest, cursor: str) -> str:
    items = [(k, v) for k, v in request.query_params.multi_items() if k != "cursor"]
    items.append(("cursor", cursor))
    return f'<{request.url.path}?{urlencode(items)}>; rel="next"'


def _page_response(
    request: TaskRequest, position: int, body: bytes, next_cursor: str | None
) -> Response[Any]:
    headers = {POSITION_HEADER: str(position)}
    if next_cursor is not None:
        headers[NEXT_CURSOR_HEADER] = next_cursor
        headers["Link"] = _next_link(request, next_cursor)
    return Response(content=body, media_type=JSON, headers=headers)


class TaskQueryController(Controller):
    """Lists of the caller's tasks, and their tags."""

    path = "/api/v1"
    tags = ["tasks: queries"]

    @get(
        "/tasks",
        responses=QUERY_PROBLEMS,
        summary="The caller's tasks: filters, sort and keyset pagination",
        response_headers=[
            POSITION_RESPONSE,
            ResponseHeader(
                name="Link", description='`rel="next"` when more remain', documentation_only=True
            ),
            ResponseHeader(
                name=NEXT_CURSOR_HEADER,
                description="Opaque cursor of the next page",
                documentation_only=True,
            ),
        ],
    )
    async def list_tasks(
        self,
        request: TaskRequest,
        resources: NamedDependency[Resources],
        completed: Annotated[str | None, Parameter(description="true or false")] = None,
        status: Annotated[str | None, Parameter(description="open, completed or all")] = None,
        priority: Annotated[
            list[str] | None, Parameter(description="Any of (repeatable or comma-separated)")
        ] = None,
        tag: Annotated[
            list[str] | None, Parameter(description="All of (repeatable or comma-separated)")
        ] = None,
        due_before: Annotated[
            str | None, Parameter(description="A date (vs due_date) or an instant (vs due_at)")
        ] = None,
        due_after: Annotated[
            str | None, Parameter(description="A date (vs due_date) or an instant (vs due_at)")
        ] = None,
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
        min_position: Annotated[
            str | None, Parameter(description="Wait for this projection position")
        ] = None,
    ) -> Response[list[dict[str, Any]]]:
        """A bare JSON array of tasks; ``Link`` and ``Tasklog-Next-Cursor`` when more remain.

        Without ``limit`` and ``cursor``: every task of the caller, up to ``list_max``.

        Pages are cached per owner and exact query string until the owner's rows change
        (``PageCache``); a cached page older than the caller's minimum position is not used.
        """
        owner = principal_of(request).user_id
        models = read_models(resources)
        pages = models.pages
        raw_query: bytes = request.scope["query_string"]
        cached = pages.get(owner, raw_query)
        if cached is not None:
            wanted = wanted_position(request)
            if wanted is None or cached.position >= wanted:
                resources.metrics.observe_list_cache("hit")
                return _page_response(request, cached.position, cached.body, cached.next_cursor)
        generation = pages.generation
        resources.metrics.observe_list_cache("miss")
        params = {key: request.query_params.getall(key) for key in request.query_params}
        query = parse_list_query(params, list_max=models.list_max)
        now = datetime.now(UTC)
        page = await consistent_read(
            request,
            resources,
            lambda connection: list_tasks(
                connection, models.schema, owner=owner, query=query, codec=models.codec, now=now
            ),
        )
        if query.overdue is None:  # "overdue" depends on the clock, not only on the rows
            pages.put(
                owner,
                raw_query,
                position=page.position,
                body=page.body,
                next_cursor=page.next_cursor,
                generation=generation,
            )
        return _page_response(request, page.position, page.body, page.next_cursor)

    @get(
        "/tags",
        responses=QUERY_PROBLEMS,
        summary="The caller's tags with open and total task counts",
        response_headers=[POSITION_RESPONSE],
    )
    async def list_tags(
        self,
        request: TaskRequest,
        resources: NamedDependency[Resources],
        min_position: Annotated[
            str | None, Parameter(description="Wait for this projection position")
        ] = None,
    ) -> Response[list[dict[str, Any]]]:
        """``[{"tag", "open", "total"}]`` sorted by tag."""
        owner = principal_of(request).user_id
        models = read_models(resources)
        counts = await consistent_read(
            request,
            resources,
            lambda connection: tag_counts(connection, models.schema, owner=owner),
        )
        response: Response[Any] = Response(
            content=counts.body.encode(),
            media_type=JSON,
            headers={POSITION_HEADER: str(counts.position)},
        )
        return response


async def read_task_from_projection(
    request: TaskRequest, resources: Resources, task_id: UUID
) -> Response[Any]:
    """``GET /api/v1/tasks/{id}`` from the ``task_list`` read model, with ``ETag``."""
    owner = principal_of(request).user_id
    models = read_models(resources)
    found = await consistent_read(
        request,
        resources,
        lambda connection: get_task(connection, models.schema, owner=owner, task_id=task_id),
    )
    if found.doc is None or found.version is None:
        raise TaskNotFound()
    return Response(
        content=found.doc.encode(),
        media_type=JSON,
        headers={"ETag": etag(found.version), POSITION_HEADER: str(found.position)},
    )


@contextlib.asynccontextmanager
async def projections_lifespan(resources: Resources) -> AsyncIterator[None]:
    """Install the read models, fetch the cursor key, and keep one LISTEN connection."""
    settings = resources.settings
    assert settings.database_url is not None  # resolved by the core lifespan
    models = await open_read_models(settings, settings.database_url, resources.pool)
    resources.extras[EXTENSION] = models
    try:
        yield
    finally:
        await models.watch.stop()
        resources.extras.pop(EXTENSION, None)


def projections_extension() -> ApiExtension:
    """What the read side plugs into the API (see ``api.extensions``)."""
    from api.controllers.ops import OpsController

    return ApiExtension(
        name=EXTENSION,
        route_handlers=[TaskQueryController, OpsController],
        lifespan=projections_lifespan,
        read_task=read_task_from_projection,
    )
