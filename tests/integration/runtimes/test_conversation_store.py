"""The conversation store's contract, against both adapters: SQLite, and PostgreSQL
through a real daprd's binding (the distributed stack's backend sidecar).

A reply's messages and the new state are written together; the turn moves on
with every write; ``take_turn`` succeeds for exactly one of two writers that
read the same turn; another user's conversation is not found.
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest

from tests.support import NOW, DistributedServer
from todo_chatbot.accounts.users import User
from todo_chatbot.chat.conversations import ChatMessage, ConversationNotFound, ConversationStore
from todo_chatbot.config import Settings
from todo_chatbot.runtimes.clocks import ManualClock
from todo_chatbot.runtimes.dapr.client import DaprClient
from todo_chatbot.runtimes.dapr.conversations import PostgresConversations
from todo_chatbot.runtimes.dapr.schema import migrate
from todo_chatbot.runtimes.dapr.sql import SqlBinding
from todo_chatbot.runtimes.embedded.wiring import build_embedded_runtime

_ids = itertools.count(1)


@dataclass
class Store:
    conversations: ConversationStore
    new_user: Callable[[], Awaitable[str]]


@pytest.fixture
async def store(
    request: pytest.FixtureRequest, runtime_name: str, tmp_path: Path
) -> AsyncIterator[Store]:
    """The runtime's conversation store, and a way to make users in it."""
    if runtime_name == "embedded":
        runtime = await build_embedded_runtime(Settings(data_dir=tmp_path), ManualClock(NOW))

        async def new_embedded_user() -> str:
            user = _user()
            async with runtime.uow_factory() as uow:
                await uow.users.add(user)
                await uow.commit()
            return user.id

        yield Store(runtime.conversations, new_embedded_user)
        await runtime.stop()
        return
    server: DistributedServer = request.getfixturevalue("distributed_server")
    client = DaprClient(http_port=server.stack.services["backend"].ports.dapr_http)
    sql = SqlBinding(client, "todo-db")
    await migrate(sql)

    async def new_distributed_user() -> str:
        return _user().id  # conversations name their user; no row is needed

    yield Store(PostgresConversations(sql), new_distributed_user)
    await client.close()


def _user() -> User:
    number = next(_ids)
    return User(
        id=f"conversation-user-{number}-{NOW.timestamp()}-{id(_ids)}",
        email=f"conversations{number}-{id(_ids)}@example.com",
        name=None,
        timezone="America/New_York",
        password_hash="not-a-hash",
        created_at=NOW,
    )


def _conversation_id() -> str:
    return f"conversation-{next(_ids)}-{id(_ids)}"


def exchange(question: str, answer: str, *, at_minute: int = 0) -> list[ChatMessage]:
    at = NOW + timedelta(minutes=at_minute)
    return [
        ChatMessage(role="user", content=question, created_at=at),
        ChatMessage(
            role="assistant",
            content=answer,
            created_at=at,
            actions=[{"tool": "find_tasks", "arguments": {"text": question}, "result": {}}],
        ),
    ]


async def test_a_reply_is_recorded_with_its_state(store: Store) -> None:
    user = await store.new_user()
    conversation_id = _conversation_id()
    state = {"question": {"kind": "choose", "options": [{"id": "t1", "title": "A"}]}}

    await store.conversations.record(
        user,
        conversation_id,
        title="mark a done",
        messages=exchange("mark a done", "Which one?"),
        state=state,
        now=NOW,
    )

    conversation = await store.conversations.get(user, conversation_id)
    assert (conversation.title, conversation.turn, conversation.state) == ("mark a done", 1, state)
    assert conversation.created_at == conversation.updated_at == NOW
    messages = await store.conversations.messages(user, conversation_id)
    assert [(m.role, m.content) for m in messages] == [
        ("user", "mark a done"),
        ("assistant", "Which one?"),
    ]
    assert messages[1].actions[0]["tool"] == "find_tasks"


async def test_each_reply_moves_the_turn_and_appends_in_order(store: Store) -> None:
    user = await store.new_user()
    conversation_id = _conversation_id()
    for minute in range(3):
        await store.conversations.record(
            user,
            conversation_id,
            title="first",
            messages=exchange(f"q{minute}", f"a{minute}", at_minute=minute),
            state={"n": minute},
            now=NOW + timedelta(minutes=minute),
        )

    conversation = await store.conversations.get(user, conversation_id)
    assert (conversation.turn, conversation.state, conversation.title) == (3, {"n": 2}, "first")
    assert conversation.updated_at == NOW + timedelta(minutes=2)
    contents = [m.content for m in await store.conversations.messages(user, conversation_id)]
    assert contents == ["q0", "a0", "q1", "a1", "q2", "a2"]


