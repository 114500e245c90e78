"""The distributed runtime: one service per process, every port through its sidecar.

- ``backend``: the HTTP API on our PostgreSQL schema (through the binding),
  the outbox relay (pub/sub), the job callback (Jobs API), the cron binding's
  housekeeping, and the service-only routes other services invoke.
- ``audit``, ``recurring``, ``notification``: consumers of their topics, each
  its own Kafka consumer group (its app id).
- ``websocket``: pushes ``task-updates`` to connected clients.

The domain, the use cases and the handlers are the embedded runtime's.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, Final

import structlog

from todo_chatbot.chat.service import ChatService
from todo_chatbot.chat.tools import ToolPorts
from todo_chatbot.config import Settings
from todo_chatbot.core.clock import Clock
from todo_chatbot.live.hub import LIVE_CONSUMER, LiveHub
from todo_chatbot.observability import metrics
from todo_chatbot.runtimes.chat import build_chat
from todo_chatbot.runtimes.clocks import FileClock, SystemClock
from todo_chatbot.runtimes.dapr.attempts import PostgresAttempts, prune_attempts_and_revocations
from todo_chatbot.runtimes.dapr.client import DaprClient, DaprError
from todo_chatbot.runtimes.dapr.conversations import PostgresConversations
from todo_chatbot.runtimes.dapr.delivery import DaprDelivery
from todo_chatbot.runtimes.dapr.idempotency import PostgresIdempotencyKeys
from todo_chatbot.runtimes.dapr.lease import StateLease
from todo_chatbot.runtimes.dapr.next_occurrences import InvokedNextOccurrences
from todo_chatbot.runtimes.dapr.notifications import PostgresNotifications
from todo_chatbot.runtimes.dapr.outbox import OutboxRelay, PublishFailed
from todo_chatbot.runtimes.dapr.progress import ConsumerWatch
from todo_chatbot.runtimes.dapr.scheduler import DaprJobScheduler
from todo_chatbot.runtimes.dapr.schema import migrate
from todo_chatbot.runtimes.dapr.secrets import DaprSecretStore
from todo_chatbot.runtimes.dapr.sql import SqlBinding, SqlError
from todo_chatbot.runtimes.dapr.store import PostgresUnitOfWorkFactory, UserZones, prune_inbox
from todo_chatbot.runtimes.dapr.views import PostgresAuditViews, PostgresTaskViews, PostgresUsers
from todo_chatbot.runtimes.security import Argon2PasswordHasher, JwtTokenIssuer, token_issuer
from todo_chatbot.runtimes.subscriptions import Subscription, live_subscriptions, subscriptions
from todo_chatbot.tasks.recurring import LocalNextOccurrences
from todo_chatbot.tasks.reminders import run_job

log = structlog.get_logger(__name__)

RETENTION: Final = timedelta(days=7)
"""How long the record of handled event ids is kept."""


def clock_from(settings: Settings) -> Clock:
    return FileClock(settings.clock_file) if settings.clock_file else SystemClock()


async def sidecar_ready(settings: Settings) -> tuple[Clock, DaprClient, SqlBinding]:
    """The service's clock, and its sidecar (once it answers) with the database binding."""
    client = client_from(settings)
    await client.wait_until_healthy()
    return clock_from(settings), client, SqlBinding(client, settings.database_binding)


def client_from(settings: Settings) -> DaprClient:
    token = settings.dapr_api_token
    return DaprClient(
        http_port=settings.dapr_http_port,
        api_token=token.get_secret_value() if token else None,
    )


async def migrate_schema(settings: Settings, *, stop_sidecar: bool = True) -> None:
    """Migrate the schema through the sidecar's binding (``todo-chatbot migrate``, the
    chart's hook Job), then, with ``stop_sidecar``, tell the sidecar to stop."""
    _, client, sql = await sidecar_ready(settings)
    try:
        await migrate(sql)
        log.info("schema.migrated")
    finally:
        try:
            if stop_sidecar:
                await client.shutdown()
        finally:
            await client.close()


async def dapr_token_issuer(settings: Settings, client: DaprClient, clock: Clock) -> JwtTokenIssuer:
    """Access tokens signed with the key from settings, else from the secret store."""
    return await token_issuer(settings, DaprSecretStore(client, settings.secret_store), clock)


async def _sidecar_ready(client: DaprClient, sql: SqlBinding | None) -> dict[str, bool]:
    checks = {"sidecar": await client.healthy()}
    if sql is not None:
        try:
            checks["database"] = await sql.scalar("SELECT 1") == 1
        except (SqlError, DaprError):
            checks["database"] = False
    return checks


