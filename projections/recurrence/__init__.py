"""The ``recurrence`` read model: completed occurrences still owed their next occurrence."""
