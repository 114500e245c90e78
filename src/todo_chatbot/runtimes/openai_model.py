"""The chat's model port on an OpenAI-compatible chat-completions endpoint, with the
``openai`` client (the ``llm`` extra)."""

from __future__ import annotations

from typing import cast

from openai import AsyncOpenAI
from openai.types.chat import ChatCompletionMessageParam, ChatCompletionToolParam

from todo_chatbot.chat.agent import AgentFailed, Message, ModelAnswer, ToolRequest


class OpenAiChatModel:
    """``model`` at ``base_url``; no retries (the parser answers instead)."""

    def __init__(self, *, base_url: str, api_key: str, model: str, timeout: float) -> None:
        self._client = AsyncOpenAI(
            base_url=base_url, api_key=api_key, timeout=timeout, max_retries=0
        )
        self._model = model

    async def close(self) -> None:
        await self._client.close()

    async def complete(self, messages: list[Message], tools: list[Message]) -> ModelAnswer:
        completion = await self._client.chat.completions.create(
            model=self._model,
            messages=cast(list[ChatCompletionMessageParam], messages),
            tools=cast(list[ChatCompletionToolParam], tools),
        )
        if not completion.choices:
            raise AgentFailed("the model answered with no choices")
        answer = completion.choices[0].message
        calls = [c for c in answer.tool_calls or [] if c.type == "function"]
        return ModelAnswer(
            message=answer.model_dump(exclude_none=True),
            text=answer.content,
            tool_calls=[
                ToolRequest(id=c.id, name=c.function.name, arguments=c.function.arguments)
                for c in calls
            ],
        )
