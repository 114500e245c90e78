"""The web app's static files (``web/out``, built by ``next build``) served at ``/``,
and the API's own documentation (``/docs``) served without a CDN.

In the embedded runtime the API serves the web app itself; in the distributed
runtime it is its own deployable (``todo-chatbot serve web``: :func:`create_web_service_app`),
and whatever stands in front (the Kubernetes ingress, or ``make up``'s gateway) sends
``/api``, ``/mcp`` and ``/ws`` to the services that answer them.

The web app is mounted after every other route, so ``/api``, ``/ws``, ``/mcp``,
``/docs`` and the operations routes win. Next.js names its scripts and styles by
their content (``/_next/static/...``): those are cached for a year; pages are
revalidated on every load, so a new build shows at once. The build writes each
text file compressed beside it too (``.br``, ``.gz``: ``web/scripts/compress.mjs``),
and a browser that accepts one is sent it: compressing once at build time, at
the highest levels, rather than on every request.

Each HTML page, and ``/docs``, is sent with a content security policy that allows
its own inline scripts by hash (:func:`~todo_chatbot.http.security_headers.page_policy`),
computed once per page file.
"""

from __future__ import annotations

import contextlib
import functools
import mimetypes
import os
from importlib import resources
from os import PathLike
from pathlib import Path
from typing import Final

import structlog
from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from starlette.datastructures import Headers
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, Response
from starlette.routing import Match, Mount
from starlette.staticfiles import NotModifiedResponse, StaticFiles
from starlette.types import ASGIApp, Scope

from todo_chatbot.http.security_headers import SecurityHeadersMiddleware, page_policy

log = structlog.get_logger(__name__)

IMMUTABLE: Final = "public, max-age=31536000, immutable"
REVALIDATE: Final = "no-cache"


API_ROOTS: Final = ("/api/", "/mcp/", "/ws/")
"""The API's own roots: a path under one that no route took is the API's 404 or 405
(JSON, with ``Allow``), never the web app's page."""
PRECOMPRESSED: Final = (("br", ".br"), ("gzip", ".gz"))
"""The encodings the build writes beside each text file, the smallest first."""


