"""Wiring of the embedded runtime: every service in one process, on SQLite, with the
outbox feeding an in-process bus."""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, Final

import structlog

from todo_chatbot.accounts.ports import PasswordHasher, TokenIssuer, UserDirectory
from todo_chatbot.audit.trail import AuditViews
from todo_chatbot.chat.conversations import ConversationStore
from todo_chatbot.chat.service import ChatService
from todo_chatbot.chat.tools import ToolPorts
from todo_chatbot.config import Settings
from todo_chatbot.core.background import cancel_and_wait
from todo_chatbot.core.clock import Clock
from todo_chatbot.core.unit_of_work import UnitOfWorkFactory
from todo_chatbot.live.hub import LiveHub
from todo_chatbot.observability import metrics
from todo_chatbot.runtimes.chat import build_chat
from todo_chatbot.runtimes.clocks import SystemClock
from todo_chatbot.runtimes.embedded.attempts import SqliteAttempts
from todo_chatbot.runtimes.embedded.bus import EmbeddedEventBus
from todo_chatbot.runtimes.embedded.conversations import SqliteConversations
from todo_chatbot.runtimes.embedded.doorbell import Doorbell
from todo_chatbot.runtimes.embedded.generation import SharedGeneration
from todo_chatbot.runtimes.embedded.housekeeping import Housekeeper
from todo_chatbot.runtimes.embedded.idempotency import SqliteIdempotencyKeys
from todo_chatbot.runtimes.embedded.leadership import Leadership
from todo_chatbot.runtimes.embedded.live_feed import IDLE_POLL, LiveFeed
from todo_chatbot.runtimes.embedded.notifications import SqliteNotifications
from todo_chatbot.runtimes.embedded.scheduler import SqliteScheduler
from todo_chatbot.runtimes.embedded.secrets import LocalSecretStore
from todo_chatbot.runtimes.embedded.sqlite.database import Database
from todo_chatbot.runtimes.embedded.sqlite.mapped_reads import mapped_reads_vfs
from todo_chatbot.runtimes.embedded.store import SqliteUnitOfWorkFactory
from todo_chatbot.runtimes.embedded.user_keys import UserKeys
from todo_chatbot.runtimes.embedded.views import SqliteAuditViews, SqliteTaskViews, SqliteUsers
from todo_chatbot.runtimes.runtime import StoreUnitOfWork
from todo_chatbot.runtimes.security import TOKEN_SIGNING_KEY, Argon2PasswordHasher, token_issuer
from todo_chatbot.runtimes.subscriptions import live_subscriptions, subscriptions
from todo_chatbot.tasks.ports import TaskViews
from todo_chatbot.tasks.recurring import LocalNextOccurrences
from todo_chatbot.tasks.reminders import run_job

log = structlog.get_logger(__name__)

OTHER_WORKERS_POLL: Final = 0.01
"""Seconds within which a worker process sees the live updates other workers commit
(while it has clients)."""


