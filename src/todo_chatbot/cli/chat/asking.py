"""The person at the terminal, or a script's standard input, asked for what the chat needs.

On a terminal, lines are read with line editing and the password with
``getpass`` (not echoed). When standard input is not a terminal, each answer is
its next line, so a script can pipe them in. Prompts and notices go to
standard error, leaving standard output to the chat's replies, except on a
terminal with line editing (readline draws its prompt on standard output).
"""

from __future__ import annotations

import getpass
from typing import TextIO


class NoAnswer(Exception):
    """Standard input ended before the answer came."""


class Asker:
    def __init__(self, stdin: TextIO, stdout: TextIO, stderr: TextIO) -> None:
        self._stdin = stdin
        self._stderr = stderr
        self.terminal = stdin.isatty()
        self._editing = self.terminal and stdout.isatty()

    def tell(self, text: str) -> None:
        print(text, file=self._stderr, flush=True)

    def line(self, prompt: str) -> str:
        """One line typed (or piped) in answer to ``prompt``, without its line break."""
        if self._editing:
            try:
                return input(prompt)
            except EOFError:
                raise NoAnswer from None
        self._stderr.write(prompt)
        self._stderr.flush()
        read = self._stdin.readline()
        if not read:
            if prompt:
                self._stderr.write("\n")
            raise NoAnswer
        return read.rstrip("\r\n")

    def secret(self, prompt: str) -> str:
        """A password: not echoed on a terminal, the next line of a pipe otherwise."""
        if not self.terminal:
            return self.line(prompt)
        try:
            return getpass.getpass(prompt, stream=self._stderr)
        except EOFError:
            raise NoAnswer from None

    def confirm(self, prompt: str) -> bool:
        return self.line(prompt).strip().lower() in ("y", "yes")
