"""Unit tests of ``todo_chatbot.tasks.events``: the CloudEvents envelope and its data.

A task change gives two events: the fact on ``task-events`` (for audit and
recurrence) and the live update on ``task-updates`` (``task.changed``), both in
the envelope the events contract fixes. ``decode_event`` reads an envelope back
and turns anything malformed into :class:`PoisonEvent`.
"""

from __future__ import annotations

import copy
import json
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from todo_chatbot.core.timekeeping import zone
from todo_chatbot.tasks.events import (
    Actor,
    Event,
    EventType,
    PoisonEvent,
    ReminderDueData,
    TaskChangedData,
    TaskEventData,
    Topic,
    decode_event,
    task_events,
)
from todo_chatbot.tasks.task import Changes, Task, read_task_input

NY = zone("America/New_York")
CREATED = datetime(2026, 3, 4, 15, 0, tzinfo=UTC)
NOW = datetime(2026, 3, 4, 15, 5, 30, 250_000, tzinfo=UTC)
SOURCE = "todo-chatbot/backend"

ENVELOPE_KEYS = {
    "specversion",
    "id",
    "source",
    "type",
    "subject",
    "time",
    "datacontenttype",
    "data",
}


def make_task() -> Task:
    fields = read_task_input(
        {
            "title": "Buy groceries",
            "due": "2026-03-05T17:00:00",
            "remind_at": "2026-03-05T16:00:00",
            "priority": "high",
            "tags": ["errands"],
            "recurrence": "FREQ=WEEKLY;BYDAY=TH",
        },
        NY,
        require_title=True,
    )
    return Task.create(
        task_id="task-1", user_id="user-1", fields=fields, now=CREATED, tz=NY, new_series_id="s-1"
    )


def updated_events() -> tuple[Task, list[Event]]:
    task = make_task()
    changes = task.update(
        read_task_input({"title": "Buy food", "priority": None}, NY, require_title=False),
        now=NOW,
        tz=NY,
        new_series_id="s-2",
    )
    events = task_events(
        EventType.TASK_UPDATED,
        task=task,
        changes=changes,
        actor=Actor.CHAT,
        tz=NY,
        now=NOW,
        source=SOURCE,
    )
    return task, events


EXPECTED_VIEW: dict[str, Any] = {
    "id": "task-1",
    "title": "Buy food",
    "description": None,
    "status": "pending",
    "priority": None,
    "tags": ["errands"],
    "due": "2026-03-05T17:00:00-05:00",
    "remind_at": "2026-03-05T16:00:00-05:00",
    "remind_before_minutes": None,
    "recurrence": "FREQ=WEEKLY;BYDAY=TH",
    "repeat_from": "due",
    "skipped_occurrences": [],
    "series_id": "s-1",
    "created_at": "2026-03-04T15:00:00.000Z",
    "updated_at": "2026-03-04T15:05:30.250Z",
    "completed_at": None,
    "version": 2,
}


# --- task_events ----------------------------------------------------------------------------


def test_a_change_gives_the_fact_and_the_live_update() -> None:
    _, events = updated_events()
    assert [(e.topic, e.type) for e in events] == [
        (Topic.TASK_EVENTS, "task.updated"),
        (Topic.TASK_UPDATES, "task.changed"),
    ]
    assert Topic.TASK_EVENTS.value == "task-events"
    assert Topic.TASK_UPDATES.value == "task-updates"


def test_the_fact_envelope() -> None:
    _, (fact, _) = updated_events()
    envelope = fact.envelope()
    assert set(envelope) == ENVELOPE_KEYS
    assert envelope["specversion"] == "1.0"
    assert uuid.UUID(envelope["id"]).version == 4
    assert envelope["source"] == SOURCE
    assert envelope["type"] == "task.updated"
    assert envelope["subject"] == "task-1"
    assert envelope["time"] == "2026-03-04T15:05:30.250Z"
    assert envelope["datacontenttype"] == "application/json"
    assert envelope["data"] == {
        "user_id": "user-1",
        "task_id": "task-1",
        "task": EXPECTED_VIEW,
        "changes": {"title": ["Buy groceries", "Buy food"], "priority": ["high", None]},
        "actor": "chat",
        "schema_version": 1,
    }
    assert fact.user_id == "user-1"


def test_the_live_update_envelope() -> None:
    _, (fact, live) = updated_events()
    envelope = live.envelope()
    assert set(envelope) == ENVELOPE_KEYS
    assert envelope["specversion"] == "1.0"
    assert envelope["type"] == "task.changed"
    assert envelope["subject"] == "task-1"
    assert envelope["time"] == "2026-03-04T15:05:30.250Z"
    assert envelope["data"] == {
        "user_id": "user-1",
        "task_id": "task-1",
        "change": "updated",
        "task": EXPECTED_VIEW,
    }
    assert live.id != fact.id
    assert uuid.UUID(live.id).version == 4


