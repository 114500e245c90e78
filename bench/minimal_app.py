"""The smallest FastAPI endpoint, served like the real API, as the ceiling to compare with."""

from __future__ import annotations

from fastapi import FastAPI

app = FastAPI()


@app.get("/ping")
async def ping() -> dict[str, bool]:
    return {"ok": True}
