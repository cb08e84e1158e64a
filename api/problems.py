"""The one mapping from errors to RFC 9457 problem details (docs/api.md section 8).

Controllers never catch: domain, application and HTTP errors propagate here and leave
as ``application/problem+json``. A 5xx body says only what failed in general terms; the
exception itself goes to the log.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from http import HTTPStatus
from typing import Any

import msgspec
import psycopg
import redis.exceptions
from eventsourcing import persistence
from litestar import Request, Response
from litestar.exceptions import HTTPException, NotAuthorizedException, ValidationException
from litestar.openapi.datastructures import ResponseSpec
from litestar.utils.scope.state import ScopeState

from api.bodies import StrictBody, body_field_errors
from api.wording import parameter_rule
from application.errors import ConcurrentUpdates, TaskIdTaken, TaskNotFound, VersionMismatch
from domain.errors import FieldError, InvalidTaskInput, TaskIsDeleted
from infrastructure.idempotency import IdempotencyKeyTaken

_log = logging.getLogger(__name__)

PROBLEM_JSON = "application/problem+json"

WWW_AUTHENTICATE = 'Bearer error="invalid_token"'

UNAVAILABLE = (
    psycopg.OperationalError,  # a lost connection, a pool with none free (PoolTimeout)
    psycopg.InterfaceError,
    persistence.OperationalError,  # the same, as eventsourcing raises them
    persistence.InterfaceError,
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
    ConnectionError,
    TimeoutError,
)
"""Errors that say a dependency cannot answer right now: 503 with ``Retry-After``, never 500.

