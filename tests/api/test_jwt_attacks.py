"""Forged, stale and odd tokens over HTTP (docs/api.md section 1): each answered as it should."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import uuid
from collections.abc import Callable
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from litestar import Litestar, Request, get
from litestar.testing import AsyncTestClient

from api.middleware.auth import principal_of, requires_auditor, requires_operator
from infrastructure.devkeys import dev_jwks
from tests.api.conftest import AUDIENCE, ISSUER, JwksStub, Mint
from tests.api.helpers import TASKS, Client, assert_problem

PROBE = f"{TASKS}/{uuid.uuid4()}/history"
"""A path that answers 404 to any valid token and 401 to anything else."""


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def kid_of(key: Ed25519PrivateKey) -> str:
    kid: str = dev_jwks(key)["keys"][0]["kid"]
    return kid


def claims(**overrides: Any) -> dict[str, Any]:
    now = int(time.time())
    base: dict[str, Any] = {
        "sub": "mallory",
        "iat": now,
        "exp": now + 600,
        "iss": ISSUER,
        "aud": AUDIENCE,
    }
    base.update(overrides)
    return {k: v for k, v in base.items() if v is not None}


def signed(key: Ed25519PrivateKey, payload: dict[str, Any], kid: str | None = None) -> str:
    return jwt.encode(payload, key, algorithm="EdDSA", headers={"kid": kid or kid_of(key)})


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def assert_refused(client: Client, token: str) -> None:
    response = await client.get(PROBE, headers=bearer(token))
    problem = assert_problem(response, 401)
    assert response.headers["WWW-Authenticate"] == 'Bearer error="invalid_token"'
    assert problem["detail"] == "Invalid or missing token"


async def assert_accepted(client: Client, token: str) -> None:
    response = await client.get(PROBE, headers=bearer(token))
    assert response.status_code == 404, response.text


async def test_a_valid_token_is_accepted(client: Client, mint: Mint) -> None:
    await assert_accepted(client, mint("alice"))


async def test_alg_none_is_refused(client: Client, signing_key: Ed25519PrivateKey) -> None:
    header = {"alg": "none", "typ": "JWT", "kid": kid_of(signing_key)}
    token = f"{b64url(json.dumps(header).encode())}.{b64url(json.dumps(claims()).encode())}."

    await assert_refused(client, token)


async def test_hs256_signed_with_the_public_key_is_refused(
    client: Client, signing_key: Ed25519PrivateKey
) -> None:
    public = signing_key.public_key()
    secrets = [
        public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw),
        public.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        ),
        json.dumps(dev_jwks(signing_key)["keys"][0]).encode(),
    ]
    for secret in secrets:
        header = {"alg": "HS256", "typ": "JWT", "kid": kid_of(signing_key)}
        signing_input = (
            f"{b64url(json.dumps(header).encode())}.{b64url(json.dumps(claims()).encode())}"
        )
        signature = hmac.new(secret, signing_input.encode(), hashlib.sha256).digest()

        await assert_refused(client, f"{signing_input}.{b64url(signature)}")


async def test_an_expired_token_is_refused(client: Client, signing_key: Ed25519PrivateKey) -> None:
    now = int(time.time())

    await assert_refused(client, signed(signing_key, claims(iat=now - 7200, exp=now - 3600)))


async def test_a_token_not_yet_valid_is_refused(
    client: Client, signing_key: Ed25519PrivateKey
) -> None:
    now = int(time.time())

    await assert_refused(client, signed(signing_key, claims(nbf=now + 3600)))
    await assert_refused(client, signed(signing_key, claims(iat=now + 3600, exp=now + 7200)))


async def test_a_token_from_another_issuer_is_refused(
    client: Client, signing_key: Ed25519PrivateKey
) -> None:
    await assert_refused(client, signed(signing_key, claims(iss="https://evil.test")))
    await assert_refused(client, signed(signing_key, claims(iss=None)))


async def test_a_token_for_another_audience_is_refused(
    client: Client, signing_key: Ed25519PrivateKey
) -> None:
    await assert_refused(client, signed(signing_key, claims(aud="someone-else")))
    await assert_refused(client, signed(signing_key, claims(aud=None)))


@pytest.mark.parametrize("claim", ["sub", "exp", "iat"])
async def test_a_token_missing_a_required_claim_is_refused(
    client: Client, signing_key: Ed25519PrivateKey, claim: str
) -> None:
    await assert_refused(client, signed(signing_key, claims(**{claim: None})))


async def test_an_empty_subject_is_refused(client: Client, signing_key: Ed25519PrivateKey) -> None:
    await assert_refused(client, signed(signing_key, claims(sub="  ")))


@pytest.mark.parametrize(
    "sub",
    ["x" * 5000, "x" * 256, "alice\nbob", "alice\x00", "system:recurrence", "system:reminder"],
)
async def test_a_subject_breaking_the_rules_is_refused(
    client: Client, signing_key: Ed25519PrivateKey, sub: str
) -> None:
    token = signed(signing_key, claims(sub=sub))

    await assert_refused(client, token)
    created = await client.post(TASKS, json={"title": "posing"}, headers=bearer(token))
    assert_problem(created, 401)


async def test_a_subject_of_255_characters_is_accepted(
    client: Client, signing_key: Ed25519PrivateKey
) -> None:
    await assert_accepted(client, signed(signing_key, claims(sub="x" * 255)))


async def test_a_tampered_payload_is_refused(client: Client, mint: Mint) -> None:
    header, payload, signature = mint("alice").split(".")
    data = json.loads(base64.urlsafe_b64decode(payload + "=="))
    data["sub"] = "bob"
    data["roles"] = ["auditor"]
    forged = f"{header}.{b64url(json.dumps(data).encode())}.{signature}"

    await assert_refused(client, forged)


async def test_a_token_signed_by_another_key_under_a_known_kid_is_refused(
    client: Client, signing_key: Ed25519PrivateKey
) -> None:
    attacker = Ed25519PrivateKey.generate()

    await assert_refused(client, signed(attacker, claims(), kid=kid_of(signing_key)))


async def test_a_token_of_20_kb_is_refused_at_the_edge(
    client: Client, signing_key: Ed25519PrivateKey
) -> None:
    token = signed(signing_key, claims(padding="x" * 20_000))
    assert len(token) > 20_000

    response = await client.get(PROBE, headers=bearer(token))

    # The header field is over the edge's 8 KiB bound: refused before any token parsing.
    assert_problem(response, 431)


async def test_a_token_of_7_kb_is_parsed_and_refused(
    client: Client, signing_key: Ed25519PrivateKey
) -> None:
    token = signed(signing_key, claims(padding="x" * 5_000, exp=1))
    assert 5_000 < len(token) < 8_000

    await assert_refused(client, token)


async def test_an_unknown_kid_is_accepted_once_the_jwks_publishes_it(
    client: Client, jwks: JwksStub, mint: Mint
) -> None:
    await assert_accepted(client, mint("alice"))
    rotated = Ed25519PrivateKey.generate()
    token = mint("alice", key=rotated)

    await assert_refused(client, token)
    jwks.keys.append(rotated)
    await assert_accepted(client, token)


async def test_a_key_removed_from_the_jwks_is_refused_after_the_next_fetch(
    client: Client, jwks: JwksStub, mint: Mint, signing_key: Ed25519PrivateKey
) -> None:
    old_token = mint("alice")
    await assert_accepted(client, old_token)
    successor = Ed25519PrivateKey.generate()
    jwks.keys[:] = [successor]

    await assert_accepted(client, mint("alice", key=successor))  # unknown kid: refetch
    await assert_refused(client, old_token)
    await assert_refused(client, mint("bob", key=signing_key))


async def test_unreachable_keys_are_503_not_401(
    app_factory: Callable[..., Litestar], jwks: JwksStub, mint: Mint
) -> None:
    jwks.failing = True
    async with AsyncTestClient(app_factory()) as client:
        response = await client.get(PROBE, headers=bearer(mint("alice")))

    assert_problem(response, 503)
    assert response.headers["Retry-After"]


@get("/api/v1/test/auditor", guards=[requires_auditor], sync_to_thread=False)
def auditor_only(request: Request[Any, Any, Any]) -> dict[str, str]:
    return {"user": principal_of(request).user_id}


@get("/api/v1/test/operator", guards=[requires_operator], sync_to_thread=False)
def operator_only(request: Request[Any, Any, Any]) -> dict[str, str]:
    return {"user": principal_of(request).user_id}


async def test_role_guards_answer_403_without_the_role(
    app_factory: Callable[..., Litestar], mint: Mint
) -> None:
    app = app_factory(extra_route_handlers=[auditor_only, operator_only])
    async with AsyncTestClient(app) as client:
        plain = await client.get("/api/v1/test/auditor", headers=bearer(mint("alice")))
        auditor = await client.get(
            "/api/v1/test/auditor", headers=bearer(mint("alice", ["auditor"]))
        )
        not_operator = await client.get(
            "/api/v1/test/operator", headers=bearer(mint("alice", ["auditor"]))
        )

    assert_problem(plain, 403)
    assert auditor.status_code == 200
    assert_problem(not_operator, 403)


async def test_roles_may_come_as_one_space_separated_string(
    app_factory: Callable[..., Litestar], signing_key: Ed25519PrivateKey
) -> None:
    app = app_factory(extra_route_handlers=[operator_only])
    token = signed(signing_key, claims(roles="auditor operator"))
    async with AsyncTestClient(app) as client:
        response = await client.get("/api/v1/test/operator", headers=bearer(token))

    assert response.status_code == 200


async def test_a_role_with_spaces_around_it_grants_nothing(
    app_factory: Callable[..., Litestar], signing_key: Ed25519PrivateKey
) -> None:
    app = app_factory(extra_route_handlers=[auditor_only])
    token = signed(signing_key, claims(roles=[" auditor "]))
    async with AsyncTestClient(app) as client:
        response = await client.get("/api/v1/test/auditor", headers=bearer(token))

    assert_problem(response, 403)
