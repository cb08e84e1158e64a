"""JwtVerifier with its default httpx fetch against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest

from infrastructure.devkeys import dev_jwks, load_or_create_dev_key, mint_token
from infrastructure.jwks import JwtVerifier, KeysUnavailable, Principal


class JwksHandler(BaseHTTPRequestHandler):
    """Serves ``document`` at /jwks and 404 elsewhere; counts JWKS requests."""

    document: ClassVar[dict[str, Any]] = {"keys": []}
    requests: ClassVar[int] = 0

    def do_GET(self) -> None:
        if self.path != "/jwks":
            self.send_error(404)
            return
        type(self).requests += 1
        body = json.dumps(self.document).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        """Keep test output quiet."""


@pytest.fixture
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), JwksHandler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


def make_verifier(url: str) -> JwtVerifier:
    return JwtVerifier(
        jwks_url=url,
        algorithms=("EdDSA", "ES256", "RS256"),
        issuer="https://auth.local",
        audience="tasklog",
        leeway_s=30,
        roles_claim="roles",
    )


async def test_default_fetch_serves_keys_over_http(server: str, tmp_path: Path) -> None:
    key = load_or_create_dev_key(tmp_path / "dev.pem")
    JwksHandler.document = dev_jwks(key)
    JwksHandler.requests = 0
    verifier = make_verifier(f"{server}/jwks")
    token = mint_token(key, "user-1", ["auditor"], 300, "https://auth.local", "tasklog")

    assert await verifier.verify(token) == Principal("user-1", frozenset({"auditor"}))
    assert await verifier.verify(token) == Principal("user-1", frozenset({"auditor"}))
    assert JwksHandler.requests == 1
    await verifier.aclose()


async def test_http_error_without_cached_keys_means_keys_unavailable(
    server: str, tmp_path: Path
) -> None:
    key = load_or_create_dev_key(tmp_path / "dev.pem")
    verifier = make_verifier(f"{server}/missing")
    token = mint_token(key, "user-1", [], 300, "https://auth.local", "tasklog")

    with pytest.raises(KeysUnavailable):
        await verifier.verify(token)
