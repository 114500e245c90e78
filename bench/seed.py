"""Seed a store with users and realistic tasks, fast.

Tasks go in through the runtime's own unit of work (a few large transactions
per user, without events: this is an import, not a history), so rows, tags
and the keyword index are exactly what the API would have written. There is
no bulk import in the CLI or the API, so this is the one file of ``bench/``
that uses the runtime from the inside: the embedded runtime as
``build_embedded_runtime`` builds it for ``todo-chatbot run``, and for the
distributed one the backend's store on PostgreSQL through a Dapr sidecar.
The other files drive the system through the CLI and HTTP (and
``parser_compare.py`` calls the parser's public ``parse`` and ``to_contract``).

    .venv/bin/python -m bench.seed DATA_DIR [--users 100] [--tasks 10000]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Final
from zoneinfo import ZoneInfo

from argon2 import PasswordHasher

from todo_chatbot.accounts.users import User
from todo_chatbot.config import Settings
from todo_chatbot.core.timekeeping import to_instant
from todo_chatbot.core.unit_of_work import UnitOfWorkFactory
from todo_chatbot.runtimes.clocks import SystemClock
from todo_chatbot.runtimes.dapr.client import DaprClient
from todo_chatbot.runtimes.dapr.sql import SqlBinding
from todo_chatbot.runtimes.dapr.store import PostgresUnitOfWorkFactory, UserZones
from todo_chatbot.runtimes.embedded.wiring import build_embedded_runtime
from todo_chatbot.runtimes.runtime import StoreUnitOfWork
from todo_chatbot.tasks.recurrence import parse_rule
from todo_chatbot.tasks.task import Priority, Status, Task

PASSWORD: Final = "benchmark password"
ZONES: Final = ["America/New_York", "Europe/London", "Asia/Tokyo", "America/Los_Angeles", "UTC"]
VERBS: Final = [
    "Buy",
    "Call",
    "Email",
    "Pay",
    "Book",
    "Clean",
    "Fix",
    "Review",
    "Write",
    "Plan",
    "Schedule",
    "Prepare",
    "Send",
    "Renew",
    "Cancel",
    "Order",
    "Return",
    "Pick up",
    "Finish",
    "Update",
    "Organize",
    "Research",
    "Submit",
    "Check",
    "Water",
]
OBJECTS: Final = [
    "groceries",
    "mom",
    "the report",
    "electricity bill",
    "dentist appointment",
    "garage",
    "kitchen sink",
    "pull request",
    "blog post",
    "vacation",
    "team meeting",
    "invoice",
    "passport",
    "gym membership",
    "birthday cake",
    "library books",
    "kids from school",
    "presentation",
    "quarterly taxes",
    "budget spreadsheet",
    "closet",
    "flight tickets",
    "car insurance",
    "plants",
    "newsletter",
    "slides for the offsite",
    "landlord",
    "doctor",
    "insurance claim",
    "expense report",
    "project roadmap",
    "laptop backup",
]
DETAILS: Final = [
    "before Friday",
    "for Sarah",
    "with the new numbers",
    "and confirm by email",
    "ask about the discount",
    "bring the receipts",
    "see notes from last week",
    "the blue folder on the desk",
    "remember the password change",
    "use the coupon",
]
TAGS: Final = [
    "work",
    "home",
    "errands",
    "health",
    "finance",
    "family",
    "urgent",
    "shopping",
    "school",
    "travel",
    "fitness",
    "reading",
    "admin",
    "car",
    "garden",
    "pets",
    "social",
    "project-x",
    "q3",
    "ideas",
]
RULES: Final = ["FREQ=DAILY", "FREQ=WEEKLY;BYDAY=MO", "FREQ=WEEKLY;BYDAY=MO,WE,FR", "FREQ=MONTHLY"]
SEARCH_WORDS: Final = [
    "groceries",
    "report",
    "invoice",
    "dentist",
    "taxes",
    "plants",
    "slides",
    "mom",
]


@dataclass(frozen=True)
class SeedPlan:
    users: int
    tasks_per_user: int
    now: datetime
    seed: int = 1


def realistic_task(
    rng: random.Random,
    *,
    task_id: str,
    user_id: str,
    created: datetime,
    now: datetime,
    tz: ZoneInfo,
) -> Task:
    title = f"{rng.choice(VERBS)} {rng.choice(OBJECTS)}"
    if rng.random() < 0.3:
        title = f"{title} {rng.choice(DETAILS)}"
    description = f"{rng.choice(DETAILS).capitalize()}." if rng.random() < 0.3 else None
    roll = rng.random()
    priority = (
        Priority.HIGH
        if roll < 0.15
        else Priority.MEDIUM
        if roll < 0.45
        else Priority.LOW
        if roll < 0.65
        else None
    )
    tags = tuple(sorted(set(rng.sample(TAGS, rng.choice((0, 1, 1, 2, 2, 3))))))
    due: date | datetime | None = None
    if rng.random() < 0.7:
        day = now.astimezone(tz).date() + timedelta(days=rng.randint(-180, 180))
        if rng.random() < 0.4:
            due = day
        else:
            due = to_instant(
                datetime.combine(day, datetime.min.time()) + timedelta(hours=rng.randint(7, 21)), tz
            )
    recurrence = parse_rule(rng.choice(RULES)) if due is not None and rng.random() < 0.05 else None
    remind_at = None
    if isinstance(due, datetime) and rng.random() < 0.3:
        remind_at = due - timedelta(minutes=rng.choice((10, 30, 60, 120)))
    completed = rng.random() < 0.4
    return Task(
        id=task_id,
        user_id=user_id,
        title=title,
        description=description,
        status=Status.COMPLETED if completed else Status.PENDING,
        priority=priority,
        tags=tags,
        due=due,
        remind_at=remind_at,
        recurrence=recurrence,
        series_id=f"series-{task_id}" if recurrence else None,
        series_anchor=due if recurrence else None,
        occurrence=1 if recurrence else None,
        created_at=created,
        updated_at=created,
        completed_at=created + timedelta(days=1) if completed else None,
    )


async def seed(data_dir: Path, plan: SeedPlan, *, progress: bool = True) -> list[str]:
    """Seed the embedded store in ``data_dir``; the users' emails."""
    settings = Settings(
        data_dir=data_dir, durability="normal", deliver_events=False, log_level="WARNING"
    )
    runtime = await build_embedded_runtime(settings)
    try:
        emails = await seed_into(runtime.uow_factory, plan, progress=progress)
        # As the runtime's housekeeping keeps it: the keyword index in one segment.
        await runtime.housekeeper.compact_keyword_index()
        runtime.database.writer.execute("ANALYZE")
        runtime.database.writer.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        await runtime.stop()
    return emails


