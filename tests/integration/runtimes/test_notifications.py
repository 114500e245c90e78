"""The notifications' contract, on both stores: one notification per reminder event
however often it is delivered, listed newest first and page by page, read one by one
or all at once, snoozed, and found again after a live client's last message id;
another user's notification is not found."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.integration.runtimes.test_store_contract import make_user
from todo_chatbot.notifications.notification import (
    NotificationNotFound,
    record_notification,
)
from todo_chatbot.runtimes.clocks import ManualClock
from todo_chatbot.tasks.events import Event, ReminderDueData, decode_event, reminder_due_event
from todo_chatbot.tasks.task import Task

UTC = ZoneInfo("UTC")


def reminder(user_id: str, number: int, clock: ManualClock, sequence: int) -> Event:
    """A ``reminder.due`` event as the bus or Dapr delivers it (with its sequence)."""
    task = Task(
        id=f"task-{number}",
        user_id=user_id,
        title=f"Reminder {number}",
        created_at=clock.now(),
        updated_at=clock.now(),
        remind_at=clock.now() + timedelta(minutes=number),
    )
    event = reminder_due_event(task, tz=UTC, now=clock.now(), source="test")
    return replace(event, sequence=sequence)


async def deliver(runtime: Any, event: Event) -> None:
    decoded, data = decode_event(event.topic, event.envelope())
    assert isinstance(data, ReminderDueData)
    delivered = replace(decoded, sequence=event.sequence)
    await record_notification(delivered, data, uow_factory=runtime.uow_factory)


async def test_a_reminder_delivered_twice_makes_one_notification(
    runtime: Any, clock: ManualClock
) -> None:
    ann = await make_user(runtime, clock, "ann")
    event = reminder(ann.user_id, 1, clock, sequence=10)

    await deliver(runtime, event)
    await deliver(runtime, event)

    page = await runtime.notifications.list_notifications(
        ann.user_id, unread_only=False, limit=50, cursor=None
    )
    assert [(n.title, n.sequence, n.read_at) for n in page.items] == [("Reminder 1", 10, None)]


async def test_notifications_page_newest_first_and_are_read_and_snoozed(
    runtime: Any, clock: ManualClock
) -> None:
    ann = await make_user(runtime, clock, "ann")
    for number in range(3):
        clock.advance(timedelta(seconds=1))
        await deliver(runtime, reminder(ann.user_id, number, clock, sequence=100 + number))
    store = runtime.notifications

    first = await store.list_notifications(ann.user_id, unread_only=False, limit=2, cursor=None)
    second = await store.list_notifications(
        ann.user_id, unread_only=False, limit=2, cursor=first.next_cursor
    )
    assert [n.title for n in first.items + second.items] == [
        "Reminder 2",
        "Reminder 1",
        "Reminder 0",
    ]
    assert second.next_cursor is None

    read = await store.mark_read(ann.user_id, first.items[0].id, at=clock.now())
    assert read.read_at == clock.now()
    unread = await store.list_notifications(ann.user_id, unread_only=True, limit=50, cursor=None)
    assert [n.title for n in unread.items] == ["Reminder 1", "Reminder 0"]

    until = clock.now() + timedelta(minutes=10)
    snoozed = await store.mark_snoozed(ann.user_id, unread.items[0].id, until=until, at=clock.now())
    assert (snoozed.snoozed_until, snoozed.read_at) == (until, clock.now())
    assert await store.mark_all_read(ann.user_id, at=clock.now()) == 1
    assert (
        await store.list_notifications(ann.user_id, unread_only=True, limit=50, cursor=None)
    ).items == []

    since = await store.since(ann.user_id, 100, limit=50)
    assert [n.sequence for n in since] == [101, 102]


async def test_another_users_notification_is_not_found(runtime: Any, clock: ManualClock) -> None:
    ann = await make_user(runtime, clock, "ann")
    bob = await make_user(runtime, clock, "bob")
    await deliver(runtime, reminder(ann.user_id, 1, clock, sequence=5))
    (notification,) = (
        await runtime.notifications.list_notifications(
            ann.user_id, unread_only=False, limit=50, cursor=None
        )
    ).items

    for attempt in (
        runtime.notifications.get(bob.user_id, notification.id),
        runtime.notifications.mark_read(bob.user_id, notification.id, at=clock.now()),
        runtime.notifications.mark_snoozed(
            bob.user_id, notification.id, until=clock.now(), at=clock.now()
        ),
    ):
        with pytest.raises(NotificationNotFound):
            await attempt
    assert await runtime.notifications.since(bob.user_id, 0, limit=50) == []
