"""Tasklog application layer."""
