"""The scheduler port on Dapr's Jobs API: one-shot jobs kept by the Scheduler service.

A job is scheduled with ``dueTime`` (an RFC 3339 instant) and ``overwrite``
(scheduling a name again replaces its job). When it is due, daprd calls back
the app that scheduled it at ``POST /job/{name}`` with the job's data as the
body; the backend's route hands it to the runtime's job callback.

Jobs keep the service's clock: an instant an hour ahead of the service's time
is due an hour from now on the scheduler's (the same instant, except for a
service whose clock a test has set).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from todo_chatbot.core.clock import Clock
from todo_chatbot.runtimes.dapr.client import DaprClient, DaprError


class DaprJobScheduler:
    def __init__(self, client: DaprClient, clock: Clock) -> None:
        self._client = client
        self._clock = clock

    async def schedule(self, name: str, at: datetime, data: dict[str, Any]) -> None:
        due = datetime.now(UTC) + (at - self._clock.now())
        due_time = due.isoformat(timespec="milliseconds").replace("+00:00", "Z")
        await self._client.schedule_job(name, due_time=due_time, data=data)

    async def cancel(self, name: str) -> None:
        """Delete the job; an unknown name is not an error."""
        try:
            await self._client.delete_job(name)
        except DaprError as exc:
            if exc.status != 404 and "not found" not in exc.message.lower():
                raise
