"""The committed AsyncAPI document is the one the event models generate."""

from __future__ import annotations

import json
from pathlib import Path

from todo_chatbot.cli.asyncapi import asyncapi_document

DOCUMENT = Path(__file__).resolve().parents[3] / "docs" / "asyncapi.json"


def test_docs_asyncapi_json_matches_the_event_models() -> None:
    committed = json.loads(DOCUMENT.read_text())

    assert committed == asyncapi_document(), "run: todo-chatbot asyncapi > docs/asyncapi.json"


def test_every_topic_has_its_event_types() -> None:
    document = asyncapi_document()

    types = {
        name: schema["properties"]["type"]["enum"]
        for name, schema in document["components"]["schemas"].items()
        if name.endswith("Event")
    }
    assert types == {
        "TaskEventDataEvent": [
            "task.created",
            "task.updated",
            "task.completed",
            "task.reopened",
            "task.deleted",
        ],
        "ReminderDueDataEvent": ["reminder.due"],
        "TaskChangedDataEvent": ["task.changed"],
    }
    assert set(document["channels"]) == {"task-events", "reminders", "task-updates"}
