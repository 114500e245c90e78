"""Helpers of the chat's end-to-end tests: a conversation, and what a user's tasks are."""

from __future__ import annotations

from typing import Any

import httpx

from tests.support import UserClient


class Chat:
    """One conversation of one user."""

    def __init__(self, user: UserClient) -> None:
        self.user = user
        self.conversation_id: str | None = None

    def say(self, message: str) -> dict[str, Any]:
        answer = self.send(message)
        assert answer.status_code == 200, answer.text
        body: dict[str, Any] = answer.json()
        self.conversation_id = body["conversation_id"]
        return body

    def send(self, message: str) -> httpx.Response:
        body: dict[str, Any] = {"message": message}
        if self.conversation_id:
            body["conversation_id"] = self.conversation_id
        return self.user.post("/api/chat", json=body)

    def reply(self, message: str) -> str:
        return str(self.say(message)["reply"])


def tools_of(body: dict[str, Any]) -> list[str]:
    return [action["tool"] for action in body["actions"]]


def titles(user: UserClient, status: str = "pending") -> list[str]:
    return sorted(task["title"] for task in user.items(status=status))
