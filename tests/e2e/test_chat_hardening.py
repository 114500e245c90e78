"""The chat against what strangers send, over real HTTP.

Messages the parser cannot place are answered, never with a 500, and the longest
adversarial messages are answered (that the loop keeps turning meanwhile:
``tests/unit/chat/test_service.py``).
"""

from __future__ import annotations

import pytest

from tests.e2e.chatting import Chat, titles
from tests.support import UserClient
from todo_chatbot.chat import replies
from todo_chatbot.chat.service import MAX_MESSAGE

pytestmark = pytest.mark.slow


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
