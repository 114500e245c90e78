"""A stand-in app for the devstack smoke test: records what daprd sends it.

Run as ``python -m tests.integration.devstack.standin PORT``. It answers the
calls daprd makes to an app (``GET /dapr/subscribe``, deliveries on
``POST /events``, jobs on ``POST /job/{name}``, invocations of
``POST /invoked``) and records each with its ``dapr-api-token`` header;
``GET /received`` returns the records. Standard library only, so it starts
in a fraction of a second.
"""

from __future__ import annotations

import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

PUBSUB = "pubsub"
TOPIC = "devstack-smoke"

_received: list[dict[str, Any]] = []
_lock = threading.Lock()


class Handler(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        sys.stderr.write(f"standin: {format % args}\n")

    def answer(self, status: int, body: Any = None) -> None:
        raw = b"" if body is None else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    def do_GET(self) -> None:
        if self.path == "/dapr/subscribe":
            routes = {"default": "/events"}
            self.answer(200, [{"pubsubname": PUBSUB, "topic": TOPIC, "routes": routes}])
        elif self.path == "/received":
            with _lock:
                self.answer(200, list(_received))
        elif self.path == "/healthz":
            self.answer(200, {"ok": True})
        else:
            self.answer(404)

    def do_POST(self) -> None:
        length = int(self.headers.get("content-length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = raw.decode(errors="replace")
        if self.path in ("/events", "/invoked") or self.path.startswith("/job/"):
            with _lock:
                _received.append(
                    {
                        "path": self.path,
                        "body": body,
                        "token": self.headers.get("dapr-api-token"),
                        "at": time.time(),
                    }
                )
            self.answer(200, {"status": "SUCCESS"} if self.path == "/events" else None)
        else:
            self.answer(404)


def main() -> None:
    server = ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler)
    server.serve_forever()


if __name__ == "__main__":
    main()
