"""The AsyncAPI document of the events, generated from the models that define them.

``todo-chatbot asyncapi > docs/asyncapi.json`` writes it; a test checks that
the committed document matches the models.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from todo_chatbot import __version__
from todo_chatbot.tasks.events import (
    Envelope,
    EventType,
    ReminderDueData,
    TaskChangedData,
    TaskEventData,
    Topic,
)

_CHANNELS: list[tuple[Topic, str, type[BaseModel], list[EventType], str]] = [
    (
        Topic.TASK_EVENTS,
        "taskEvent",
        TaskEventData,
        [
            EventType.TASK_CREATED,
            EventType.TASK_UPDATED,
            EventType.TASK_COMPLETED,
            EventType.TASK_REOPENED,
            EventType.TASK_DELETED,
        ],
        "Every change to a task. Consumers: audit, recurring. Partition key: the task id.",
    ),
    (
        Topic.REMINDERS,
        "reminderDue",
        ReminderDueData,
        [EventType.REMINDER_DUE],
        "A task's reminder time has come. Consumer: notification.",
    ),
    (
        Topic.TASK_UPDATES,
        "taskChanged",
        TaskChangedData,
        [EventType.TASK_CHANGED],
        "What live clients are pushed. Consumer: websocket (one group per replica).",
    ),
]


def asyncapi_document() -> dict[str, Any]:
    schemas: dict[str, Any] = {}
    channels: dict[str, Any] = {}
    operations: dict[str, Any] = {}
    messages: dict[str, Any] = {}
    for topic, name, data_model, types, description in _CHANNELS:
        data_schema = data_model.model_json_schema(ref_template="#/components/schemas/{model}")
        schemas.update(data_schema.pop("$defs", {}))
        schemas[data_model.__name__] = data_schema
        envelope = Envelope.model_json_schema(ref_template="#/components/schemas/{model}")
        envelope.pop("$defs", None)
        envelope["title"] = f"{data_model.__name__}Event"
        envelope["properties"]["type"] = {"type": "string", "enum": [t.value for t in types]}
        envelope["properties"]["data"] = {"$ref": f"#/components/schemas/{data_model.__name__}"}
        schemas[envelope["title"]] = envelope
        messages[name] = {
            "name": name,
            "contentType": "application/cloudevents+json",
            "payload": {"$ref": f"#/components/schemas/{envelope['title']}"},
        }
        channels[topic.value] = {
            "address": topic.value,
            "description": description,
            "messages": {name: {"$ref": f"#/components/messages/{name}"}},
        }
        operations[f"publish_{name}"] = {
            "action": "send",
            "channel": {"$ref": f"#/channels/{topic.value}"},
        }
    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": "Todo Chatbot events",
            "version": __version__,
            "description": (
                "CloudEvents 1.0 (JSON) on three topics. Delivery is at least once, in order"
                " per task; every consumer is idempotent on the event id."
            ),
        },
        "channels": channels,
        "operations": operations,
        "components": {"messages": messages, "schemas": schemas},
    }