def _start_watch(delivery: DaprDelivery) -> None:
    if delivery.watch is not None:
        delivery.watch.start()


async def _stop_watch(delivery: DaprDelivery) -> None:
    if delivery.watch is not None:
        await delivery.watch.stop()


def _receiving(delivery: DaprDelivery) -> dict[str, bool]:
    """``receiving``: false while the consumer is stalled (see ``progress``)."""
    return {} if delivery.watch is None else {"receiving": not delivery.watch.stalled}


def _resubscribing(delivery: DaprDelivery) -> bool:
    return delivery.watch is not None and delivery.watch.resubscribing


def _refresh_progress(delivery: DaprDelivery) -> None:
    if delivery.watch is not None:
        delivery.watch.refresh_gauges()


@dataclass
class DaprBackendRuntime:
    """The backend: the API's ports on PostgreSQL, and the outbox relay."""

    settings: Settings
    clock: Clock
    client: DaprClient
    sql: SqlBinding
    uow_factory: PostgresUnitOfWorkFactory
    tasks: PostgresTaskViews
    audit: PostgresAuditViews
    users: PostgresUsers
    hasher: Argon2PasswordHasher
    tokens: JwtTokenIssuer
    attempts: PostgresAttempts
    relay: OutboxRelay
    scheduler: DaprJobScheduler
    conversations: PostgresConversations
    chat: ChatService
    next_occurrences: LocalNextOccurrences
    delivery: DaprDelivery
    notifications: PostgresNotifications
    idempotency_keys: PostgresIdempotencyKeys

    async def start(self) -> None:
        await migrate(self.sql)
        await self.relay.start()
        _start_watch(self.delivery)
        log.info("backend.started", instance=self.settings.instance_id)

    async def stop(self) -> None:
        await _stop_watch(self.delivery)
        await self.relay.stop()
        await self.client.close()

    async def readiness(self) -> dict[str, bool]:
        return {
            **await _sidecar_ready(self.client, self.sql),
            "events": self.relay.running,
            **_receiving(self.delivery),
        }

    @property
    def resubscribing(self) -> bool:
        return _resubscribing(self.delivery)

    def refresh_gauges(self) -> None:
        metrics.OUTBOX_PENDING.set(self.relay.pending)
        _refresh_progress(self.delivery)

    async def fire_job(self, name: str, data: dict[str, Any]) -> None:
        """A job this backend scheduled is due (the Jobs API called ``/job/{name}``)."""
        await run_job(
            name,
            data,
            uow_factory=self.uow_factory,
            users=self.users,
            clock=self.clock,
            late_after=timedelta(seconds=self.settings.reminder_late_after_seconds),
        )

    async def keep_house(self) -> None:
        """The cron binding's beat: publish what the relay left behind, prune old records.

        With Kafka or the database away, each part says so in one warning line
        and waits for the next beat (every 10 s): the beat itself is answered
        as done, so the binding neither logs an error nor hurries a retry.
        """
        try:
            await self.relay.run_once()
        except (PublishFailed, SqlError, DaprError) as exc:
            log.warning("housekeeping.publish_next_beat", error=str(exc)[:300])
        try:
            now = self.clock.now()
            pruned = await prune_inbox(self.sql, before=now - RETENTION)
            keys = await self.idempotency_keys.prune(before=now)
            forgotten = await prune_attempts_and_revocations(self.sql, now=now)
        except (SqlError, DaprError) as exc:
            log.warning("housekeeping.prune_next_beat", error=str(exc)[:300])
            return
        log.info(
            "housekeeping.done",
            processed_events_pruned=pruned,
            idempotency_keys_pruned=keys,
            attempts_forgotten=forgotten,
        )


async def build_backend(settings: Settings, clock: Clock | None = None) -> DaprBackendRuntime:
    own_clock, client, sql = await sidecar_ready(settings)
    clock = clock or own_clock
    zones = UserZones(sql)
    relay = OutboxRelay(
        sql=sql,
        client=client,
        pubsub=settings.pubsub,
        lease=StateLease(client, settings.state_store, "outbox-relay", settings.instance_id),
        consumers=consumers_by_topic(_subscription_table(clock, client, sql)),
    )
    users = PostgresUsers(sql, zones)
    uow_factory = PostgresUnitOfWorkFactory(
        sql, zones, clock, after_commit=relay.notify, user_changed=users.forget
    )
    tasks = PostgresTaskViews(sql)
    conversations = PostgresConversations(sql)
    notifications = PostgresNotifications(sql)
    scheduler = DaprJobScheduler(client, clock)
    return DaprBackendRuntime(
        settings=settings,
        clock=clock,
        client=client,
        sql=sql,
        uow_factory=uow_factory,
        tasks=tasks,
        audit=PostgresAuditViews(sql),
        users=users,
        hasher=await asyncio.to_thread(Argon2PasswordHasher),
        tokens=await dapr_token_issuer(settings, client, clock),
        attempts=PostgresAttempts(sql),
        relay=relay,
        scheduler=scheduler,
        conversations=conversations,
        chat=build_chat(
            settings,
            ports=ToolPorts(uow_factory, clock, tasks, notifications, scheduler),
            conversations=conversations,
        ),
        next_occurrences=LocalNextOccurrences(uow_factory, users, clock),
        delivery=_delivery("backend", clock, client, sql),
        notifications=notifications,
        idempotency_keys=PostgresIdempotencyKeys(sql),
    )


