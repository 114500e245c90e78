"""``todo-chatbot parse``: one message, and batch mode (order, error lines, defaults)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from datetime import datetime

import pytest

from todo_chatbot.cli.main import main
from todo_chatbot.cli.parse_command import run_batch
from todo_chatbot.core.timekeeping import zone

NOW = "2026-03-04T10:00:00-05:00"
TZ = "America/New_York"


def batch(lines: list[str], now: str = NOW, tz: str = TZ) -> list[dict[str, object]]:
    out = io.StringIO()
    run_batch(io.StringIO("".join(line + "\n" for line in lines)), out, now=_at(now), tz=zone(tz))
    return [json.loads(line) for line in out.getvalue().splitlines()]


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def case(text: str, now: str | None = NOW, tz: str | None = TZ) -> str:
    body: dict[str, str] = {"text": text}
    if now is not None:
        body["now"] = now
    if tz is not None:
        body["tz"] = tz
    return json.dumps(body)


def test_one_message_prints_the_contract_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", "--now", NOW, "--tz", TZ, "buy milk tomorrow at 5pm"]) == 0
    assert json.loads(capsys.readouterr().out) == {
        "intent": "add_task",
        "task": {
            "title": "buy milk",
            "due": "2026-03-05T17:00:00-05:00",
            "remind_at": None,
            "priority": None,
            "tags": [],
            "recurrence": None,
        },
    }


def test_a_bad_zone_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", "--tz", "Mars/Olympus", "hi"]) == 2
    assert "unknown time zone" in capsys.readouterr().err


def test_batch_keeps_order_and_answers_every_line() -> None:
    results = batch([case("delete buy milk"), case("buy milk friday"), case("help")])
    assert [r["intent"] for r in results] == ["delete_task", "add_task", "help"]
    assert results[1]["task"]["due"] == "2026-03-06"  # type: ignore[index]


def test_unreadable_lines_give_an_error_and_the_run_goes_on() -> None:
    results = batch(
        [
            "not json",
            "[1, 2]",
            json.dumps({"now": NOW}),
            case("x", now="yesterday"),
            case("x", tz="Nowhere/Land"),
            "",
            case("call bob at 5pm"),
        ]
    )
    assert len(results) == 7
    assert all(set(r) == {"error"} for r in results[:6])
    assert results[6]["intent"] == "add_task"


def test_batch_lines_default_to_the_command_line_now_and_zone() -> None:
    results = batch(
        [case("call bob tomorrow at 9am", now=None, tz=None)],
        now="2026-03-04T22:00:00+09:00",
        tz="Asia/Tokyo",
    )
    assert results[0]["task"]["due"] == "2026-03-05T09:00:00+09:00"  # type: ignore[index]


def test_each_line_is_read_in_its_own_zone() -> None:
    results = batch(
        [
            case("call bob at 9am", now="2026-03-04T10:00:00+00:00", tz="Europe/London"),
            case("call bob at 9am"),
        ]
    )
    dues = [r["task"]["due"] for r in results]  # type: ignore[index]
    assert dues == ["2026-03-05T09:00:00+00:00", "2026-03-05T09:00:00-05:00"]


def test_the_installed_command_runs_in_batch_mode() -> None:
    lines = "".join(case(text) + "\n" for text in ("hi", "buy milk", "what's overdue?"))
    done = subprocess.run(
        [sys.executable, "-m", "todo_chatbot.cli.main", "parse", "--batch"],
        input=lines,
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    )
    intents = [json.loads(line)["intent"] for line in done.stdout.splitlines()]
    assert intents == ["unknown", "add_task", "list_tasks"]
