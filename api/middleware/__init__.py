"""ASGI middleware of the API: edge (request id, metrics), auth, rate limit, idempotency."""
