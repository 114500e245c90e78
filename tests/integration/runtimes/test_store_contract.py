"""The store's contract: what every unit-of-work adapter must do.

A change and its events commit together or not at all; versions guard
against lost updates; each user sees only their own tasks.
"""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

import pytest

from todo_chatbot.accounts.users import User
from todo_chatbot.core.errors import EmailTaken, TaskNotFound, VersionConflict
from todo_chatbot.runtimes.clocks import ManualClock
from todo_chatbot.runtimes.dapr.wiring import DaprBackendRuntime
from todo_chatbot.runtimes.embedded.wiring import EmbeddedRuntime
from todo_chatbot.runtimes.runtime import Runtime
from todo_chatbot.tasks import use_cases
from todo_chatbot.tasks.events import Actor, EventType, task_events
from todo_chatbot.tasks.queries import ListQuery, SortKey
from todo_chatbot.tasks.task import read_task_input
from todo_chatbot.tasks.use_cases import Caller

NEW_YORK = ZoneInfo("America/New_York")


async def make_user(
    runtime: Runtime, clock: ManualClock, name: str, zone: str = "America/New_York"
) -> Caller:
    user = User(
        id=f"user-{name}",
        email=f"{name}@example.com",
        name=name,
        timezone=zone,
        password_hash="not-a-hash",
        created_at=clock.now(),
    )
    async with runtime.uow_factory() as uow:
        await uow.users.add(user)
        await uow.commit()
    return Caller(user_id=user.id, tz=ZoneInfo(zone))


async def outbox(runtime: Runtime) -> list[tuple[Any, ...]]:
    """The (topic, partition key) of every event waiting in the outbox, in order."""
    statement = "SELECT topic, partition_key FROM outbox ORDER BY seq"
    if isinstance(runtime, EmbeddedRuntime):
        return [tuple(row) for row in runtime.database.reader.execute(statement).fetchall()]
    assert isinstance(runtime, DaprBackendRuntime)
    return [(row["topic"], row["partition_key"]) for row in await runtime.sql.rows(statement)]


async def test_a_change_and_its_events_commit_together(
    runtime: Runtime, clock: ManualClock
) -> None:
    caller = await make_user(runtime, clock, "ann")

    task = await use_cases.add_task(
        uow=runtime.uow_factory(),
        clock=clock,
        caller=caller,
        fields=read_task_input({"title": "Pay rent"}, caller.tz, require_title=True),
    )

    assert (await runtime.tasks.get(caller.user_id, task.id)).title == "Pay rent"
    assert await outbox(runtime) == [("task-events", task.id), ("task-updates", task.id)]


async def test_a_failed_change_leaves_neither_the_change_nor_its_events(
    runtime: Runtime, clock: ManualClock
) -> None:
    caller = await make_user(runtime, clock, "ann")
    task = await use_cases.add_task(
        uow=runtime.uow_factory(),
        clock=clock,
        caller=caller,
        fields=read_task_input({"title": "Pay rent"}, caller.tz, require_title=True),
    )
    before = await outbox(runtime)

    async def change_then_crash() -> None:
        async with runtime.uow_factory() as uow:
            loaded = await uow.tasks.get(caller.user_id, task.id)
            changes = loaded.update(
                read_task_input({"title": "Changed"}, NEW_YORK, require_title=False),
                now=clock.now(),
                tz=NEW_YORK,
                new_series_id="s",
            )
            await uow.tasks.save(loaded)
            uow.publish(
                *task_events(
                    EventType.TASK_UPDATED,
                    task=loaded,
                    changes=changes,
                    actor=Actor.USER,
                    tz=NEW_YORK,
                    now=clock.now(),
                    source="test",
                )
            )
            raise RuntimeError("crash before commit")

    with pytest.raises(RuntimeError):
        await change_then_crash()

    assert (await runtime.tasks.get(caller.user_id, task.id)).title == "Pay rent"
    assert await outbox(runtime) == before


async def test_a_stale_version_is_refused_and_changes_nothing(
    runtime: Runtime, clock: ManualClock
) -> None:
    caller = await make_user(runtime, clock, "ann")
    task = await use_cases.add_task(
        uow=runtime.uow_factory(),
        clock=clock,
        caller=caller,
        fields=read_task_input({"title": "Pay rent"}, caller.tz, require_title=True),
    )
    await use_cases.update_task(
        uow=runtime.uow_factory(),
        clock=clock,
        caller=caller,
        task_id=task.id,
        fields=read_task_input({"title": "B"}, caller.tz, require_title=False),
    )

    with pytest.raises(VersionConflict):
        await use_cases.update_task(
            uow=runtime.uow_factory(),
            clock=clock,
            caller=caller,
            task_id=task.id,
            fields=read_task_input({"title": "C"}, caller.tz, require_title=False),
            expected_version=1,
        )

    stored = await runtime.tasks.get(caller.user_id, task.id)
    assert (stored.title, stored.version) == ("B", 2)


