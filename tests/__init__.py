"""Tests for Tasklog: unit, integration (real services), api, e2e."""
