"""Tasklog's adapters: settings, PostgreSQL and Redis wiring, auth, logging, metrics."""