async def seed_postgres(dapr_http_port: int, plan: SeedPlan) -> None:
    """Seed the distributed store through the Dapr sidecar listening on
    ``dapr_http_port`` (its ``todo-db`` PostgreSQL binding)."""
    client = DaprClient(http_port=dapr_http_port, timeout=300)
    sql = SqlBinding(client, "todo-db")
    try:
        uows = PostgresUnitOfWorkFactory(sql, UserZones(sql), SystemClock())
        await seed_into(uows, plan, batch=2_000)
        await sql.execute("ANALYZE")
    finally:
        await client.close()


async def seed_into(
    uows: UnitOfWorkFactory[StoreUnitOfWork],
    plan: SeedPlan,
    *,
    batch: int = 10_000,
    progress: bool = True,
) -> list[str]:
    """Create ``plan.users`` users with ``plan.tasks_per_user`` tasks each, ``batch``
    tasks per unit of work; their emails."""
    password_hash = PasswordHasher().hash(PASSWORD)
    rng = random.Random(plan.seed)
    emails = []
    started = time.perf_counter()
    for number in range(plan.users):
        email = f"bench{number}@example.com"
        zone_name = ZONES[number % len(ZONES)]
        user = User(
            id=f"bench-user-{number}",
            email=email,
            name=f"Bench {number}",
            timezone=zone_name,
            password_hash=password_hash,
            created_at=plan.now - timedelta(days=400),
        )
        async with uows(durable=False) as uow:
            await uow.users.add(user)
            await uow.commit()
        tz = ZoneInfo(zone_name)
        first = plan.now - timedelta(days=365)
        step = timedelta(days=365) / plan.tasks_per_user
        for start in range(0, plan.tasks_per_user, batch):
            async with uows(durable=False) as uow:
                for index in range(start, min(start + batch, plan.tasks_per_user)):
                    task = realistic_task(
                        rng,
                        task_id=f"{number:04d}-{index:06d}-{rng.getrandbits(32):08x}",
                        user_id=user.id,
                        created=first + step * index,
                        now=plan.now,
                        tz=tz,
                    )
                    await uow.tasks.add(task)
                await uow.commit()
        emails.append(email)
        if progress and (number + 1) % max(1, min(10, plan.users // 5)) == 0:
            elapsed = time.perf_counter() - started
            print(f"  seeded {number + 1}/{plan.users} users ({elapsed:.0f}s)", flush=True)
    return emails


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--tasks", type=int, default=10_000, help="tasks per user")
    args = parser.parse_args()
    plan = SeedPlan(users=args.users, tasks_per_user=args.tasks, now=datetime.now(UTC))
    asyncio.run(seed(args.data_dir, plan))


if __name__ == "__main__":
    main()
