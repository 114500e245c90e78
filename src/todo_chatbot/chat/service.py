"""The chat: one message in, tool calls and a short reply out, the conversation kept.

A message runs through these steps:

1. If the conversation has a pending question and the message answers it
   ("2", "the second one", a title, "yes", "cancel"), the conversation takes
   the question (a compare-and-set on its turn: of two replicas answering at
   once, one wins and the other does nothing) and then acts on the answer.
   A bare "yes" or "2" with no question pending goes to the LLM agent, when
   one is configured (it may have asked in its own words: a bulk preview), and
   is otherwise said to answer nothing.
2. Otherwise an LLM agent, when one is configured, answers with the same
   tools; on any error it falls back to step 3 (unless it already changed
   something, which is then reported rather than done twice).
3. Otherwise the offline parser's command becomes tool calls (:mod:`.dialogue`).
   The parser runs on a thread of its own, never on the event loop,
   and a message it fails on is answered as one it does not understand.

Before step 2, "undo" reverts the conversation's last action
(:mod:`.undoing`), and a correction of the task the previous message added or
changed ("no, Friday") changes that task (:mod:`.corrections`).

The user's message and the reply (with its tool calls as ``actions``) are
stored with the conversation's new state in one write; the changes the message
made are one entry of the state's undo journal (:mod:`.journal`).
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import datetime
from functools import partial
from typing import Any, Final
from zoneinfo import ZoneInfo

import structlog

from todo_chatbot.accounts.users import User
from todo_chatbot.chat import replies
from todo_chatbot.chat.agent import Agent, AgentFailed
from todo_chatbot.chat.conversations import ChatMessage, Conversation, ConversationStore
from todo_chatbot.chat.corrections import read_correction
from todo_chatbot.chat.dialogue import Consumed, Dialogue, Outcome, State
from todo_chatbot.chat.language import AddTask, Command, Unknown, parse
from todo_chatbot.chat.tools import TaskTools, ToolPorts
from todo_chatbot.chat.undoing import asks_to_undo
from todo_chatbot.core.errors import ValidationFailed
from todo_chatbot.core.ids import new_id
from todo_chatbot.tasks.events import Actor
from todo_chatbot.tasks.use_cases import Caller

log = structlog.get_logger(__name__)

MAX_MESSAGE: Final = 2000
"""Longest message accepted, in characters."""
TITLE_LENGTH: Final = 60
UNDO_MESSAGE: Final = "undo"
"""What the conversation shows as the user's message for an undo asked by a button."""
HISTORY: Final = 20
"""Earlier messages an LLM agent sees."""
_CHANGING_TOOLS: Final = frozenset(
    {"add_task", "complete_task", "reopen_task", "delete_task", "update_task"}
    | {"snooze_all_reminders"}
)
_PARSERS: Final = ThreadPoolExecutor(max_workers=1, thread_name_prefix="chat-parser")
"""Where messages are parsed: off the event loop, one at a time. Parsing holds the GIL, so
a second thread would parse no faster and would leave the loop (and ``/healthz``) fewer
turns at the interpreter."""


@dataclass(frozen=True)
class ChatAnswer:
    conversation_id: str
    reply: str
    actions: list[dict[str, Any]]


def read_message(message: str) -> str:
    text = message.strip()
    if not text:
        raise ValidationFailed.single("message", "must not be empty")
    if len(text) > MAX_MESSAGE:
        raise ValidationFailed.single("message", f"must be at most {MAX_MESSAGE} characters")
    return text


