"""Tasklog api layer."""
