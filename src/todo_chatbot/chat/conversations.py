"""The conversation store: a user's chat conversations, their messages, and the
state a conversation carries between messages (the pending question).

Everything is per user: another user's conversation is not found, as an
unknown one is. Every write moves the conversation's ``turn`` on by one;
:meth:`ConversationStore.take_turn` changes the state only over the turn that
was read (optimistic concurrency), so two replicas answering the same
conversation at once cannot both consume one pending question.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal, Protocol

from todo_chatbot.core.errors import NotFound

Role = Literal["user", "assistant"]
JsonObject = dict[str, Any]


class ConversationNotFound(NotFound):
    def __init__(self, conversation_id: str) -> None:
        super().__init__(f"Conversation {conversation_id} not found")


@dataclass(frozen=True)
class Conversation:
    """A conversation as stored: ``state`` is what the chat keeps between messages
    (plain JSON: the pending question, the task last acted on)."""

    id: str
    user_id: str
    title: str
    created_at: datetime
    updated_at: datetime
    turn: int
    state: JsonObject = field(default_factory=dict)


@dataclass(frozen=True)
class ChatMessage:
    """One message; an assistant's carries the tool calls it made (``actions``)."""

    role: Role
    content: str
    created_at: datetime
    actions: list[JsonObject] = field(default_factory=list)


class ConversationStore(Protocol):
    async def get(self, user_id: str, conversation_id: str) -> Conversation:
        """The user's conversation; raises ConversationNotFound for a missing or foreign one."""
        ...

    async def list_conversations(self, user_id: str, *, limit: int) -> list[Conversation]:
        """The user's conversations, the most recently active first."""
        ...

    async def messages(self, user_id: str, conversation_id: str) -> list[ChatMessage]:
        """The conversation's messages, oldest first; raises ConversationNotFound."""
        ...

    async def take_turn(
        self, user_id: str, conversation_id: str, *, turn: int, state: JsonObject
    ) -> bool:
        """Replace the state if the conversation is still at ``turn`` (it moves to the
        next turn); False, changing nothing, if another write came first."""
        ...

    async def record(
        self,
        user_id: str,
        conversation_id: str,
        *,
        title: str,
        messages: Sequence[ChatMessage],
        state: JsonObject,
        now: datetime,
    ) -> None:
        """Append ``messages`` and replace the state in one atomic write, creating the
        conversation (with ``title``) if it does not exist yet."""
        ...