async def test_conversations_are_listed_most_recently_active_first(store: Store) -> None:
    user = await store.new_user()
    older, newer = _conversation_id(), _conversation_id()
    for conversation_id, minute in ((older, 0), (newer, 1), (older, 2)):
        await store.conversations.record(
            user,
            conversation_id,
            title=conversation_id,
            messages=exchange("q", "a", at_minute=minute),
            state={},
            now=NOW + timedelta(minutes=minute),
        )

    listed = await store.conversations.list_conversations(user, limit=10)
    assert [c.id for c in listed] == [older, newer]
    assert [c.id for c in await store.conversations.list_conversations(user, limit=1)] == [older]


async def test_another_users_conversation_is_not_found(store: Store) -> None:
    owner, other = await store.new_user(), await store.new_user()
    conversation_id = _conversation_id()
    await store.conversations.record(
        owner, conversation_id, title="t", messages=exchange("q", "a"), state={}, now=NOW
    )

    with pytest.raises(ConversationNotFound):
        await store.conversations.get(other, conversation_id)
    with pytest.raises(ConversationNotFound):
        await store.conversations.messages(other, conversation_id)
    with pytest.raises(ConversationNotFound):
        await store.conversations.record(
            other, conversation_id, title="t", messages=exchange("x", "y"), state={}, now=NOW
        )
    assert not await store.conversations.take_turn(other, conversation_id, turn=1, state={})
    assert await store.conversations.list_conversations(other, limit=10) == []
    assert len(await store.conversations.messages(owner, conversation_id)) == 2
    assert (await store.conversations.get(owner, conversation_id)).turn == 1


async def test_an_unknown_conversation_is_not_found(store: Store) -> None:
    user = await store.new_user()
    with pytest.raises(ConversationNotFound):
        await store.conversations.get(user, "no-such-conversation")
    with pytest.raises(ConversationNotFound):
        await store.conversations.messages(user, "no-such-conversation")


async def test_taking_a_turn_needs_the_turn_that_was_read(store: Store) -> None:
    user = await store.new_user()
    conversation_id = _conversation_id()
    await store.conversations.record(
        user, conversation_id, title="t", messages=exchange("q", "a"), state={"q": 1}, now=NOW
    )

    assert not await store.conversations.take_turn(user, conversation_id, turn=0, state={})
    assert (await store.conversations.get(user, conversation_id)).state == {"q": 1}
    assert await store.conversations.take_turn(user, conversation_id, turn=1, state={"q": None})
    taken = await store.conversations.get(user, conversation_id)
    assert (taken.turn, taken.state) == (2, {"q": None})
    assert not await store.conversations.take_turn(user, conversation_id, turn=1, state={})


async def test_of_two_replicas_taking_one_turn_at_once_exactly_one_wins(store: Store) -> None:
    user = await store.new_user()
    conversation_id = _conversation_id()
    await store.conversations.record(
        user, conversation_id, title="t", messages=exchange("q", "a"), state={}, now=NOW
    )

    results = await asyncio.gather(
        *[
            store.conversations.take_turn(user, conversation_id, turn=1, state={"by": n})
            for n in range(4)
        ]
    )

    assert sorted(results) == [False, False, False, True]
    winner = results.index(True)
    assert (await store.conversations.get(user, conversation_id)).state == {"by": winner}


async def test_replies_written_at_once_are_all_kept(store: Store) -> None:
    user = await store.new_user()
    conversation_id = _conversation_id()
    await store.conversations.record(
        user, conversation_id, title="t", messages=exchange("q", "a"), state={}, now=NOW
    )

    await asyncio.gather(
        *[
            store.conversations.record(
                user,
                conversation_id,
                title="t",
                messages=exchange(f"q{n}", f"a{n}"),
                state={"n": n},
                now=NOW,
            )
            for n in range(5)
        ]
    )

    conversation = await store.conversations.get(user, conversation_id)
    assert conversation.turn == 6
    contents = [m.content for m in await store.conversations.messages(user, conversation_id)]
    assert len(contents) == 12
    for n in range(5):
        assert contents.index(f"a{n}") == contents.index(f"q{n}") + 1
