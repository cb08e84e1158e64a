"""Dev-only routes: the JWKS of the local dev signing key (registered when env is dev)."""

from __future__ import annotations

from typing import Any

from litestar import Controller, get
from litestar.di import NamedDependency

from api.devtokens import dev_key
from api.resources import Resources
from infrastructure.devkeys import dev_jwks

DEV_JWKS_PATH = "/dev/jwks.json"


class DevJwksController(Controller):
    """Stands in for the identity provider's JWKS in ``tasklog dev``."""

    include_in_schema = False

    @get(DEV_JWKS_PATH)
    async def jwks(self, resources: NamedDependency[Resources]) -> dict[str, Any]:
        """The public key set verifying tokens from ``tasklog token``."""
        return dev_jwks(dev_key(resources.settings))
