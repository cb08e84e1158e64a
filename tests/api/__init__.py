"""HTTP API tests against the real database."""
