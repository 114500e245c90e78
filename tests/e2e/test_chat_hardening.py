"""The chat against what strangers send, over real HTTP.

Messages the parser cannot place are answered, never with a 500, and long
adversarial messages are parsed off the event loop: ``/healthz`` keeps answering
while several of them are being read (`todo-chatbot run` in a process of its own).
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from tests.e2e.chatting import Chat, titles
from tests.support import UserClient, signed_up, start_process
from todo_chatbot.chat import replies
from todo_chatbot.chat.service import MAX_MESSAGE

pytestmark = pytest.mark.slow

LONG_MESSAGES = 12
"""Adversarial messages sent at once."""
PINGS_PER_MESSAGE = 3
"""``/healthz`` answers, one after another, per long message, that must come back
before the last long message is answered: with the parser on the event loop, a
ping waits for the parse under way, and 4 to 10 came back for 12 messages; on
the parser's thread, 180 to 271."""


@pytest.mark.parametrize(
    "message", ["ping the IST team", "review the UTC migration", "fix bug in CET parser"]
)
def test_a_time_zone_word_without_a_day_or_time_adds_a_task_with_no_due(
    alice: UserClient, message: str
) -> None:
    body = Chat(alice).say(message)

    (action,) = body["actions"]
    assert action["tool"] == "add_task"
    assert action["arguments"] == {"title": message}
    assert titles(alice) == [message]
    assert alice.items()[0]["due"] is None


def test_a_date_past_the_calendar_is_answered_with_what_the_chat_understands(
    alice: UserClient,
) -> None:
    body = Chat(alice).say("pay rent every monday from 12/31/9999")

    assert body["actions"] == []
    assert body["reply"] == replies.OUT_OF_DOMAIN
    assert titles(alice) == []


@pytest.mark.parametrize(
    "message",
    [
        ("move " + "of " * MAX_MESSAGE)[:MAX_MESSAGE],
        ("buy milk " + "at " * MAX_MESSAGE)[:MAX_MESSAGE],
        ("buy milk " + "remind me " * MAX_MESSAGE)[:MAX_MESSAGE],
        ("x " + "and make it " * MAX_MESSAGE)[:MAX_MESSAGE],
    ],
    ids=["of", "at", "remind me", "and make it"],
)
def test_a_longest_adversarial_message_is_answered(alice: UserClient, message: str) -> None:
    answer = Chat(alice).send(message)

    assert answer.status_code == 200, answer.text


def test_healthz_answers_while_long_messages_are_parsed(tmp_path: Path) -> None:
    """Against ``todo-chatbot run`` in a process of its own, so that this test's
    threads do not share the server's interpreter."""
    server = start_process(tmp_path / "data")
    try:
        headers = signed_up(server.url, "parser")
        worst = [
            ("snooze " + "z " * MAX_MESSAGE)[:MAX_MESSAGE],
            ("move " + "of " * MAX_MESSAGE)[:MAX_MESSAGE],
        ]
        with ThreadPoolExecutor(LONG_MESSAGES) as senders:
            chats = [
                senders.submit(_chat, server.url, headers, worst[index % len(worst)])
                for index in range(LONG_MESSAGES)
            ]
            pings = _pings_until_all_are_done(server.url, chats)
            answers = [chat.result() for chat in chats]
    finally:
        server.terminate()

    assert [answer.status_code for answer in answers] == [200] * LONG_MESSAGES
    assert pings >= PINGS_PER_MESSAGE * LONG_MESSAGES


def _chat(url: str, headers: dict[str, str], message: str) -> httpx.Response:
    with httpx.Client(base_url=url, headers=headers, timeout=60) as client:
        return client.post("/api/chat", json={"message": message})


def _pings_until_all_are_done(url: str, chats: list[Future[httpx.Response]]) -> int:
    """How many ``/healthz`` answers come back, one after another, before the last chat's."""
    answered = 0
    with httpx.Client(base_url=url, timeout=60) as client:
        while not all(chat.done() for chat in chats):
            assert client.get("/healthz").status_code == 200
            answered += 1
    return answered
