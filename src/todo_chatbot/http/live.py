"""Live updates: the WebSocket at ``/ws``, through which the runtime's hub
(:mod:`todo_chatbot.live.hub`) pushes to clients.

A client connects with ``/ws?token=<access_token>`` and is pushed each
``task.changed`` and ``notification`` of its user as it happens, each with an
``id`` that grows. A client that reconnects with ``after=<last id>`` is first
told to reload its tasks (``{"type": "resync"}``, carrying the id it gave: task
changes are not replayed), then sent the notifications it missed, oldest first.
A missing, bad, expired or revoked token (signed out, from before a password
change, or of a deleted account) is refused at the handshake (close code 1008); a client
may send ``{"type": "ping"}`` and is answered ``{"type": "pong"}`` (the server
also pings at the protocol level and drops connections that stop answering).
A user holds at most ``TODO_WS_CONNECTIONS_PER_USER`` connections to one server
process: one more is accepted and closed at once with code 1008 and a reason.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import Counter
from typing import Any, Final

import orjson
from fastapi import APIRouter, WebSocket, WebSocketDisconnect

from todo_chatbot.accounts.use_cases import authenticate
from todo_chatbot.core.errors import NotAuthenticated
from todo_chatbot.http.protections import protections_of
from todo_chatbot.live.hub import LiveConnection, LiveHub
from todo_chatbot.notifications.notification import Notifications, notification_view
from todo_chatbot.observability import metrics

CATCH_UP_LIMIT: Final = 500
"""Notifications sent to a reconnecting client at most."""
BAD_REQUEST: Final = 1008


class _Client:
    """A WebSocket as the hub sees it."""

    def __init__(self, socket: WebSocket) -> None:
        self.socket = socket

    async def send(self, text: str) -> bool:
        try:
            await self.socket.send_text(text)
        except (WebSocketDisconnect, RuntimeError, ConnectionError):
            return False
        return True

    async def close(self, code: int) -> None:
        with contextlib.suppress(RuntimeError, ConnectionError):
            await self.socket.close(code=code)


def live_router() -> APIRouter:
    """``/ws``, served from the runtime's ``hub``, ``tokens`` and ``notifications``."""
    router = APIRouter(tags=["live"])
    open_by_user: Counter[str] = Counter()

    @router.websocket("/ws")
    async def live(socket: WebSocket, token: str = "", after: str | None = None) -> None:
        runtime = socket.app.state.runtime
        try:
            user = await authenticate(directory=runtime.users, tokens=runtime.tokens, token=token)
            user_id = user.id
        except NotAuthenticated:
            await socket.close(code=BAD_REQUEST)
            return
        if after is not None and not (after.isascii() and after.isdigit() and len(after) < 19):
            await socket.close(code=BAD_REQUEST, reason="after must be the id of a message")
            return
        limit = protections_of(socket).ws_connections_per_user
        if open_by_user[user_id] >= limit:
            await socket.accept()
            await socket.close(code=BAD_REQUEST, reason=f"{limit} connections per user at most")
            return
        open_by_user[user_id] += 1
        try:
            await _serve(socket, runtime, user_id, after)
        finally:
            open_by_user[user_id] -= 1
            if not open_by_user[user_id]:
                del open_by_user[user_id]

    return router


async def _serve(socket: WebSocket, runtime: Any, user_id: str, after: str | None) -> None:
    """Push the user's changes to an open ``/ws`` until the client goes."""
    hub: LiveHub = runtime.hub
    await socket.accept()
    client = _Client(socket)
    connection = hub.join(user_id, client)
    sender: asyncio.Task[None] | None = None
    try:
        sent_through = 0
        if after is not None:
            sent_through = await _catch_up(client, runtime.notifications, user_id, int(after))
        sender = asyncio.create_task(connection.send_queued(sent_through=sent_through))
        await _answer_pings(socket, connection)
    except WebSocketDisconnect:
        pass
    finally:
        hub.leave(connection)
        metrics.LIVE_DISCONNECTS.inc()
        if sender is not None:
            sender.cancel()
        await client.close(1000)


async def _catch_up(client: _Client, notifications: Notifications, user_id: str, after: int) -> int:
    """Tell a reconnecting client to reload, and send the notifications it missed; the
    id of the last message sent."""
    await client.send(_text({"id": after, "type": "resync"}))
    last = after
    for notification in await notifications.since(user_id, after, limit=CATCH_UP_LIMIT):
        message_id = notification.sequence or last
        await client.send(
            _text(
                {
                    "id": message_id,
                    "type": "notification",
                    "notification": notification_view(notification),
                }
            )
        )
        last = max(last, message_id)
    return last


async def _answer_pings(socket: WebSocket, connection: LiveConnection) -> None:
    """Read what the client sends until it goes: a ping is answered, the rest ignored."""
    while True:
        text = await socket.receive_text()
        with contextlib.suppress(orjson.JSONDecodeError, TypeError, AttributeError):
            if orjson.loads(text).get("type") == "ping":
                connection.offer(0, _text({"type": "pong"}))


def _text(message: dict[str, Any]) -> str:
    return orjson.dumps(message).decode()
