"""The command line: ``todo-chatbot run`` serves the embedded runtime."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from todo_chatbot import __version__
from todo_chatbot.cli import parse_command
from todo_chatbot.cli.chat import command as chat_command
from todo_chatbot.runtimes.dapr.topology import SERVICES

if TYPE_CHECKING:
    from todo_chatbot.config import Settings

_UVICORN_OPTIONS: dict[str, Any] = {
    "loop": "uvloop",
    "log_config": None,
    "server_header": False,
    "backlog": 2048,
    "timeout_graceful_shutdown": 10,
    # Live clients are pinged at the protocol level; one that does not answer within
    # the timeout is dropped (a dead connection, or a network that went away).
    "ws_ping_interval": 20.0,
    "ws_ping_timeout": 20.0,
}


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
    run.add_argument(
        "--workers",
        type=int,
        help="HTTP worker processes sharing the data dir (default 1, or TODO_WORKERS)",
    )
    service = commands.add_parser(
        "serve",
        help="serve one service of the distributed runtime (beside its Dapr sidecar)",
    )
    service.add_argument(
        "service",
        choices=(*SERVICES, "web"),
        help="which service (web: the web app's static files, no sidecar)",
    )
    service.add_argument("--host", help="address to listen on (default 127.0.0.1, or TODO_HOST)")
    service.add_argument("--port", type=int, help="port to listen on (default 8000, or TODO_PORT)")
    migrate = commands.add_parser(
        "migrate",
        help="migrate the distributed runtime's schema through the Dapr sidecar, then stop it",
    )
    migrate.add_argument(
        "--keep-sidecar", action="store_true", help="leave the sidecar running afterwards"
    )
    commands.add_parser("asyncapi", help="print the AsyncAPI document of the events (JSON)")
    letters = commands.add_parser(
        "dead-letters", help="list the events no handler could take (JSON lines, newest first)"
    )
    letters.add_argument("--data-dir", type=Path, help="the data dir (default as for run)")
    letters.add_argument("--consumer", help="only this consumer's (audit, recurring, ...)")
    parse_command.add_parser(commands)
    chat_command.add_parser(commands)
    return parser


def settings_from(args: argparse.Namespace) -> Settings:
    from todo_chatbot.config import Settings

    overrides = {
        name: getattr(args, name)
        for name in ("host", "port", "data_dir", "workers")
        if getattr(args, name, None) is not None
    }
    return Settings(**overrides)


def serve_service(service: str, settings: Settings) -> None:
    """Run one service of the distributed runtime until interrupted."""
    from todo_chatbot.cli.server import ConnectionLimits, run_server
    from todo_chatbot.http.app import settle_heap_for_serving
    from todo_chatbot.http.services import create_service_app
    from todo_chatbot.http.web_app import create_web_service_app

    beside = (
        f"files from {settings.web_dir}"
        if service == "web"
        else f"sidecar at 127.0.0.1:{settings.dapr_http_port}"
    )
    print(
        f"Todo Chatbot {__version__}, {service}: http://{settings.host}:{settings.port} ({beside})",
        file=sys.stderr,
        flush=True,
    )
    if service == "web":
        app = create_web_service_app(settings.web_dir, https=settings.https)
    else:
        app = create_service_app(service, settings)
    settle_heap_for_serving()
    run_server(
        app,
        limits=ConnectionLimits.from_settings(settings),
        host=settings.host,
        port=settings.port,
        access_log=settings.access_log,
        forwarded_allow_ips=settings.trusted_proxies,
        **_UVICORN_OPTIONS,
    )


def serve(settings: Settings) -> None:
    """Run the API until interrupted (Ctrl-C or SIGTERM stop it cleanly)."""
    from todo_chatbot.cli.server import ConnectionLimits, run_server
    from todo_chatbot.http.app import create_app_from_settings
    from todo_chatbot.observability.logs import configure_logging

    configure_logging(settings.log_level, json=settings.log_json)
    print(
        f"Todo Chatbot {__version__}: http://{settings.host}:{settings.port}"
        f" (API docs at /docs, data in {settings.data_dir},"
        f" {settings.workers} worker{'s' if settings.workers > 1 else ''})",
        file=sys.stderr,
        flush=True,
    )
    limits = ConnectionLimits.from_settings(settings)
    if settings.workers == 1:
        run_server(
            create_app_from_settings(settings),
            limits=limits,
            host=settings.host,
            port=settings.port,
            access_log=settings.access_log,
            forwarded_allow_ips=settings.trusted_proxies,
            **_UVICORN_OPTIONS,
        )
        return
    prepare_data_dir(settings)
    run_server(
        "todo_chatbot.http.app:create_app_from_environment",
        limits=limits,
        factory=True,
        workers=settings.workers,
        host=settings.host,
        port=settings.port,
        access_log=settings.access_log,
        forwarded_allow_ips=settings.trusted_proxies,
        **_UVICORN_OPTIONS,
    )


def prepare_data_dir(settings: Settings) -> None:
    """Before several workers start: the data directory prepared, and shared settings.

    The workers are new processes that read their settings from the
    environment; what the command line said is passed on that way.
    """
    from todo_chatbot.runtimes.embedded.wiring import prepare_data_dir as prepare

    prepare(settings)
    os.environ.update(
        {
            "TODO_HOST": settings.host,
            "TODO_PORT": str(settings.port),
            "TODO_DATA_DIR": str(settings.data_dir),
            "TODO_WORKERS": str(settings.workers),
            "PROMETHEUS_MULTIPROC_DIR": str(settings.metrics_dir),
        }
    )


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "run":
        serve(settings_from(args))
    elif args.command == "serve":
        serve_service(args.service, settings_from(args))
    elif args.command == "migrate":
        migrate_distributed(not args.keep_sidecar)
    elif args.command == "asyncapi":
        from todo_chatbot.cli.asyncapi import asyncapi_document

        print(json.dumps(asyncapi_document(), indent=2))
    elif args.command == "dead-letters":
        print_dead_letters(args)
    elif args.command == "parse":
        return parse_command.run(args)
    elif args.command == "chat":
        return chat_command.run(args)
    return 0


def migrate_distributed(stop_sidecar: bool) -> None:
    """The distributed runtime's schema migrated through the sidecar (DAPR_HTTP_PORT)."""
    import asyncio

    from todo_chatbot.config import Settings
    from todo_chatbot.observability.logs import configure_logging
    from todo_chatbot.runtimes.dapr.wiring import migrate_schema

    settings = Settings()
    configure_logging(settings.log_level, json=settings.log_json)
    asyncio.run(migrate_schema(settings, stop_sidecar=stop_sidecar))


def print_dead_letters(args: argparse.Namespace) -> None:
    from todo_chatbot.config import Settings
    from todo_chatbot.runtimes.embedded.bus import dead_letters
    from todo_chatbot.runtimes.embedded.sqlite.database import Database

    settings = Settings(**({"data_dir": args.data_dir} if args.data_dir else {}))
    if not settings.database_path.exists():
        raise SystemExit(f"no database in {settings.data_dir}")
    database = Database(settings.database_path)
    try:
        for letter in dead_letters(database, args.consumer):
            print(json.dumps(letter))
    finally:
        database.close()


if __name__ == "__main__":
    raise SystemExit(main())
