"""``todo-chatbot chat``: the chat from a terminal, talking to a running server.

    todo-chatbot chat [--server URL] [--new]          a conversation (Ctrl-D or "quit" leaves)
    todo-chatbot chat [--server URL] [--json] MESSAGE  one message, its reply, and exit
    todo-chatbot chat [--server URL] --sign-out       revoke the saved token and forget it

Exit status: 0 when every message got its reply, 1 when something failed
(said in one line on standard error: no traceback), 2 for a misused command
line, 130 when interrupted. The modules behind it load only when it runs.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from todo_chatbot.cli.chat.asking import Asker
    from todo_chatbot.cli.chat.session import TerminalChat

OK: Final = 0
FAILED: Final = 1
USAGE: Final = 2
INTERRUPTED: Final = 130


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``chat`` on the command line's sub-commands."""
    parser = commands.add_parser(
        "chat",
        help="talk to a running server from the terminal",
        description="Talk to a running Todo Chatbot server. Signs in once (the token is kept"
        " in your config directory), then chats; with a MESSAGE, sends it, prints the reply"
        " and exits. When it must sign in and standard input is not a terminal, the email and"
        " password are read from its first lines, or from TODO_CHAT_EMAIL and TODO_CHAT_PASSWORD.",
        epilog="Exit status: 0 when every message got its reply, 1 when something failed,"
        " 2 for a wrong command line, 130 when interrupted.",
    )
    parser.add_argument(
        "message", nargs="*", help="say this once and exit (for scripts); omit for a conversation"
    )
    parser.add_argument(
        "--server",
        metavar="URL",
        help="the server's URL (default: the one last used, else http://127.0.0.1:8000)",
    )
    parser.add_argument(
        "--new", action="store_true", help="start a new conversation instead of the last one"
    )
    parser.add_argument(
        "--json", action="store_true", help="with a MESSAGE: print the server's answer as JSON"
    )
    parser.add_argument(
        "--sign-out",
        action="store_true",
        help="revoke the saved token on the server and forget it",
    )


def run(args: argparse.Namespace) -> int:
    message = " ".join(args.message).strip()
    if args.sign_out and message:
        print("todo-chatbot chat: --sign-out takes no message", file=sys.stderr)
        return USAGE
    if args.json and not message:
        print("todo-chatbot chat: --json needs a message", file=sys.stderr)
        return USAGE
    try:
        return _run(args, message)
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return INTERRUPTED
    except BrokenPipeError:
        # The reader of standard output left (`| head`): nothing more to say to it.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return FAILED


def _run(args: argparse.Namespace, message: str) -> int:
    from todo_chatbot.cli.chat.api import DEFAULT_SERVER, Api, ApiError, normalized_server
    from todo_chatbot.cli.chat.asking import Asker, NoAnswer
    from todo_chatbot.cli.chat.saved import SavedSessions, default_path
    from todo_chatbot.cli.chat.session import TerminalChat

    asker = Asker(sys.stdin, sys.stdout, sys.stderr)
    saved = SavedSessions(default_path())
    try:
        server = normalized_server(args.server or saved.last_server() or DEFAULT_SERVER)
    except ApiError as exc:
        asker.tell(exc.message)
        return USAGE
    api = Api(server)
    chat = TerminalChat(api, saved, asker, new_conversation=args.new)
    try:
        if args.sign_out:
            asker.tell(chat.sign_out())
            return OK
        if message:
            return _say_once(chat, message, as_json=args.json)
        return _converse(chat, asker)
    except ApiError as exc:
        asker.tell(exc.message)
    except NoAnswer:
        asker.tell(
            "Signing in needs an email and a password, and the input ended: run"
            " `todo-chatbot chat` in a terminal, or pipe them in (one a line), or set"
            " TODO_CHAT_EMAIL and TODO_CHAT_PASSWORD."
        )
    except OSError as exc:
        asker.tell(f"Could not keep the sign-in in {saved.path}: {exc.strerror or exc}")
    finally:
        api.close()
    return FAILED


def _say_once(chat: TerminalChat, message: str, *, as_json: bool) -> int:
    from todo_chatbot.cli.chat.rendering import render, styled_output

    answer = chat.send(message)
    if as_json:
        print(json.dumps(answer.body, indent=2, ensure_ascii=False))
    else:
        print(render(answer.reply, styled=styled_output(sys.stdout)))
    return OK


def _converse(chat: TerminalChat, asker: Asker) -> int:
    from todo_chatbot.cli.chat.conversation import converse

    chat.open()
    return OK if converse(chat, asker, sys.stdout) else FAILED
