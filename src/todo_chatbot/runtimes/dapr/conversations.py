"""The conversation store of the distributed runtime, on PostgreSQL through the binding.

A reply is one statement: the conversation row is created or moved to its
next turn, and the messages are inserted at that turn, by a data-modifying
``WITH``, so the messages and the new state commit together. Two replicas
recording into one conversation at once take turns on its row lock and get
different turns. ``take_turn`` is a compare-and-set on the turn: of two
replicas answering the same pending question, one changes the row and the
other changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, Final

import orjson

from todo_chatbot.chat.conversations import (
    ChatMessage,
    Conversation,
    ConversationNotFound,
    JsonObject,
)
from todo_chatbot.core.timekeeping import from_millis, to_millis
from todo_chatbot.runtimes.dapr.sql import SqlBinding

_COLUMNS: Final = "id, title, created_at, updated_at, turn, state"

_RECORD: Final = """
WITH conversation AS (
    INSERT INTO conversations (id, user_id, title, created_at, updated_at, turn, state)
    VALUES ($1, $2, $3, $4::bigint, $4::bigint, 1, $5)
    ON CONFLICT (id) DO UPDATE SET turn = conversations.turn + 1, state = EXCLUDED.state,
        updated_at = EXCLUDED.updated_at
    WHERE conversations.user_id = EXCLUDED.user_id
    RETURNING id, turn
)
INSERT INTO conversation_messages
    (conversation_id, turn, position, role, content, actions, created_at)
SELECT conversation.id, conversation.turn, m.position, m.role, m.content, m.actions,
    m.created_at
FROM conversation,
    jsonb_to_recordset($6::jsonb)
        AS m(position integer, role text, content text, actions text, created_at bigint)
"""


class PostgresConversations:
    def __init__(self, sql: SqlBinding) -> None:
        self._sql = sql

    async def get(self, user_id: str, conversation_id: str) -> Conversation:
        record = await self._sql.first(
            f"SELECT {_COLUMNS} FROM conversations WHERE id = $1 AND user_id = $2",
            [conversation_id, user_id],
        )
        if record is None:
            raise ConversationNotFound(conversation_id)
        return _conversation(user_id, record)

    async def list_conversations(self, user_id: str, *, limit: int) -> list[Conversation]:
        records = await self._sql.rows(
            f"SELECT {_COLUMNS} FROM conversations WHERE user_id = $1"
            " ORDER BY updated_at DESC, id DESC LIMIT $2::integer",
            [user_id, limit],
        )
        return [_conversation(user_id, record) for record in records]

    async def messages(self, user_id: str, conversation_id: str) -> list[ChatMessage]:
        await self.get(user_id, conversation_id)
        records = await self._sql.rows(
            "SELECT role, content, actions, created_at FROM conversation_messages"
            " WHERE conversation_id = $1 ORDER BY turn, position",
            [conversation_id],
        )
        return [
            ChatMessage(
                role=record["role"],
                content=record["content"],
                actions=orjson.loads(record["actions"]),
                created_at=from_millis(record["created_at"]),
            )
            for record in records
        ]

    async def take_turn(
        self, user_id: str, conversation_id: str, *, turn: int, state: JsonObject
    ) -> bool:
        changed = await self._sql.execute(
            "UPDATE conversations SET turn = turn + 1, state = $1"
            " WHERE id = $2 AND user_id = $3 AND turn = $4::integer",
            [orjson.dumps(state).decode(), conversation_id, user_id, turn],
        )
        return changed == 1

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
        rows = [
            {
                "position": position,
                "role": message.role,
                "content": message.content,
                "actions": orjson.dumps(message.actions).decode(),
                "created_at": to_millis(message.created_at),
            }
            for position, message in enumerate(messages)
        ]
        written = await self._sql.execute(
            _RECORD,
            [
                conversation_id,
                user_id,
                title,
                to_millis(now),
                orjson.dumps(state).decode(),
                orjson.dumps(rows).decode(),
            ],
        )
        if written != len(rows):
            raise ConversationNotFound(conversation_id)


def _conversation(user_id: str, record: dict[str, Any]) -> Conversation:
    return Conversation(
        id=record["id"],
        user_id=user_id,
        title=record["title"],
        created_at=from_millis(record["created_at"]),
        updated_at=from_millis(record["updated_at"]),
        turn=record["turn"],
        state=orjson.loads(record["state"]),
    )
