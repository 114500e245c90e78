"""The command line: ``todo-chatbot run`` serves the embedded runtime."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

import uvicorn

from todo_chatbot import __version__
from todo_chatbot.bootstrap import build_embedded_runtime
from todo_chatbot.config import Settings
from todo_chatbot.observability.logs import configure_logging


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="todo-chatbot", description="A todo system you can talk to."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="serve the API with the embedded runtime")
    run.add_argument("--host", help="address to listen on (default 127.0.0.1, or TODO_HOST)")
    run.add_argument("--port", type=int, help="port to listen on (default 8000, or TODO_PORT)")
    run.add_argument(
        "--data-dir",
        type=Path,
        help="where the database and keys live (default: the user data dir, or TODO_DATA_DIR)",
    )
    return parser


def settings_from(args: argparse.Namespace) -> Settings:
    overrides = {
        name: value
        for name, value in (("host", args.host), ("port", args.port), ("data_dir", args.data_dir))
        if value is not None
    }
    return Settings(**overrides)


def serve(settings: Settings) -> None:
    """Run the API until interrupted (Ctrl-C or SIGTERM stop it cleanly)."""
    from todo_chatbot.entrypoints.http.app import create_app

    configure_logging(settings.log_level, json=settings.log_json)
    app = create_app(
        runtime_factory=lambda: build_embedded_runtime(settings),
        max_body_bytes=settings.max_body_bytes,
    )
    print(
        f"Todo Chatbot {__version__}: http://{settings.host}:{settings.port}"
        f" (API docs at /docs, data in {settings.data_dir})",
        file=sys.stderr,
        flush=True,
    )
    uvicorn.run(
        app,
        host=settings.host,
        port=settings.port,
        loop="uvloop",
        http="httptools",
        access_log=settings.access_log,
        log_config=None,
        server_header=False,
        backlog=2048,
        timeout_graceful_shutdown=10,
    )


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "run":
        serve(settings_from(args))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
