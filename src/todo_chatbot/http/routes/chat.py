"""The chat: send a message, undo its last action, list conversations, read one's
messages."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, Field

from todo_chatbot.chat.conversations import ChatMessage, Conversation
from todo_chatbot.chat.service import MAX_MESSAGE
from todo_chatbot.core.timekeeping import format_timestamp
from todo_chatbot.http import constraints
from todo_chatbot.http.deps import CurrentUser, RuntimeDep
from todo_chatbot.http.idempotency import OnceDep
from todo_chatbot.http.responses import json_response
from todo_chatbot.http.schemas import _Strict

router = APIRouter(prefix="/api", tags=["chat"])

_NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"description": "No such conversation (or not yours)"}
}


# What POST /api/chat accepts.
class ChatIn(_Strict):
    message: str = Field(
        description=f"What the user says, 1 to {MAX_MESSAGE} characters after trimming",
        json_schema_extra=constraints.trimmed_text(MAX_MESSAGE),
    )
    conversation_id: str | None = Field(
        None,
        description="The conversation to continue; a new one starts without it",
        json_schema_extra=constraints.TEXT,
    )


# One tool call the chat made for a message.
class ActionOut(BaseModel):
    tool: str
    arguments: dict[str, Any]
    result: Any


# What POST /api/chat returns.
class ChatOut(BaseModel):
    conversation_id: str
    reply: str = Field(description="Markdown: titles in *italics*, times in the user's zone")
    actions: list[ActionOut]


# A conversation in the list.
class ConversationOut(BaseModel):
    id: str
    title: str = Field(description="The conversation's first message, shortened")
    created_at: str
    updated_at: str


class ConversationsOut(BaseModel):
    items: list[ConversationOut]


# One message of a conversation.
class MessageOut(BaseModel):
    role: str = Field(description="user or assistant")
    content: str
    actions: list[ActionOut]
    created_at: str


class MessagesOut(BaseModel):
    items: list[MessageOut]


@router.post("/chat", response_model=ChatOut, responses=_NOT_FOUND)
async def chat(body: ChatIn, user: CurrentUser, runtime: RuntimeDep, once: OnceDep) -> Response:
    """Say something to the chat: it acts on your tasks and replies."""

    async def reply() -> Response:
        answer = await runtime.chat.reply(
            user=user, message=body.message, conversation_id=body.conversation_id
        )
        return json_response(
            {
                "conversation_id": answer.conversation_id,
                "reply": answer.reply,
                "actions": answer.actions,
            }
        )

    return await once.write(reply)


# What POST /api/chat/undo accepts (a body is optional).
class UndoIn(_Strict):
    conversation_id: str | None = Field(
        None,
        description="The conversation whose last action to undo; without it, the most"
        " recently active one",
        json_schema_extra=constraints.TEXT,
    )


@router.post("/chat/undo", response_model=ChatOut, responses=_NOT_FOUND)
async def undo(
    user: CurrentUser, runtime: RuntimeDep, once: OnceDep, body: UndoIn | None = None
) -> Response:
    """Undo the chat's last action in a conversation (everything one message changed,
    a batch included), as saying "undo" would; several undos walk back in order. The
    conversation shows it as the message "undo" and its reply."""
    conversation_id = body.conversation_id if body else None

    async def reply() -> Response:
        answer = await runtime.chat.undo(user=user, conversation_id=conversation_id)
        return json_response(
            {
                "conversation_id": answer.conversation_id,
                "reply": answer.reply,
                "actions": answer.actions,
            }
        )

    return await once.write(reply)


@router.get("/conversations", response_model=ConversationsOut)
async def list_conversations(
    user: CurrentUser,
    runtime: RuntimeDep,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> Response:
    """Your conversations, the most recently active first."""
    found = await runtime.conversations.list_conversations(user.id, limit=limit)
    return json_response({"items": [_conversation(c) for c in found]})


@router.get(
    "/conversations/{conversation_id}/messages", response_model=MessagesOut, responses=_NOT_FOUND
)
async def list_messages(conversation_id: str, user: CurrentUser, runtime: RuntimeDep) -> Response:
    """The messages of one of your conversations, oldest first."""
    found = await runtime.conversations.messages(user.id, conversation_id)
    return json_response({"items": [_message(m) for m in found]})


def _conversation(conversation: Conversation) -> dict[str, Any]:
    return {
        "id": conversation.id,
        "title": conversation.title,
        "created_at": format_timestamp(conversation.created_at),
        "updated_at": format_timestamp(conversation.updated_at),
    }


def _message(message: ChatMessage) -> dict[str, Any]:
    return {
        "role": message.role,
        "content": message.content,
        "actions": message.actions,
        "created_at": format_timestamp(message.created_at),
    }