@dataclass
class ConsumerRuntime:
    """A service that only consumes events: audit, recurring, notification."""

    settings: Settings
    clock: Clock
    client: DaprClient
    sql: SqlBinding
    delivery: DaprDelivery

    async def start(self) -> None:
        await migrate(self.sql)
        _start_watch(self.delivery)
        log.info("consumer.started", consumer=self.delivery.consumer)

    async def stop(self) -> None:
        await _stop_watch(self.delivery)
        await self.client.close()

    async def readiness(self) -> dict[str, bool]:
        return {**await _sidecar_ready(self.client, self.sql), **_receiving(self.delivery)}

    @property
    def resubscribing(self) -> bool:
        return _resubscribing(self.delivery)

    def refresh_gauges(self) -> None:
        _refresh_progress(self.delivery)


@dataclass
class LiveRuntime(ConsumerRuntime):
    """The websocket service: consumes ``task-updates`` and ``reminders`` (as a
    broadcast: every replica its own consumer group) and pushes each change and
    notification to the owner's open connections; a reconnecting client catches up
    from the notifications kept."""

    hub: LiveHub = field(default_factory=LiveHub)
    tokens: JwtTokenIssuer | None = None
    users: PostgresUsers | None = None
    notifications: PostgresNotifications | None = None

    async def stop(self) -> None:
        await self.hub.close_all()
        await super().stop()

    def refresh_gauges(self) -> None:
        metrics.LIVE_CONNECTIONS.set(self.hub.connections())
        super().refresh_gauges()


async def build_live(settings: Settings) -> LiveRuntime:
    clock, client, sql = await sidecar_ready(settings)
    hub = LiveHub()
    return LiveRuntime(
        settings=settings,
        clock=clock,
        client=client,
        sql=sql,
        delivery=DaprDelivery(
            consumer=LIVE_CONSUMER, subscriptions=live_subscriptions(hub), sql=sql, clock=clock
        ),
        hub=hub,
        tokens=await dapr_token_issuer(settings, client, clock),
        # Read at every handshake (no remembering): a token revoked through the
        # backend is refused here at once.
        users=PostgresUsers(sql, UserZones(sql), fresh_for=0.0),
        notifications=PostgresNotifications(sql),
    )


async def build_consumer(service: str, settings: Settings) -> ConsumerRuntime:
    clock, client, sql = await sidecar_ready(settings)
    return ConsumerRuntime(
        settings=settings,
        clock=clock,
        client=client,
        sql=sql,
        delivery=_delivery(service, clock, client, sql),
    )


def _subscription_table(clock: Clock, client: DaprClient, sql: SqlBinding) -> list[Subscription]:
    return subscriptions(
        uow_factory=PostgresUnitOfWorkFactory(sql, UserZones(sql), clock),
        next_occurrences=InvokedNextOccurrences(client),
        scheduler=DaprJobScheduler(client, clock),
    )


def consumers_by_topic(table: list[Subscription]) -> dict[str, list[str]]:
    """The services that consume each topic (each its own consumer group): whose
    progress the relay records (the live updates' broadcast is not tracked)."""
    found: dict[str, list[str]] = {}
    for subscription in table:
        found.setdefault(subscription.topic, []).append(subscription.service)
    return found


def _delivery(service: str, clock: Clock, client: DaprClient, sql: SqlBinding) -> DaprDelivery:
    """The deliveries of the consumers ``service`` runs, and its progress."""
    own = [sub for sub in _subscription_table(clock, client, sql) if sub.service == service]
    if not own:
        raise ValueError(f"{service} runs no consumer")
    return DaprDelivery(
        consumer=service,
        subscriptions=own,
        sql=sql,
        clock=clock,
        watch=ConsumerWatch(sql, service),
    )
