"""The services of the distributed runtime: each its own process, Dapr app id and
Kafka consumer group (kept apart from the settings so the command line stays light)."""

from typing import Final

SERVICES: Final = ("backend", "audit", "recurring", "notification", "websocket")