A command that fails this way did not commit, unless the event store could not even learn
whether it did (it asks after a lost connection, ``infrastructure.eventstore``)."""

RETRY_AFTER_S = "1"


class FieldProblem(msgspec.Struct, frozen=True):
    """One offending input field."""

    field: str
    message: str


class ProblemDetails(msgspec.Struct, frozen=True, omit_defaults=True, kw_only=True):
    """RFC 9457 problem details; ``errors`` lists offending fields on 400."""

    type: str
    title: str
    status: int
    detail: str
    errors: list[FieldProblem] | None = None


class ApiProblem(Exception):
    """An HTTP-level refusal raised by middleware or controllers (not a domain rule)."""

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        headers: Mapping[str, str] | None = None,
        errors: Sequence[FieldError] = (),
    ) -> None:
        """Create the problem.

        Args:
            status: HTTP status code.
            detail: Human-readable explanation, safe to show anyone.
            headers: Extra response headers (``Retry-After``...).
            errors: Offending fields, for a 400.
        """
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.headers = dict(headers or {})
        self.errors = list(errors)


DETAIL_FIELDS = 5
"""How many offending fields ``detail`` spells out; ``errors`` always lists them all."""


def errors_detail(errors: Sequence[FieldError]) -> str:
    """The offending fields as one sentence: ``priority must be High, Medium or Low.``"""
    shown = "; ".join(f"{error.field} {error.message}" for error in errors[:DETAIL_FIELDS])
    more = len(errors) - DETAIL_FIELDS
    return f"{shown}; and {more} more (see errors)." if more > 0 else f"{shown}."


def problem_document(status: int, detail: str) -> bytes:
    """The problem+json body for ``status``, for layers that answer outside Litestar."""
    problem = ProblemDetails(
        type="about:blank", title=HTTPStatus(status).phrase, status=status, detail=detail
    )
    return msgspec.json.encode(problem)


def problem_response(
    status: int,
    detail: str,
    *,
    headers: Mapping[str, str] | None = None,
    errors: Sequence[FieldError] = (),
) -> Response[Any]:
    """Build a problem+json response.

    Args:
        status: HTTP status code.
        detail: What went wrong, for a problem without offending fields.
        headers: Extra response headers.
        errors: Offending fields; when given, ``detail`` is them in one sentence.
    """
    problem = ProblemDetails(
        type="about:blank",
        title=HTTPStatus(status).phrase,
        status=status,
        detail=errors_detail(errors) if errors else detail,
        errors=[FieldProblem(e.field, e.message) for e in errors] if errors else None,
    )
    return Response(
        content=msgspec.json.encode(problem),
        status_code=status,
        media_type=PROBLEM_JSON,
        headers=dict(headers or {}),
    )


def _validation_errors(
    request: Request[Any, Any, Any], exc: ValidationException
) -> list[FieldError]:
    """Field errors of a request Litestar refused, in words; a task body gets every field
    checked, a parameter is described from its declared type and limits."""
    extra = [
        item
        for item in (exc.extra if isinstance(exc.extra, list) else [])
        if isinstance(item, Mapping)
    ]
    parameters = request.route_handler.parsed_fn_signature.parameters
    errors = []
    for item in extra:
        key = str(item.get("key") or "")
        if item.get("source") == "body" or not key:
            continue
        declared = parameters.get(key)
        message = f"must be {parameter_rule(declared)}" if declared else "is not valid"
        errors.append(FieldError(key, message))
    if any(item.get("source") == "body" for item in extra):
        errors.extend(_body_errors(request))
    return errors or [FieldError("body", "is malformed")]


def _body_errors(request: Request[Any, Any, Any]) -> list[FieldError]:
    """A body Litestar refused before ``StrictBody`` saw it (an empty one), in words."""
    body_type = request.route_handler.resolve_data_dto()
    body = ScopeState.from_scope(request.scope).body
    if body_type is not None and issubclass(body_type, StrictBody) and isinstance(body, bytes):
        return body_field_errors(body, body_type.model_type)
    return [FieldError("body", "is malformed")]


def handle_exception(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    """Turn any exception into problem details (registered for ``Exception``)."""
    match exc:
        case InvalidTaskInput():
            return problem_response(400, "The request has invalid fields", errors=exc.errors)
        case TaskNotFound() | TaskIsDeleted():
            return problem_response(404, "Task not found")
        case VersionMismatch():
            return problem_response(
                412, "If-Match does not match the task's current version", headers=_etag(exc)
            )
        case TaskIdTaken():
            return problem_response(409, "A task with this id exists")
        case IdempotencyKeyTaken():  # the idempotency middleware answers from the key instead
            return problem_response(
                409,
                "A request with this Idempotency-Key is still running",
                headers={"Retry-After": "1"},
            )
        case ConcurrentUpdates():  # never 409: docs/api.md retries conflicts for the caller
            return problem_response(
                503,
                "The task is being changed by too many writers at once; try again",
                headers={"Retry-After": "1"},
            )
        case ApiProblem():
            return problem_response(exc.status, exc.detail, headers=exc.headers, errors=exc.errors)
        case ValidationException():
            errors = _validation_errors(request, exc)
            return problem_response(400, "The request has invalid fields", errors=errors)
        case NotAuthorizedException():
            return problem_response(
                401, "Invalid or missing token", headers={"WWW-Authenticate": WWW_AUTHENTICATE}
            )
        case _ if isinstance(exc, UNAVAILABLE):
            _log.warning(
                "dependency unavailable on %s %s: %r", request.method, request.url.path, exc
            )
            return problem_response(
                503,
                "The service is briefly unavailable; try again",
                headers={"Retry-After": RETRY_AFTER_S},
            )
        case HTTPException() if exc.status_code < 500:
            return problem_response(
                exc.status_code, _client_detail(exc), headers=_safe_headers(exc.headers)
            )
        case HTTPException():
            _log.error("HTTP %s: %s", exc.status_code, exc.detail, exc_info=exc)
            return problem_response(
                exc.status_code,
                HTTPStatus(exc.status_code).phrase,
                headers=_safe_headers(exc.headers),
            )
        case _:
            _log.exception(
                "unhandled error on %s %s", request.method, request.url.path, exc_info=exc
            )
            return problem_response(500, "The server failed to answer the request")


def _etag(exc: VersionMismatch) -> dict[str, str]:
    return {"ETag": f'"{exc.actual}"'}


def _client_detail(exc: HTTPException) -> str:
    detail = exc.detail or HTTPStatus(exc.status_code).phrase
    return detail if len(detail) <= 200 else HTTPStatus(exc.status_code).phrase


def _safe_headers(headers: Mapping[str, str] | None) -> dict[str, str]:
    return {k: v for k, v in (headers or {}).items() if k.lower() in {"allow", "retry-after"}}


def problem_spec(description: str) -> ResponseSpec:
    """OpenAPI description of a problem+json response."""
    return ResponseSpec(
        data_container=ProblemDetails,
        description=description,
        media_type=PROBLEM_JSON,
        generate_examples=False,
    )


AUTH_PROBLEMS: dict[int, ResponseSpec] = {
    400: problem_spec("Invalid parameters or headers; `errors` lists them"),
    401: problem_spec("Missing or invalid token"),
    429: problem_spec("Rate limited (see Retry-After)"),
    503: problem_spec("Token keys or a dependency unavailable (see Retry-After)"),
}
"""Problems every authenticated endpoint may answer."""

COMMAND_PROBLEMS: dict[int, ResponseSpec] = {
    **AUTH_PROBLEMS,
    400: problem_spec("Invalid input; `errors` lists every offending field"),
    404: problem_spec("Task not found (or not yours)"),
    409: problem_spec("The idempotency key's request is still running, or the task id is taken"),
    412: problem_spec("If-Match does not match the task's version"),
    413: problem_spec("Request body larger than 64 KiB"),
    422: problem_spec("Idempotency-Key reused with a different request"),
    503: problem_spec(
        "Token keys or a dependency unavailable, or the task too busy to change now "
        "(see Retry-After)"
    ),
}
"""Problems every command may answer."""

READ_PROBLEMS: dict[int, ResponseSpec] = {
    **AUTH_PROBLEMS,
    404: problem_spec("Task not found (or not yours)"),
}
"""Problems a task read may answer."""
