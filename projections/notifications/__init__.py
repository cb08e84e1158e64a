"""The ``notifications`` read model: the reminders that fired, per user."""
