"""The sidecar's HTTP API, as one small async client (aiohttp).

aiohttp rather than httpx: through a sidecar on this machine it made about
6,000 calls a second against httpx's 560 (see docs/architecture.md); every API
request here makes one or two of them. The official ``dapr`` SDK speaks gRPC
for its async client and adds a protobuf layer we would not use.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final
from urllib.parse import quote

import aiohttp
import orjson

from todo_chatbot.observability import metrics, tracing
from todo_chatbot.observability.tracing import TRACEPARENT

_JSON: Final = {"content-type": "application/json"}
_MAX_HEADER: Final = 1 << 20


class DaprError(Exception):
    """The sidecar answered with an error (or could not be reached: ``status`` 0)."""

    def __init__(self, status: int, code: str, message: str, body: Any = None) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message
        self.body = body


@dataclass(frozen=True)
class StateItem:
    """A state store entry as read: its JSON value and its ETag."""

    value: Any
    etag: str | None


class DaprClient:
    """Calls to one sidecar at ``http://host:port``; one connection pool for all of them."""

    def __init__(
        self,
        *,
        http_port: int,
        host: str = "127.0.0.1",
        api_token: str | None = None,
        timeout: float = 10.0,
        connections: int = 64,
    ) -> None:
        self.base_url = f"http://{host}:{http_port}"
        self._headers = {"dapr-api-token": api_token} if api_token else {}
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._connections = connections
        self._session: aiohttp.ClientSession | None = None

    @property
    def session(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                self.base_url,
                headers=self._headers,
                timeout=self._timeout,
                connector=aiohttp.TCPConnector(limit=self._connections, force_close=False),
                json_serialize=lambda value: orjson.dumps(value).decode(),
                # The binding echoes each statement back in a response header
                # (Metadata.sql): a migration's is far longer than aiohttp's 8 KiB.
                max_line_size=_MAX_HEADER,
                max_field_size=_MAX_HEADER,
            )
        return self._session

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def request(
        self,
        method: str,
        path: str,
        *,
        body: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        params: Mapping[str, str] | None = None,
        wait: float | None = None,
    ) -> tuple[int, bytes, Mapping[str, str]]:
        """One call, in the current trace if there is one; raises :class:`DaprError` on a
        4xx/5xx answer or no answer."""
        options: dict[str, Any] = {}
        traceparent = tracing.current_traceparent()
        if traceparent is not None and (headers is None or TRACEPARENT not in headers):
            headers = {**(headers or {}), TRACEPARENT: traceparent}
        if wait is not None:
            options["timeout"] = aiohttp.ClientTimeout(total=wait)
        started = time.perf_counter()
        try:
            async with self.session.request(
                method, path, data=body, headers=headers, params=params, **options
            ) as answer:
                content = await answer.read()
                if answer.status >= 400:
                    raise _error(answer.status, content)
                return answer.status, content, answer.headers
        except (TimeoutError, aiohttp.ClientError) as exc:
            raise DaprError(0, "UNREACHABLE", f"{method} {path}: {exc!r}") from exc
        finally:
            metrics.DAPR_CALL_SECONDS.labels(_building_block(path)).observe(
                time.perf_counter() - started
            )

    # Health -------------------------------------------------------------------

    async def healthy(self) -> bool:
        """Whether the sidecar is up with its components loaded (``/healthz/outbound``:
        ``/healthz`` itself waits for the app to answer, which waits for this)."""
        try:
            status, _, _ = await self.request("GET", "/v1.0/healthz/outbound", wait=2)
        except DaprError:
            return False
        return status == 204

    async def wait_until_healthy(self, within: float = 60.0) -> None:
        deadline = asyncio.get_running_loop().time() + within
        while not await self.healthy():
            if asyncio.get_running_loop().time() > deadline:
                raise DaprError(0, "UNREACHABLE", f"no healthy sidecar at {self.base_url}")
            await asyncio.sleep(0.2)

    async def shutdown(self) -> None:
        """Ask the sidecar to stop (``POST /v1.0/shutdown``): a Job's pod ends only when
        its sidecar has ended too."""
        await self.request("POST", "/v1.0/shutdown", wait=5)

    # Output bindings ----------------------------------------------------------

    async def invoke_binding(
        self, name: str, operation: str, metadata: Mapping[str, str], data: Any = None
    ) -> tuple[bytes, Mapping[str, str]]:
        """Run an output binding's operation; the answer's body and headers."""
        payload: dict[str, Any] = {"operation": operation, "metadata": dict(metadata)}
        if data is not None:
            payload["data"] = data
        _, content, headers = await self.request(
            "POST", f"/v1.0/bindings/{name}", body=orjson.dumps(payload), headers=_JSON
        )
        return content, headers

    # Pub/sub ------------------------------------------------------------------

    async def bulk_publish_cloudevents(
        self,
        pubsub: str,
        topic: str,
        entries: list[tuple[str, bytes, str]],
        *,
        wait: float,
        traceparent: str | None = None,
    ) -> set[str]:
        """Publish CloudEvents ``(entry id, JSON envelope, partition key)`` in one call,
        in order, the call in the trace ``traceparent`` names (daprd's publish spans go
        under it); the ids of the entries that failed (raises if the call itself did)."""
        body = (
            b"["
            + b",".join(
                b'{"entryId":'
                + orjson.dumps(entry_id)
                + b',"event":'
                + envelope
                + b',"contentType":"application/cloudevents+json","metadata":{"partitionKey":'
                + orjson.dumps(key)
                + b"}}"
                for entry_id, envelope, key in entries
            )
            + b"]"
        )
        try:
            await self.request(
                "POST",
                f"/v1.0-alpha1/publish/bulk/{pubsub}/{topic}",
                body=body,
                headers=_JSON if traceparent is None else {**_JSON, TRACEPARENT: traceparent},
                wait=wait,
            )
        except DaprError as exc:
            failed = exc.body.get("failedEntries") if isinstance(exc.body, dict) else None
            if not failed:
                raise
            return {str(entry.get("entryId")) for entry in failed}
        return set()

    # State --------------------------------------------------------------------

    async def get_state(self, store: str, key: str) -> StateItem | None:
        status, content, headers = await self.request(
            "GET", f"/v1.0/state/{store}/{quote(key, safe='')}"
        )
        if status == 204 or not content:
            return None
        return StateItem(value=orjson.loads(content), etag=headers.get("ETag"))

    async def save_state(
        self,
        store: str,
        key: str,
        value: Any,
        *,
        etag: str | None = None,
        first_write: bool = False,
        ttl_seconds: int | None = None,
    ) -> None:
        """Save one entry; with ``etag`` only over that version, with ``first_write``
        only if the key is absent. Raises DaprError 409 when the condition fails."""
        item: dict[str, Any] = {"key": key, "value": value}
        if etag is not None:
            item["etag"] = etag
        if first_write or etag is not None:
            item["options"] = {"concurrency": "first-write"}
        if ttl_seconds is not None:
            item["metadata"] = {"ttlInSeconds": str(ttl_seconds)}
        await self.request("POST", f"/v1.0/state/{store}", body=orjson.dumps([item]), headers=_JSON)

    async def delete_state(self, store: str, key: str, *, etag: str | None = None) -> None:
        headers = {"If-Match": etag} if etag is not None else None
        await self.request("DELETE", f"/v1.0/state/{store}/{quote(key, safe='')}", headers=headers)

    # Jobs ---------------------------------------------------------------------

    async def schedule_job(self, name: str, *, due_time: str, data: Any) -> None:
        """A one-shot job at ``due_time`` (RFC 3339), replacing one of the same name.

        Its callback is tried again every 5 s for as long as it fails (the app is
        down): Dapr's default would give up after three tries, a second apart."""
        body = {
            "dueTime": due_time,
            "data": data,
            "overwrite": True,
            "failurePolicy": {"constant": {"interval": "5s"}},
        }
        await self.request(
            "POST",
            f"/v1.0-alpha1/jobs/{quote(name, safe='')}",
            body=orjson.dumps(body),
            headers=_JSON,
        )

    async def delete_job(self, name: str) -> None:
        await self.request("DELETE", f"/v1.0-alpha1/jobs/{quote(name, safe='')}")

    # Secrets ------------------------------------------------------------------

    async def get_secret(self, store: str, name: str) -> dict[str, str] | None:
        try:
            _, content, _ = await self.request(
                "GET", f"/v1.0/secrets/{store}/{quote(name, safe='')}"
            )
        except DaprError as exc:
            if exc.status in (204, 404) or "not found" in exc.message.lower():
                return None
            raise
        value: dict[str, str] = orjson.loads(content) if content else {}
        return value or None

    # Service invocation -------------------------------------------------------

    async def invoke_method(
        self, app_id: str, method: str, body: Any, *, wait: float | None = None
    ) -> Any:
        """POST ``body`` (JSON) to ``method`` of ``app_id`` through the sidecars."""
        _, content, _ = await self.request(
            "POST",
            f"/v1.0/invoke/{app_id}/method/{method.lstrip('/')}",
            body=orjson.dumps(body),
            headers=_JSON,
            wait=wait,
        )
        return orjson.loads(content) if content else None


def _building_block(path: str) -> str:
    """``binding``, ``publish``, ``state``, ``jobs``, ... from an API path."""
    parts = path.split("/")
    block = parts[2] if len(parts) > 2 else path
    return {"bindings": "binding", "publish": "publish", "invoke": "invoke"}.get(block, block)


def _error(status: int, content: bytes) -> DaprError:
    try:
        payload = orjson.loads(content)
        return DaprError(
            status,
            str(payload.get("errorCode", "")),
            str(payload.get("message", "")),
            payload,
        )
    except (orjson.JSONDecodeError, AttributeError):
        return DaprError(status, "", content.decode(errors="replace")[:500])
