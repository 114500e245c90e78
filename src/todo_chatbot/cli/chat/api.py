"""The HTTP API as the terminal chat uses it: sign in, register, sign out, chat.

Every failure is an :class:`ApiError` whose message a person can act on: which
server did not answer, a TLS failure, how long to wait after a 429 or 503, the
error id of a 5xx (the server's log has a line with it). Answers the chat
handles itself have their own subclasses (a revoked token, wrong credentials,
a taken email, a conversation that is gone).
"""

from __future__ import annotations

import ssl
from dataclasses import dataclass
from typing import Any, Final

import httpx2

from todo_chatbot import __version__

DEFAULT_SERVER: Final = "http://127.0.0.1:8000"
_TIMEOUT: Final = httpx2.Timeout(60.0, connect=5.0)
"""A chat turn through an LLM can take a while; a server that is there connects at once."""


class ApiError(Exception):
    """A request that did not succeed, said in words."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class SignedOut(ApiError):
    """The token was refused (401): expired, revoked, or the account is gone."""


class WrongCredentials(ApiError):
    """No account with that email and password (the server does not say which)."""


class EmailTaken(ApiError):
    """Registration of an email that has an account (409)."""


class InvalidInput(ApiError):
    """A 422: the message names the fields and what is wrong with them."""


class ConversationGone(ApiError):
    """The conversation to continue does not exist (any more) for this user."""


@dataclass(frozen=True)
class SignedIn:
    email: str
    token: str


@dataclass(frozen=True)
class ChatAnswer:
    conversation_id: str
    reply: str
    body: dict[str, Any]
    """The whole answer as the server sent it (``--json`` prints it)."""


def normalized_server(url: str) -> str:
    """``url`` without a trailing slash; :class:`ApiError` unless it is an http(s) URL."""
    text = url.strip().rstrip("/")
    try:
        parsed = httpx2.URL(text)
    except httpx2.InvalidURL as exc:
        raise ApiError(f"{url!r} is not a server URL: {exc}") from None
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise ApiError(f"{url!r} is not a server URL (http://HOST:PORT or https://HOST)")
    return text


class Api:
    """One server's API, over one connection pool; close it when done."""

    def __init__(self, server: str) -> None:
        self.server = server
        self._client = httpx2.Client(
            base_url=server,
            timeout=_TIMEOUT,
            headers={"User-Agent": f"todo-chatbot-chat/{__version__}"},
        )

    def close(self) -> None:
        self._client.close()

    def reach(self) -> None:
        """:class:`ApiError` unless something answers HTTP at the server's address."""
        self._send("GET", "/healthz")

    def login(self, email: str, password: str) -> SignedIn:
        answer = self._send("POST", "/api/auth/login", json={"email": email, "password": password})
        if answer.status_code == 401:
            raise WrongCredentials("No account with that email and password.")
        return self._signed_in(answer, 200)

    def register(self, email: str, password: str, timezone: str) -> SignedIn:
        answer = self._send(
            "POST",
            "/api/auth/register",
            json={"email": email, "password": password, "timezone": timezone},
        )
        if answer.status_code == 409:
            raise EmailTaken(f"{email} has an account already.")
        return self._signed_in(answer, 201)

    def logout(self, token: str) -> None:
        """Revoke ``token``; one the server refuses already counts as revoked."""
        answer = self._send("POST", "/api/auth/logout", token=token)
        if answer.status_code not in (204, 401):
            raise failure(answer)

    def me(self, token: str) -> dict[str, Any]:
        answer = self._send("GET", "/api/me", token=token)
        return self._expect(answer, 200)

    def chat(self, token: str, message: str, conversation_id: str | None) -> ChatAnswer:
        body: dict[str, Any] = {"message": message}
        if conversation_id:
            body["conversation_id"] = conversation_id
        answer = self._send("POST", "/api/chat", token=token, json=body)
        if answer.status_code == 404 and conversation_id:
            raise ConversationGone("The conversation is gone.")
        found = self._expect(answer, 200)
        conversation, reply = found.get("conversation_id"), found.get("reply")
        if not isinstance(conversation, str) or not isinstance(reply, str):
            raise self._not_the_api()
        return ChatAnswer(conversation, reply, found)

    def _signed_in(self, answer: httpx2.Response, status: int) -> SignedIn:
        body = self._expect(answer, status)
        token, user = body.get("access_token"), body.get("user")
        if not isinstance(token, str) or not isinstance(user, dict):
            raise self._not_the_api()
        return SignedIn(email=str(user.get("email")), token=token)

    def _not_the_api(self) -> ApiError:
        return ApiError(f"{self.server} answered, but not as a Todo Chatbot server does.")

    def _expect(self, answer: httpx2.Response, status: int) -> dict[str, Any]:
        if answer.status_code == 401:
            raise SignedOut("The server no longer accepts this sign-in.")
        if answer.status_code != status:
            raise failure(answer)
        try:
            body = answer.json()
        except ValueError:
            raise self._not_the_api() from None
        if not isinstance(body, dict):
            raise self._not_the_api()
        return body

    def _send(
        self, method: str, path: str, *, token: str | None = None, json: Any = None
    ) -> httpx2.Response:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        try:
            return self._client.request(method, path, headers=headers, json=json)
        except httpx2.TimeoutException:
            raise ApiError(
                f"{self.server} did not answer within {_TIMEOUT.read:.0f} seconds."
            ) from None
        except httpx2.TransportError as exc:
            raise ApiError(unreachable(self.server, exc)) from None


