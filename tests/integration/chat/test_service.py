"""The chat service on the embedded runtime's real adapters, in process: the pending
question is the store's, not the process's."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.support import NOW
from todo_chatbot.accounts.users import User
from todo_chatbot.chat.conversations import (
    ChatMessage,
    Conversation,
    ConversationStore,
    JsonObject,
)
from todo_chatbot.chat.service import ChatService
from todo_chatbot.chat.tools import ToolPorts
from todo_chatbot.config import Settings
from todo_chatbot.runtimes.clocks import ManualClock
from todo_chatbot.runtimes.embedded.wiring import EmbeddedRuntime, build_embedded_runtime
from todo_chatbot.tasks import use_cases
from todo_chatbot.tasks.queries import ListQuery
from todo_chatbot.tasks.task import read_task_input
from todo_chatbot.tasks.use_cases import Caller

USER = User(
    id="ann",
    email="ann@example.com",
    name="Ann",
    timezone="America/New_York",
    password_hash="not-a-hash",
    created_at=NOW,
)


@pytest.fixture
async def runtime(tmp_path: Path) -> AsyncIterator[EmbeddedRuntime]:
    built = await build_embedded_runtime(Settings(data_dir=tmp_path), ManualClock(NOW))
    async with built.uow_factory() as uow:
        await uow.users.add(USER)
        await uow.commit()
    for title in ("Take vitamins", "Buy vitamins"):
        await use_cases.add_task(
            uow=built.uow_factory(),
            clock=built.clock,
            caller=Caller(USER.id, ZoneInfo(USER.timezone)),
            fields=read_task_input({"title": title}, USER.tz, require_title=True),
        )
    yield built
    await built.stop()


def ports_of(runtime: EmbeddedRuntime) -> ToolPorts:
    return ToolPorts(
        runtime.uow_factory,
        runtime.clock,
        runtime.tasks,
        runtime.notifications,
        runtime.scheduler,
    )


def chat_service(runtime: EmbeddedRuntime) -> ChatService:
    return ChatService(ports=ports_of(runtime), conversations=runtime.conversations)


async def test_the_question_is_stored_and_a_new_service_answers_it(
    runtime: EmbeddedRuntime,
) -> None:
    asked = await chat_service(runtime).reply(
        user=USER, message="mark vitamins done", conversation_id=None
    )

    stored = await runtime.conversations.get(USER.id, asked.conversation_id)
    question = stored.state["question"]
    assert (question["kind"], question["tool"]) == ("choose", "complete_task")
    assert [o["title"] for o in question["options"]] == ["Buy vitamins", "Take vitamins"]

    answered = await chat_service(runtime).reply(
        user=USER, message="2", conversation_id=asked.conversation_id
    )
    assert answered.reply == "Marked *Take vitamins* as done."
    assert (await runtime.conversations.get(USER.id, asked.conversation_id)).state[
        "question"
    ] is None


async def test_a_question_taken_from_the_store_is_no_longer_answered(
    runtime: EmbeddedRuntime,
) -> None:
    service = chat_service(runtime)
    asked = await service.reply(user=USER, message="mark vitamins done", conversation_id=None)
    stored = await runtime.conversations.get(USER.id, asked.conversation_id)
    # Another replica takes the question first.
    assert await runtime.conversations.take_turn(
        USER.id, asked.conversation_id, turn=stored.turn, state={"question": None}
    )

    late = await service.reply(user=USER, message="2", conversation_id=asked.conversation_id)

    assert late.reply.startswith("I haven't asked anything")
    assert late.actions == []


class AnotherReplicaAnswersFirst:
    """The real store, with another replica taking the pending question between this
    one's read of the conversation and its attempt to take it (once)."""

    def __init__(self, store: ConversationStore) -> None:
        self._store = store
        self.armed = False

    async def get(self, user_id: str, conversation_id: str) -> Conversation:
        found = await self._store.get(user_id, conversation_id)
        if self.armed:
            self.armed = False
            taken = await self._store.take_turn(
                user_id, conversation_id, turn=found.turn, state={"question": None}
            )
            assert taken
        return found

    async def list_conversations(self, user_id: str, *, limit: int) -> list[Conversation]:
        return await self._store.list_conversations(user_id, limit=limit)

    async def messages(self, user_id: str, conversation_id: str) -> list[ChatMessage]:
        return await self._store.messages(user_id, conversation_id)

    async def take_turn(
        self, user_id: str, conversation_id: str, *, turn: int, state: JsonObject
    ) -> bool:
        return await self._store.take_turn(user_id, conversation_id, turn=turn, state=state)

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
        await self._store.record(
            user_id, conversation_id, title=title, messages=messages, state=state, now=now
        )


async def test_when_another_replica_took_the_question_this_one_does_nothing(
    runtime: EmbeddedRuntime,
) -> None:
    store = AnotherReplicaAnswersFirst(runtime.conversations)
    service = ChatService(ports=ports_of(runtime), conversations=store)
    asked = await service.reply(user=USER, message="mark vitamins done", conversation_id=None)

    store.armed = True
    late = await service.reply(user=USER, message="2", conversation_id=asked.conversation_id)

    assert late.reply.startswith("That question was already answered")
    assert late.actions == []
    page = await runtime.tasks.list_tasks(
        USER.id, ListQuery(), now=runtime.clock.now(), tz=ZoneInfo(USER.timezone)
    )
    assert sorted(task.title for task in page.items) == ["Buy vitamins", "Take vitamins"]
