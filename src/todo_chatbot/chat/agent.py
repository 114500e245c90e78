"""The optional LLM agent: a chat-completions model calling the task tools (plain tool
calling, no agent framework).

The model gets the current time and the user's zone in its instructions, the
conversation's recent messages, and the tools' JSON schemas (made from the
tools' own signatures, so there is one definition). It may call tools for up
to :data:`MAX_ROUNDS` rounds; a tool's domain error (a task not found, a bad
date) goes back to it as the tool's result. Anything else — a timeout, an
HTTP error, arguments that do not fit a tool's schema, an unknown tool, no
answer — raises :class:`AgentFailed`, and the chat falls back to the parser.

Besides the task tools the agent has ``undo``: the chat's own undo of the
conversation's last action (:meth:`~todo_chatbot.chat.service.ChatService`
hands it the conversation's journal as an :data:`UndoLast`), the same code the
message "undo", ``POST /api/chat/undo`` and the MCP tool ``undo`` run.

The model is a port (:class:`ChatModel`, in the shape of OpenAI's chat
completions); ``runtimes/openai_model.py`` implements it with the ``openai``
client (the ``llm`` extra).
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Final, Protocol, get_type_hints

from pydantic import BaseModel, ValidationError, create_model

from todo_chatbot.chat.conversations import ChatMessage
from todo_chatbot.chat.tools import TOOL_NAMES, TaskTools
from todo_chatbot.core.errors import DomainError

MAX_ROUNDS: Final = 6
"""Model calls per message at most (each may call several tools)."""

INSTRUCTIONS: Final = """\
You are the assistant of a to-do app. You act on the user's tasks only through the tools.
The current time is {now} ({weekday}); the user's time zone is {zone}. Resolve "tomorrow",
"friday", "at 5pm" in that zone, and pass dates as YYYY-MM-DD and date-times as
YYYY-MM-DDTHH:MM:SS with the zone's offset.
To change, complete, reopen or delete a task, first find its id with find_tasks. If
several tasks match equally, ask the user which one, listing them, and do nothing yet.
Never delete more than one task without the user's explicit confirmation.
To complete, reopen, delete or change many tasks at once, call preview_bulk_action, show
the user the tasks and their count, and ask; only after they agree (a later message) call
apply_bulk_action with the token the preview gave.
Reminders have tools of their own: list_reminders (which ring when; list_tasks lists by
due), explain_reminder (why one did not come), snooze_all_reminders. To take back the
last action of this conversation, call undo.
Reply in one to three short sentences saying what you did, with dates and times in the
user's zone. If the message is not about the user's tasks, say briefly that you can only
help with tasks: never invent an action or a result."""

Message = dict[str, Any]
"""A chat-completions message: ``{"role": ..., "content": ..., ...}``."""
UndoLast = Callable[[], Awaitable[str]]
"""Reverts the conversation's last action (one message's changes); what the chat says."""
UNDO_TOOL: Final = "undo"
UNDO_DESCRIPTION: Final = (
    "Undo the chat's last action: everything one earlier message of this conversation"
    " changed (one task, or a whole batch), through the same use cases, so the audit trail"
    " shows the action and its undo. An added task is deleted, a change is put back, a"
    " deleted task comes back, a completion is reopened (and the next occurrence of a"
    " recurring task it created is deleted). Call it again to walk further back. Returns"
    " what was undone (or that there is nothing to undo)."
)


class AgentFailed(Exception):
    """The LLM agent could not answer (timeout, HTTP error, bad tool arguments...)."""


class Agent(Protocol):
    async def respond(
        self,
        *,
        message: str,
        history: Sequence[ChatMessage],
        tools: TaskTools,
        undo: UndoLast | None = None,
    ) -> str:
        """The reply to ``message``, after calling ``tools`` (and ``undo``) as needed;
        raises AgentFailed."""
        ...


@dataclass(frozen=True)
class ToolRequest:
    """A tool call the model asks for; ``arguments`` is its JSON text."""

    id: str
    name: str
    arguments: str


@dataclass(frozen=True)
class ModelAnswer:
    """One answer of the model: text, or tool calls to make first (``message`` is the
    answer as a message, to send back with the tools' results)."""

    message: Message
    text: str | None
    tool_calls: list[ToolRequest] = field(default_factory=list)


class ChatModel(Protocol):
    async def complete(self, messages: list[Message], tools: list[Message]) -> ModelAnswer:
        """The model's answer to ``messages`` with ``tools`` to call; raises on any
        failure of the endpoint."""
        ...

    async def close(self) -> None: ...


class ToolCallingAgent:
    """An agent on one chat model."""

    def __init__(self, model: ChatModel) -> None:
        self._model = model

    async def close(self) -> None:
        await self._model.close()

    async def respond(
        self,
        *,
        message: str,
        history: Sequence[ChatMessage],
        tools: TaskTools,
        undo: UndoLast | None = None,
    ) -> str:
        try:
            return await self._converse(message, history, tools, undo)
        except AgentFailed:
            raise
        except Exception as exc:  # every failure of the endpoint: the parser takes over
            raise AgentFailed(f"{type(exc).__name__}: {exc}") from exc

    async def _converse(
        self,
        message: str,
        history: Sequence[ChatMessage],
        tools: TaskTools,
        undo: UndoLast | None,
    ) -> str:
        messages: list[Message] = [
            {"role": "system", "content": instructions(tools)},
            *[_earlier(m) for m in history],
            {"role": "user", "content": message},
        ]
        for _ in range(MAX_ROUNDS):
            specs = [*tool_specs(), undo_spec()] if undo is not None else tool_specs()
            answer = await self._model.complete(messages, specs)
            if not answer.tool_calls:
                if not answer.text or not answer.text.strip():
                    raise AgentFailed("the model answered with no text")
                return answer.text.strip()
            messages.append(answer.message)
            for call in answer.tool_calls:
                result = await run_tool(tools, call.name, call.arguments, undo)
                messages.append(
                    {"role": "tool", "tool_call_id": call.id, "content": json.dumps(result)}
                )
        raise AgentFailed(f"no answer after {MAX_ROUNDS} rounds")


def instructions(tools: TaskTools) -> str:
    now = tools.now().astimezone(tools.caller.tz)
    return INSTRUCTIONS.format(
        now=now.isoformat(timespec="minutes"),
        weekday=now.strftime("%A"),
        zone=tools.caller.tz.key,
    )


async def run_tool(
    tools: TaskTools, name: str, arguments: str, undo: UndoLast | None = None
) -> Any:
    """Call the tool ``name`` with the model's JSON ``arguments``; a domain error is the
    tool's answer, anything that does not fit the tool raises AgentFailed."""
    if name == UNDO_TOOL and undo is not None:
        if json.loads(arguments or "{}"):
            raise AgentFailed("undo takes no arguments")
        return {"reply": await undo()}
    if name not in TOOL_NAMES:
        raise AgentFailed(f"the model called an unknown tool {name!r}")
    try:
        given = json.loads(arguments or "{}")
        checked = arguments_model(name).model_validate(given)
    except (ValueError, ValidationError) as exc:
        raise AgentFailed(f"bad arguments for {name}: {exc}") from exc
    try:
        return await getattr(tools, name)(**checked.model_dump(exclude_unset=True))
    except DomainError as exc:
        return {"error": str(exc)}


@cache
def arguments_model(name: str) -> type[BaseModel]:
    """A model of the tool's keyword arguments, from its signature (types, defaults and
    descriptions): what the model's arguments are checked against."""
    method = getattr(TaskTools, name)
    hints = get_type_hints(method, include_extras=True)
    fields: dict[str, Any] = {}
    for parameter in inspect.signature(method).parameters.values():
        if parameter.name == "self":
            continue
        default = ... if parameter.default is inspect.Parameter.empty else parameter.default
        fields[parameter.name] = (hints[parameter.name], default)
    return create_model(f"{name}_arguments", __config__={"extra": "forbid"}, **fields)


@cache
def tool_specs() -> list[Message]:
    """The tools as chat-completions function tools."""
    return [
        {
            "type": "function",
            "function": {
                "name": name,
                "description": inspect.getdoc(getattr(TaskTools, name)) or name,
                "parameters": arguments_model(name).model_json_schema(),
            },
        }
        for name in TOOL_NAMES
    ]


@cache
def undo_spec() -> Message:
    """The agent's ``undo`` as a chat-completions function tool (no arguments)."""
    return {
        "type": "function",
        "function": {
            "name": UNDO_TOOL,
            "description": UNDO_DESCRIPTION,
            "parameters": {"type": "object", "properties": {}, "additionalProperties": False},
        },
    }


def _earlier(message: ChatMessage) -> Message:
    if message.role == "user":
        return {"role": "user", "content": message.content}
    return {"role": "assistant", "content": message.content + _previewed(message)}


def _previewed(message: ChatMessage) -> str:
    """The token of a bulk preview the reply asked about (the model sees earlier replies,
    not their tool calls, and needs it to apply the preview once the user agrees)."""
    tokens = [
        str(action["result"]["token"])
        for action in message.actions
        if action.get("tool") == "preview_bulk_action"
        and isinstance(action.get("result"), dict)
        and "token" in action["result"]
    ]
    return f"\n(preview_bulk_action token: {tokens[-1]})" if tokens else ""
