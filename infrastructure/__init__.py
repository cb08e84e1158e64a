"""Tasklog infrastructure layer."""
