"""A scheduler that fires a named job at an instant with a payload.

The shape of Dapr's Jobs API: scheduling a name again replaces its job,
cancelling an unknown name is not an error, and when a job's time comes the
runtime calls back the one ``JobCallback`` registered at start-up, at least once.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any, Protocol

JobCallback = Callable[[str, dict[str, Any]], Awaitable[None]]


class Scheduler(Protocol):
    async def schedule(self, name: str, at: datetime, data: dict[str, Any]) -> None: ...

    async def cancel(self, name: str) -> None: ...
