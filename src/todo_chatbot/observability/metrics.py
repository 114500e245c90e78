"""The process's Prometheus metrics, served at ``/metrics``.

With several worker processes (``PROMETHEUS_MULTIPROC_DIR`` set before they
start), each keeps its values in a file there and ``/metrics`` sums them all.
"""

from __future__ import annotations

import os
from typing import Final

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)

REGISTRY: Final = CollectorRegistry(auto_describe=True)

_LATENCY_BUCKETS: Final = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)

HTTP_REQUESTS: Final = Counter(
    "http_requests",
    "HTTP requests answered, by method, route template and status code.",
    ("method", "route", "status"),
    registry=REGISTRY,
)
HTTP_REQUEST_SECONDS: Final = Histogram(
    "http_request_duration_seconds",
    "Time to answer an HTTP request, by method and route template.",
    ("method", "route"),
    buckets=_LATENCY_BUCKETS,
    registry=REGISTRY,
)
EVENT_LOOP_STALLS: Final = Counter(
    "event_loop_stalls",
    "Times the event loop was held past TODO_STALL_WARNING_MS (each logged with its stack).",
    registry=REGISTRY,
)
EVENTS_DELIVERED: Final = Counter(
    "events_delivered",
    "Events handled successfully, by consumer.",
    ("consumer",),
    registry=REGISTRY,
)
EVENTS_RETRIED: Final = Counter(
    "events_retried",
    "Failed deliveries that will be retried, by consumer.",
    ("consumer",),
    registry=REGISTRY,
)
EVENTS_DEAD_LETTERED: Final = Counter(
    "events_dead_lettered",
    "Events given up on and dead-lettered, by consumer.",
    ("consumer",),
    registry=REGISTRY,
)
EVENT_HANDLING_SECONDS: Final = Histogram(
    "event_handling_seconds",
    "Time from the first delivery attempt of an event to its success, by consumer.",
    ("consumer",),
    buckets=_LATENCY_BUCKETS,
    registry=REGISTRY,
)
EVENTS_PENDING: Final = Gauge(
    "events_pending",
    "Events in the outbox a consumer has yet to receive.",
    ("consumer",),
    registry=REGISTRY,
    multiprocess_mode="mostrecent",
)
EVENTS_OLDEST_PENDING_SECONDS: Final = Gauge(
    "events_oldest_pending_seconds",
    "Age of the oldest event a consumer has yet to handle (0 when none waits).",
    ("consumer",),
    registry=REGISTRY,
    multiprocess_mode="mostrecent",
)
CONSUMER_STALLED: Final = Gauge(
    "consumer_stalled",
    "1 while a consumer receives nothing although its events have waited past the limit.",
    ("consumer",),
    registry=REGISTRY,
    multiprocess_mode="mostrecent",
)
EVENTS_PUBLISHED: Final = Counter(
    "events_published",
    "Events the outbox relay published to the broker, by topic.",
    ("topic",),
    registry=REGISTRY,
)
EVENT_PUBLISH_SECONDS: Final = Histogram(
    "event_publish_seconds",
    "Time one publish through the sidecar took.",
    buckets=_LATENCY_BUCKETS,
    registry=REGISTRY,
)
OUTBOX_PENDING: Final = Gauge(
    "outbox_pending",
    "Events in the outbox not published yet (as the relay last saw it).",
    registry=REGISTRY,
    multiprocess_mode="mostrecent",
)
DAPR_CALL_SECONDS: Final = Histogram(
    "dapr_call_seconds",
    "Time a call to the Dapr sidecar took, by building block (binding, publish, state, ...).",
    ("block",),
    buckets=_LATENCY_BUCKETS,
    registry=REGISTRY,
)
REMINDERS_SCHEDULED: Final = Counter(
    "reminders_scheduled",
    "Reminder jobs scheduled (again) as their tasks changed.",
    registry=REGISTRY,
)
REMINDERS_CANCELLED: Final = Counter(
    "reminders_cancelled",
    "Reminder jobs cancelled: their tasks were completed, deleted or lost their reminder.",
    registry=REGISTRY,
)
REMINDERS_FIRED: Final = Counter(
    "reminders_fired",
    "Reminders whose reminder.due was published, by whether they fired late (over a minute).",
    ("late",),
    registry=REGISTRY,
)
REMINDER_LATENESS_SECONDS: Final = Histogram(
    "reminder_lateness_seconds",
    "Time from a reminder's instant to its reminder.due being published.",
    buckets=(0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 15.0, 60.0, 300.0, 3600.0),
    registry=REGISTRY,
)
LIVE_MESSAGES_PUSHED: Final = Counter(
    "live_messages_pushed",
    "Messages sent to live clients (task changes and notifications).",
    registry=REGISTRY,
)
LIVE_CLIENTS_TOO_SLOW: Final = Counter(
    "live_clients_too_slow",
    "Live connections closed because their client did not keep up with its messages.",
    registry=REGISTRY,
)
LIVE_DISCONNECTS: Final = Counter(
    "live_disconnects",
    "Live connections that ended after being served (the client went or was dropped).",
    registry=REGISTRY,
)
LIVE_CONNECTIONS: Final = Gauge(
    "live_connections",
    "Open WebSocket connections of this replica.",
    registry=REGISTRY,
    multiprocess_mode="livesum",
)


def exposition() -> tuple[bytes, str]:
    """The metrics in Prometheus text format, and its content type."""
    if "PROMETHEUS_MULTIPROC_DIR" in os.environ:
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST
