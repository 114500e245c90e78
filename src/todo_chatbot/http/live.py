"""Live updates: the WebSocket at ``/ws``, through which the runtime's hub
(:mod:`todo_chatbot.live.hub`) pushes to clients.

A client connects with ``/ws?token=<access_token>`` and is pushed each
``task.changed`` of its user as it happens. Every message has an ``id`` that
grows per user; a client that reconnects with ``after=<last id>`` is first
told to reload (``{"type": "resync"}``), since task changes are not replayed.
A missing or bad token is refused at the handshake (HTTP 403).
"""

from __future__ import annotations

import contextlib

import orjson
from fastapi import APIRouter, WebSocket, WebSocketDisconnect

from todo_chatbot.accounts.ports import TokenIssuer
from todo_chatbot.core.errors import NotAuthenticated
from todo_chatbot.live.hub import LiveHub


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


def live_router() -> APIRouter:
    """``/ws``, served from the runtime's ``hub`` and ``tokens``."""
    router = APIRouter(tags=["live"])

    @router.websocket("/ws")
    async def live(socket: WebSocket, token: str = "", after: str | None = None) -> None:
        hub: LiveHub = socket.app.state.runtime.hub
        tokens: TokenIssuer = socket.app.state.runtime.tokens
        try:
            user_id = tokens.subject(token)
        except NotAuthenticated:
            await socket.close(code=1008)
            return
        await socket.accept()
        client = _Client(socket)
        hub.join(user_id, client)
        try:
            if after is not None:
                await socket.send_text(
                    orjson.dumps({"id": hub.next_id(user_id), "type": "resync"}).decode()
                )
            while True:
                await socket.receive_text()
        except WebSocketDisconnect:
            pass
        finally:
            hub.leave(user_id, client)
            with contextlib.suppress(RuntimeError):
                await socket.close()

    return router
