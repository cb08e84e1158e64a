"""Per-user rate limiting (429 with ``Retry-After``), after authentication."""

from __future__ import annotations

from litestar.types import ASGIApp, Receive, Scope, Send

from api.problems import ApiProblem
from api.resources import ResourcesHolder
from infrastructure.jwks import Principal


class RateLimitMiddleware:
    """Counts each authenticated request against its user's budget."""

    def __init__(self, app: ASGIApp, resources: ResourcesHolder) -> None:
        """Wrap ``app``; the limiter comes from the resources (None: no limit)."""
        self._app = app
        self._resources = resources

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Refuse the request with 429 once its user's window is spent."""
        user = scope.get("user")
        limiter = self._resources.get().rate_limiter
        if limiter is not None and isinstance(user, Principal):
            decision = await limiter.hit(user.user_id)
            if not decision.allowed:
                raise ApiProblem(
                    429,
                    "Too many requests",
                    headers={
                        "Retry-After": str(decision.retry_after_s),
                        "RateLimit-Limit": str(decision.limit),
                        "RateLimit-Remaining": "0",
                    },
                )
        await self._app(scope, receive, send)