@dataclass
class EmbeddedRuntime:
    """Everything the entry points use, and the background work to start and stop.

    Several worker processes may serve one data directory; the one that holds
    the leadership lock delivers events, fires scheduled jobs, checkpoints and
    keeps house, and the others ring its doorbell when they commit events or
    change jobs.
    """

    settings: Settings
    clock: Clock
    uow_factory: UnitOfWorkFactory[StoreUnitOfWork]
    tasks: TaskViews
    audit: AuditViews
    users: UserDirectory
    hasher: PasswordHasher
    tokens: TokenIssuer
    attempts: SqliteAttempts
    database: Database
    bus: EmbeddedEventBus
    scheduler: SqliteScheduler
    housekeeper: Housekeeper
    leadership: Leadership
    doorbell: Doorbell
    conversations: ConversationStore
    chat: ChatService
    notifications: SqliteNotifications
    hub: LiveHub
    live_feed: LiveFeed
    users_generation: SharedGeneration
    idempotency_keys: SqliteIdempotencyKeys
    _campaign: asyncio.Task[None] | None = field(default=None, init=False)

    async def start(self) -> None:
        self.database.start()
        self.live_feed.start()
        if not await self._try_to_lead():
            self._campaign = asyncio.create_task(self._campaign_for_leadership())
        log.info(
            "runtime.started", data_dir=str(self.settings.data_dir), leading=self.leadership.held
        )

    async def stop(self) -> None:
        await cancel_and_wait(self._campaign)
        await self.hub.close_all()
        await self.live_feed.stop()
        await self.housekeeper.stop()
        await self.scheduler.stop()
        await self.bus.stop()
        self.doorbell.close()
        self.database.optimize()
        self.database.close()
        self.users_generation.close()
        self.leadership.release()

    def events_committed(self) -> None:
        """A commit wrote events: wake this process's live feed, and the bus, here or in
        the process that runs it."""
        self.live_feed.notify()
        if self.leadership.held:
            self.bus.notify()
        else:
            self.doorbell.ring()

    def jobs_changed(self) -> None:
        """A job was scheduled or cancelled: wake the scheduler, here or in the leader."""
        if self.leadership.held:
            self.scheduler.wake()
        else:
            self.doorbell.ring()

    async def fire_job(self, name: str, data: dict[str, Any]) -> None:
        """A scheduled job's time has come."""
        await run_job(
            name,
            data,
            uow_factory=self.uow_factory,
            users=self.users,
            clock=self.clock,
            late_after=timedelta(seconds=self.settings.reminder_late_after_seconds),
        )

    def _rung(self) -> None:
        """Another process committed events or changed jobs."""
        self.bus.notify()
        self.scheduler.wake()
        self.live_feed.notify()

    async def _try_to_lead(self) -> bool:
        if not self.leadership.try_acquire():
            return False
        self.database.start_checkpointing()
        self.doorbell.listen(self._rung)
        if self.settings.deliver_events:
            await self.bus.start()
            self.scheduler.start(self.fire_job)
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
        checks = {
            "database": False,
            "events": delivering or self.bus.running,
            "scheduler": delivering or self.scheduler.running,
        }
        with contextlib.suppress(Exception):
            checks["database"] = self.database.reader.execute("SELECT 1").fetchone() == (1,)
        return checks

    def refresh_gauges(self) -> None:
        for consumer, pending in self.bus.lag().items():
            metrics.EVENTS_PENDING.labels(consumer).set(pending)
        metrics.LIVE_CONNECTIONS.set(self.hub.connections())


def prepare_data_dir(settings: Settings) -> None:
    """Before several worker processes start on the data directory: its schema, its
    signing key, and an empty directory for the processes' metrics."""
    database = Database(settings.database_path)
    database.migrate()
    database.close()
    asyncio.run(LocalSecretStore(settings.data_dir).get(TOKEN_SIGNING_KEY))
    shutil.rmtree(settings.metrics_dir, ignore_errors=True)
    settings.metrics_dir.mkdir(parents=True)


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
    scheduler = SqliteScheduler(database, clock, changed=lambda: None)
    following_the_outbox = SqliteScheduler(database, clock, changed=lambda: None, durable=False)
    bus = EmbeddedEventBus(
        database,
        clock,
        subscriptions(
            uow_factory=uow_factory,
            next_occurrences=LocalNextOccurrences(uow_factory, users, clock),
            scheduler=following_the_outbox,
        ),
    )
    tasks = SqliteTaskViews(database, keys)
    conversations = SqliteConversations(database, keys)
    notifications = SqliteNotifications(database, keys)
    idempotency_keys = SqliteIdempotencyKeys(database)
    hub = LiveHub()
    live_feed = LiveFeed(
        database,
        live_subscriptions(hub),
        poll_interval=OTHER_WORKERS_POLL if settings.workers > 1 else IDLE_POLL,
        has_clients=lambda: hub.connections() > 0,
    )
    runtime = EmbeddedRuntime(
        settings=settings,
        clock=clock,
        uow_factory=uow_factory,
        tasks=tasks,
        audit=SqliteAuditViews(database, keys),
        users=users,
        hasher=await asyncio.to_thread(Argon2PasswordHasher),
        tokens=await token_issuer(settings, LocalSecretStore(settings.data_dir), clock),
        attempts=SqliteAttempts(database),
        database=database,
        bus=bus,
        scheduler=scheduler,
        housekeeper=Housekeeper(database, clock, idempotency_keys=idempotency_keys),
        leadership=Leadership(settings.data_dir / "leader.lock"),
        doorbell=Doorbell(settings.data_dir),
        conversations=conversations,
        chat=build_chat(
            settings,
            ports=ToolPorts(uow_factory, clock, tasks, notifications, scheduler),
            conversations=conversations,
        ),
        notifications=notifications,
        hub=hub,
        live_feed=live_feed,
        users_generation=users_generation,
        idempotency_keys=idempotency_keys,
    )
    uow_factory.after_commit = runtime.events_committed
    scheduler.changed = following_the_outbox.changed = runtime.jobs_changed
    return runtime
