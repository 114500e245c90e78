"""One person's chat with one server: signed in once, the token kept and reused,
a new sign-in when the server no longer takes it (401), the conversation
continued from one run to the next.
"""

from __future__ import annotations

from dataclasses import replace

from todo_chatbot.cli.chat.api import Api, ApiError, ChatAnswer, ConversationGone, SignedOut
from todo_chatbot.cli.chat.asking import Asker
from todo_chatbot.cli.chat.saved import SavedSessions, Session
from todo_chatbot.cli.chat.signing_in import sign_in

_ENDED = "Your sign-in at {server} has ended (it expired or was revoked): sign in again."


class TerminalChat:
    def __init__(
        self, api: Api, saved: SavedSessions, asker: Asker, *, new_conversation: bool = False
    ) -> None:
        self.api = api
        self._saved = saved
        self._asker = asker
        self._session = saved.session(api.server)
        self._email_hint = self._session.email if self._session else None
        if self._session and new_conversation:
            self._session = replace(self._session, conversation_id=None)

    @property
    def email(self) -> str | None:
        return self._session.email if self._session else None

    def open(self) -> None:
        """Signed in with a token the server takes: the saved one, else a new sign-in."""
        if self._session is not None:
            try:
                self.api.me(self._session.token)
                return
            except SignedOut:
                self._asker.tell(_ENDED.format(server=self.api.server))
        self._sign_in()

    def send(self, message: str) -> ChatAnswer:
        """The chat's answer to ``message``; signs in first (or again, after a 401)."""
        if self._session is None:
            self._sign_in()
        try:
            return self._send_once(message)
        except SignedOut:
            self._asker.tell(_ENDED.format(server=self.api.server))
            self._saved.forget(self.api.server)
            self._sign_in()
            return self._send_once(message)

    def sign_out(self) -> str:
        """Revoke the saved token on the server, then forget it; what was done, in words."""
        session = self._saved.session(self.api.server)
        if session is None:
            return f"Not signed in at {self.api.server}."
        try:
            self.api.logout(session.token)
        except ApiError as exc:
            raise ApiError(f"{exc.message} The token is kept, to sign out again later.") from None
        self._saved.forget(self.api.server)
        self._session = None
        return f"Signed out {session.email} at {self.api.server}."

    def _sign_in(self) -> None:
        self.api.reach()
        signed_in = sign_in(self.api, self._asker, email_hint=self._email_hint)
        earlier = self._session
        conversation = (
            earlier.conversation_id if earlier and earlier.email == signed_in.email else None
        )
        self._keep(Session(signed_in.email, signed_in.token, conversation))
        self._email_hint = signed_in.email
        self._asker.tell(f"Signed in as {signed_in.email} at {self.api.server}.")

    def _send_once(self, message: str) -> ChatAnswer:
        session = self._signed_in()
        try:
            answer = self.api.chat(session.token, message, session.conversation_id)
        except ConversationGone:
            answer = self.api.chat(session.token, message, None)
        if answer.conversation_id != session.conversation_id:
            self._keep(replace(session, conversation_id=answer.conversation_id))
        else:
            self._saved.use(self.api.server)
        return answer

    def _signed_in(self) -> Session:
        if self._session is None:
            raise ApiError(f"Not signed in at {self.api.server}.")
        return self._session

    def _keep(self, session: Session) -> None:
        self._session = session
        self._saved.save(self.api.server, session)
