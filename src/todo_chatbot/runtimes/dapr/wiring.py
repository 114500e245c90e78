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
from functools import partial
from typing import Any, Final

import structlog

from todo_chatbot.config import Settings
from todo_chatbot.core.clock import Clock
from todo_chatbot.core.timekeeping import to_millis
from todo_chatbot.http.live import LiveHub
from todo_chatbot.observability import metrics
from todo_chatbot.runtimes.clocks import FileClock, SystemClock
from todo_chatbot.runtimes.dapr.client import DaprClient, DaprError
from todo_chatbot.runtimes.dapr.conversations import PostgresConversations
from todo_chatbot.runtimes.dapr.delivery import DaprDelivery
from todo_chatbot.runtimes.dapr.lease import StateLease
from todo_chatbot.runtimes.dapr.outbox import OutboxRelay
from todo_chatbot.runtimes.dapr.scheduler import DaprJobScheduler
from todo_chatbot.runtimes.dapr.schema import migrate
from todo_chatbot.runtimes.dapr.secrets import DaprSecretStore
from todo_chatbot.runtimes.dapr.sql import SqlBinding, SqlError
from todo_chatbot.runtimes.dapr.store import PostgresUnitOfWorkFactory, UserZones
from todo_chatbot.runtimes.dapr.views import PostgresAuditViews, PostgresTaskViews, PostgresUsers
from todo_chatbot.runtimes.secrets import TOKEN_SIGNING_KEY
from todo_chatbot.runtimes.security import Argon2PasswordHasher, JwtTokenIssuer
from todo_chatbot.runtimes.subscriptions import Subscription
from todo_chatbot.tasks import handlers
from todo_chatbot.tasks.events import EventType, Topic
from todo_chatbot.tasks.reminders import REMINDER_JOB_PREFIX, fire_reminder
from todo_chatbot.tasks.use_cases import RECURRING_CONSUMER

log = structlog.get_logger(__name__)

RETENTION: Final = timedelta(days=7)
"""How long the record of handled event ids is kept."""
NEXT_OCCURRENCE_METHOD: Final = "internal/next-occurrence"
LIVE_CONSUMER: Final = "websocket"


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


async def token_issuer(settings: Settings, client: DaprClient, clock: Clock) -> JwtTokenIssuer:
    """Access tokens signed with the key from settings, else from the secret store."""
    configured = settings.secret_key.get_secret_value() if settings.secret_key else None
    key = configured or await DaprSecretStore(client, settings.secret_store).get(TOKEN_SIGNING_KEY)
    if not key:
        raise RuntimeError(f"no {TOKEN_SIGNING_KEY!r} in secret store {settings.secret_store!r}")
    return JwtTokenIssuer(key.encode(), clock, timedelta(seconds=settings.token_ttl_seconds))


async def _sidecar_ready(client: DaprClient, sql: SqlBinding | None) -> dict[str, bool]:
    checks = {"sidecar": await client.healthy()}
    if sql is not None:
        try:
            checks["database"] = await sql.scalar("SELECT 1") == 1
        except (SqlError, DaprError):
            checks["database"] = False
    return checks


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
    relay: OutboxRelay
    scheduler: DaprJobScheduler
    conversations: PostgresConversations

    async def start(self) -> None:
        await migrate(self.sql)
        await self.relay.start()
        log.info("backend.started", instance=self.settings.instance_id)

    async def stop(self) -> None:
        await self.relay.stop()
        await self.client.close()

    async def readiness(self) -> dict[str, bool]:
        return {**await _sidecar_ready(self.client, self.sql), "events": self.relay.running}

    def refresh_gauges(self) -> None:
        metrics.OUTBOX_PENDING.set(self.relay.pending)

    async def fire_job(self, name: str, data: dict[str, Any]) -> None:
        """A job this backend scheduled is due (the Jobs API called ``/job/{name}``)."""
        if name.startswith(REMINDER_JOB_PREFIX):
            fired = await fire_reminder(
                uow=self.uow_factory(), users=self.users, clock=self.clock, data=data
            )
            log.info("job.reminder", job=name, published=fired)
        else:
            log.warning("job.unknown", job=name)

    async def keep_house(self) -> None:
        """The cron binding's beat: publish what the relay left behind, prune old records."""
        await self.relay.run_once()
        cutoff = to_millis(self.clock.now() - RETENTION)
        pruned = await self.sql.execute(
            "DELETE FROM processed_events WHERE processed_at < $1::bigint", [cutoff]
        )
        log.info("housekeeping.done", processed_events_pruned=pruned)


