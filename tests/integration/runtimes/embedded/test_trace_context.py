"""The embedded runtime keeps a request's trace context with the events it causes,
only when tracing is asked for (an untraced server does no tracing work at all)."""

from __future__ import annotations

from pathlib import Path

from tests.support import LiveServer, start_server
from todo_chatbot.observability.tracing import TraceContext

CALLER = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"


def outbox_traceparents(server: LiveServer) -> list[str | None]:
    reader = server.runtime.database.reader
    return [row[0] for row in reader.execute("SELECT traceparent FROM outbox ORDER BY seq")]


def test_a_traced_request_s_events_keep_its_trace_context(tmp_path: Path) -> None:
    server = start_server(tmp_path, tracing=True)
    try:
        with server.register() as user:
            answer = user.post(
                "/api/tasks", json={"title": "Traced"}, headers={"traceparent": CALLER}
            )
            assert answer.status_code == 201, answer.text
            untraced_caller = user.post("/api/tasks", json={"title": "A new trace"})
            assert untraced_caller.status_code == 201
        contexts = [TraceContext.parse(value) for value in outbox_traceparents(server)]
    finally:
        server.stop()
    caller = TraceContext.parse(CALLER)
    assert caller is not None
    assert contexts
    assert None not in contexts
    in_callers_trace = [c for c in contexts if c is not None and c.trace_id == caller.trace_id]
    assert in_callers_trace, contexts
    assert all(c == caller for c in in_callers_trace)  # no exporter: the caller's span
    assert len({c.trace_id for c in contexts if c is not None}) == 2  # the second: a new one


def test_an_untraced_server_keeps_no_trace_context(tmp_path: Path) -> None:
    server = start_server(tmp_path)
    try:
        with server.register() as user:
            answer = user.post(
                "/api/tasks", json={"title": "Plain"}, headers={"traceparent": CALLER}
            )
            assert answer.status_code == 201, answer.text
        assert set(outbox_traceparents(server)) == {None}
    finally:
        server.stop()
