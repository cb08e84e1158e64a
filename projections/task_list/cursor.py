"""Opaque, tamper-evident keyset cursors.

A cursor carries the sort key and id of the last row of a page, as PostgreSQL printed
them, and an HMAC-SHA256 (truncated to 128 bits) over that payload, the caller's user
id and the query's filters and sort. The key is a per-deployment random secret kept in
``projection_secrets`` (created on first use), so every API process and replica signs
and checks alike with nothing to configure. A cursor that was altered, or is replayed
by another user or with other filters, does not verify: 400.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from dataclasses import dataclass

from domain.errors import FieldError, InvalidTaskInput

_MAC_BYTES = 16


@dataclass(frozen=True)
class Keyset:
    """Where the next page starts: after (``key``, ``id``)."""

    key: str
    id: str


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


CURSOR_SECRET_NAME = "task_list_cursor"  # noqa: S105 - the name of a secret, not one
"""Name of the per-deployment cursor signing key in ``projection_secrets``."""


class CursorCodec:
    """Signs and checks cursors with one secret."""

    def __init__(self, secret: bytes) -> None:
        self._secret = secret

    def _mac(self, payload: bytes, owner: str, signature: str) -> bytes:
        message = b"\0".join((payload, owner.encode(), signature.encode()))
        return hmac.new(self._secret, message, hashlib.sha256).digest()[:_MAC_BYTES]

    def encode(self, keyset: Keyset, *, owner: str, signature: str) -> str:
        """The opaque cursor for ``keyset``, bound to ``owner`` and the query ``signature``."""
        payload = json.dumps([keyset.key, keyset.id], separators=(",", ":")).encode()
        return f"{_b64(payload)}.{_b64(self._mac(payload, owner, signature))}"

    def decode(self, cursor: str, *, owner: str, signature: str) -> Keyset:
        """The keyset of a cursor this deployment issued for this owner and query.

        Raises:
            InvalidTaskInput: the cursor is malformed, altered, or for another query.
        """
        invalid = InvalidTaskInput(
            [FieldError("cursor", "is not a cursor issued for this query; start again without it")]
        )
        try:
            payload_text, mac_text = cursor.split(".")
            payload, mac = _unb64(payload_text), _unb64(mac_text)
        except ValueError:
            raise invalid from None
        if not hmac.compare_digest(mac, self._mac(payload, owner, signature)):
            raise invalid
        try:
            key, row_id = json.loads(payload)
        except (ValueError, TypeError):
            raise invalid from None
        return Keyset(str(key), str(row_id))
