"""The read-eval-print loop: a line read (with editing and history on a
terminal), sent to the chat, its reply printed; "quit", "exit" or Ctrl-D
leaves, Ctrl-C drops the line being typed or the reply being waited for.

Lines piped in (not a terminal) are sent one by one the same way, without
prompts; the run then ends non-zero if any of them failed.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Final, TextIO

import platformdirs

from todo_chatbot.cli.chat.api import ApiError
from todo_chatbot.cli.chat.asking import Asker, NoAnswer
from todo_chatbot.cli.chat.rendering import render, styled_output
from todo_chatbot.cli.chat.saved import APP_NAME
from todo_chatbot.cli.chat.session import TerminalChat

PROMPT: Final = "you> "
LEAVE: Final = frozenset({"quit", "exit", "/quit", "/exit"})
HISTORY_LENGTH: Final = 1000


def converse(chat: TerminalChat, asker: Asker, stdout: TextIO) -> bool:
    """Chat until the input ends or the person leaves; whether every message went through."""
    styled = styled_output(stdout)
    if asker.terminal:
        asker.tell(
            f"Chatting as {chat.email} with {chat.api.server}."
            ' "help" shows what I understand; "quit" or Ctrl-D leaves.'
        )
    all_sent = True
    with line_history(asker.terminal):
        while (message := _next_message(asker)) is not None:
            try:
                answer = chat.send(message)
            except ApiError as exc:
                asker.tell(exc.message)
                all_sent = False
                continue
            except KeyboardInterrupt:
                asker.tell("(interrupted)")
                continue
            print(render(answer.reply, styled=styled), file=stdout, flush=True)
            if asker.terminal:
                print(file=stdout, flush=True)
    return all_sent


def _next_message(asker: Asker) -> str | None:
    """The next message to send; None when the person leaves or the input ends."""
    while True:
        try:
            line = asker.line(PROMPT if asker.terminal else "")
        except KeyboardInterrupt:
            asker.tell("")
            continue
        except NoAnswer:
            if asker.terminal:
                asker.tell("")
            return None
        text = line.strip()
        if text.lower() in LEAVE:
            return None
        if text:
            return text


@contextlib.contextmanager
def line_history(terminal: bool) -> Iterator[None]:
    """Readline's editing and a history kept between runs (owner-only, in the user's
    state directory), on a terminal where Python has readline."""
    if not terminal:
        yield
        return
    try:
        import readline
    except ImportError:
        yield
        return
    path = Path(platformdirs.user_state_dir(APP_NAME)) / "chat_history"
    with contextlib.suppress(OSError):
        readline.read_history_file(path)
    readline.set_history_length(HISTORY_LENGTH)
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            path.touch(mode=0o600)
            os.chmod(path, 0o600)
            readline.write_history_file(path)
