"""Subscriptions: which consumer handles which topic, and how."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from todo_chatbot.tasks.events import Event, EventData

Handler = Callable[[Event, EventData], Awaitable[None]]
BatchHandler = Callable[[list[tuple[Event, EventData]]], Awaitable[None]]


@dataclass(frozen=True)
class Subscription:
    """``consumer`` is the consumer group: each one receives every event of ``topic``
    (of the given ``types`` only, when they are named: the others pass it by).

    A ``batch_handler`` takes many events at once (as Dapr's bulk subscribe
    delivers them); ``handler`` then serves for retrying them one by one.
    """

    consumer: str
    topic: str
    handler: Handler
    types: frozenset[str] | None = None
    batch_handler: BatchHandler | None = None

    def wants(self, event_type: str) -> bool:
        return self.types is None or event_type in self.types
