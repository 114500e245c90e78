"""The smallest FastAPI endpoint, configured and served like the real API: the ceiling."""

from __future__ import annotations

from fastapi import FastAPI

from todo_chatbot.http.app import TELEMETRY

app = FastAPI(telemetry=TELEMETRY)


@app.get("/ping")
async def ping() -> dict[str, bool]:
    return {"ok": True}
