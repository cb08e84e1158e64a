"""Turn a fetched JWKS document into verification keys the configured algorithms allow.

The rules that stop algorithm confusion live here: which algorithms may ever be
configured, which key type and curve each algorithm needs, and which JWKS members are
skipped (symmetric, private, encryption-only, unknown). Nothing here does I/O.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from jwt import PyJWK
from jwt.exceptions import PyJWTError

_log = logging.getLogger(__name__)

# Asymmetric JWS algorithms and the (kty, allowed curves) a key needs for each. HMAC and
# "none" are absent on purpose: with a public JWKS, either lets anyone mint tokens.
_KEY_SHAPES: Mapping[str, tuple[str, frozenset[str] | None]] = {
    "RS256": ("RSA", None),
    "RS384": ("RSA", None),
    "RS512": ("RSA", None),
    "PS256": ("RSA", None),
    "PS384": ("RSA", None),
    "PS512": ("RSA", None),
    "ES256": ("EC", frozenset({"P-256"})),
    "ES256K": ("EC", frozenset({"secp256k1"})),
    "ES384": ("EC", frozenset({"P-384"})),
    "ES512": ("EC", frozenset({"P-521"})),
    "EdDSA": ("OKP", frozenset({"Ed25519", "Ed448"})),
}

SUPPORTED_ALGORITHMS: frozenset[str] = frozenset(_KEY_SHAPES)
"""Algorithms a verifier may be configured with (asymmetric signatures only)."""


class JwksDocumentError(ValueError):
    """The fetched JWKS is malformed or holds no key usable with the allowed algorithms."""


def is_forbidden_algorithm(alg: str) -> bool:
    """Tell whether ``alg`` must never verify a token, whatever the configuration says.

    Args:
        alg: A JWS ``alg`` value, as configured or as found in a token header.

    Returns:
        True for ``none`` and every HMAC algorithm, in any letter case: both let a
        holder of the public key (everyone) forge tokens.
    """
    lowered = alg.strip().lower()
    return lowered == "none" or lowered.startswith("hs")


def check_allowed_algorithms(algorithms: Iterable[str]) -> frozenset[str]:
    """Validate the configured algorithm list once, at construction.

    Args:
        algorithms: The configured allow-list, e.g. ``("EdDSA", "ES256", "RS256")``.

    Returns:
        The allow-list as a frozenset.

    Raises:
        ValueError: If the list is empty, names ``none`` or an HMAC algorithm, or names
            an algorithm this verifier does not support. Failing at start-up beats a
            service that silently accepts nothing, or too much.
    """
    allowed = frozenset(algorithms)
    if not allowed:
        raise ValueError("at least one JWT algorithm must be allowed")
    forbidden = sorted(a for a in allowed if is_forbidden_algorithm(a))
    if forbidden:
        raise ValueError(f"JWT algorithms never allowed with a JWKS: {forbidden}")
    unknown = sorted(allowed - SUPPORTED_ALGORITHMS)
    if unknown:
        raise ValueError(f"unsupported JWT algorithms: {unknown}")
    return allowed


@dataclass(frozen=True, slots=True)
class VerificationKey:
    """One public key from the JWKS, ready for each algorithm it may verify.

    Attributes:
        kid: The key id, or None when the JWKS member has none.
        fingerprint: A digest of the JWK; token-cache entries remember it, so a key
            whose material changes under the same ``kid`` still invalidates them.
        by_algorithm: A ``PyJWK`` bound to each algorithm this key may verify; a key
            never verifies under an algorithm that is not listed here.
    """

    kid: str | None
    fingerprint: str
    by_algorithm: Mapping[str, PyJWK]


@dataclass(frozen=True, slots=True)
class KeySet:
    """An immutable snapshot of the usable keys of one JWKS fetch."""

    keys: tuple[VerificationKey, ...]

    @property
    def fingerprints(self) -> frozenset[str]:
        """Fingerprints of every key, to tell which cached tokens survive a refetch."""
        return frozenset(key.fingerprint for key in self.keys)

    def knows_kid(self, kid: str) -> bool:
        """Tell whether any key carries ``kid`` (an unknown kid is worth a refetch)."""
        return any(key.kid == kid for key in self.keys)

    def select(self, kid: str | None, alg: str) -> VerificationKey | None:
        """Pick the key a token names, if it may verify the token's algorithm.

        Args:
            kid: The token header's ``kid``; without one, the only key is used, and
                only when the set holds exactly one (otherwise the choice is a guess).
            alg: The token header's ``alg``.

        Returns:
            The key, or None when no key fits both ``kid`` and ``alg``.
        """
        candidates: tuple[VerificationKey, ...]
        if kid is None:
            candidates = self.keys if len(self.keys) == 1 else ()
        else:
            candidates = tuple(key for key in self.keys if key.kid == kid)
        return next((key for key in candidates if alg in key.by_algorithm), None)


def parse_jwks(document: bytes, allowed: frozenset[str]) -> KeySet:
    """Build a key set from a raw JWKS response body.

    Args:
        document: The JWKS JSON as fetched.
        allowed: The configured algorithm allow-list.

    Returns:
        The keys usable with ``allowed``; unusable members are skipped and logged, so
        one exotic key in a shared JWKS does not take the others down.

    Raises:
        JwksDocumentError: If the body is not a JWKS or no member is usable; callers
            keep their previous keys rather than lose them to a broken response.
    """
    try:
        parsed = json.loads(document)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise JwksDocumentError("JWKS is not valid JSON") from exc
    members = parsed.get("keys") if isinstance(parsed, dict) else None
    if not isinstance(members, list):
        raise JwksDocumentError("JWKS has no 'keys' list")
    keys = tuple(
        key
        for key in (_build_key(m, allowed) for m in members if isinstance(m, dict))
        if key is not None
    )
    if not keys:
        raise JwksDocumentError("JWKS holds no key usable with the allowed algorithms")
    return KeySet(keys)


def _build_key(jwk: dict[str, Any], allowed: frozenset[str]) -> VerificationKey | None:
    """Turn one JWKS member into a verification key, or None when it must not be used."""
    kid = jwk.get("kid")
    if kid is not None and not isinstance(kid, str):
        return None
    if not _is_public_signing_key(jwk):
        _log.info("JWKS key %r skipped: not a public signing key", kid)
        return None
    by_algorithm: dict[str, PyJWK] = {}
    for alg in _algorithms_for(jwk, allowed):
        try:
            by_algorithm[alg] = PyJWK.from_dict(jwk, algorithm=alg)
        except PyJWTError as exc:
            _log.warning("JWKS key %r unusable for %s: %s", kid, alg, exc)
    if not by_algorithm:
        _log.info("JWKS key %r skipped: no allowed algorithm fits it", kid)
        return None
    return VerificationKey(kid=kid, fingerprint=_fingerprint(jwk), by_algorithm=by_algorithm)


def _is_public_signing_key(jwk: Mapping[str, Any]) -> bool:
    """Reject symmetric keys, private keys and keys published for encryption only."""
    if jwk.get("kty") not in {"RSA", "EC", "OKP"} or "d" in jwk:
        return False
    if jwk.get("use", "sig") != "sig":
        return False
    key_ops = jwk.get("key_ops")
    return key_ops is None or (isinstance(key_ops, list) and "verify" in key_ops)


def _algorithms_for(jwk: Mapping[str, Any], allowed: frozenset[str]) -> list[str]:
    """Algorithms the key may verify: its declared ``alg``, or all allowed ones it fits.

    A key's type and curve must match the algorithm (an EdDSA token needs an OKP key on
    an Edwards curve, ES256 needs EC P-256), so no key is ever used with an algorithm
    family it was not made for.
    """
    declared = jwk.get("alg")
    candidates = [declared] if isinstance(declared, str) else sorted(allowed)
    return [alg for alg in candidates if alg in allowed and _fits(jwk, alg)]


def _fits(jwk: Mapping[str, Any], alg: str) -> bool:
    """Tell whether the key's ``kty`` and ``crv`` are the ones ``alg`` requires."""
    kty, curves = _KEY_SHAPES[alg]
    return jwk.get("kty") == kty and (curves is None or jwk.get("crv") in curves)


def _fingerprint(jwk: Mapping[str, Any]) -> str:
    """Digest the whole JWK; any change to it counts as a different key."""
    canonical = json.dumps(jwk, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()
