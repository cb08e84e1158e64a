"""Unit tests: no database, no Redis, no network."""
