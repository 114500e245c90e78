"""The front door of ``make up``: one origin for the browser, as the ingress gives in Kubernetes.

The web app talks to the API on its own origin (``/api``, ``/ws``), while the
distributed runtime answers them from separate services. In Kubernetes the
ingress sends each path to its service; on one machine this small reverse proxy
does the same: the longest matching prefix of :data:`ROUTES` picks the upstream,
HTTP bodies stream both ways (MCP's server-sent events included), and a
WebSocket is joined to one opened upstream, close codes passed on.

``python -m devstack.gateway --port 8000 --upstream api=URL --upstream live=URL
--upstream web=URL``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
from collections.abc import Mapping
from typing import Final

import aiohttp
from aiohttp import WSMsgType, web

ROUTES: Final = (
    ("/api", "api"),
    ("/mcp", "api"),
    ("/docs", "api"),
    ("/openapi.json", "api"),
    ("/ws", "live"),
)
"""Path prefix → upstream (the web app's for any other path), as the ingress routes."""

HOP_BY_HOP: Final = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
        "host",
    }
)
UPSTREAMS: Final = ("api", "live", "web")


def upstream_for(path: str) -> str:
    """Which upstream answers ``path``: a prefix's, whole segments matched."""
    for prefix, upstream in ROUTES:
        if path == prefix or path.startswith(prefix + "/"):
            return upstream
    return "web"


def forwarded_headers(request: web.Request) -> dict[str, str]:
    headers = {
        name: value for name, value in request.headers.items() if name.lower() not in HOP_BY_HOP
    }
    headers["X-Forwarded-For"] = request.remote or ""
    headers["X-Forwarded-Proto"] = request.scheme
    headers["X-Forwarded-Host"] = request.host
    return headers


class Gateway:
    def __init__(self, upstreams: Mapping[str, str]) -> None:
        missing = set(UPSTREAMS) - set(upstreams)
        if missing:
            raise ValueError(f"no upstream for {', '.join(sorted(missing))}")
        self.upstreams = {name: url.rstrip("/") for name, url in upstreams.items()}
        self._session: aiohttp.ClientSession | None = None

    @property
    def session(self) -> aiohttp.ClientSession:
        if self._session is None:
            self._session = aiohttp.ClientSession(
                auto_decompress=False,
                timeout=aiohttp.ClientTimeout(total=None, sock_connect=10),
                cookie_jar=aiohttp.DummyCookieJar(),
            )
        return self._session

    async def close(self, _app: web.Application) -> None:
        if self._session is not None:
            await self._session.close()

    def app(self) -> web.Application:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/{path:.*}", self.handle)
        app.on_cleanup.append(self.close)
        return app

    async def handle(self, request: web.Request) -> web.StreamResponse:
        upstream = self.upstreams[upstream_for(request.path)]
        target = upstream + request.rel_url.raw_path_qs
        try:
            if request.headers.get("Upgrade", "").lower() == "websocket":
                return await self.join_websocket(request, target.replace("http", "ws", 1))
            return await self.pass_on(request, target)
        except aiohttp.ClientConnectionError as error:
            return web.json_response(
                {"error": "upstream_unreachable", "detail": f"{upstream}: {error}"}, status=502
            )

    async def pass_on(self, request: web.Request, target: str) -> web.StreamResponse:
        async with self.session.request(
            request.method,
            target,
            headers=forwarded_headers(request),
            data=request.content if request.body_exists else None,
            allow_redirects=False,
        ) as answer:
            response = web.StreamResponse(status=answer.status, reason=answer.reason)
            for name, value in answer.headers.items():
                if name.lower() not in HOP_BY_HOP:
                    response.headers.add(name, value)
            await response.prepare(request)
            async for chunk in answer.content.iter_any():
                await response.write(chunk)
            await response.write_eof()
            return response

    async def join_websocket(self, request: web.Request, target: str) -> web.StreamResponse:
        try:
            upstream = await self.session.ws_connect(
                target, headers={"X-Forwarded-For": request.remote or ""}, autoping=True
            )
        except aiohttp.WSServerHandshakeError as refused:
            return web.json_response({"error": "refused"}, status=refused.status)
        client = web.WebSocketResponse(autoping=True)
        await client.prepare(request)
        async with upstream:
            pumps = [
                asyncio.create_task(_pump(upstream, client)),
                asyncio.create_task(_pump(client, upstream)),
            ]
            await asyncio.wait(pumps, return_when=asyncio.FIRST_COMPLETED)
            for pump in pumps:
                pump.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await pump
            await client.close(code=upstream.close_code or client.close_code or 1000)
        return client


async def _pump(
    source: aiohttp.ClientWebSocketResponse | web.WebSocketResponse,
    sink: aiohttp.ClientWebSocketResponse | web.WebSocketResponse,
) -> None:
    """Messages from ``source`` to ``sink`` until ``source`` closes; its code passed on."""
    async for message in source:
        if message.type == WSMsgType.TEXT:
            await sink.send_str(message.data)
        elif message.type == WSMsgType.BINARY:
            await sink.send_bytes(message.data)
    if not sink.closed:
        await sink.close(code=source.close_code or 1000)


def parse_upstreams(values: list[str]) -> dict[str, str]:
    upstreams = {}
    for value in values:
        name, _, url = value.partition("=")
        if name not in UPSTREAMS or not url:
            raise SystemExit(f"--upstream NAME=URL, NAME one of {', '.join(UPSTREAMS)}: {value!r}")
        upstreams[name] = url
    return upstreams


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m devstack.gateway", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--upstream", action="append", default=[], metavar="NAME=URL")
    args = parser.parse_args(argv)
    gateway = Gateway(parse_upstreams(args.upstream))
    web.run_app(gateway.app(), host=args.host, port=args.port, print=None)


if __name__ == "__main__":
    main()
