"""Why a token was refused: 401 (``InvalidToken``) or 503 (``KeysUnavailable``)."""

from __future__ import annotations


class InvalidToken(Exception):
    """The token is missing, malformed, expired, tampered with or otherwise refused.

    ``str()`` is always "invalid token" so nothing an attacker could learn leaks into a
    response; ``reason`` (and ``__cause__``) say what failed, for logs only.
    """

    def __init__(self, reason: str = "invalid") -> None:
        """Create the error.

        Args:
            reason: Short internal reason for logs; never shown to the client.
        """
        super().__init__("invalid token")
        self.reason = reason


class KeysUnavailable(Exception):
    """No cached key fits the token and the JWKS cannot be fetched: answer 503, not 401."""

    def __init__(self) -> None:
        """Create the error with a fixed message (the fetch failure is logged separately)."""
        super().__init__("token signing keys unavailable")
