"""The secrets port on Dapr's secret store (a local file, or Kubernetes secrets)."""

from __future__ import annotations

from todo_chatbot.runtimes.dapr.client import DaprClient


class DaprSecretStore:
    """Secret ``name`` is read as the key of the same name in the store's secret ``name``,
    which is how both the local file store and Kubernetes secrets lay one value out."""

    def __init__(self, client: DaprClient, store: str) -> None:
        self._client = client
        self._store = store

    async def get(self, name: str) -> str | None:
        found = await self._client.get_secret(self._store, name)
        if not found:
            return None
        return found.get(name) or next(iter(found.values()), None)
