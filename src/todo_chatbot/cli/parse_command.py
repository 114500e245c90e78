"""``todo-chatbot parse``: the chat parser on the command line.

    todo-chatbot parse [--now 2026-03-04T10:00:00-05:00] [--tz America/New_York] "TEXT"
    todo-chatbot parse --batch < cases.jsonl > results.jsonl

One message prints one JSON object. ``--batch`` reads JSON Lines
(``{"text": ..., "now": ..., "tz": ...}``; ``now`` and ``tz`` default to the
options) and writes exactly one JSON object per input line, in order; a line
that cannot be read gives ``{"error": "..."}`` and the run goes on.

Only the parser is imported on this path: start-up stays light.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING
from zoneinfo import ZoneInfo

from todo_chatbot.core.timekeeping import InvalidTime, parse_instant, zone

if TYPE_CHECKING:
    from todo_chatbot.chat.language import Command


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``parse`` on the command line's sub-commands."""
    parser = commands.add_parser(
        "parse", help="read chat messages as commands (JSON), without an LLM"
    )
    parser.add_argument("text", nargs="?", help="the message (omit with --batch)")
    parser.add_argument("--now", help="the current time, ISO 8601 with offset (default: the clock)")
    parser.add_argument("--tz", help="the user's IANA zone (default: the machine's zone)")
    parser.add_argument(
        "--batch",
        action="store_true",
        help="read JSON Lines {text, now, tz} from stdin, write one JSON object per line",
    )


def run(args: argparse.Namespace) -> int:
    try:
        tz = zone(args.tz) if args.tz else machine_zone()
        now = parse_instant(args.now, tz) if args.now else datetime.now(UTC)
    except InvalidTime as exc:
        print(f"todo-chatbot parse: {exc}", file=sys.stderr)
        return 2
    if args.batch:
        if args.text is not None:
            print("todo-chatbot parse: give a message or --batch, not both", file=sys.stderr)
            return 2
        run_batch(sys.stdin, sys.stdout, now=now, tz=tz)
        return 0
    if args.text is None:
        print("todo-chatbot parse: a message is needed (or --batch)", file=sys.stderr)
        return 2
    print(parse_line(args.text, now=now, tz=tz))
    return 0


def parse_line(text: str, *, now: datetime, tz: ZoneInfo) -> str:
    """One message as the contract's JSON."""
    from todo_chatbot.chat.language import parse, to_json

    command: Command = parse(text, now=now, tz=tz)
    return to_json(command, tz)


def run_batch(lines: Iterable[str], out: IO[str], *, now: datetime, tz: ZoneInfo) -> None:
    """One JSON object per input line, in order; unreadable lines become errors."""
    from todo_chatbot.chat.language import parse, to_json

    results: list[str] = []
    for line in lines:
        try:
            text, line_now, line_tz = _read_case(line, now, tz)
            results.append(to_json(parse(text, now=line_now, tz=line_tz), line_tz))
        except (ValueError, InvalidTime) as exc:
            results.append(json.dumps({"error": str(exc)}))
        if len(results) >= 256:
            out.write("\n".join(results) + "\n")
            results.clear()
    if results:
        out.write("\n".join(results) + "\n")
    out.flush()


def _read_case(line: str, now: datetime, tz: ZoneInfo) -> tuple[str, datetime, ZoneInfo]:
    try:
        case = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not a JSON object: {exc.msg}") from None
    if not isinstance(case, dict):
        raise ValueError("not a JSON object")
    text = case.get("text")
    if not isinstance(text, str):
        raise ValueError("'text' must be a string")
    line_tz = _zone_of(case.get("tz"), tz)
    raw_now = case.get("now")
    if raw_now is None:
        return text, now, line_tz
    if not isinstance(raw_now, str):
        raise ValueError("'now' must be an ISO 8601 date-time")
    return text, parse_instant(raw_now, line_tz), line_tz


def _zone_of(value: object, default: ZoneInfo) -> ZoneInfo:
    if value is None:
        return default
    if not isinstance(value, str):
        raise ValueError("'tz' must be an IANA zone name")
    return zone(value)


def machine_zone() -> ZoneInfo:
    """The machine's IANA zone: ``TZ``, else where ``/etc/localtime`` points, else UTC."""
    for name in (_zone_from_env(), _zone_from_localtime(), _zone_from_etc_timezone()):
        if name:
            try:
                return zone(name)
            except InvalidTime:
                continue
    return zone("UTC")


def _zone_from_env() -> str:
    return os.environ.get("TZ", "").lstrip(":")


def _zone_from_localtime() -> str:
    try:
        target = str(Path("/etc/localtime").resolve())
    except OSError:
        return ""
    marker = "zoneinfo/"
    return target.split(marker, 1)[1] if marker in target else ""


def _zone_from_etc_timezone() -> str:
    try:
        return Path("/etc/timezone").read_text(encoding="utf-8").strip()
    except OSError:
        return ""
