"""Housekeeping of the embedded runtime: prune what has been delivered, and keep
the keyword index compact.

Outbox rows every consumer of their topic has received, and the record of
handled event ids, are kept for ``retention`` and then deleted; so are the
counts of sign-in attempts whose window has ended and the revocations of
tokens that have expired. The query planner's statistics are refreshed on the
way.

The keyword index (FTS5) grows by segments: every commit that changes titles
or descriptions writes a small one, and FTS5 merges them into bigger ones as
they pile up, so the index is a dozen segments of every size. A search reads
each one: a word's matches for one user cost 0.185 ms in the seeded index's
eight segments and 0.046 ms in one (``docs/benchmarks.md``). So each round
also merges every segment into one, a few pages at a time.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Final

import structlog

from todo_chatbot.core.background import cancel_and_wait
from todo_chatbot.core.clock import Clock
from todo_chatbot.core.idempotency import IdempotencyKeys
from todo_chatbot.core.timekeeping import to_millis
from todo_chatbot.runtimes.embedded.sqlite.database import Database

log = structlog.get_logger(__name__)

MERGE_PAGES: Final = 32
"""Pages of the keyword index one step of its compaction writes: about 4 ms
of holding the writer."""
MERGE_PAUSE: Final = 0.01
"""Seconds between two steps, for the writes waiting meanwhile."""
MAX_MERGE_STEPS: Final = 100_000
_STRUCTURE_RECORD: Final = "SELECT block FROM tasks_fts_data WHERE id = 10"
"""FTS5's record of the index's segments (a fixed row of its file format)."""


class Housekeeper:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        *,
        retention: timedelta = timedelta(days=7),
        interval: timedelta = timedelta(minutes=10),
        idempotency_keys: IdempotencyKeys | None = None,
    ) -> None:
        self._db = db
        self._idempotency_keys = idempotency_keys
        self._clock = clock
        self._retention = retention
        self._interval = interval
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="housekeeping")

    async def stop(self) -> None:
        await cancel_and_wait(self._task)
        self._task = None

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self._interval.total_seconds())
            try:
                await self.prune()
                await self.compact_keyword_index()
            except Exception:
                log.exception("housekeeping.failed")

    async def prune(self) -> dict[str, int]:
        """Delete delivered outbox rows and handled-event records past retention."""
        cutoff = to_millis(self._clock.now() - self._retention)
        async with self._db.transaction(durable=False) as transaction:
            conn = transaction.conn
            outbox = conn.execute(
                "DELETE FROM outbox WHERE created_at < ? AND seq <= coalesce("
                " (SELECT min(position) FROM consumer_offsets c WHERE c.topic = outbox.topic),"
                " seq)",
                (cutoff,),
            ).rowcount
            processed = conn.execute(
                "DELETE FROM processed_events WHERE processed_at < ?", (cutoff,)
            ).rowcount
            now = to_millis(self._clock.now())
            conn.execute("DELETE FROM attempts WHERE ends_at < ?", (now,))
            conn.execute("DELETE FROM revoked_tokens WHERE expires_at < ?", (now,))
            transaction.commit()
        keys = 0
        if self._idempotency_keys is not None:
            keys = await self._idempotency_keys.prune(before=self._clock.now())
        self._db.optimize()
        log.info(
            "housekeeping.pruned", outbox=outbox, processed_events=processed, idempotency_keys=keys
        )
        return {"outbox": outbox, "processed_events": processed, "idempotency_keys": keys}

    async def compact_keyword_index(self) -> int:
        """Merge the keyword index's segments into one, a step at a time; the steps taken.

        The first step (FTS5's ``merge`` with a negative page count) puts every
        segment into one merge and writes its first pages; each later one goes
        on with that merge (and with any level that has filled up meanwhile).
        A step that changes nothing in the index's record of its segments
        means the merge is done. Commits made meanwhile add small segments,
        which FTS5's own merging takes care of.
        """
        pages = -MERGE_PAGES
        for step in range(1, MAX_MERGE_STEPS + 1):
            async with self._db.transaction(durable=False) as transaction:
                conn = transaction.conn
                before = conn.execute(_STRUCTURE_RECORD).fetchone()
                conn.execute("INSERT INTO tasks_fts(tasks_fts, rank) VALUES ('merge', ?)", (pages,))
                changed = conn.execute(_STRUCTURE_RECORD).fetchone() != before
                transaction.commit()
            if not changed:
                log.info("housekeeping.keyword_index_compacted", steps=step)
                return step
            pages = MERGE_PAGES
            await asyncio.sleep(MERGE_PAUSE)
        log.warning("housekeeping.keyword_index_still_merging", steps=MAX_MERGE_STEPS)
        return MAX_MERGE_STEPS
