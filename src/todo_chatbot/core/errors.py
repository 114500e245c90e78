"""Errors the domain and the use cases raise; entry points map them to answers."""

from __future__ import annotations

from dataclasses import dataclass, field


class DomainError(Exception):
    """Base of every error a caller can act on."""


@dataclass
class FieldError:
    """One broken rule on one field."""

    field: str
    message: str
    kind: str = "value_error"


class ValidationFailed(DomainError):
    """Input breaks one or more rules; nothing was changed."""

    def __init__(self, errors: list[FieldError], location: str = "body") -> None:
        self.errors = errors
        self.location = location
        super().__init__("; ".join(f"{e.field}: {e.message}" for e in errors))

    @classmethod
    def single(cls, field_name: str, message: str, location: str = "body") -> ValidationFailed:
        return cls([FieldError(field_name, message)], location)


class NotFound(DomainError):
    """The thing does not exist, or belongs to someone else (both look the same)."""


class TaskNotFound(NotFound):
    def __init__(self, task_id: str) -> None:
        super().__init__(f"Task {task_id} not found")


class VersionConflict(DomainError):
    """The caller's expected version is not the current one (HTTP 412)."""

    def __init__(self, expected: int, current: int) -> None:
        self.expected = expected
        self.current = current
        super().__init__(f"Task is at version {current}, not {expected}")


class EmailTaken(DomainError):
    def __init__(self) -> None:
        super().__init__("An account with this email already exists")


class InvalidCredentials(DomainError):
    def __init__(self) -> None:
        super().__init__("Wrong email or password")


class NotAuthenticated(DomainError):
    def __init__(self, reason: str = "Not authenticated") -> None:
        super().__init__(reason)


@dataclass
class ErrorCollector:
    """Gathers every broken rule so that one answer names them all."""

    location: str = "body"
    errors: list[FieldError] = field(default_factory=list)

    def add(self, field_name: str, message: str) -> None:
        self.errors.append(FieldError(field_name, message))

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationFailed(self.errors, self.location)


class TooManyAttempts(DomainError):
    """Too many sign-in or registration attempts; try again after ``retry_after`` seconds."""

    def __init__(self, retry_after: int) -> None:
        self.retry_after = retry_after
        super().__init__(f"Too many attempts; try again in {retry_after} seconds")
