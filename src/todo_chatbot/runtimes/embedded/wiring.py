"""The embedded runtime: every service in one process, on SQLite, with the outbox
feeding an in-process bus."""

from __future__ import annotations

import asyncio
import contextlib
import os
from dataclasses import dataclass, field
from datetime import timedelta
from functools import partial
from typing import Any

import structlog

from todo_chatbot.accounts.ports import PasswordHasher, TokenIssuer
from todo_chatbot.chat.conversations import ConversationStore
from todo_chatbot.config import Settings
from todo_chatbot.core.clock import Clock
from todo_chatbot.observability import metrics
from todo_chatbot.runtimes.clocks import SystemClock
from todo_chatbot.runtimes.embedded.bus import EmbeddedEventBus
from todo_chatbot.runtimes.embedded.conversations import SqliteConversations
from todo_chatbot.runtimes.embedded.doorbell import Doorbell
from todo_chatbot.runtimes.embedded.generation import SharedGeneration
from todo_chatbot.runtimes.embedded.housekeeping import Housekeeper
from todo_chatbot.runtimes.embedded.leadership import Leadership
from todo_chatbot.runtimes.embedded.secrets import LocalSecretStore
from todo_chatbot.runtimes.embedded.sqlite.database import Database
from todo_chatbot.runtimes.embedded.sqlite.mapped_reads import mapped_reads_vfs
from todo_chatbot.runtimes.embedded.store import SqliteUnitOfWorkFactory, UserKeys
from todo_chatbot.runtimes.embedded.views import SqliteAuditViews, SqliteTaskViews, SqliteUsers
from todo_chatbot.runtimes.secrets import TOKEN_SIGNING_KEY
from todo_chatbot.runtimes.security import Argon2PasswordHasher, JwtTokenIssuer
from todo_chatbot.runtimes.subscriptions import Subscription
from todo_chatbot.tasks import handlers
from todo_chatbot.tasks.events import EventType, Topic
from todo_chatbot.tasks.ports import AuditViews, TaskViews, UnitOfWorkFactory, UserDirectory
from todo_chatbot.tasks.use_cases import RECURRING_CONSUMER, create_next_occurrence

log = structlog.get_logger(__name__)


@dataclass
class EmbeddedRuntime:
    """Everything the entry points use, and the background work to start and stop.

    Several worker processes may serve one data directory; the one that holds
    the leadership lock delivers events, checkpoints and keeps house, and the
    others ring its doorbell when they commit events.
    """

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
    leadership: Leadership
    doorbell: Doorbell
    conversations: ConversationStore
    users_generation: SharedGeneration
    _campaign: asyncio.Task[None] | None = field(default=None, init=False)

    async def start(self) -> None:
        self.database.start()
        if not await self._try_to_lead():
            self._campaign = asyncio.create_task(self._campaign_for_leadership())
        log.info(
            "runtime.started", data_dir=str(self.settings.data_dir), leading=self.leadership.held
        )

    async def stop(self) -> None:
        if self._campaign is not None:
            self._campaign.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._campaign
        await self.housekeeper.stop()
        await self.bus.stop()
        self.doorbell.close()
        self.database.optimize()
        self.database.close()
        self.users_generation.close()
        self.leadership.release()

    def events_committed(self) -> None:
        """A commit wrote events: wake the bus, here or in the process that runs it."""
        if self.leadership.held:
            self.bus.notify()
        else:
            self.doorbell.ring()

    async def _try_to_lead(self) -> bool:
        if not self.leadership.try_acquire():
            return False
        self.database.start_checkpointing()
        self.doorbell.listen(self.bus.notify)
        if self.settings.deliver_events:
            await self.bus.start()
        self.housekeeper.start()
        log.info("runtime.leading", pid=os.getpid())
        return True

    async def _campaign_for_leadership(self) -> None:
        """Try again every second: the leader may die, and the OS then frees its lock."""
        while True:
            await asyncio.sleep(1.0)
            if await self._try_to_lead():
                return

    async def readiness(self) -> dict[str, bool]:
        """Each dependency and whether it answers."""
        delivering = not self.settings.deliver_events or not self.leadership.held
        checks = {"database": False, "events": delivering or self.bus.running}
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


async def build_embedded_runtime(settings: Settings, clock: Clock | None = None) -> EmbeddedRuntime:
    """The one-process runtime on SQLite in ``settings.data_dir``."""
    clock = clock or SystemClock()
    database = Database(
        settings.database_path,
        synchronous="FULL" if settings.durability == "full" else "NORMAL",
        shared=settings.workers > 1,
        vfs=mapped_reads_vfs() if settings.mapped_reads else None,
    )
    database.migrate()
    keys = UserKeys()
    users_generation = SharedGeneration(settings.data_dir / "users.generation")
    # A process that stopped between committing a user's change and announcing it
    # left the other processes' caches stale: whoever starts announces one.
    users_generation.advance()
    users = SqliteUsers(database, users_generation)
    uow_factory = SqliteUnitOfWorkFactory(
        database, keys, clock, after_commit=lambda: None, user_changed=users.forget
    )
    subscriptions = [
        Subscription(
            consumer=handlers.AUDIT_CONSUMER,
            topic=Topic.TASK_EVENTS,
            handler=partial(handlers.record_audit_entry, uow_factory=uow_factory),
            batch_handler=partial(handlers.record_audit_entries, uow_factory=uow_factory),
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
        Subscription(
            consumer=handlers.NOTIFICATION_CONSUMER,
            topic=Topic.REMINDERS,
            handler=partial(handlers.record_notification, uow_factory=uow_factory),
        ),
    ]
    bus = EmbeddedEventBus(database, clock, subscriptions)
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
    runtime = EmbeddedRuntime(
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
        leadership=Leadership(settings.data_dir / "leader.lock"),
        doorbell=Doorbell(settings.data_dir),
        conversations=SqliteConversations(database, keys),
        users_generation=users_generation,
    )
    uow_factory.after_commit = runtime.events_committed
    return runtime
