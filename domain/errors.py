"""Domain errors: every broken rule has a name, a stable code and the field it concerns."""

from __future__ import annotations

from dataclasses import dataclass

UNKNOWN_FIELD = "is not a known field"


@dataclass(frozen=True)
class FieldError:
    """One offending input field, as the API reports it in problem details.

    ``message`` completes a sentence that starts with the field's name
    (``priority`` + ``must be High, Medium or Low``), so the two read as one.
    """

    field: str
    message: str


class DomainError(Exception):
    """Base of every rule the domain enforces; ``code`` is stable for clients and logs."""

    code = "domain_error"


class InvalidTaskInput(DomainError):
    """One or more input fields break the rules of docs/api.md section 2.

    All offending fields are collected before raising, so a client learns every
    problem with its request at once instead of one per round trip.
    """

    code = "invalid_input"

    def __init__(self, errors: list[FieldError]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{e.field} {e.message}" for e in errors))


class TaskIsDeleted(DomainError):
    """A deleted task accepts no command; to a caller it no longer exists."""

    code = "task_deleted"

    def __init__(self) -> None:
        super().__init__("the task is deleted")
