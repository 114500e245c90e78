"""A lease in the state store: which replica does a job that only one may do.

The lease is one state entry (``{"holder": ...}``) written with a TTL: taken
with first-write concurrency (only if absent or expired), renewed with the
ETag of the holder's own entry (only if nobody took it meanwhile). A holder
that dies stops renewing, the entry expires, and another replica takes it.
"""

from __future__ import annotations

from typing import Final

import structlog

from todo_chatbot.runtimes.dapr.client import DaprClient, DaprError

log = structlog.get_logger(__name__)

LEASE_SECONDS: Final = 10
"""How long a lease lasts unless renewed (renewals come every third of it)."""


class StateLease:
    def __init__(self, client: DaprClient, store: str, name: str, holder: str) -> None:
        self._client = client
        self._store = store
        self._key = f"lease-{name}"
        self._holder = holder
        self.held = False

    async def refresh(self) -> bool:
        """Take the lease if it is free, renew it if it is ours; whether we hold it."""
        try:
            self.held = await self._take_or_renew()
        except DaprError as exc:
            log.warning("lease.unsure", key=self._key, held=self.held, error=str(exc))
            self.held = False
        return self.held

    async def release(self) -> None:
        if not self.held:
            return
        self.held = False
        current = await self._client.get_state(self._store, self._key)
        if current is not None and current.value.get("holder") == self._holder:
            try:
                await self._client.delete_state(self._store, self._key, etag=current.etag)
            except DaprError as exc:
                log.info("lease.release_failed", key=self._key, error=str(exc))

    async def _take_or_renew(self) -> bool:
        value = {"holder": self._holder}
        current = await self._client.get_state(self._store, self._key)
        if current is None:
            return await self._save(value, first_write=True)
        if current.value.get("holder") != self._holder:
            return False
        return await self._save(value, etag=current.etag)

    async def _save(
        self, value: dict[str, str], *, etag: str | None = None, first_write: bool = False
    ) -> bool:
        try:
            await self._client.save_state(
                self._store,
                self._key,
                value,
                etag=etag,
                first_write=first_write,
                ttl_seconds=LEASE_SECONDS,
            )
        except DaprError as exc:
            if exc.status in (409, 500) and _lost_race(exc):
                return False
            raise
        return True


def _lost_race(exc: DaprError) -> bool:
    """Whether the save failed because another replica wrote the entry first."""
    text = exc.message.lower()
    return exc.status == 409 or "etag" in text or "no item was updated" in text