def test_envelopes_are_json() -> None:
    _, events = updated_events()
    for event in events:
        envelope = event.envelope()
        assert json.loads(json.dumps(envelope)) == envelope


def test_every_event_has_its_own_id() -> None:
    ids = {event.id for _ in range(20) for event in updated_events()[1]}
    assert len(ids) == 40


@pytest.mark.parametrize(
    ("event_type", "change"),
    [
        (EventType.TASK_CREATED, "created"),
        (EventType.TASK_UPDATED, "updated"),
        (EventType.TASK_COMPLETED, "completed"),
        (EventType.TASK_REOPENED, "reopened"),
    ],
)
def test_change_names(event_type: EventType, change: str) -> None:
    task = make_task()
    fact, live = task_events(
        event_type, task=task, changes={}, actor=Actor.USER, tz=NY, now=NOW, source=SOURCE
    )
    assert fact.type == event_type.value
    assert live.data["change"] == change
    assert fact.data["task"]["id"] == "task-1"
    assert live.data["task"] == fact.data["task"]


def test_completion_changes_are_rendered() -> None:
    task = make_task()
    changes = task.complete(NOW)
    fact, live = task_events(
        EventType.TASK_COMPLETED,
        task=task,
        changes=changes,
        actor=Actor.USER,
        tz=NY,
        now=NOW,
        source=SOURCE,
    )
    assert fact.data["changes"] == {
        "status": ["pending", "completed"],
        "completed_at": [None, "2026-03-04T15:05:30.250Z"],
    }
    assert fact.data["actor"] == "user"
    assert fact.data["task"]["status"] == "completed"
    assert fact.data["task"]["completed_at"] == "2026-03-04T15:05:30.250Z"
    assert live.data["change"] == "completed"


def test_due_tags_and_recurrence_changes_are_rendered_in_the_users_zone() -> None:
    task = make_task()
    changes: Changes = task.update(
        read_task_input(
            {"due": "2026-03-12", "tags": ["a", "b"], "recurrence": "FREQ=DAILY"},
            NY,
            require_title=False,
        ),
        now=NOW,
        tz=NY,
        new_series_id="s-2",
    )
    fact, _ = task_events(
        EventType.TASK_UPDATED,
        task=task,
        changes=changes,
        actor=Actor.RECURRING,
        tz=NY,
        now=NOW,
        source=SOURCE,
    )
    assert fact.data["changes"] == {
        "due": ["2026-03-05T17:00:00-05:00", "2026-03-12"],
        "tags": [["errands"], ["a", "b"]],
        "recurrence": ["FREQ=WEEKLY;BYDAY=TH", "FREQ=DAILY"],
    }
    assert fact.data["actor"] == "recurring"


def test_deleted_carries_no_task() -> None:
    task = make_task()
    fact, live = task_events(
        EventType.TASK_DELETED,
        task=task,
        changes={},
        actor=Actor.SYSTEM,
        tz=NY,
        now=NOW,
        source=SOURCE,
    )
    assert fact.type == "task.deleted"
    assert fact.subject == "task-1"
    assert fact.data == {
        "user_id": "user-1",
        "task_id": "task-1",
        "task": None,
        "changes": {},
        "actor": "system",
        "schema_version": 1,
    }
    assert live.data == {
        "user_id": "user-1",
        "task_id": "task-1",
        "change": "deleted",
        "task": None,
    }


# --- decode_event ---------------------------------------------------------------------------


def test_decode_round_trips_the_fact() -> None:
    _, (fact, _) = updated_events()
    wire = json.loads(json.dumps(fact.envelope()))
    event, data = decode_event("task-events", wire)
    assert event == fact
    assert event.time == NOW
    assert isinstance(data, TaskEventData)
    assert data.user_id == "user-1"
    assert data.task_id == "task-1"
    assert data.actor is Actor.CHAT
    assert data.schema_version == 1
    assert data.changes == {"title": ["Buy groceries", "Buy food"], "priority": ["high", None]}
    assert data.task is not None
    assert data.task.model_dump() == EXPECTED_VIEW


def test_decode_round_trips_the_live_update() -> None:
    _, (_, live) = updated_events()
    event, data = decode_event("task-updates", json.loads(json.dumps(live.envelope())))
    assert event == live
    assert isinstance(data, TaskChangedData)
    assert data.change == "updated"
    assert data.task is not None
    assert data.task.version == 2


def test_decode_a_deleted_event() -> None:
    task = make_task()
    fact, _ = task_events(
        EventType.TASK_DELETED,
        task=task,
        changes={},
        actor=Actor.USER,
        tz=NY,
        now=NOW,
        source=SOURCE,
    )
    event, data = decode_event("task-events", fact.envelope())
    assert event == fact
    assert isinstance(data, TaskEventData)
    assert data.task is None


