"""The conversation store of the embedded runtime, on SQLite.

A reply's messages and the conversation's new state are written in one
transaction; ``take_turn`` is a compare-and-set on the conversation's turn.
Conversations belong to a user by the user's number (``uid``), so a foreign
one is not found, like an unknown one.
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
from todo_chatbot.runtimes.embedded.sqlite.database import Database
from todo_chatbot.runtimes.embedded.user_keys import UserKeys

_COLUMNS: Final = "id, title, created_at, updated_at, turn, state"


class SqliteConversations:
    def __init__(self, db: Database, keys: UserKeys) -> None:
        self._db = db
        self._keys = keys

    async def get(self, user_id: str, conversation_id: str) -> Conversation:
        row = self._row(user_id, conversation_id, _COLUMNS)
        return _conversation(user_id, row)

    async def list_conversations(self, user_id: str, *, limit: int) -> list[Conversation]:
        uid = self._keys.uid(self._db.reader, user_id)
        if uid is None:
            return []
        rows = self._db.reader.execute(
            f"SELECT {_COLUMNS} FROM conversations WHERE uid = ?"
            " ORDER BY updated_at DESC, pk DESC LIMIT ?",
            (uid, limit),
        ).fetchall()
        return [_conversation(user_id, row) for row in rows]

    async def messages(self, user_id: str, conversation_id: str) -> list[ChatMessage]:
        (pk,) = self._row(user_id, conversation_id, "pk")
        rows = self._db.reader.execute(
            "SELECT role, content, actions, created_at FROM conversation_messages"
            " WHERE conversation = ? ORDER BY turn, position",
            (pk,),
        ).fetchall()
        return [
            ChatMessage(
                role=role,
                content=content,
                actions=orjson.loads(actions),
                created_at=from_millis(created_at),
            )
            for role, content, actions, created_at in rows
        ]

    async def take_turn(
        self, user_id: str, conversation_id: str, *, turn: int, state: JsonObject
    ) -> bool:
        async with self._db.transaction() as transaction:
            uid = self._keys.uid(transaction.conn, user_id)
            cursor = transaction.conn.execute(
                "UPDATE conversations SET turn = turn + 1, state = ?"
                " WHERE id = ? AND uid = ? AND turn = ?",
                (orjson.dumps(state), conversation_id, uid, turn),
            )
            transaction.commit()
        return cursor.rowcount == 1

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
        # Not waiting for the disk: the turn's task changes committed before it, each
        # durable; a power cut (not a crash of the process) may lose the turn's messages
        # and its journal entry, never a change. Waiting here was an fsync per message,
        # most of a chat turn's time (docs/benchmarks.md, the chat turn).
        async with self._db.transaction(durable=False) as transaction:
            conn = transaction.conn
            uid = self._keys.uid(conn, user_id)
            if uid is None:
                raise LookupError(f"unknown user {user_id}")
            found = conn.execute(
                "INSERT INTO conversations (id, uid, title, created_at, updated_at, turn, state)"
                " VALUES (?, ?, ?, ?, ?, 1, ?)"
                " ON CONFLICT (id) DO UPDATE SET turn = turn + 1, state = excluded.state,"
                " updated_at = excluded.updated_at WHERE uid = excluded.uid"
                " RETURNING pk, turn",
                (conversation_id, uid, title, to_millis(now), to_millis(now), orjson.dumps(state)),
            ).fetchone()
            if found is None:
                raise ConversationNotFound(conversation_id)
            pk, turn = found
            conn.executemany(
                "INSERT INTO conversation_messages"
                " (conversation, turn, position, role, content, actions, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        pk,
                        turn,
                        position,
                        message.role,
                        message.content,
                        orjson.dumps(message.actions),
                        to_millis(message.created_at),
                    )
                    for position, message in enumerate(messages)
                ],
            )
            transaction.commit()

    def _row(self, user_id: str, conversation_id: str, columns: str) -> tuple[Any, ...]:
        conn = self._db.reader
        uid = self._keys.uid(conn, user_id)
        row = None
        if uid is not None:
            row = conn.execute(
                f"SELECT {columns} FROM conversations WHERE id = ? AND uid = ?",
                (conversation_id, uid),
            ).fetchone()
        if row is None:
            raise ConversationNotFound(conversation_id)
        return tuple(row)


def _conversation(user_id: str, row: tuple[Any, ...]) -> Conversation:
    conversation_id, title, created_at, updated_at, turn, state = row
    return Conversation(
        id=conversation_id,
        user_id=user_id,
        title=title,
        created_at=from_millis(created_at),
        updated_at=from_millis(updated_at),
        turn=turn,
        state=orjson.loads(state),
    )