async def build_backend(settings: Settings, clock: Clock | None = None) -> DaprBackendRuntime:
    own_clock, client, sql = await sidecar_ready(settings)
    clock = clock or own_clock
    zones = UserZones(sql)
    relay = OutboxRelay(
        sql=sql,
        client=client,
        pubsub=settings.pubsub,
        lease=StateLease(client, settings.state_store, "outbox-relay", settings.instance_id),
    )
    users = PostgresUsers(sql, zones)
    return DaprBackendRuntime(
        settings=settings,
        clock=clock,
        client=client,
        sql=sql,
        uow_factory=PostgresUnitOfWorkFactory(
            sql, zones, clock, after_commit=relay.notify, user_changed=users.forget
        ),
        tasks=PostgresTaskViews(sql),
        audit=PostgresAuditViews(sql),
        users=users,
        hasher=await asyncio.to_thread(Argon2PasswordHasher),
        tokens=await token_issuer(settings, client, clock),
        relay=relay,
        scheduler=DaprJobScheduler(client),
        conversations=PostgresConversations(sql),
    )


class InvokedNextOccurrences:
    """The recurring service's call to the backend: Dapr service invocation, as a
    service (the sidecars carry the app token), never as a user."""

    def __init__(self, client: DaprClient) -> None:
        self._client = client

    async def create_after(
        self, *, user_id: str, task_id: str, event_id: str, snapshot: dict[str, Any] | None
    ) -> None:
        await self._client.invoke_method(
            "backend",
            NEXT_OCCURRENCE_METHOD,
            {"user_id": user_id, "task_id": task_id, "event_id": event_id, "snapshot": snapshot},
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
        log.info("consumer.started", consumer=self.delivery.consumer)

    async def stop(self) -> None:
        await self.client.close()

    async def readiness(self) -> dict[str, bool]:
        return await _sidecar_ready(self.client, self.sql)

    def refresh_gauges(self) -> None:
        return None


def _subscriptions(
    service: str, uow_factory: PostgresUnitOfWorkFactory, client: DaprClient
) -> list[Subscription]:
    if service == "audit":
        return [
            Subscription(
                consumer=handlers.AUDIT_CONSUMER,
                topic=Topic.TASK_EVENTS,
                handler=partial(handlers.record_audit_entry, uow_factory=uow_factory),
            )
        ]
    if service == "recurring":
        return [
            Subscription(
                consumer=RECURRING_CONSUMER,
                topic=Topic.TASK_EVENTS,
                handler=partial(
                    handlers.schedule_next_occurrence,
                    occurrences=InvokedNextOccurrences(client),
                ),
                types=frozenset({EventType.TASK_COMPLETED.value}),
            )
        ]
    if service == "notification":
        return [
            Subscription(
                consumer=handlers.NOTIFICATION_CONSUMER,
                topic=Topic.REMINDERS,
                handler=partial(handlers.record_notification, uow_factory=uow_factory),
            )
        ]
    raise ValueError(f"{service} is not a consumer service")


@dataclass
class LiveRuntime(ConsumerRuntime):
    """The websocket service: consumes ``task-updates`` (as a broadcast: every replica
    its own consumer group) and pushes each change to the owner's open connections."""

    hub: LiveHub = field(default_factory=LiveHub)
    tokens: JwtTokenIssuer | None = None

    def refresh_gauges(self) -> None:
        metrics.LIVE_CONNECTIONS.set(self.hub.connections())


async def build_live(settings: Settings) -> LiveRuntime:
    clock, client, sql = await sidecar_ready(settings)
    hub = LiveHub()
    subscription = Subscription(
        consumer=LIVE_CONSUMER, topic=Topic.TASK_UPDATES, handler=hub.push_task_change
    )
    return LiveRuntime(
        settings=settings,
        clock=clock,
        client=client,
        sql=sql,
        delivery=DaprDelivery(
            consumer=LIVE_CONSUMER, subscriptions=[subscription], sql=sql, clock=clock
        ),
        hub=hub,
        tokens=await token_issuer(settings, client, clock),
    )


async def build_consumer(service: str, settings: Settings) -> ConsumerRuntime:
    clock, client, sql = await sidecar_ready(settings)
    uow_factory = PostgresUnitOfWorkFactory(sql, UserZones(sql), clock)
    delivery = DaprDelivery(
        consumer=service,
        subscriptions=_subscriptions(service, uow_factory, client),
        sql=sql,
        clock=clock,
    )
    return ConsumerRuntime(
        settings=settings, clock=clock, client=client, sql=sql, delivery=delivery
    )