def unreachable(server: str, exc: httpx2.TransportError) -> str:
    """Why no answer came, for a person: no server, TLS, or the network's own words."""
    tls = _tls_error(exc)
    if tls is not None:
        reason = tls.reason or str(tls)
        if isinstance(tls, ssl.SSLCertVerificationError):
            reason = tls.verify_message or reason
        return f"TLS with {server} failed ({reason}): check the URL and the server's certificate."
    if isinstance(exc, httpx2.ConnectError):
        reason = f" ({exc})" if str(exc) else ""
        return (
            f"No server answers at {server}{reason}: is it running? (`todo-chatbot run` starts"
            " one; --server URL names another)"
        )
    return f"The connection to {server} failed: {exc or type(exc).__name__}."


def _tls_error(exc: BaseException) -> ssl.SSLError | None:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ssl.SSLError):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


def failure(answer: httpx2.Response) -> ApiError:
    """The error an unexpected answer means."""
    body = _json_or_empty(answer)
    detail = _detail(body) or answer.reason_phrase
    status = answer.status_code
    wait = answer.headers.get("Retry-After")
    if status == 422:
        return InvalidInput(detail)
    if status == 429:
        return ApiError(f"{_sentence(detail)} Try again in {wait or 'a few'} seconds.")
    if status == 503:
        return ApiError(
            f"The server is unavailable for now ({detail}); try again in {wait or 'a few'} seconds."
        )
    if status >= 500:
        error_id = body.get("error_id")
        if error_id:
            return ApiError(
                f"The server failed (HTTP {status}, error id {error_id}); its log has a line"
                " with that id."
            )
        return ApiError(f"The server failed (HTTP {status}: {detail}).")
    return ApiError(f"The server answered HTTP {status}: {detail}")


def _json_or_empty(answer: httpx2.Response) -> dict[str, Any]:
    try:
        body = answer.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def _detail(body: dict[str, Any]) -> str:
    """FastAPI's ``detail``: a sentence, or a 422's problems as ``field: message``."""
    detail = body.get("detail")
    if isinstance(detail, str):
        return detail
    if isinstance(detail, list):
        return "; ".join(_problem(item) for item in detail if isinstance(item, dict))
    return ""


def _problem(item: dict[str, Any]) -> str:
    location = [str(part) for part in item.get("loc", []) if part != "body"]
    message = str(item.get("msg", "invalid"))
    return f"{'.'.join(location)}: {message}" if location else message


def _sentence(text: str) -> str:
    return text if text.endswith((".", "!", "?")) else f"{text}."
