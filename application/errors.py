"""Errors of the use cases (as opposed to broken field rules, which are domain errors)."""

from __future__ import annotations


class ApplicationError(Exception):
    """Base of use-case errors; ``code`` is stable for clients and logs."""

    code = "application_error"


class TaskNotFound(ApplicationError):
    """No such task for this caller: missing, deleted, or another user's (all look alike)."""

    code = "task_not_found"

    def __init__(self) -> None:
        super().__init__("Task not found")


class VersionMismatch(ApplicationError):
    """The caller's ``If-Match`` version is not the task's current version."""

    code = "version_mismatch"

    def __init__(self, expected: int, actual: int) -> None:
        self.expected = expected
        self.actual = actual
        super().__init__(f"expected version {expected}, the task is at version {actual}")


class TaskIdTaken(ApplicationError):
    """A create named an id that another user's task already holds."""

    code = "task_id_taken"

    def __init__(self) -> None:
        super().__init__("a task with this id exists")


class ConcurrentUpdates(ApplicationError):
    """Retries against fresh state kept conflicting until the deadline; try again later."""

    code = "concurrent_updates"

    def __init__(self) -> None:
        super().__init__("the task is being changed by too many writers at once")
