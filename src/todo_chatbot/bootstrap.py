"""Wiring: builds a runtime (its adapters, bus and handlers) from settings.

The embedded runtime runs every service in one process: SQLite, the outbox
and an in-process bus. Entry points receive a :class:`Runtime` and touch
nothing else.
"""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass, field
from datetime import timedelta
from functools import partial
from typing import Any

import structlog

from todo_chatbot.adapters.clock import SystemClock
from todo_chatbot.adapters.embedded.bus import EmbeddedEventBus
from todo_chatbot.adapters.embedded.database import Database
from todo_chatbot.adapters.embedded.housekeeping import Housekeeper
from todo_chatbot.adapters.embedded.secrets import LocalSecretStore
from todo_chatbot.adapters.embedded.store import SqliteUnitOfWorkFactory, UserKeys
from todo_chatbot.adapters.embedded.views import SqliteAuditViews, SqliteTaskViews, SqliteUsers
from todo_chatbot.adapters.security import Argon2PasswordHasher, JwtTokenIssuer
from todo_chatbot.config import Settings
from todo_chatbot.domain.events import EventType, Topic
from todo_chatbot.observability import metrics
from todo_chatbot.ports.clock import Clock
from todo_chatbot.ports.events import Subscription
from todo_chatbot.ports.secrets import TOKEN_SIGNING_KEY
from todo_chatbot.ports.security import PasswordHasher, TokenIssuer
from todo_chatbot.ports.store import AuditViews, TaskViews, UnitOfWorkFactory, UserDirectory
from todo_chatbot.service_layer import handlers
from todo_chatbot.service_layer.tasks import RECURRING_CONSUMER, create_next_occurrence

log = structlog.get_logger(__name__)


@dataclass
class Runtime:
    """Everything the entry points use, and the background work to start and stop."""

    settings: Settings
    clock: Clock
    uow_factory: UnitOfWorkFactory
    tasks: TaskViews
    audit: AuditViews
    users: UserDirectory
    hasher: PasswordHasher
    tokens: TokenIssuer
    database: Database
    bus: EmbeddedEventBus
    housekeeper: Housekeeper
    _started: bool = field(default=False, init=False)

    async def start(self) -> None:
        self.database.start()
        if self.settings.deliver_events:
            await self.bus.start()
        self.housekeeper.start()
        self._started = True
        log.info("runtime.started", data_dir=str(self.settings.data_dir))

    async def stop(self) -> None:
        await self.housekeeper.stop()
        await self.bus.stop()
        self.database.optimize()
        self.database.close()
        self._started = False

    def readiness(self) -> dict[str, bool]:
        """Each dependency and whether it answers."""
        checks = {"database": False, "events": not self.settings.deliver_events or self.bus.running}
        with contextlib.suppress(Exception):
            checks["database"] = self.database.reader.execute("SELECT 1").fetchone() == (1,)
        return checks

    def refresh_gauges(self) -> None:
        for consumer, pending in self.bus.lag().items():
            metrics.EVENTS_PENDING.labels(consumer).set(pending)


class EmbeddedNextOccurrences:
    """The recurring service's call to the backend: a direct call in one process."""

    def __init__(self, uow_factory: UnitOfWorkFactory, users: UserDirectory, clock: Clock):
        self._uow_factory = uow_factory
        self._users = users
        self._clock = clock

    async def create_after(
        self, *, user_id: str, task_id: str, event_id: str, snapshot: dict[str, Any] | None
    ) -> None:
        user = await self._users.get(user_id)
        if user is None:
            return
        await create_next_occurrence(
            uow=self._uow_factory(durable=False),
            clock=self._clock,
            user_id=user_id,
            tz=user.tz,
            task_id=task_id,
            event_id=event_id,
            snapshot=snapshot,
        )


async def build_embedded_runtime(settings: Settings, clock: Clock | None = None) -> Runtime:
    """The one-process runtime on SQLite in ``settings.data_dir``."""
    clock = clock or SystemClock()
    database = Database(
        settings.database_path, synchronous="FULL" if settings.durability == "full" else "NORMAL"
    )
    database.migrate()
    keys = UserKeys()
    uow_factory = SqliteUnitOfWorkFactory(database, keys, clock, after_commit=lambda: None)
    users = SqliteUsers(database)
    subscriptions = [
        Subscription(
            consumer=handlers.AUDIT_CONSUMER,
            topic=Topic.TASK_EVENTS,
            handler=partial(handlers.record_audit_entry, uow_factory=uow_factory),
        ),
        Subscription(
            consumer=RECURRING_CONSUMER,
            topic=Topic.TASK_EVENTS,
            handler=partial(
                handlers.schedule_next_occurrence,
                occurrences=EmbeddedNextOccurrences(uow_factory, users, clock),
            ),
            types=frozenset({EventType.TASK_COMPLETED.value}),
        ),
    ]
    bus = EmbeddedEventBus(database, clock, subscriptions)
    uow_factory.after_commit = bus.notify
    secrets = LocalSecretStore(
        settings.data_dir,
        {
            TOKEN_SIGNING_KEY: settings.secret_key.get_secret_value()
            if settings.secret_key
            else None
        },
    )
    signing_key = await secrets.get(TOKEN_SIGNING_KEY)
    assert signing_key is not None
    hasher = await asyncio.to_thread(Argon2PasswordHasher)
    return Runtime(
        settings=settings,
        clock=clock,
        uow_factory=uow_factory,
        tasks=SqliteTaskViews(database, keys),
        audit=SqliteAuditViews(database, keys),
        users=users,
        hasher=hasher,
        tokens=JwtTokenIssuer(
            signing_key.encode(), clock, timedelta(seconds=settings.token_ttl_seconds)
        ),
        database=database,
        bus=bus,
        housekeeper=Housekeeper(database, clock),
    )
