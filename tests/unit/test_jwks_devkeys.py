"""Dev key helpers: the key file, the JWKS and minted tokens the verifier accepts."""

from __future__ import annotations

import base64
import json
import stat
from datetime import UTC, datetime
from pathlib import Path

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from infrastructure.devkeys import dev_jwks, load_or_create_dev_key, mint_token
from infrastructure.jwks import InvalidToken, JwtVerifier, Principal

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


def test_key_file_is_created_private_and_reused(tmp_path: Path) -> None:
    path = tmp_path / "keys" / "dev-jwt.pem"

    first = load_or_create_dev_key(path)
    second = load_or_create_dev_key(path)

    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert dev_jwks(first) == dev_jwks(second)
    assert [p.name for p in path.parent.iterdir()] == ["dev-jwt.pem"]


def test_key_file_with_loose_permissions_is_tightened(tmp_path: Path) -> None:
    path = tmp_path / "dev-jwt.pem"
    load_or_create_dev_key(path)
    path.chmod(0o644)

    load_or_create_dev_key(path)

    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_key_file_of_another_type_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "ec.pem"
    path.write_bytes(
        ec.generate_private_key(ec.SECP256R1()).private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    path.chmod(0o600)

    with pytest.raises(ValueError, match="Ed25519"):
        load_or_create_dev_key(path)


def test_jwks_matches_the_rfc8037_example_key() -> None:
    # RFC 8037 appendix A.1 key; A.3 gives its RFC 7638 thumbprint.
    d = base64.urlsafe_b64decode("nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A=")
    key = Ed25519PrivateKey.from_private_bytes(d)

    assert dev_jwks(key) == {
        "keys": [
            {
                "kty": "OKP",
                "crv": "Ed25519",
                "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo",
                "kid": "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k",
                "alg": "EdDSA",
                "use": "sig",
            }
        ]
    }


def test_minted_token_carries_the_expected_claims(tmp_path: Path) -> None:
    key = load_or_create_dev_key(tmp_path / "k.pem")

    token = mint_token(key, "user-7", ["auditor"], 300, issuer="iss", audience="aud", now=NOW)

    header = jwt.get_unverified_header(token)
    payload = jwt.decode(token, options={"verify_signature": False})
    assert header["alg"] == "EdDSA"
    assert header["kid"] == dev_jwks(key)["keys"][0]["kid"]
    iat = int(NOW.timestamp())
    expected = {"sub": "user-7", "roles": ["auditor"], "iat": iat, "exp": iat + 300}
    assert payload == {**expected, "iss": "iss", "aud": "aud"}


async def test_verifier_accepts_minted_tokens(tmp_path: Path) -> None:
    key = load_or_create_dev_key(tmp_path / "k.pem")

    async def fetch(url: str) -> bytes:
        return json.dumps(dev_jwks(key)).encode()

    verifier = JwtVerifier(
        "dev", ("EdDSA",), "iss", "aud", 30, "roles", fetch=fetch, clock=NOW.timestamp
    )
    token = mint_token(key, "user-7", ["operator"], 60, issuer="iss", audience="aud", now=NOW)

    assert await verifier.verify(token) == Principal("user-7", frozenset({"operator"}))
    expired = mint_token(key, "user-7", [], 10, "iss", "aud", now=NOW.replace(hour=11))
    with pytest.raises(InvalidToken):
        await verifier.verify(expired)