class ChatService:
    def __init__(
        self, *, ports: ToolPorts, conversations: ConversationStore, agent: Agent | None = None
    ) -> None:
        self._ports = ports
        self._clock = ports.clock
        self._conversations = conversations
        self._agent = agent

    async def reply(self, *, user: User, message: str, conversation_id: str | None) -> ChatAnswer:
        """Answer ``message`` in the user's conversation (a new one without an id);
        raises ValidationFailed for an empty or long message, ConversationNotFound for
        an unknown or foreign conversation."""
        text = read_message(message)
        conversation = (
            await self._conversations.get(user.id, conversation_id) if conversation_id else None
        )
        received_at = self._clock.now()
        tools = TaskTools(self._ports, Caller(user_id=user.id, tz=user.tz, actor=Actor.CHAT))
        outcome = await self._respond(user, text, conversation, tools)
        state = (
            outcome.state
            if outcome.undone
            else outcome.state.after(outcome.said or text, tools.steps, corrected=outcome.corrected)
        )
        actions = [call.as_json() for call in tools.calls]
        chat_id = conversation.id if conversation else new_id()
        await self._conversations.record(
            user.id,
            chat_id,
            title=conversation.title if conversation else _title(text),
            messages=[
                ChatMessage(role="user", content=text, created_at=received_at),
                ChatMessage(
                    role="assistant",
                    content=outcome.reply,
                    created_at=self._clock.now(),
                    actions=actions,
                ),
            ],
            state=state.as_json(),
            now=self._clock.now(),
        )
        return ChatAnswer(conversation_id=chat_id, reply=outcome.reply, actions=actions)

    async def undo(self, *, user: User, conversation_id: str | None) -> ChatAnswer:
        """Undo the last action of the user's conversation (the most recently active one
        without an id), as the message "undo" would; raises ConversationNotFound."""
        if conversation_id is None:
            latest = await self._conversations.list_conversations(user.id, limit=1)
            conversation_id = latest[0].id if latest else None
        return await self.reply(user=user, message=UNDO_MESSAGE, conversation_id=conversation_id)

    async def _respond(
        self, user: User, text: str, conversation: Conversation | None, tools: TaskTools
    ) -> Outcome:
        state = State.from_json(conversation.state) if conversation else State()
        dialogue = Dialogue(tools, state)
        consumed = dialogue.answer_to_question(text)
        if consumed is not None and conversation is not None:
            return await self._answer(user, conversation, dialogue, consumed)
        if (reminder := dialogue.unanswered(text)) is not None:
            return Outcome(reminder, state)
        nothing_asked = dialogue.is_reply_to_nothing(text)
        if nothing_asked and self._agent is None:
            return Outcome(replies.NO_QUESTION, state)
        if asks_to_undo(text):
            return await dialogue.undo()
        command = None
        if state.last is not None and not nothing_asked:
            command = await parse_off_loop(text, now=tools.now(), tz=user.tz)
            if (corrected := await self._correction(dialogue, text, command)) is not None:
                return corrected
        if self._agent is not None:
            undo = AgentUndo(tools, state)
            answered = await self._ask_agent(user, text, conversation, tools, undo)
            if answered is not None:
                return Outcome(answered, replace(undo.state, question=None))
        if nothing_asked:
            return Outcome(replies.NO_QUESTION, state)
        if command is None:
            command = await parse_off_loop(text, now=tools.now(), tz=user.tz)
        if dialogue.keeps_question(command, text) or (
            state.question is not None and isinstance(command, Unknown)
        ):
            return dialogue.reask()
        return await dialogue.run(command, text)

    async def _correction(self, dialogue: Dialogue, text: str, command: Command) -> Outcome | None:
        """The previous message's task corrected as ``text`` says, when the parser reads
        ``text`` as no command of its own (a new task, or nothing); None otherwise."""
        if not isinstance(command, AddTask | Unknown):
            return None
        target = await dialogue.corrected_task()
        if target is None:
            return None
        task, said = target
        loop = asyncio.get_running_loop()
        reading = partial(read_correction, text, task, said, now=dialogue.now, tz=dialogue.tz)
        change = await loop.run_in_executor(_PARSERS, reading)
        if change is None:
            return None
        return await dialogue.correct(task["id"], change)

    async def _answer(
        self, user: User, conversation: Conversation, dialogue: Dialogue, consumed: Consumed
    ) -> Outcome:
        """Take the pending question (only one replica can), then act on the answer."""
        taken = await self._conversations.take_turn(
            user.id,
            conversation.id,
            turn=conversation.turn,
            state=replace(dialogue.state, question=None).as_json(),
        )
        if not taken:
            current = await self._conversations.get(user.id, conversation.id)
            return Outcome(replies.ALREADY_ANSWERED, State.from_json(current.state))
        return await dialogue.run_answer(consumed)

    async def _ask_agent(
        self,
        user: User,
        text: str,
        conversation: Conversation | None,
        tools: TaskTools,
        undo: AgentUndo,
    ) -> str | None:
        """The agent's reply; None to fall back to the parser. If the agent failed after
        changing something, the reply reports what it did instead (never twice)."""
        assert self._agent is not None
        history = (
            (await self._conversations.messages(user.id, conversation.id))[-HISTORY:]
            if conversation
            else []
        )
        try:
            return await self._agent.respond(message=text, history=history, tools=tools, undo=undo)
        except AgentFailed as exc:
            log.warning("chat.agent_failed", error=str(exc), calls=len(tools.calls))
        changed = [c for c in tools.calls if c.tool in _CHANGING_TOOLS and not c.failed]
        if changed:
            return replies.actions_done(changed, tools.now(), user.tz)
        return None


class AgentUndo:
    """The LLM agent's ``undo`` tool: the conversation's newest journal entry reverted by
    the same code as the message "undo". The calls that revert it are no change of the
    message's own (they make no journal entry), and each call walks one entry further
    back; ``state`` is the conversation's state after the undos so far."""

    def __init__(self, tools: TaskTools, state: State) -> None:
        self._tools = tools
        self.state = state

    async def __call__(self) -> str:
        made_before = len(self._tools.steps)
        outcome = await Dialogue(self._tools, self.state).undo()
        del self._tools.steps[made_before:]
        self.state = outcome.state
        return outcome.reply


async def parse_off_loop(text: str, *, now: datetime, tz: ZoneInfo) -> Command:
    """The parser's command for ``text``, read on :data:`_PARSERS`; a message the parser
    fails on is logged and read as one it does not understand (the help reply)."""
    loop = asyncio.get_running_loop()
    try:
        return await loop.run_in_executor(_PARSERS, partial(parse, text, now=now, tz=tz))
    except Exception:
        log.exception("chat.parser_failed", length=len(text))
        return Unknown()


def _title(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= TITLE_LENGTH else line[: TITLE_LENGTH - 1].rstrip() + "…"
