"""The headers every answer carries against a browser being turned on its user, and the
content security policies of the two HTML pages the server sends (the web app, /docs).

Every answer: ``X-Content-Type-Options: nosniff``, ``Referrer-Policy: no-referrer``,
``X-Frame-Options: DENY``, and, unless the answer set its own, the policy of an API
(``default-src 'none'; frame-ancestors 'none'``: nothing it sends may load or run
anything). Answers under ``/api`` and ``/mcp`` (tokens, a person's tasks) are
``Cache-Control: no-store``. With ``https``, ``Strict-Transport-Security`` too.

An HTML page's policy allows its own origin's scripts, and its inline scripts by
their SHA-256 hashes (Next.js's static export writes its payload as inline
``<script>`` tags; Swagger UI's page starts itself with one): :func:`page_policy`
computes them from the page as it is sent. Styles allow ``'unsafe-inline'``: the
pages carry ``style`` attributes, which hashes cannot allow, and a style cannot run
code.
"""

from __future__ import annotations

import base64
import hashlib
import re
from typing import Final

from starlette.types import ASGIApp, Message, Receive, Scope, Send

API_POLICY: Final = "default-src 'none'; frame-ancestors 'none'"
HSTS: Final = "max-age=63072000; includeSubDomains"
NO_STORE_PREFIXES: Final = ("/api", "/mcp")

_EVERY_ANSWER: Final = (
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
)
_INLINE_SCRIPT = re.compile(rb"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.DOTALL | re.I)


def inline_script_hashes(html: bytes) -> list[str]:
    """The CSP source of each distinct inline script of ``html`` (``'sha256-...'``), in order."""
    hashes: dict[str, None] = {}
    for match in _INLINE_SCRIPT.finditer(html):
        digest = base64.b64encode(hashlib.sha256(match.group(1)).digest()).decode()
        hashes[f"'sha256-{digest}'"] = None
    return list(hashes)


def page_policy(html: bytes) -> str:
    """The content security policy of an HTML page of this origin: its scripts from
    here or inline with a known hash, everything else from here only."""
    scripts = " ".join(["'self'", *inline_script_hashes(html)])
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src {scripts}",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


class SecurityHeadersMiddleware:
    """Adds the headers above to every HTTP answer of the app (pure ASGI: a few list
    appends per answer)."""

    def __init__(self, app: ASGIApp, *, https: bool = False) -> None:
        self.app = app
        self.https = https

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        no_store = scope["path"].startswith(NO_STORE_PREFIXES)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = self.secured(list(message.get("headers", ())), no_store)
            await send(message)

        await self.app(scope, receive, send_with_headers)

    def secured(
        self, headers: list[tuple[bytes, bytes]], no_store: bool
    ) -> list[tuple[bytes, bytes]]:
        names = {name.lower() for name, _ in headers}
        headers.extend(_EVERY_ANSWER)
        if b"content-security-policy" not in names:
            headers.append((b"content-security-policy", API_POLICY.encode()))
        if no_store:
            headers = [(name, value) for name, value in headers if name.lower() != b"cache-control"]
            headers.append((b"cache-control", b"no-store"))
        if self.https:
            headers.append((b"strict-transport-security", HSTS.encode()))
        return headers
