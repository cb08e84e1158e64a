"""A local Ed25519 signing key, its JWKS and a token minter, for development and tests only.

Production tokens come from the identity provider (e.g. Better Auth); this stands in for
it so the API can be run and exercised without one.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

_PRIVATE_MODE = 0o600


def load_or_create_dev_key(path: Path) -> Ed25519PrivateKey:
    """Load the dev signing key from ``path``, creating it (mode 0600) the first time.

    Creation is atomic (write a temporary file, then hard-link it into place), so two
    processes starting together end up sharing one key rather than each minting tokens
    the other cannot verify.

    Args:
        path: PEM file (PKCS#8, unencrypted) holding the key.

    Returns:
        The private key.

    Raises:
        ValueError: If the file holds something other than an Ed25519 private key.
    """
    if not path.exists():
        _create_key_file(path)
    if path.stat().st_mode & 0o077:
        path.chmod(_PRIVATE_MODE)  # a signing key readable by others lets them mint tokens
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError(f"{path} does not hold an Ed25519 private key")
    return key


def _create_key_file(path: Path) -> None:
    """Write a fresh key next to ``path`` and link it into place unless one appeared."""
    path.parent.mkdir(parents=True, exist_ok=True)
    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")  # mode 0600
    try:
        with os.fdopen(fd, "wb") as tmp:
            tmp.write(pem)
        with contextlib.suppress(FileExistsError):  # another process won: use its key
            os.link(tmp_name, path)
    finally:
        os.unlink(tmp_name)


def dev_jwks(private_key: Ed25519PrivateKey) -> dict[str, Any]:
    """The public JWKS for the dev key, as the verifier expects to fetch it.

    Args:
        private_key: The dev signing key.

    Returns:
        ``{"keys": [jwk]}`` with ``kid`` set to the key's RFC 7638 thumbprint, so the id
        is stable across restarts and changes whenever the key does.
    """
    return {"keys": [_public_jwk(private_key)]}


def mint_token(
    private_key: Ed25519PrivateKey,
    sub: str,
    roles: Iterable[str],
    ttl_s: int,
    issuer: str | None = None,
    audience: str | None = None,
    now: datetime | None = None,
) -> str:
    """Sign a token the verifier accepts when pointed at ``dev_jwks(private_key)``.

    Args:
        private_key: The dev signing key.
        sub: User id.
        roles: Role names, written as a list under the ``roles`` claim.
        ttl_s: Lifetime in seconds from ``now``.
        issuer: ``iss`` claim, omitted when None.
        audience: ``aud`` claim, omitted when None.
        now: Issue time (timezone-aware); defaults to the current time.

    Returns:
        The compact JWS (EdDSA, ``kid`` header).
    """
    issued_at = int((now or datetime.now(UTC)).timestamp())
    claims: dict[str, Any] = {
        "sub": sub,
        "roles": list(roles),
        "iat": issued_at,
        "exp": issued_at + ttl_s,
    }
    if issuer is not None:
        claims["iss"] = issuer
    if audience is not None:
        claims["aud"] = audience
    kid = _public_jwk(private_key)["kid"]
    return jwt.encode(claims, private_key, algorithm="EdDSA", headers={"kid": kid})


def _public_jwk(private_key: Ed25519PrivateKey) -> dict[str, str]:
    raw = private_key.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    required = {"crv": "Ed25519", "kty": "OKP", "x": _b64url(raw)}
    return {**required, "kid": _thumbprint(required), "alg": "EdDSA", "use": "sig"}


def _thumbprint(required_members: dict[str, str]) -> str:
    """RFC 7638: SHA-256 of the required members, sorted, without whitespace."""
    canonical = json.dumps(required_members, sort_keys=True, separators=(",", ":"))
    return _b64url(hashlib.sha256(canonical.encode()).digest())


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")
