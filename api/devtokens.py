"""The dev signing key's place in the data directory, and minting tokens with it."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from infrastructure.devkeys import load_or_create_dev_key, mint_token
from infrastructure.settings import Settings

DEV_KEY_FILE = "dev-signing-key.pem"


def dev_key_path(settings: Settings) -> Path:
    """Where the dev Ed25519 key lives: ``<data_dir>/dev-signing-key.pem``."""
    return settings.data_dir / DEV_KEY_FILE


def dev_key(settings: Settings) -> Ed25519PrivateKey:
    """The dev signing key, created on first use."""
    return load_or_create_dev_key(dev_key_path(settings))


def mint_dev_token(
    settings: Settings, user: str, roles: Iterable[str] = (), ttl_s: int = 3600
) -> str:
    """A token for ``user`` signed with the dev key, with the configured iss and aud."""
    return mint_token(
        dev_key(settings),
        sub=user,
        roles=list(roles),
        ttl_s=ttl_s,
        issuer=settings.jwt_issuer,
        audience=settings.jwt_audience,
    )
