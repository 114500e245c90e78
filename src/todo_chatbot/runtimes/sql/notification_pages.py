"""Pages of notifications, newest first, in both SQL stores: a page's cursor is the
last notification's creation time and id."""

from __future__ import annotations

from todo_chatbot.core.errors import ValidationFailed
from todo_chatbot.core.timekeeping import to_millis
from todo_chatbot.notifications.notification import Notification


def encode_cursor(last: Notification) -> str:
    return f"{to_millis(last.created_at)}.{last.id}"


def decode_cursor(cursor: str) -> tuple[int, str]:
    """The creation time and id a cursor names; raises ValidationFailed."""
    millis, _, notification_id = cursor.partition(".")
    if not (millis.isascii() and millis.isdigit() and len(millis) < 16 and notification_id):
        raise ValidationFailed.single("cursor", "is not a cursor of this list", "query")
    return int(millis), notification_id