async def test_another_users_task_is_not_found(runtime: Runtime, clock: ManualClock) -> None:
    ann = await make_user(runtime, clock, "ann")
    bob = await make_user(runtime, clock, "bob")
    task = await use_cases.add_task(
        uow=runtime.uow_factory(),
        clock=clock,
        caller=ann,
        fields=read_task_input({"title": "Ann's"}, ann.tz, require_title=True),
    )

    with pytest.raises(TaskNotFound):
        await runtime.tasks.get(bob.user_id, task.id)
    with pytest.raises(TaskNotFound):
        await use_cases.complete_task(
            uow=runtime.uow_factory(), clock=clock, caller=bob, task_id=task.id
        )
    page = await runtime.tasks.list_tasks(bob.user_id, ListQuery(), now=clock.now(), tz=bob.tz)
    assert page.items == []


async def test_an_email_is_taken_once_whatever_its_case(
    runtime: Runtime, clock: ManualClock
) -> None:
    await make_user(runtime, clock, "ann")
    twin = User(
        id="other",
        email="ann@example.com",
        name=None,
        timezone="UTC",
        password_hash="x",
        created_at=clock.now(),
    )

    with pytest.raises(EmailTaken):
        async with runtime.uow_factory() as uow:
            await uow.users.add(twin)


async def test_an_event_is_claimed_once_per_consumer(runtime: Runtime, clock: ManualClock) -> None:
    async with runtime.uow_factory(durable=False) as uow:
        first = await uow.inbox.claim("audit", "event-1")
        again = await uow.inbox.claim("audit", "event-1")
        other_consumer = await uow.inbox.claim("recurring", "event-1")
        await uow.commit()

    assert (first, again, other_consumer) == (True, False, True)


async def test_a_new_zone_moves_date_only_dues_to_its_midnight(
    runtime: Runtime, clock: ManualClock
) -> None:
    caller = await make_user(runtime, clock, "ann")
    await use_cases.add_task(
        uow=runtime.uow_factory(),
        clock=clock,
        caller=caller,
        fields=read_task_input(
            {"title": "Tokyo day", "due": "2026-03-05"}, caller.tz, require_title=True
        ),
    )
    await use_cases.add_task(
        uow=runtime.uow_factory(),
        clock=clock,
        caller=caller,
        fields=read_task_input(
            {"title": "Instant", "due": "2026-03-04T20:00:00+00:00"}, caller.tz, require_title=True
        ),
    )
    async with runtime.uow_factory() as uow:
        user = await uow.users.get(caller.user_id)
        assert user is not None
        user.timezone = "Asia/Tokyo"
        await uow.users.save(user)
        await uow.commit()

    tokyo = ZoneInfo("Asia/Tokyo")
    page = await runtime.tasks.list_tasks(
        caller.user_id, ListQuery(sort=SortKey.DUE, descending=False), now=clock.now(), tz=tokyo
    )
    # 2026-03-05 00:00 in Tokyo is 2026-03-04 15:00 UTC, before the 20:00 UTC instant.
    assert [task.title for task in page.items] == ["Tokyo day", "Instant"]


async def test_two_units_saving_one_user_keep_each_others_changes(
    runtime: Runtime, clock: ManualClock
) -> None:
    if isinstance(runtime, EmbeddedRuntime):
        pytest.skip("the embedded store's units of work take turns: they cannot overlap")
    caller = await make_user(runtime, clock, "cy")
    async with runtime.uow_factory() as profile, runtime.uow_factory() as password:
        renamed = await profile.users.get(caller.user_id)
        secured = await password.users.get(caller.user_id)
        assert renamed is not None
        assert secured is not None
        secured.password_hash = "a-new-hash"
        secured.session_version += 1
        await password.users.save(secured)
        await password.commit()
        renamed.name = "Cy"
        await profile.users.save(renamed)
        await profile.commit()

    async with runtime.uow_factory() as uow:
        user = await uow.users.get(caller.user_id)
    assert user is not None
    assert (user.name, user.password_hash, user.session_version) == ("Cy", "a-new-hash", 1)
