"""The recurring service's call to the backend for a series' next task: Dapr service
invocation, as a service (the sidecars carry the app token), never as a user. The
backend's route ``/internal/next-occurrence`` runs the use case."""

from __future__ import annotations

from typing import Any, Final

from todo_chatbot.runtimes.dapr.client import DaprClient

NEXT_OCCURRENCE_METHOD: Final = "internal/next-occurrence"
BACKEND_APP_ID: Final = "backend"


class InvokedNextOccurrences:
    def __init__(self, client: DaprClient) -> None:
        self._client = client

    async def create_after(
        self, *, user_id: str, task_id: str, event_id: str, snapshot: dict[str, Any] | None
    ) -> str | None:
        answer = await self._client.invoke_method(
            BACKEND_APP_ID,
            NEXT_OCCURRENCE_METHOD,
            {"user_id": user_id, "task_id": task_id, "event_id": event_id, "snapshot": snapshot},
        )
        created = answer.get("created") if isinstance(answer, dict) else None
        return created if isinstance(created, str) else None
