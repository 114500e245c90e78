"""Questions about reminders and snoozing them all, as the contract's JSON
(docs/parser.md, "Reminder questions"). ``now`` is Wednesday 2026-03-04 10:00 in
New York."""

from __future__ import annotations

import pytest

from tests.unit.chat.language.support import read

TODAY = {"from": "2026-03-04", "to": "2026-03-04"}
TOMORROW = {"from": "2026-03-05", "to": "2026-03-05"}
TO_COME = {"from": None, "to": None}


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("what reminders do I have today?", TODAY),
        ("do I have any reminders today", TODAY),
        ("reminders today", TODAY),
        ("what am I being reminded about today?", TODAY),
        ("any reminders tomorrow?", TOMORROW),
        ("list reminders for tomorrow", TOMORROW),
        ("my reminders this week", {"from": "2026-03-02", "to": "2026-03-08"}),
        ("reminders for the next 3 days", {"from": "2026-03-04", "to": "2026-03-07"}),
        ("which reminders are set for friday", {"from": "2026-03-06", "to": "2026-03-06"}),
        ("what will you remind me about?", TO_COME),
        ("show my reminders", TO_COME),
        ("what reminders are coming up", TO_COME),
    ],
)
def test_questions_about_the_reminders_of_some_days(text: str, days: dict[str, str]) -> None:
    assert read(text) == {"intent": "list_reminders", "range": days}


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("what's due today?", "list_tasks"),  # tasks due, not reminders
        ("show reminders about taxes", "list_tasks"),  # words of its own: a search
        ("remind me about taxes tomorrow", "add_task"),
        ("set a reminder for call mom at 5pm", "add_task"),
        ("set reminder", "add_task"),
        ("remind me again later", "snooze"),
        ("snooze it for an hour", "snooze"),
    ],
)
def test_messages_near_a_reminder_question_keep_their_meaning(text: str, intent: str) -> None:
    assert read(text)["intent"] == intent


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("why didn't I get reminded about the dentist?", "dentist"),
        ("why wasn't I reminded to call mom", "call mom"),
        ("why didnt you remind me about rent", "rent"),
        ("why did you not remind me to pay rent", "pay rent"),
        ("how come I didn't get a reminder for the dentist", "dentist"),
        ("why no reminder for call mom", "call mom"),
        ("why didn't the reminder for rent go off", "rent"),
        ("I never got a reminder for rent", "rent"),
        ("i didn't get a reminder about call mom", "call mom"),
        ("did the reminder for rent go off?", "rent"),
        ("why didn't I get a notification for the dentist", "dentist"),
        ("why didn't I get reminded?", "it"),  # the task the conversation is on
        ("how come I wasn't notified", "it"),
    ],
)
def test_why_a_reminder_did_not_come(text: str, target: str) -> None:
    assert read(text) == {"intent": "why_no_reminder", "target": target}


@pytest.mark.parametrize(
    ("text", "snooze"),
    [
        ("snooze all my reminders for an hour", {"minutes": 60}),
        ("mute all reminders for 30 minutes", {"minutes": 30}),
        ("snooze all of them for 2 hours", {"minutes": 120}),
        ("snooze everything until 3pm", {"until": "2026-03-04T15:00:00-05:00"}),
        ("snooze all reminders", {}),
        ("snooze them all", {}),
    ],
)
def test_snoozing_every_reminder(text: str, snooze: dict[str, object]) -> None:
    assert read(text) == {"intent": "snooze_all", "snooze": snooze}


def test_a_snooze_of_all_with_words_of_its_own_is_not_one() -> None:
    assert read("snooze all reminders about the report to friday")["intent"] != "snooze_all"
