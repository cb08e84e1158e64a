"""``GET /api/v1/audit/events``: the global event log for auditors (docs/api.md section 5).

Filters combine: ``user_id``, ``task_id``, ``type`` (event type names, repeatable or
comma-separated: any of) and ``since``/``until`` (event time, RFC 3339 with an offset;
``since`` inclusive, ``until`` exclusive). JSON pages (``limit`` 1-1,000, default 100)
continue with ``after=<Tasklog-Next-After>``;
the header and a ``Link: rel="next"`` are present while more events remain, as with
``Tasklog-Next-Cursor`` on lists. ``Accept: application/x-ndjson`` streams every matching
event instead, one JSON object a line, without a limit (an explicit ``limit`` still caps
it), in batches, so the process's memory does not grow with the log. Every answer covers
the log up to the position in ``Tasklog-Head`` at the time of the request.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterable
from datetime import datetime
from typing import Annotated, Any
from urllib.parse import urlencode
from uuid import UUID

import msgspec
from litestar import Controller, Request, Response, get
from litestar.datastructures import ResponseHeader
from litestar.di import NamedDependency
from litestar.params import QueryParameter
from litestar.response import Stream
from msgspec import UNSET, Struct, UnsetType

from api.controllers.history import history_item
from api.middleware.auth import requires_auditor
from api.problems import AUTH_PROBLEMS, ApiProblem, problem_spec
from api.query_params import require_whole_numbers
from audit.event_types import event_topics
from audit.log import DEFAULT_PAGE, MAX_PAGE, AuditFilter, AuditLog, AuditRecord
from domain.errors import FieldError
from infrastructure.jwks import Principal

NDJSON = "application/x-ndjson"
JSON = "application/json"
NEXT_AFTER = "Tasklog-Next-After"
HEAD = "Tasklog-Head"

_encoder = msgspec.json.Encoder()
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class AuditEvent(Struct, kw_only=True):
    """One stored event in the global log: a history item plus its task and owner.

    ``at``, ``actor``, ``correlation_id``, ``hash`` and ``prev_hash`` are null, and
    ``error`` says why, only for an event damaged in the database so that it cannot be
    decoded; it keeps its place in the log (``tasklog audit verify`` reports it).
    """

    position: int
    version: int
    type: str
    at: datetime | None
    actor: str | None
    correlation_id: str | None
    data: dict[str, Any]
    hash: str | None
    prev_hash: str | None
    task_id: UUID
    owner: str | None
    error: str | UnsetType = UNSET


def audit_event(record: AuditRecord) -> AuditEvent:
    """The public shape of one audit record."""
    entry = record.entry
    if entry is None:
        return AuditEvent(
            position=record.position,
            version=record.version,
            type="Task" + record.topic.rpartition(".")[2],
            at=None,
            actor=None,
            correlation_id=None,
            data={},
            hash=None,
            prev_hash=None,
            task_id=record.task_id,
            owner=record.owner,
            error=f"the stored event cannot be decoded ({record.error})",
        )
    return AuditEvent(
        **msgspec.structs.asdict(history_item(entry)),
        task_id=record.task_id,
        owner=record.owner,
    )


def ndjson_lines(records: Iterable[AuditRecord]) -> bytes:
    """Records as NDJSON: one JSON object and a newline each."""
    return b"".join(_encoder.encode(audit_event(record)) + b"\n" for record in records)


Limit = Annotated[
    int | None,
    QueryParameter(
        ge=1,
        le=MAX_PAGE,
        description=f"Events per page, 1-{MAX_PAGE} (default {DEFAULT_PAGE}); "
        "with NDJSON, a cap on the stream (default: none)",
    ),
]
MAX_POSITION = 2**63 - 1
"""Positions are PostgreSQL ``bigint``."""

After = Annotated[
    int,
    QueryParameter(ge=0, le=MAX_POSITION, description="Only events after this global position"),
]
USER_ID_MAX = 255
USER_ID_RULE = f"a string of 1 to {USER_ID_MAX} characters without control characters"
UserId = Annotated[
    str | None,
    QueryParameter(
        min_length=1,
        max_length=USER_ID_MAX,
        description=f"Only events of tasks this user (`sub`) owns: {USER_ID_RULE}",
    ),
]
TaskId = Annotated[UUID | None, QueryParameter(description="Only this task's events")]
EVENT_TOPICS = event_topics()
EventTypes = Annotated[
    list[str] | None,
    QueryParameter(
        name="type",
        description="Only events of these types (repeatable or comma-separated: any of): "
        + ", ".join(EVENT_TOPICS),
    ),
]
Since = Annotated[
    datetime | None,
    QueryParameter(description="Only events at or after this instant (RFC 3339 with offset)"),
]
Until = Annotated[
    datetime | None,
    QueryParameter(description="Only events before this instant (RFC 3339 with offset)"),
]


AUDIT_PROBLEMS = {
    **AUTH_PROBLEMS,
    400: problem_spec("Invalid query parameters"),
    403: problem_spec("The token lacks the auditor role"),
}


class AuditController(Controller):
    """The global event log, auditors only."""

    path = "/api/v1/audit"
    tags = ["history and audit"]
    guards = [requires_auditor]

    @get(
        "/events",
        # Declared on the handler: Litestar 2 ignores ``responses`` on a Controller.
        responses=AUDIT_PROBLEMS,
        summary="The global event log in position order (JSON pages or an NDJSON stream)",
        response_headers=[
            ResponseHeader(
                name=NEXT_AFTER,
                description="Present while more events remain: pass it as `after`",
                documentation_only=True,
            ),
            ResponseHeader(
                name=HEAD,
                description="The last position this answer covers",
                documentation_only=True,
            ),
        ],
    )
    async def events(
        self,
        request: Request[Principal, str, Any],
        audit_log: NamedDependency[AuditLog],
        after: After = 0,
        limit: Limit = None,
        user_id: UserId = None,
        task_id: TaskId = None,
        event_types: EventTypes = None,
        since: Since = None,
        until: Until = None,
    ) -> Response[list[AuditEvent]]:
        """Every stored event, with its task and owner, after ``after``; filters combine."""
        require_whole_numbers(request, "after", "limit")
        if user_id is not None and _CONTROL.search(user_id):
            raise ApiProblem(
                400, "Invalid user_id", errors=[FieldError("user_id", f"must be {USER_ID_RULE}")]
            )
        where = AuditFilter(
            after=after,
            user_id=user_id,
            task_id=task_id,
            topics=_topics(event_types or []),
            since=_instant("since", since),
            until=_instant("until", until),
        )
        head = await audit_log.head()
        headers = {HEAD: str(head)}
        if request.accept.best_match([JSON, NDJSON], default=JSON) == NDJSON:
            return Stream(  # type: ignore[return-value]
                _stream(audit_log, where, head, limit), media_type=NDJSON, headers=headers
            )
        records, more = await audit_log.page(where, limit or DEFAULT_PAGE, head)
        if more:
            last = records[-1].position
            headers[NEXT_AFTER] = str(last)
            headers["Link"] = f'<{_next_url(request, last)}>; rel="next"'
        return Response(
            content=[audit_event(record) for record in records], media_type=JSON, headers=headers
        )


def _topics(names: list[str]) -> tuple[str, ...]:
    """The stored topics of the event type names asked for (400 naming an unknown one)."""
    wanted = [name.strip() for value in names for name in value.split(",") if name.strip()]
    unknown = [name for name in wanted if name not in EVENT_TOPICS]
    if unknown:
        raise ApiProblem(
            400,
            "The request has invalid fields",
            errors=[FieldError("type", f"unknown event type {unknown[0]!r}")],
        )
    return tuple(dict.fromkeys(EVENT_TOPICS[name] for name in wanted))


def _instant(field: str, value: datetime | None) -> datetime | None:
    """``value`` if it carries a UTC offset (a time without one names no instant)."""
    if value is not None and value.tzinfo is None:
        raise ApiProblem(
            400, f"{field} needs a UTC offset", errors=[FieldError(field, "must carry an offset")]
        )
    return value


async def _stream(
    log: AuditLog, where: AuditFilter, head: int, limit: int | None
) -> AsyncIterator[bytes]:
    async for batch in log.stream(where, head, limit):
        yield ndjson_lines(batch)


def _next_url(request: Request[Any, Any, Any], after: int) -> str:
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "after"]
    params.append(("after", str(after)))
    return f"{request.url.path}?{urlencode(params)}"
