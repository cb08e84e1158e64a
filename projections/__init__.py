"""Tasklog projections layer."""
