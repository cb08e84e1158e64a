"""Building blocks of the JWT verifier in ``infrastructure.jwks`` (key set, token cache)."""