def test_decode_a_reminder() -> None:
    reminder = Event(
        topic=Topic.REMINDERS,
        id="r-1",
        type=EventType.REMINDER_DUE.value,
        source=SOURCE,
        subject="task-1",
        time=NOW,
        data={
            "user_id": "user-1",
            "task_id": "task-1",
            "title": "Buy groceries",
            "due": "2026-03-05T17:00:00-05:00",
            "remind_at": "2026-03-05T16:00:00-05:00",
            "schema_version": 1,
        },
    )
    event, data = decode_event("reminders", reminder.envelope())
    assert event == reminder
    assert isinstance(data, ReminderDueData)
    assert data.remind_at == "2026-03-05T16:00:00-05:00"


def test_decode_keeps_the_time_zone_aware() -> None:
    _, (fact, _) = updated_events()
    wire = fact.envelope()
    wire["time"] = "2026-03-04T10:05:30.250-05:00"
    event, _ = decode_event("task-events", wire)
    assert event.time == NOW
    assert event.time.utcoffset() == timedelta(hours=-5)


def _without(key: str) -> Callable[[dict[str, Any]], None]:
    def mutate(envelope: dict[str, Any]) -> None:
        del envelope[key]

    return mutate


def _without_data(key: str) -> Callable[[dict[str, Any]], None]:
    def mutate(envelope: dict[str, Any]) -> None:
        del envelope["data"][key]

    return mutate


def _set(key: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def mutate(envelope: dict[str, Any]) -> None:
        envelope[key] = value

    return mutate


def _set_data(key: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def mutate(envelope: dict[str, Any]) -> None:
        envelope["data"][key] = value

    return mutate


def _set_task(key: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def mutate(envelope: dict[str, Any]) -> None:
        envelope["data"]["task"][key] = value

    return mutate


@pytest.mark.parametrize(
    "mutate",
    [
        pytest.param(_without("id"), id="missing id"),
        pytest.param(_set("id", ""), id="empty id"),
        pytest.param(_set("id", 7), id="numeric id"),
        pytest.param(_without("specversion"), id="missing specversion"),
        pytest.param(_set("specversion", "0.3"), id="old specversion"),
        pytest.param(_set("type", "task.exploded"), id="unknown type"),
        pytest.param(_without("type"), id="missing type"),
        pytest.param(_without("subject"), id="missing subject"),
        pytest.param(_without("source"), id="missing source"),
        pytest.param(_set("time", "yesterday"), id="bad time"),
        pytest.param(_without("time"), id="missing time"),
        pytest.param(_set("datacontenttype", "text/xml"), id="not json"),
        pytest.param(_without("data"), id="missing data"),
        pytest.param(_set("data", "not an object"), id="data not an object"),
        pytest.param(_set("data", None), id="data null"),
        pytest.param(_without_data("user_id"), id="data without user_id"),
        pytest.param(_without_data("task_id"), id="data without task_id"),
        pytest.param(_without_data("task"), id="data without task"),
        pytest.param(_without_data("changes"), id="data without changes"),
        pytest.param(_set_data("actor", "robot"), id="unknown actor"),
        pytest.param(_set_data("schema_version", 2), id="future schema"),
        pytest.param(_without_data("schema_version"), id="no schema version"),
        pytest.param(_set_data("changes", {"title": "new"}), id="change not a pair"),
        pytest.param(_set_data("user_id", 5), id="numeric user id"),
        pytest.param(_set_task("status", "done"), id="bad task status"),
        pytest.param(_set_task("version", "two"), id="bad task version"),
    ],
)
def test_decode_refuses_malformed_task_events(mutate: Callable[[dict[str, Any]], None]) -> None:
    _, (fact, _) = updated_events()
    envelope = copy.deepcopy(fact.envelope())
    mutate(envelope)
    with pytest.raises(PoisonEvent):
        decode_event("task-events", envelope)


@pytest.mark.parametrize(
    "mutate",
    [
        pytest.param(_set_data("change", "exploded"), id="unknown change"),
        pytest.param(_without_data("change"), id="missing change"),
        pytest.param(_without_data("task"), id="missing task"),
    ],
)
def test_decode_refuses_malformed_live_updates(mutate: Callable[[dict[str, Any]], None]) -> None:
    _, (_, live) = updated_events()
    envelope = copy.deepcopy(live.envelope())
    mutate(envelope)
    with pytest.raises(PoisonEvent):
        decode_event("task-updates", envelope)


def test_poison_message_names_an_unknown_type() -> None:
    _, (fact, _) = updated_events()
    envelope = fact.envelope()
    envelope["type"] = "task.exploded"
    with pytest.raises(PoisonEvent, match=r"unknown event type 'task\.exploded'"):
        decode_event("task-events", envelope)


def test_poison_event_is_a_value_error() -> None:
    assert issubclass(PoisonEvent, ValueError)
