"""Fixtures for API tests: an app on the test database, a JWKS stub, tokens, a client."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any

import msgspec
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from litestar import Litestar
from litestar.testing import AsyncTestClient

from api.app import create_app
from infrastructure.devkeys import dev_jwks, mint_token
from infrastructure.settings import Settings

JWKS_URL = "https://idp.test/jwks"
ISSUER = "https://idp.test"
AUDIENCE = "tasklog"


@dataclass
class JwksStub:
    """Serves a JWKS to the verifier without a network; keys can rotate, fetches can fail."""

    keys: list[Ed25519PrivateKey]
    failing: bool = False
    fetches: int = 0
    extra_members: list[dict[str, Any]] = field(default_factory=list)

    async def fetch(self, url: str) -> bytes:
        self.fetches += 1
        if self.failing:
            raise ConnectionError("identity provider down")
        members = [dev_jwks(key)["keys"][0] for key in self.keys]
        return msgspec.json.encode({"keys": members + self.extra_members})


@pytest.fixture
def signing_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


@pytest.fixture
def jwks(signing_key: Ed25519PrivateKey) -> JwksStub:
    return JwksStub(keys=[signing_key])


@pytest.fixture
def api_settings(settings: Settings) -> Settings:
    """Test settings plus a JWKS URL, issuer and audience; no rate limit."""
    return replace(
        settings,
        jwks_url=JWKS_URL,
        jwt_issuer=ISSUER,
        jwt_audience=AUDIENCE,
        jwks_refetch_interval_s=0.0,
        eventstore_pool_size=4,
        db_pool_size=4,
    )


Mint = Callable[..., str]


@pytest.fixture
def mint(signing_key: Ed25519PrivateKey) -> Mint:
    """Mint a valid token: ``mint(user, roles=(), key=None, ttl_s=600)``."""

    def make(
        user: str,
        roles: Iterable[str] = (),
        key: Ed25519PrivateKey | None = None,
        ttl_s: int = 600,
    ) -> str:
        return mint_token(
            key or signing_key, sub=user, roles=roles, ttl_s=ttl_s, issuer=ISSUER, audience=AUDIENCE
        )

    return make


@pytest.fixture
def user() -> str:
    return f"user-{uuid.uuid4().hex[:8]}"


@pytest.fixture
def other_user() -> str:
    return f"other-{uuid.uuid4().hex[:8]}"


@pytest.fixture
def auth(mint: Mint) -> Callable[..., dict[str, str]]:
    """Headers with a bearer token: ``auth(user, roles=())``."""

    def headers(who: str, roles: Iterable[str] = ()) -> dict[str, str]:
        return {"Authorization": f"Bearer {mint(who, roles)}"}

    return headers


@pytest.fixture
def app_factory(api_settings: Settings, jwks: JwksStub) -> Callable[..., Litestar]:
    def build(settings: Settings | None = None, **kwargs: Any) -> Litestar:
        return create_app(settings or api_settings, jwks_fetch=jwks.fetch, **kwargs)

    return build


@pytest.fixture
async def client(app_factory: Callable[..., Litestar]) -> AsyncIterator[AsyncTestClient[Litestar]]:
    async with AsyncTestClient(app_factory()) as test_client:
        yield test_client
