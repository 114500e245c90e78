"""What a running service gives the entry points: its ports, and its background work
to start and stop."""

from __future__ import annotations

from typing import Protocol

from todo_chatbot.accounts.ports import (
    AccountsUnitOfWork,
    AttemptCounter,
    PasswordHasher,
    TokenIssuer,
    UserDirectory,
)
from todo_chatbot.audit.trail import AuditUnitOfWork, AuditViews
from todo_chatbot.chat.conversations import ConversationStore
from todo_chatbot.chat.service import ChatService
from todo_chatbot.config import Settings
from todo_chatbot.core.clock import Clock
from todo_chatbot.core.idempotency import IdempotencyKeys, IdempotentUnitOfWork
from todo_chatbot.core.unit_of_work import UnitOfWorkFactory
from todo_chatbot.notifications.notification import Notifications, NotificationsUnitOfWork
from todo_chatbot.tasks.ports import Scheduler, TaskUnitOfWork, TaskViews


class StoreUnitOfWork(
    TaskUnitOfWork,
    AccountsUnitOfWork,
    AuditUnitOfWork,
    NotificationsUnitOfWork,
    IdempotentUnitOfWork,
    Protocol,
):
    """A unit of work of a runtime's store: it holds what every capability needs."""


class Service(Protocol):
    """A service's background work to start and stop, and what operations ask of it."""

    @property
    def settings(self) -> Settings: ...

    async def start(self) -> None: ...

    async def stop(self) -> None: ...

    async def readiness(self) -> dict[str, bool]:
        """Each dependency and whether it answers."""
        ...

    def refresh_gauges(self) -> None:
        """Bring gauges that are read, not counted, up to date (before /metrics answers)."""
        ...


class Runtime(Service, Protocol):
    """The ports the API serves from."""

    @property
    def clock(self) -> Clock: ...

    @property
    def uow_factory(self) -> UnitOfWorkFactory[StoreUnitOfWork]: ...

    @property
    def tasks(self) -> TaskViews: ...

    @property
    def audit(self) -> AuditViews: ...

    @property
    def users(self) -> UserDirectory: ...

    @property
    def hasher(self) -> PasswordHasher: ...

    @property
    def tokens(self) -> TokenIssuer: ...

    @property
    def attempts(self) -> AttemptCounter:
        """Sign-in attempts, counted where every process and replica sees them."""
        ...

    @property
    def conversations(self) -> ConversationStore: ...

    @property
    def chat(self) -> ChatService: ...

    @property
    def notifications(self) -> Notifications: ...

    @property
    def scheduler(self) -> Scheduler: ...

    @property
    def idempotency_keys(self) -> IdempotencyKeys: ...
