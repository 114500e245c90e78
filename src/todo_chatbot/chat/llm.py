"""The optional LLM path: an OpenAI-compatible chat-completions endpoint calling the
task tools (plain tool calling, no agent framework).

The model gets the current time and the user's zone in its instructions, the
conversation's recent messages, and the tools' JSON schemas (made from the
tools' own signatures, so there is one definition). It may call tools for up
to :data:`MAX_ROUNDS` rounds; a tool's domain error (a task not found, a bad
date) goes back to it as the tool's result. Anything else — a timeout, an
HTTP error, arguments that do not fit a tool's schema, an unknown tool, no
answer — raises :class:`AgentFailed`, and the chat falls back to the parser.

Needs the ``llm`` extra (the ``openai`` package).
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Sequence
from functools import cache
from typing import Any, Final, cast, get_type_hints

from openai import AsyncOpenAI
from openai.types.chat import (
    ChatCompletionMessageParam,
    ChatCompletionToolParam,
)
from pydantic import BaseModel, ValidationError, create_model

from todo_chatbot.chat.conversations import ChatMessage
from todo_chatbot.chat.service import AgentFailed
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
Reply in one to three short sentences saying what you did, with dates and times in the
user's zone. If the message is not about the user's tasks, say briefly that you can only
help with tasks: never invent an action or a result."""


class OpenAiAgent:
    """An agent on one OpenAI-compatible endpoint (``base_url``) and ``model``."""

    def __init__(self, *, base_url: str, api_key: str, model: str, timeout: float) -> None:
        self._client = AsyncOpenAI(
            base_url=base_url, api_key=api_key, timeout=timeout, max_retries=0
        )
        self._model = model

    async def close(self) -> None:
        await self._client.close()

    async def respond(
        self, *, message: str, history: Sequence[ChatMessage], tools: TaskTools
    ) -> str:
        try:
            return await self._converse(message, history, tools)
        except AgentFailed:
            raise
        except Exception as exc:  # every failure of the endpoint: the parser takes over
            raise AgentFailed(f"{type(exc).__name__}: {exc}") from exc

    async def _converse(
        self, message: str, history: Sequence[ChatMessage], tools: TaskTools
    ) -> str:
        messages: list[ChatCompletionMessageParam] = [
            {"role": "system", "content": instructions(tools)},
            *[_earlier(m) for m in history],
            {"role": "user", "content": message},
        ]
        for _ in range(MAX_ROUNDS):
            completion = await self._client.chat.completions.create(
                model=self._model, messages=messages, tools=tool_specs()
            )
            if not completion.choices:
                raise AgentFailed("the model answered with no choices")
            answer = completion.choices[0].message
            calls = [c for c in answer.tool_calls or [] if c.type == "function"]
            if not calls:
                if not answer.content or not answer.content.strip():
                    raise AgentFailed("the model answered with no text")
                return answer.content.strip()
            messages.append(cast(ChatCompletionMessageParam, answer.model_dump(exclude_none=True)))
            for call in calls:
                result = await run_tool(tools, call.function.name, call.function.arguments)
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


async def run_tool(tools: TaskTools, name: str, arguments: str) -> Any:
    """Call the tool ``name`` with the model's JSON ``arguments``; a domain error is the
    tool's answer, anything that does not fit the tool raises AgentFailed."""
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
def tool_specs() -> list[ChatCompletionToolParam]:
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


def _earlier(message: ChatMessage) -> ChatCompletionMessageParam:
    if message.role == "user":
        return {"role": "user", "content": message.content}
    return {"role": "assistant", "content": message.content}
