"""The web app's static files (``web/out``, built by ``next build``) served at ``/``,
and the API's own documentation (``/docs``) served without a CDN.

In the embedded runtime the API serves the web app itself; in the distributed
runtime it is its own deployable (``todo-chatbot serve web``: :func:`create_web_service_app`),
and whatever stands in front (the Kubernetes ingress, or ``make up``'s gateway) sends
``/api``, ``/mcp`` and ``/ws`` to the services that answer them.

The web app is mounted after every other route, so ``/api``, ``/ws``, ``/mcp``,
``/docs`` and the operations routes win. Next.js names its scripts and styles by
their content (``/_next/static/...``): those are cached for a year; pages are
revalidated on every load, so a new build shows at once.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Final

import structlog
from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

log = structlog.get_logger(__name__)

IMMUTABLE: Final = "public, max-age=31536000, immutable"
REVALIDATE: Final = "no-cache"


class WebAppFiles(StaticFiles):
    """The built web app: ``index.html`` for a folder, ``404.html`` for what is not there."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        immutable = path.startswith("_next/static/") and response.status_code == 200
        response.headers["Cache-Control"] = IMMUTABLE if immutable else REVALIDATE
        return response


def mount_web_app(app: FastAPI, directory: Path | None) -> bool:
    """Serve the web app at ``/`` if it was built into ``directory``; whether it was."""
    if directory is None or not (directory / "index.html").is_file():
        log.warning(
            "web_app.missing",
            directory=str(directory),
            reason="serving the API only; `make run` builds the web app where Node.js is installed",
        )
        return False
    app.mount("/", WebAppFiles(directory=directory, html=True), name="web")
    return True


def serve_docs_offline(app: FastAPI) -> None:
    """``/docs``: Swagger UI from the files the ``fastapi-swagger`` package ships
    (the current swagger-ui-dist), served by the API itself."""
    assets = Path(str(resources.files("fastapi_swagger") / "resources"))
    app.mount("/docs/assets", StaticFiles(directory=assets), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    async def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title=f"{app.title}: the API",
            swagger_js_url="/docs/assets/swagger-ui-bundle.js",
            swagger_css_url="/docs/assets/swagger-ui.css",
            swagger_favicon_url="/docs/assets/favicon-32x32.png",
        )


def create_web_service_app(directory: Path | None) -> FastAPI:
    """The web app's own service: its files at ``/``, ``/healthz``, and ``/readyz``
    ready once the files are there (a pod without them is taken out of service)."""
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
    return app
