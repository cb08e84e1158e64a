"""Tasklog domain layer."""
