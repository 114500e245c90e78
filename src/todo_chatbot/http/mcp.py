"""The MCP server at ``/mcp``: the task tools over streamable HTTP, as the user whose
bearer token each request carries.

- The tools are :class:`~todo_chatbot.chat.tools.TaskTools`' own
  methods: their signatures (types, defaults, descriptions) and docstrings are
  what MCP clients see, and a call runs the same use cases as the REST API.
- Every request needs ``Authorization: Bearer <access_token>`` (401 without a
  valid one), checked before the MCP transport sees it; each tool call reads
  the user from the same header.
- Stateless, with JSON answers: no session lives in a process, so any replica
  of the backend serves any request.
- DNS-rebinding protection (a Host allow-list) is off: it guards servers that
  trust whoever can reach them, and this one trusts nobody without a token,
  which a rebinding page cannot have. A Host allow-list would also have to
  name every host the API is deployed under.
- ``undo`` is the chat's own undo (:meth:`ChatService.undo
  <todo_chatbot.chat.service.ChatService.undo>`): it reverts the last action of a
  chat conversation.
- The transport's session manager runs in the app's lifespan.
"""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Annotated, Any, Final, get_type_hints

import orjson
from fastapi import FastAPI
from mcp.server import MCPServer
from mcp.server.mcpserver import Context
from mcp.server.mcpserver.exceptions import ToolError
from mcp.server.streamable_http_manager import StreamableHTTPASGIApp
from mcp.server.transport_security import TransportSecuritySettings
from pydantic import Field
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from todo_chatbot import __version__
from todo_chatbot.accounts.use_cases import authenticate
from todo_chatbot.accounts.users import User
from todo_chatbot.chat.tools import TOOL_NAMES, TaskTools, ToolPorts
from todo_chatbot.core.errors import DomainError, NotAuthenticated
from todo_chatbot.runtimes.runtime import Runtime
from todo_chatbot.tasks.events import Actor
from todo_chatbot.tasks.use_cases import Caller

PATH: Final = "/mcp"
INSTRUCTIONS: Final = (
    "The user's to-do list. Find a task's id with find_tasks (or list_tasks) before"
    " completing, reopening, changing or deleting it. Dates are YYYY-MM-DD; date-times"
    " without an offset are read in the user's time zone; answers show the user's zone."
)


def mount_mcp(app: FastAPI) -> None:
    """Serve the MCP server at ``/mcp`` of ``app``, its session manager in the app's lifespan."""
    server = MCPServer("Todo Chatbot", version=__version__, instructions=INSTRUCTIONS)
    for name in TOOL_NAMES:
        method = getattr(TaskTools, name)
        server.add_tool(_exposed(app, name), name=name, description=inspect.getdoc(method))
    undo = _undo_tool(app)
    server.add_tool(undo, name="undo", description=inspect.getdoc(undo))
    server.streamable_http_app(
        stateless_http=True,
        json_response=True,
        transport_security=TransportSecuritySettings(enable_dns_rebinding_protection=False),
    )
    handler = BearerGate(app, StreamableHTTPASGIApp(server.session_manager))
    app.router.routes.append(Route(PATH, handler, include_in_schema=False))
    app.router.lifespan_context = _also_running(
        app.router.lifespan_context, server.session_manager.run
    )


class BearerGate:
    """Answers 401 to a request without a valid bearer token; passes the rest on."""

    def __init__(self, app: FastAPI, inner: ASGIApp) -> None:
        self._app = app
        self._inner = inner

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = dict(scope.get("headers") or [])
        try:
            await _user(self._app, headers.get(b"authorization", b"").decode("latin-1"))
        except NotAuthenticated as exc:
            await _unauthorized(send, str(exc))
            return
        except DomainError:
            await _unauthorized(send, "Invalid or expired access token")
            return
        await self._inner(scope, receive, send)


async def _user(app: FastAPI, authorization: str) -> User:
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise NotAuthenticated("A bearer access token is required")
    runtime: Runtime = app.state.runtime
    return await authenticate(directory=runtime.users, tokens=runtime.tokens, token=token.strip())


async def _unauthorized(send: Send, detail: str) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": 401,
            "headers": [
                (b"content-type", b"application/json"),
                (b"www-authenticate", b"Bearer"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": orjson.dumps({"detail": detail})})


def _exposed(app: FastAPI, name: str) -> Callable[..., Awaitable[Any]]:
    """The tool ``name`` as an MCP tool function: the method's own parameters, plus the
    request context that says whose tools to use."""
    method = getattr(TaskTools, name)

    async def call(ctx: Context, **arguments: Any) -> Any:
        tools = await _tools_for(app, ctx)
        try:
            return await getattr(tools, name)(**arguments)
        except DomainError as exc:
            raise ToolError(str(exc)) from exc

    signature = inspect.signature(method, eval_str=True)
    context = inspect.Parameter("ctx", inspect.Parameter.KEYWORD_ONLY, annotation=Context)
    parameters = [p for p in signature.parameters.values() if p.name != "self"]
    call.__signature__ = signature.replace(parameters=[context, *parameters])  # type: ignore[attr-defined]
    call.__annotations__ = {**get_type_hints(method, include_extras=True), "ctx": Context}
    call.__name__ = name
    call.__doc__ = method.__doc__
    return call


def _undo_tool(app: FastAPI) -> Callable[..., Awaitable[Any]]:
    """The tool ``undo``: the chat's own undo (it reverts what the chat did, so it acts on
    a conversation rather than on the task tools)."""

    async def undo(
        ctx: Context,
        conversation_id: Annotated[
            str | None,
            Field(
                description="The chat conversation whose last action to undo; without it,"
                " the user's most recently active one"
            ),
        ] = None,
    ) -> dict[str, Any]:
        """Undo the chat's last action: everything one message of the conversation changed
        (one task, or a whole batch), through the same use cases, so the audit trail shows
        the action and its undo. An added task is deleted, a change is put back, a deleted
        task comes back under its id, a completion is reopened (and the next occurrence of
        a recurring task it created is deleted). Several undos walk back in order. Returns
        the chat's reply (what was undone, or that there is nothing to undo) and the tool
        calls it made."""
        headers = ctx.headers or {}
        try:
            user = await _user(app, headers.get("authorization", ""))
            runtime: Runtime = app.state.runtime
            answer = await runtime.chat.undo(user=user, conversation_id=conversation_id)
        except DomainError as exc:
            raise ToolError(str(exc)) from exc
        return {
            "conversation_id": answer.conversation_id,
            "reply": answer.reply,
            "actions": answer.actions,
        }

    return undo


async def _tools_for(app: FastAPI, ctx: Context) -> TaskTools:
    headers = ctx.headers or {}
    try:
        user = await _user(app, headers.get("authorization", ""))
    except DomainError as exc:
        raise ToolError(str(exc)) from exc
    runtime: Runtime = app.state.runtime
    ports = ToolPorts(
        uow_factory=runtime.uow_factory,
        clock=runtime.clock,
        views=runtime.tasks,
        notifications=runtime.notifications,
        scheduler=runtime.scheduler,
    )
    return TaskTools(ports, Caller(user_id=user.id, tz=user.tz, actor=Actor.CHAT))


Lifespan = Callable[[Any], AbstractAsyncContextManager[Any]]


def _also_running(
    lifespan: Lifespan, other: Callable[[], AbstractAsyncContextManager[Any]]
) -> Lifespan:
    """The app's lifespan with ``other`` running inside it (started after, stopped before)."""

    @asynccontextmanager
    async def both(app: Any) -> AsyncIterator[Any]:
        async with lifespan(app) as state, other():
            yield state

    return both