class WebAppFiles(StaticFiles):
    """The built web app: ``index.html`` for a folder, ``404.html`` for what is not
    there, a precompressed copy to a browser that accepts it."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        immutable = path.startswith("_next/static/") and response.status_code == 200
        response.headers["Cache-Control"] = IMMUTABLE if immutable else REVALIDATE
        if isinstance(response, FileResponse) and str(response.path).endswith(".html"):
            # The 404 page, which StaticFiles sends without file_response.
            set_page_policy(response, response.path)
        return response

    def file_response(
        self,
        full_path: PathLike[str] | str,
        stat_result: os.stat_result,
        scope: Scope,
        status_code: int = 200,
    ) -> Response:
        request_headers = Headers(scope=scope)
        encoded = precompressed(str(full_path), request_headers.get("accept-encoding", ""))
        if encoded is None:
            response = super().file_response(full_path, stat_result, scope, status_code)
        else:
            coding, encoded_path, encoded_stat = encoded
            response = FileResponse(
                encoded_path,
                status_code=status_code,
                stat_result=encoded_stat,
                media_type=mimetypes.guess_type(str(full_path))[0] or "text/plain",
                headers={"Content-Encoding": coding},
            )
            if self.is_not_modified(response.headers, request_headers):
                response = NotModifiedResponse(response.headers)
        response.headers["Vary"] = "Accept-Encoding"
        if str(full_path).endswith(".html"):
            set_page_policy(response, full_path, stat_result)
        return response


def set_page_policy(
    response: Response, page: PathLike[str] | str, stat: os.stat_result | None = None
) -> None:
    """Give ``response`` the content security policy of the page file at ``page``."""
    stat = stat or os.stat(page)
    response.headers["Content-Security-Policy"] = policy_of_page(
        str(page), stat.st_mtime_ns, stat.st_size
    )


@functools.lru_cache(maxsize=256)
def policy_of_page(path: str, mtime_ns: int, size: int) -> str:
    """The content security policy of the page file at ``path`` as it is now (its
    modification time and size in the key: a new build is read again)."""
    with open(path, "rb") as page:
        return page_policy(page.read())


def precompressed(path: str, accept_encoding: str) -> tuple[str, str, os.stat_result] | None:
    """The copy of ``path`` the build compressed in an encoding the client accepts:
    (its encoding, its path, its stat), or None."""
    accepted = {
        coding.strip()
        for coding, _, weight in (
            part.partition(";") for part in accept_encoding.lower().split(",")
        )
        if not _refused(weight)
    }
    for coding, suffix in PRECOMPRESSED:
        if coding in accepted:
            with contextlib.suppress(OSError):
                return coding, path + suffix, os.stat(path + suffix)
    return None


def _refused(weight: str) -> bool:
    """Whether an ``Accept-Encoding`` weight (``q=0``) says "not this one"."""
    name, _, value = weight.replace(" ", "").partition("=")
    if name != "q":
        return False
    try:
        return float(value) == 0
    except ValueError:
        return False


def mount_web_app(app: FastAPI, directory: Path | None) -> bool:
    """Serve the web app at ``/`` if it was built into ``directory``; whether it was."""
    if directory is None or not (directory / "index.html").is_file():
        log.warning(
            "web_app.missing",
            directory=str(directory),
            reason="serving the API only; `make run` builds the web app where Node.js is installed",
        )
        return False
    app.router.routes.append(WebAppMount("/", WebAppFiles(directory=directory, html=True)))
    return True


class WebAppMount(Mount):
    """The web app at ``/``, for every path outside the API's roots: a mount that
    matched those would answer for the API's unknown paths and wrong methods."""

    def __init__(self, path: str, app: ASGIApp) -> None:
        super().__init__(path, app=app, name="web")

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        if scope["type"] == "http" and scope["path"].startswith(API_ROOTS):
            return Match.NONE, {}
        return super().matches(scope)


def serve_docs_offline(app: FastAPI) -> None:
    """``/docs``: Swagger UI from the files the ``fastapi-swagger`` package ships
    (the current swagger-ui-dist), served by the API itself."""
    assets = Path(str(resources.files("fastapi_swagger") / "resources"))
    app.mount("/docs/assets", StaticFiles(directory=assets), name="docs-assets")

    page = get_swagger_ui_html(
        openapi_url=app.openapi_url or "/openapi.json",
        title=f"{app.title}: the API",
        swagger_js_url="/docs/assets/swagger-ui-bundle.js",
        swagger_css_url="/docs/assets/swagger-ui.css",
        swagger_favicon_url="/docs/assets/favicon-32x32.png",
    )
    policy = page_policy(bytes(page.body))

    @app.get("/docs", include_in_schema=False)
    async def docs() -> HTMLResponse:
        return HTMLResponse(page.body, headers={"Content-Security-Policy": policy})


def create_web_service_app(directory: Path | None, *, https: bool = False) -> FastAPI:
    """The web app's own service: its files at ``/``, ``/healthz``, and ``/readyz``
    ready once the files are there (a pod without them is taken out of service); with
    ``https``, its answers say the site is served over HTTPS only."""
    app = FastAPI(
        title="Todo Chatbot: web app",
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
        swagger_ui_oauth2_redirect_url=None,
    )

    @app.get("/healthz", include_in_schema=False)
    async def healthz() -> JSONResponse:
        return JSONResponse({"status": "ok"})

    @app.get("/readyz", include_in_schema=False)
    async def readyz() -> JSONResponse:
        ready = directory is not None and (directory / "index.html").is_file()
        return JSONResponse(
            {"status": "ready" if ready else "unready", "checks": {"web_app": ready}},
            200 if ready else 503,
        )

    mount_web_app(app, directory)
    app.add_middleware(SecurityHeadersMiddleware, https=https)
    return app
