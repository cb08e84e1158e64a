"""Bearer-token authentication over the JWKS verifier, and role guards (docs/api.md section 1)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler
from litestar.middleware import AbstractAuthenticationMiddleware, AuthenticationResult
from litestar.types import ASGIApp, Guard

from api.problems import ApiProblem
from api.resources import ResourcesHolder
from infrastructure.jwks import InvalidToken, KeysUnavailable, Principal

PUBLIC_PATHS = ("^/health", "^/metrics", "^/schema", "^/dev/")
"""Paths answered without a token."""

EXCLUDE_OPT_KEY = "exclude_from_auth"
"""A handler whose ``opt`` sets this to true is answered without a token."""

_PUBLIC = re.compile("|".join(PUBLIC_PATHS))

KEYS_RETRY_AFTER_S = "5"


class JwtAuthenticationMiddleware(AbstractAuthenticationMiddleware):
    """Puts the token's ``Principal`` on ``request.user``; 401 without a valid token."""

    def __init__(self, app: ASGIApp, resources: ResourcesHolder) -> None:
        """Guard ``app``; public paths and handlers opted out (``exclude_from_auth``) pass."""
        super().__init__(
            app,
            exclude=list(PUBLIC_PATHS),
            exclude_from_auth_key=EXCLUDE_OPT_KEY,
            exclude_http_methods=[],
        )
        self._resources = resources

    async def authenticate_request(
        self, connection: ASGIConnection[Any, Any, Any, Any]
    ) -> AuthenticationResult:
        """Verify ``Authorization: Bearer <token>``.

        Raises:
            NotAuthorizedException: missing, malformed or refused token (401).
            ApiProblem: 503 when the signing keys cannot be had.
        """
        scheme, _, token = connection.headers.get("authorization", "").partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token:
            raise NotAuthorizedException()
        try:
            principal = await self._resources.get().verifier.verify(token)
        except InvalidToken:
            raise NotAuthorizedException() from None
        except KeysUnavailable:
            raise ApiProblem(
                503,
                "Token signing keys are unavailable",
                headers={"Retry-After": KEYS_RETRY_AFTER_S},
            ) from None
        return AuthenticationResult(user=principal, auth=token)


def needs_token(path: str, opt: Mapping[str, Any]) -> bool:
    """Whether this middleware asks a route on ``path`` with handler options ``opt`` for a
    token (the OpenAPI document marks exactly those operations as secured)."""
    return not (opt.get(EXCLUDE_OPT_KEY) or _PUBLIC.search(path))


def principal_of(connection: ASGIConnection[Any, Any, Any, Any]) -> Principal:
    """The authenticated caller."""
    user = connection.user
    if not isinstance(user, Principal):
        raise NotAuthorizedException()
    return user


def requires_role(role: str) -> Guard:
    """A guard admitting only callers whose token carries ``role`` (else 403)."""

    def guard(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
        if role not in principal_of(connection).roles:
            raise PermissionDeniedException(f"requires the {role} role")

    guard.__name__ = f"requires_{role}"
    return guard


AUDITOR = "auditor"

requires_auditor = requires_role(AUDITOR)
requires_operator = requires_role("operator")


def owner_filter(principal: Principal) -> str | None:
    """Whose tasks the caller may read in history and time travel (None: anyone's)."""
    return None if AUDITOR in principal.roles else principal.user_id
