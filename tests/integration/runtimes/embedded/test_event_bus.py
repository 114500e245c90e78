"""The embedded event bus: every consumer gets every event, in commit order,
at least once, with bounded retries and a dead-letter table, and resumes
where it stopped after a restart."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

import orjson
import pytest

from tests.integration.runtimes.test_store_contract import make_user
from todo_chatbot.runtimes.clocks import ManualClock
from todo_chatbot.runtimes.embedded.bus import EmbeddedEventBus, RetryPolicy, dead_letters
from todo_chatbot.runtimes.embedded.wiring import EmbeddedRuntime
from todo_chatbot.runtimes.subscriptions import Subscription
from todo_chatbot.tasks import use_cases
from todo_chatbot.tasks.events import Event, EventData, Topic
from todo_chatbot.tasks.queries import ListQuery
from todo_chatbot.tasks.task import read_task_input
from todo_chatbot.tasks.use_cases import Caller

FAST_RETRY = RetryPolicy(max_attempts=3, first_pause=0.001, max_pause=0.005)


# The embedded runtime only: its bus is what these tests are about.
pytestmark = pytest.mark.parametrize("runtime", ["embedded"], indirect=True)


class Recorder:
    """A handler that remembers what it was given, and can be told to fail."""

    def __init__(self, fail: Callable[[Event, int], bool] | None = None) -> None:
        self.events: list[Event] = []
        self.attempts: dict[str, int] = {}
        self._fail = fail

    async def __call__(self, event: Event, data: EventData) -> None:
        attempt = self.attempts[event.id] = self.attempts.get(event.id, 0) + 1
        if self._fail is not None and self._fail(event, attempt):
            raise RuntimeError(f"handler fails on attempt {attempt}")
        self.events.append(event)


def bus_for(
    runtime: EmbeddedRuntime,
    clock: ManualClock,
    *,
    poll_interval: float = 0.05,
    **handlers: Recorder,
) -> EmbeddedEventBus:
    subscriptions = [
        Subscription(consumer=name, topic=Topic.TASK_EVENTS, service=name, handler=handler)
        for name, handler in handlers.items()
    ]
    bus = EmbeddedEventBus(
        runtime.database, clock, subscriptions, retry=FAST_RETRY, poll_interval=poll_interval
    )
    runtime.uow_factory.after_commit = bus.notify  # type: ignore[attr-defined]
    return bus


async def eventually(condition: Callable[[], Any], within: float = 5) -> None:
    """Poll ``condition`` until it holds; fail after ``within`` seconds."""
    async with asyncio.timeout(within):
        while not condition():  # noqa: ASYNC110 - polls state that other tasks change
            await asyncio.sleep(0.01)


async def add(
    runtime: EmbeddedRuntime, clock: ManualClock, caller: Caller, title: str, **fields: Any
) -> str:
    task = await use_cases.add_task(
        uow=runtime.uow_factory(),
        clock=clock,
        caller=caller,
        fields=read_task_input({"title": title, **fields}, caller.tz, require_title=True),
    )
    return task.id


async def running(bus: EmbeddedEventBus, body: Callable[[], Awaitable[None]]) -> None:
    await bus.start()
    try:
        await body()
    finally:
        await bus.stop()


async def test_every_consumer_receives_every_event_in_commit_order(
    runtime: EmbeddedRuntime, clock: ManualClock
) -> None:
    caller = await make_user(runtime, clock, "ann")
    first, second = Recorder(), Recorder()
    bus = bus_for(runtime, clock, first=first, second=second)
    a = await add(runtime, clock, caller, "A")
    await use_cases.update_task(
        uow=runtime.uow_factory(),
        clock=clock,
        caller=caller,
        task_id=a,
        fields=read_task_input({"title": "A2"}, caller.tz, require_title=False),
    )
    b = await add(runtime, clock, caller, "B")
    await use_cases.complete_task(uow=runtime.uow_factory(), clock=clock, caller=caller, task_id=a)

    await running(
        bus, lambda: eventually(lambda: len(first.events) == 4 and len(second.events) == 4)
    )

    expected = [
        ("task.created", a),
        ("task.updated", a),
        ("task.created", b),
        ("task.completed", a),
    ]
    assert [(e.type, e.subject) for e in first.events] == expected
    assert [(e.type, e.subject) for e in second.events] == expected


async def test_events_committed_while_running_are_delivered_promptly(
    runtime: EmbeddedRuntime, clock: ManualClock
) -> None:
    caller = await make_user(runtime, clock, "ann")
    recorder = Recorder()
    bus = bus_for(runtime, clock, only=recorder)

    async def write_then_wait() -> None:
        for number in range(20):
            await add(runtime, clock, caller, f"task {number}")
        await eventually(lambda: len(recorder.events) == 20)

    await running(bus, write_then_wait)

    assert [e.data["task"]["title"] for e in recorder.events] == [f"task {n}" for n in range(20)]


async def test_a_failing_handler_is_retried_until_it_succeeds(
    runtime: EmbeddedRuntime, clock: ManualClock
) -> None:
    caller = await make_user(runtime, clock, "ann")
    flaky = Recorder(fail=lambda event, attempt: attempt < 3)
    bus = bus_for(runtime, clock, flaky=flaky)
    task_id = await add(runtime, clock, caller, "A")

    await running(bus, lambda: eventually(lambda: len(flaky.events) == 1))

    assert flaky.events[0].subject == task_id
    assert flaky.attempts[flaky.events[0].id] == 3
    assert dead_letters(runtime.database) == []


async def test_a_handler_that_keeps_failing_dead_letters_and_the_topic_flows(
    runtime: EmbeddedRuntime, clock: ManualClock
) -> None:
    caller = await make_user(runtime, clock, "ann")
    picky = Recorder(fail=lambda event, attempt: event.data["task"]["title"] == "poison")
    bus = bus_for(runtime, clock, picky=picky)
    await add(runtime, clock, caller, "poison")
    after = await add(runtime, clock, caller, "fine")

    await running(bus, lambda: eventually(lambda: len(picky.events) == 1))

    assert picky.events[0].subject == after
    letters = dead_letters(runtime.database)
    assert [(d["consumer"], d["attempts"]) for d in letters] == [("picky", FAST_RETRY.max_attempts)]
    assert "handler fails" in letters[0]["error"]


async def test_an_unreadable_event_is_dead_lettered_at_once(
    runtime: EmbeddedRuntime, clock: ManualClock
) -> None:
    caller = await make_user(runtime, clock, "ann")
    recorder = Recorder()
    bus = bus_for(runtime, clock, reader=recorder)
    async with runtime.database.transaction() as transaction:
        conn = transaction.conn
        conn.execute(
            "INSERT INTO outbox (topic, event_id, type, partition_key, body, created_at)"
            " VALUES ('task-events', 'bad-1', 'task.created', 'x', ?, 0)",
            (orjson.dumps({"specversion": "1.0", "type": "task.created"}),),
        )
        conn.execute(
            "INSERT INTO outbox (topic, event_id, type, partition_key, body, created_at)"
            " VALUES ('task-events', 'bad-2', 'task.created', 'x', X'FFFE', 0)"
        )
        transaction.commit()
    task_id = await add(runtime, clock, caller, "after the poison")

    await running(bus, lambda: eventually(lambda: len(recorder.events) == 1))

    assert recorder.events[0].subject == task_id
    letters = dead_letters(runtime.database, "reader")
    assert sorted(d["event_id"] for d in letters) == ["bad-1", "bad-2"]
    assert all(d["attempts"] == 1 for d in letters)
    assert recorder.attempts == {recorder.events[0].id: 1}


async def test_a_restarted_bus_resumes_where_it_stopped(
    runtime: EmbeddedRuntime, clock: ManualClock
) -> None:
    caller = await make_user(runtime, clock, "ann")
    before = Recorder()
    for number in range(3):
        await add(runtime, clock, caller, f"before {number}")
    await running(
        bus_for(runtime, clock, audit_like=before),
        lambda: eventually(lambda: len(before.events) == 3),
    )

    for number in range(2):
        await add(runtime, clock, caller, f"after {number}")
    after = Recorder()
    await running(
        bus_for(runtime, clock, audit_like=after),
        lambda: eventually(lambda: len(after.events) == 2),
    )

    assert [e.data["task"]["title"] for e in after.events] == ["after 0", "after 1"]


def received(recorder: Recorder, events: int) -> bool:
    return len(recorder.events) == events


def last_task_event(runtime: EmbeddedRuntime) -> int:
    return count(runtime, "SELECT max(seq) FROM outbox WHERE topic = ?", str(Topic.TASK_EVENTS))


def saved_position(runtime: EmbeddedRuntime, consumer: str) -> int:
    return count(runtime, "SELECT position FROM consumer_offsets WHERE consumer = ?", consumer)


async def test_a_busy_consumer_saves_its_position_once_things_are_quiet(
    runtime: EmbeddedRuntime, clock: ManualClock
) -> None:
    """Not after every batch: that was a commit per batch, most of the commits under load."""
    caller = await make_user(runtime, clock, "ann")
    recorder = Recorder()
    bus = bus_for(runtime, clock, only=recorder)

    async def stream_then_wait() -> None:
        before = runtime.database.commits
        for number in range(1, 21):
            await add(runtime, clock, caller, f"task {number}")
            await eventually(partial(received, recorder, number))
        assert runtime.database.commits - before <= 20 + 2  # the adds, and a save or two
        last = last_task_event(runtime)
        await eventually(lambda: saved_position(runtime, "only") == last)

    await running(bus, stream_then_wait)


async def test_a_stopping_bus_saves_where_each_consumer_got_to(
    runtime: EmbeddedRuntime, clock: ManualClock
) -> None:
    caller = await make_user(runtime, clock, "ann")
    recorder = Recorder()
    # never quiet long enough to save its position on its own
    bus = bus_for(runtime, clock, poll_interval=60, only=recorder)
    for number in range(3):
        await add(runtime, clock, caller, f"task {number}")
    last = last_task_event(runtime)

    await running(bus, lambda: eventually(partial(received, recorder, 3)))

    assert saved_position(runtime, "only") == last


def count(runtime: EmbeddedRuntime, sql: str, *params: Any) -> int:
    (value,) = runtime.database.reader.execute(sql, params).fetchone()
    return int(value)


async def test_a_redelivered_event_has_one_effect(
    runtime: EmbeddedRuntime, clock: ManualClock
) -> None:
    """Audit keeps one entry per event and the recurring service makes one next occurrence,
    however often the same events arrive."""
    caller = await make_user(runtime, clock, "ann")
    task_id = await add(
        runtime, clock, caller, "Water plants", due="2026-03-07T09:00:00", recurrence="FREQ=WEEKLY"
    )
    await use_cases.complete_task(
        uow=runtime.uow_factory(), clock=clock, caller=caller, task_id=task_id
    )

    for _delivery in range(3):
        await runtime.bus.start()
        await eventually(lambda: sum(runtime.bus.lag().values()) == 0)
        await runtime.bus.stop()
        async with runtime.database.transaction(durable=False) as transaction:
            transaction.conn.execute("UPDATE consumer_offsets SET position = 0")
            transaction.commit()

    events = count(runtime, "SELECT count(*) FROM outbox WHERE topic = 'task-events'")
    assert events == 3  # created, completed, and the next occurrence's created
    assert count(runtime, "SELECT count(*) FROM audit_log") == 3
    assert count(runtime, "SELECT count(*) FROM tasks WHERE title = 'Water plants'") == 2
    following = runtime.database.reader.execute(
        "SELECT occurrence, due_at FROM tasks WHERE title = 'Water plants' AND status = 0"
    ).fetchone()
    assert following[0] == 2


async def test_the_next_occurrence_is_in_the_users_zone(
    runtime: EmbeddedRuntime, clock: ManualClock
) -> None:
    caller = await make_user(runtime, clock, "ann")
    task_id = await add(
        runtime,
        clock,
        caller,
        "Stand-up",
        due="2026-03-06T09:00:00",
        recurrence="FREQ=WEEKLY;BYDAY=MO,FR",
    )
    await use_cases.complete_task(
        uow=runtime.uow_factory(), clock=clock, caller=caller, task_id=task_id
    )

    await runtime.bus.start()
    await eventually(lambda: sum(runtime.bus.lag().values()) == 0)
    await runtime.bus.stop()

    page = await runtime.tasks.list_tasks(
        caller.user_id, ListQuery(), now=clock.now(), tz=caller.tz
    )
    monday_nine = datetime(2026, 3, 9, 9, 0, tzinfo=ZoneInfo("America/New_York")).astimezone(UTC)
    assert [(t.title, t.due) for t in page.items] == [("Stand-up", monday_nine)]


class BatchRecorder:
    """A batch handler that remembers each batch, and can be told to fail."""

    def __init__(self, fail: bool = False) -> None:
        self.batches: list[list[str]] = []
        self._fail = fail

    async def __call__(self, events: list[tuple[Event, EventData]]) -> None:
        if self._fail:
            raise RuntimeError("the batch handler fails")
        self.batches.append([event.subject for event, _ in events])


async def test_a_batch_handler_gets_the_events_in_order_in_few_calls(
    runtime: EmbeddedRuntime, clock: ManualClock
) -> None:
    caller = await make_user(runtime, clock, "ann")
    ids = [await add(runtime, clock, caller, f"task {n}") for n in range(30)]
    single, batch = Recorder(), BatchRecorder()
    sub = Subscription(
        consumer="bulk",
        service="bulk",
        topic=Topic.TASK_EVENTS,
        handler=single,
        batch_handler=batch,
    )
    bus = EmbeddedEventBus(runtime.database, clock, [sub], retry=FAST_RETRY, poll_interval=0.05)

    await running(bus, lambda: eventually(lambda: sum(len(b) for b in batch.batches) == 30))

    assert [subject for b in batch.batches for subject in b] == ids
    assert len(batch.batches) == 1
    assert single.events == []


async def test_a_failing_batch_is_delivered_one_by_one(
    runtime: EmbeddedRuntime, clock: ManualClock
) -> None:
    caller = await make_user(runtime, clock, "ann")
    ids = [await add(runtime, clock, caller, f"task {n}") for n in range(3)]
    single = Recorder()
    sub = Subscription(
        consumer="bulk",
        service="bulk",
        topic=Topic.TASK_EVENTS,
        handler=single,
        batch_handler=BatchRecorder(fail=True),
    )
    bus = EmbeddedEventBus(runtime.database, clock, [sub], retry=FAST_RETRY, poll_interval=0.05)

    await running(bus, lambda: eventually(lambda: len(single.events) == 3))

    assert [event.subject for event in single.events] == ids
    assert dead_letters(runtime.database) == []


async def test_an_unreadable_event_leaves_the_batch_for_the_dead_letters(
    runtime: EmbeddedRuntime, clock: ManualClock
) -> None:
    caller = await make_user(runtime, clock, "ann")
    before = await add(runtime, clock, caller, "before")
    async with runtime.database.transaction() as transaction:
        transaction.conn.execute(
            "INSERT INTO outbox (topic, event_id, type, partition_key, body, created_at)"
            " VALUES ('task-events', 'bad', 'task.created', 'x', X'00', 0)"
        )
        transaction.commit()
    after = await add(runtime, clock, caller, "after")
    batch = BatchRecorder()
    sub = Subscription(
        consumer="bulk",
        service="bulk",
        topic=Topic.TASK_EVENTS,
        handler=Recorder(),
        batch_handler=batch,
    )
    bus = EmbeddedEventBus(runtime.database, clock, [sub], retry=FAST_RETRY, poll_interval=0.05)

    await running(bus, lambda: eventually(lambda: sum(len(b) for b in batch.batches) == 2))

    assert [subject for b in batch.batches for subject in b] == [before, after]
    assert [d["event_id"] for d in dead_letters(runtime.database)] == ["bad"]
