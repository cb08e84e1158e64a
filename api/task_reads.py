"""The answers of the task reads: a page of the caller's list, one task, a task as it was.

A list page is served from this process's page cache, else from one query; a page is
kept per owner and exact query string until the owner's rows change (``PageCache``), and a
kept page older than the caller's minimum position is not used. One task comes from the
``task_list`` read model; time travel (``version`` or ``as_of``) rebuilds it from the event
store instead.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import partial
from typing import Any
from urllib.parse import urlencode
from uuid import UUID

from litestar import Request, Response

from api.consistent_reads import POSITION_HEADER, consistent_read, wanted_position
from api.middleware.auth import owner_filter, principal_of
from api.problems import ApiProblem
from api.query_params import instant, require_whole_numbers
from api.resources import Resources
from api.responses import JSON, etag, task_response
from application.errors import TaskNotFound
from domain.errors import FieldError
from domain.task import Task
from infrastructure.jwks import Principal
from infrastructure.metrics import Metrics
from projections.read_side import ReadModels
from projections.task_list.params import parse_list_query
from projections.task_list.queries import get_task, list_tasks

NEXT_CURSOR_HEADER = "Tasklog-Next-Cursor"

TaskRequest = Request[Principal, str, Any]


async def task_list_page(
    request: TaskRequest, read_models: ReadModels, metrics: Metrics
) -> Response[Any]:
    """A bare JSON array of the caller's tasks; ``Link`` and ``Tasklog-Next-Cursor`` when
    more remain. Without ``limit`` and ``cursor``: every task, up to ``list_max``."""
    owner = principal_of(request).user_id
    pages = read_models.pages
    raw_query: bytes = request.scope["query_string"]
    cached = pages.get(owner, raw_query)
    if cached is not None:
        wanted = wanted_position(request)
        if wanted is None or cached.position >= wanted:
            metrics.observe_list_cache("hit")
            return _page_response(request, cached.position, cached.body, cached.next_cursor)
    generation = pages.generation
    metrics.observe_list_cache("miss")
    params = {key: request.query_params.getall(key) for key in request.query_params}
    query = parse_list_query(params, list_max=read_models.list_max)
    now = datetime.now(UTC)
    page = await consistent_read(
        request,
        read_models,
        lambda connection: list_tasks(
            connection,
            read_models.schema,
            owner=owner,
            query=query,
            codec=read_models.codec,
            now=now,
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


def _page_response(
    request: TaskRequest, position: int, body: bytes, next_cursor: str | None
) -> Response[Any]:
    headers = {POSITION_HEADER: str(position)}
    if next_cursor is not None:
        headers[NEXT_CURSOR_HEADER] = next_cursor
        headers["Link"] = _next_link(request, next_cursor)
    return Response(content=body, media_type=JSON, headers=headers)


def _next_link(request: TaskRequest, cursor: str) -> str:
    items = [(k, v) for k, v in request.query_params.multi_items() if k != "cursor"]
    items.append(("cursor", cursor))
    return f'<{request.url.path}?{urlencode(items)}>; rel="next"'


async def task_from_read_model(
    request: TaskRequest, read_models: ReadModels, task_id: UUID
) -> Response[Any]:
    """The caller's task from the ``task_list`` read model, with ``ETag``."""
    owner = principal_of(request).user_id
    found = await consistent_read(
        request,
        read_models,
        lambda connection: get_task(connection, read_models.schema, owner=owner, task_id=task_id),
    )
    if found.doc is None or found.version is None:
        raise TaskNotFound()
    return Response(
        content=found.doc.encode(),
        media_type=JSON,
        headers={"ETag": etag(found.version), POSITION_HEADER: str(found.position)},
    )


async def task_as_it_was(
    request: TaskRequest,
    resources: Resources,
    task_id: UUID,
    version: int | None,
    as_of: str | None,
) -> Response[Any]:
    """The task rebuilt from its events, after its ``version``-th or at ``as_of``.

    The owner or an auditor may travel; anyone else finds no task (404).
    """
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
