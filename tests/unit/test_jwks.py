"""JwtVerifier: which tokens it accepts, and how it fetches and caches the JWKS."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
from dataclasses import dataclass, field
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from jwt.algorithms import ECAlgorithm, OKPAlgorithm, RSAAlgorithm

from infrastructure.jwks import InvalidToken, JwtVerifier, KeysUnavailable, Principal

NOW = 1_800_000_000.0
URL = "https://auth.example.test/api/auth/jwks"
ISSUER = "https://auth.example.test"
AUDIENCE = "tasklog"


@dataclass
class SigningKey:
    """A private key with the kid and alg it signs under, and its public JWK."""

    private: Any
    kid: str
    alg: str

    @property
    def jwk(self) -> dict[str, Any]:
        public = self.private.public_key()
        algo: Any = {"EdDSA": OKPAlgorithm, "ES256": ECAlgorithm, "RS256": RSAAlgorithm}[self.alg]
        jwk: dict[str, Any] = algo.to_jwk(public, as_dict=True)
        return {**jwk, "kid": self.kid, "alg": self.alg, "use": "sig"}

    def public_pem(self) -> bytes:
        pem: bytes = self.private.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        return pem


def ed_key(kid: str) -> SigningKey:
    return SigningKey(ed25519.Ed25519PrivateKey.generate(), kid, "EdDSA")


@pytest.fixture(scope="module")
def rsa_key() -> SigningKey:
    return SigningKey(rsa.generate_private_key(public_exponent=65537, key_size=2048), "r1", "RS256")


@pytest.fixture(scope="module")
def ec_key() -> SigningKey:
    return SigningKey(ec.generate_private_key(ec.SECP256R1()), "e1", "ES256")


@dataclass
class FakeJwks:
    """An injected fetch serving a JWKS we control and counting the calls."""

    keys: list[SigningKey]
    calls: int = 0
    failing: bool = False
    gate: asyncio.Event | None = None
    extra_members: list[dict[str, Any]] = field(default_factory=list)

    async def __call__(self, url: str) -> bytes:
        assert url == URL
        self.calls += 1
        if self.gate is not None:
            await self.gate.wait()
        if self.failing:
            raise ConnectionError("JWKS endpoint down")
        members = [k.jwk for k in self.keys] + self.extra_members
        return json.dumps({"keys": members}).encode()


@dataclass
class Clocks:
    wall: float = NOW
    mono: float = 1000.0

    def advance(self, seconds: float) -> None:
        self.wall += seconds
        self.mono += seconds


def claims(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "sub": "user-1",
        "iat": int(NOW),
        "exp": int(NOW) + 600,
        "iss": ISSUER,
        "aud": AUDIENCE,
        "roles": ["auditor"],
    }
    base.update(overrides)
    return {k: v for k, v in base.items() if v is not None}


def sign(key: SigningKey, payload: dict[str, Any] | None = None, **headers: Any) -> str:
    header = {"kid": key.kid, **headers}
    return jwt.encode(payload or claims(), key.private, algorithm=key.alg, headers=header)


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unsigned_segments(header: dict[str, Any], payload: dict[str, Any]) -> str:
    return f"{b64(json.dumps(header).encode())}.{b64(json.dumps(payload).encode())}"


def make_verifier(jwks: FakeJwks, clocks: Clocks, **overrides: Any) -> JwtVerifier:
    options: dict[str, Any] = {
        "jwks_url": URL,
        "algorithms": ("EdDSA", "ES256", "RS256"),
        "issuer": ISSUER,
        "audience": AUDIENCE,
        "leeway_s": 30,
        "roles_claim": "roles",
        "refetch_interval_s": 10.0,
        "fetch": jwks,
        "clock": lambda: clocks.wall,
        "monotonic": lambda: clocks.mono,
    }
    options.update(overrides)
    return JwtVerifier(**options)


@pytest.fixture
def clocks() -> Clocks:
    return Clocks()


@pytest.fixture
def key() -> SigningKey:
    return ed_key("k1")


@pytest.fixture
def jwks(key: SigningKey) -> FakeJwks:
    return FakeJwks([key])


@pytest.fixture
def verifier(jwks: FakeJwks, clocks: Clocks) -> JwtVerifier:
    return make_verifier(jwks, clocks)


async def assert_invalid(verifier: JwtVerifier, token: str) -> None:
    with pytest.raises(InvalidToken) as caught:
        await verifier.verify(token)
    assert str(caught.value) == "invalid token"


# --- accepted tokens -----------------------------------------------------------------


async def test_valid_token_gives_subject_and_list_roles(
    verifier: JwtVerifier, key: SigningKey
) -> None:
    token = sign(key, claims(roles=["auditor", "operator"]))

    assert await verifier.verify(token) == Principal("user-1", frozenset({"auditor", "operator"}))


async def test_roles_string_is_split_on_spaces_and_commas(
    verifier: JwtVerifier, key: SigningKey
) -> None:
    principal = await verifier.verify(sign(key, claims(roles="a b,c ,, d")))

    assert principal.roles == frozenset({"a", "b", "c", "d"})


async def test_roles_come_from_the_configured_claim(
    jwks: FakeJwks, clocks: Clocks, key: SigningKey
) -> None:
    verifier = make_verifier(jwks, clocks, roles_claim="https://tasklog/roles")
    token = sign(key, claims(roles=None, **{"https://tasklog/roles": "operator"}))

    assert (await verifier.verify(token)).roles == frozenset({"operator"})


async def test_missing_roles_claim_means_no_roles(verifier: JwtVerifier, key: SigningKey) -> None:
    assert (await verifier.verify(sign(key, claims(roles=None)))).roles == frozenset()


async def test_malformed_roles_claim_is_rejected(verifier: JwtVerifier, key: SigningKey) -> None:
    await assert_invalid(verifier, sign(key, claims(roles={"admin": True})))


async def test_list_roles_are_taken_exactly_as_written(
    verifier: JwtVerifier, key: SigningKey
) -> None:
    principal = await verifier.verify(sign(key, claims(roles=[" auditor ", "Operator", "a b"])))

    assert principal.roles == frozenset({" auditor ", "Operator", "a b"})
    assert "auditor" not in principal.roles
    assert "operator" not in principal.roles


@pytest.mark.parametrize("kind", ["ec", "rsa"])
async def test_es256_and_rs256_keys_verify(
    kind: str, clocks: Clocks, request: pytest.FixtureRequest
) -> None:
    signing_key: SigningKey = request.getfixturevalue(f"{kind}_key")
    verifier = make_verifier(FakeJwks([signing_key]), clocks)

    assert (await verifier.verify(sign(signing_key))).user_id == "user-1"


async def test_token_without_kid_uses_the_only_key(verifier: JwtVerifier, key: SigningKey) -> None:
    token = jwt.encode(claims(), key.private, algorithm="EdDSA")

    assert (await verifier.verify(token)).user_id == "user-1"


async def test_token_without_kid_is_rejected_when_several_keys(
    clocks: Clocks, key: SigningKey
) -> None:
    verifier = make_verifier(FakeJwks([key, ed_key("k2")]), clocks)

    await assert_invalid(verifier, jwt.encode(claims(), key.private, algorithm="EdDSA"))


async def test_audience_in_token_is_ignored_when_none_configured(
    jwks: FakeJwks, clocks: Clocks, key: SigningKey
) -> None:
    verifier = make_verifier(jwks, clocks, audience=None, issuer=None)

    assert (await verifier.verify(sign(key, claims(aud="elsewhere")))).user_id == "user-1"


async def test_expiry_within_leeway_is_accepted(verifier: JwtVerifier, key: SigningKey) -> None:
    token = sign(key, claims(iat=int(NOW) - 600, exp=int(NOW) - 10))

    assert (await verifier.verify(token)).user_id == "user-1"


# --- refused tokens --------------------------------------------------------------------


async def test_alg_none_is_rejected(verifier: JwtVerifier, key: SigningKey) -> None:
    token = unsigned_segments({"alg": "none", "kid": key.kid, "typ": "JWT"}, claims()) + "."

    await assert_invalid(verifier, token)


@pytest.mark.parametrize("secret", ["pem", "jwk"])
async def test_hs256_signed_with_the_public_key_is_rejected(
    secret: str, verifier: JwtVerifier, key: SigningKey, jwks: FakeJwks
) -> None:
    mac_key = key.public_pem() if secret == "pem" else json.dumps(key.jwk).encode()
    signing_input = unsigned_segments({"alg": "HS256", "kid": key.kid}, claims())
    mac = hmac.new(mac_key, signing_input.encode(), hashlib.sha256).digest()

    await assert_invalid(verifier, f"{signing_input}.{b64(mac)}")
    assert jwks.calls == 0


async def test_alg_must_match_the_keys_algorithm(
    clocks: Clocks, key: SigningKey, ec_key: SigningKey
) -> None:
    verifier = make_verifier(FakeJwks([key]), clocks)
    impostor = SigningKey(ec_key.private, kid=key.kid, alg="ES256")

    await assert_invalid(verifier, sign(impostor))


async def test_alg_outside_the_configured_list_is_rejected(
    jwks: FakeJwks, clocks: Clocks, ec_key: SigningKey
) -> None:
    verifier = make_verifier(FakeJwks([ec_key]), clocks, algorithms=("EdDSA",))

    await assert_invalid(verifier, sign(ec_key))


async def test_expired_token_is_rejected(verifier: JwtVerifier, key: SigningKey) -> None:
    await assert_invalid(verifier, sign(key, claims(iat=int(NOW) - 600, exp=int(NOW) - 31)))


async def test_token_issued_in_the_future_is_rejected(
    verifier: JwtVerifier, key: SigningKey
) -> None:
    await assert_invalid(verifier, sign(key, claims(iat=int(NOW) + 31, exp=int(NOW) + 600)))


async def test_token_not_yet_valid_is_rejected(verifier: JwtVerifier, key: SigningKey) -> None:
    await assert_invalid(verifier, sign(key, claims(nbf=int(NOW) + 31)))


async def test_wrong_issuer_is_rejected(verifier: JwtVerifier, key: SigningKey) -> None:
    await assert_invalid(verifier, sign(key, claims(iss="https://evil.example")))


async def test_missing_issuer_is_rejected_when_configured(
    verifier: JwtVerifier, key: SigningKey
) -> None:
    await assert_invalid(verifier, sign(key, claims(iss=None)))


async def test_wrong_audience_is_rejected(verifier: JwtVerifier, key: SigningKey) -> None:
    await assert_invalid(verifier, sign(key, claims(aud="another-service")))


@pytest.mark.parametrize("claim", ["sub", "exp", "iat"])
async def test_missing_required_claim_is_rejected(
    claim: str, verifier: JwtVerifier, key: SigningKey
) -> None:
    await assert_invalid(verifier, sign(key, claims(**{claim: None})))


@pytest.mark.parametrize(
    "sub",
    [
        "",
        "   ",
        42,
        "x" * 256,
        "alice\nbob",
        "alice\r",
        "\talice",
        "al\x00ice",
        "alice\x7f",
        "alice\x85",
        "alice\u2028bob",
        "system:recurrence",
        "system:reminder",
        "system:",
        "system:anything",
        "SYSTEM:Recurrence",
        " system:reminder",
    ],
)
async def test_malformed_subject_is_rejected(
    sub: object, verifier: JwtVerifier, key: SigningKey
) -> None:
    token = jwt.encode(claims(sub=sub), key.private, algorithm="EdDSA", headers={"kid": "k1"})

    await assert_invalid(verifier, token)


@pytest.mark.parametrize(
    "sub", ["a", "x" * 255, "user@example.com", "systemd", "ops:system:x", "ünï 用户 🐢"]
)
async def test_subjects_within_the_rules_are_accepted(
    sub: str, verifier: JwtVerifier, key: SigningKey
) -> None:
    assert (await verifier.verify(sign(key, claims(sub=sub)))).user_id == sub


async def test_tampered_payload_is_rejected(verifier: JwtVerifier, key: SigningKey) -> None:
    header, _, signature = sign(key).split(".")
    forged_payload = b64(json.dumps(claims(sub="someone-else", roles=["operator"])).encode())

    await assert_invalid(verifier, f"{header}.{forged_payload}.{signature}")


async def test_oversized_token_is_rejected_without_fetching(
    verifier: JwtVerifier, key: SigningKey, jwks: FakeJwks
) -> None:
    token = sign(key, claims(padding="x" * 20_000))

    await assert_invalid(verifier, token)
    assert jwks.calls == 0


@pytest.mark.parametrize("garbage", ["", "abc", "a.b.c", "Bearer x", "ünïcode.x.y"])
async def test_garbage_is_rejected(garbage: str, verifier: JwtVerifier) -> None:
    await assert_invalid(verifier, garbage)


@pytest.mark.parametrize("algorithms", [(), ("none",), ("HS256",), ("EdDSA", "hs512"), ("X1",)])
def test_construction_refuses_unsafe_or_unknown_algorithms(
    algorithms: tuple[str, ...], jwks: FakeJwks, clocks: Clocks
) -> None:
    with pytest.raises(ValueError, match="algorithm"):
        make_verifier(jwks, clocks, algorithms=algorithms)


# --- JWKS fetching and caching ---------------------------------------------------------


async def test_jwks_is_fetched_lazily_and_once(verifier: JwtVerifier, jwks: FakeJwks) -> None:
    assert jwks.calls == 0
    for n in range(3):
        await verifier.verify(sign(jwks.keys[0], claims(sub=f"user-{n}")))

    assert jwks.calls == 1


async def test_unknown_kid_is_accepted_after_refetch(
    verifier: JwtVerifier, jwks: FakeJwks, key: SigningKey, clocks: Clocks
) -> None:
    await verifier.verify(sign(key))
    rotated = ed_key("k2")
    jwks.keys.append(rotated)
    clocks.advance(10)

    assert (await verifier.verify(sign(rotated))).user_id == "user-1"
    assert jwks.calls == 2


async def test_refetch_happens_at_most_once_per_interval(
    verifier: JwtVerifier, jwks: FakeJwks, key: SigningKey, clocks: Clocks
) -> None:
    await verifier.verify(sign(key))
    clocks.advance(10)
    await assert_invalid(verifier, sign(ed_key("unknown-1")))
    assert jwks.calls == 2
    clocks.advance(9)
    late = ed_key("k2")
    jwks.keys.append(late)

    await assert_invalid(verifier, sign(late))
    assert jwks.calls == 2
    clocks.advance(1)
    assert (await verifier.verify(sign(late))).user_id == "user-1"
    assert jwks.calls == 3


async def test_concurrent_unknown_kids_share_one_fetch(
    verifier: JwtVerifier, jwks: FakeJwks, key: SigningKey, clocks: Clocks
) -> None:
    await verifier.verify(sign(key))
    rotated = ed_key("k2")
    jwks.keys.append(rotated)
    clocks.advance(10)
    jwks.gate = asyncio.Event()
    pending = [
        asyncio.create_task(verifier.verify(sign(rotated, claims(sub=f"u{n}")))) for n in range(20)
    ]
    await asyncio.sleep(0)
    jwks.gate.set()

    principals = await asyncio.gather(*pending)
    assert {p.user_id for p in principals} == {f"u{n}" for n in range(20)}
    assert jwks.calls == 2


async def test_concurrent_first_verifies_share_one_fetch(
    verifier: JwtVerifier, jwks: FakeJwks, key: SigningKey
) -> None:
    jwks.gate = asyncio.Event()
    pending = [asyncio.create_task(verifier.verify(sign(key))) for _ in range(10)]
    await asyncio.sleep(0)
    jwks.gate.set()

    await asyncio.gather(*pending)
    assert jwks.calls == 1


async def test_removed_key_is_rejected_after_the_refetch_that_drops_it(
    clocks: Clocks, key: SigningKey
) -> None:
    jwks = FakeJwks([key, ed_key("k2")])
    verifier = make_verifier(jwks, clocks)
    token = sign(key)
    await verifier.verify(token)
    jwks.keys.remove(key)
    clocks.advance(10)

    await assert_invalid(verifier, sign(ed_key("k3")))
    await assert_invalid(verifier, token)


async def test_stale_keys_are_refreshed_in_the_background(clocks: Clocks, key: SigningKey) -> None:
    jwks = FakeJwks([key, ed_key("k2")])
    verifier = make_verifier(jwks, clocks, max_key_age_s=300)
    token = sign(key, claims(exp=int(NOW) + 3600))
    await verifier.verify(token)
    jwks.keys.remove(key)
    clocks.advance(301)

    await verifier.verify(token)  # served from cache while the refresh starts
    await verifier.refresh()  # joins the refresh in flight
    assert jwks.calls == 2
    await assert_invalid(verifier, token)


async def test_cached_token_still_expires(
    verifier: JwtVerifier, key: SigningKey, clocks: Clocks
) -> None:
    token = sign(key, claims(exp=int(NOW) + 60))
    await verifier.verify(token)
    clocks.advance(60 + 30)

    await assert_invalid(verifier, token)


async def test_fetch_failure_without_cached_keys_means_keys_unavailable(
    verifier: JwtVerifier, jwks: FakeJwks, key: SigningKey
) -> None:
    jwks.failing = True

    with pytest.raises(KeysUnavailable):
        await verifier.verify(sign(key))


async def test_failed_first_fetch_is_not_retried_within_the_interval(
    verifier: JwtVerifier, jwks: FakeJwks, key: SigningKey, clocks: Clocks
) -> None:
    jwks.failing = True
    for _ in range(3):
        with pytest.raises(KeysUnavailable):
            await verifier.verify(sign(key))
    assert jwks.calls == 1
    jwks.failing = False
    clocks.advance(10)

    assert (await verifier.verify(sign(key))).user_id == "user-1"


async def test_fetch_failure_with_a_matching_cached_key_still_verifies(
    verifier: JwtVerifier, jwks: FakeJwks, key: SigningKey, clocks: Clocks
) -> None:
    await verifier.verify(sign(key, claims(sub="first")))
    jwks.failing = True
    clocks.advance(301)

    assert (await verifier.verify(sign(key, claims(sub="second")))).user_id == "second"
    await verifier.refresh()
    assert (await verifier.verify(sign(key, claims(sub="third")))).user_id == "third"


async def test_unknown_kid_while_the_jwks_is_down_means_keys_unavailable(
    verifier: JwtVerifier, jwks: FakeJwks, key: SigningKey, clocks: Clocks
) -> None:
    await verifier.verify(sign(key))
    jwks.failing = True
    clocks.advance(10)

    with pytest.raises(KeysUnavailable):
        await verifier.verify(sign(ed_key("k2")))


async def test_symmetric_and_private_jwks_members_are_never_used(
    clocks: Clocks, key: SigningKey
) -> None:
    private_jwk = {**key.jwk, "kid": "leaked", "d": b64(b"x" * 32)}
    oct_jwk = {"kty": "oct", "kid": "hmac", "alg": "HS256", "k": b64(key.public_pem())}
    jwks = FakeJwks([key], extra_members=[private_jwk, oct_jwk])
    verifier = make_verifier(jwks, clocks)
    signing_input = unsigned_segments({"alg": "HS256", "kid": "hmac"}, claims())
    mac = hmac.new(key.public_pem(), signing_input.encode(), hashlib.sha256).digest()

    await assert_invalid(verifier, f"{signing_input}.{b64(mac)}")
    await assert_invalid(verifier, sign(SigningKey(key.private, "leaked", "EdDSA")))
    assert (await verifier.verify(sign(key))).user_id == "user-1"


async def test_jwks_without_usable_keys_means_keys_unavailable(
    clocks: Clocks, key: SigningKey
) -> None:
    verifier = make_verifier(FakeJwks([], extra_members=[{"kty": "oct", "k": "c2VjcmV0"}]), clocks)

    with pytest.raises(KeysUnavailable):
        await verifier.verify(sign(key))
