"""The idempotency keys' contract, on both stores: a key is claimed once, its answer
commits with the write that made it, and a claim that lapsed and was taken over lets
its first holder write nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.integration.runtimes.test_store_contract import make_user
from todo_chatbot.core.errors import TaskNotFound
from todo_chatbot.core.idempotency import (
    Answered,
    Claim,
    Claimed,
    ClaimLost,
    ClaimOutcome,
    ClaimRequest,
    Mismatched,
    Running,
    StoredAnswer,
)
from todo_chatbot.core.ids import new_id
from todo_chatbot.runtimes.clocks import ManualClock
from todo_chatbot.runtimes.runtime import Runtime
from todo_chatbot.tasks.task import Task, read_task_input

LEASE = timedelta(minutes=5)
KEEP = timedelta(hours=24)
ANSWER = StoredAnswer(201, b'{"id":"t1"}', {"content-type": "application/json", "etag": '"1"'})


def request(clock: ManualClock, user_id: str, key: str, fingerprint: str = "f1") -> ClaimRequest:
    return ClaimRequest(
        user_id=user_id, key=key, fingerprint=fingerprint, now=clock.now(), lease=LEASE, keep=KEEP
    )


async def claimed(runtime: Runtime, clock: ManualClock, user_id: str, key: str) -> Claim:
    outcome = await runtime.idempotency_keys.claim(request(clock, user_id, key))
    assert isinstance(outcome, Claimed), outcome
    return outcome.claim


async def again(runtime: Runtime, clock: ManualClock, claim: Claim) -> ClaimOutcome:
    return await runtime.idempotency_keys.claim(request(clock, claim.user_id, claim.key))


async def test_an_answer_kept_in_a_unit_of_work_is_what_the_key_answers_after_it_commits(
    runtime: Runtime, clock: ManualClock
) -> None:
    claim = await claimed(runtime, clock, new_id(), new_id())
    assert await again(runtime, clock, claim) == Running(LEASE)

    async with runtime.uow_factory() as uow:
        await uow.idempotency.record(claim, ANSWER)
        await uow.commit()

    assert await again(runtime, clock, claim) == Answered(ANSWER)


async def test_an_answer_of_a_unit_that_did_not_commit_is_not_kept(
    runtime: Runtime, clock: ManualClock
) -> None:
    claim = await claimed(runtime, clock, new_id(), new_id())

    async with runtime.uow_factory() as uow:
        await uow.idempotency.record(claim, ANSWER)

    clock.advance(timedelta(minutes=1))
    assert await again(runtime, clock, claim) == Running(LEASE - timedelta(minutes=1))


async def test_a_claim_that_lapsed_is_taken_over_and_its_first_holder_then_writes_nothing(
    runtime: Runtime, clock: ManualClock
) -> None:
    caller = await make_user(runtime, clock, "ann")
    first = await claimed(runtime, clock, caller.user_id, "key")
    clock.advance(LEASE + timedelta(seconds=1))
    second = await claimed(runtime, clock, caller.user_id, "key")
    assert second.token != first.token

    task = Task.create(
        task_id=new_id(),
        user_id=caller.user_id,
        fields=read_task_input({"title": "Twice?"}, caller.tz, require_title=True),
        now=clock.now(),
        tz=caller.tz,
        new_series_id=new_id(),
    )

    async def add_answered_by_the_first_claim() -> None:
        async with runtime.uow_factory() as uow:
            await uow.tasks.add(task)
            await uow.idempotency.record(first, ANSWER)
            await uow.commit()

    with pytest.raises(ClaimLost):
        await add_answered_by_the_first_claim()

    with pytest.raises(TaskNotFound):
        await runtime.tasks.get(caller.user_id, task.id)
    assert await again(runtime, clock, second) == Running(LEASE)


async def test_the_same_key_with_another_fingerprint_is_mismatched_and_another_users_is_free(
    runtime: Runtime, clock: ManualClock
) -> None:
    claim = await claimed(runtime, clock, new_id(), new_id())

    other = await runtime.idempotency_keys.claim(request(clock, claim.user_id, claim.key, "f2"))
    someone_else = await runtime.idempotency_keys.claim(request(clock, new_id(), claim.key))

    assert other == Mismatched()
    assert isinstance(someone_else, Claimed)


async def test_a_released_claim_frees_the_key_and_an_answered_one_stays(
    runtime: Runtime, clock: ManualClock
) -> None:
    released = await claimed(runtime, clock, new_id(), new_id())
    answered = await claimed(runtime, clock, new_id(), new_id())
    await runtime.idempotency_keys.answer(answered, ANSWER)

    await runtime.idempotency_keys.release(released)
    await runtime.idempotency_keys.release(answered)

    assert isinstance(await again(runtime, clock, released), Claimed)
    assert await again(runtime, clock, answered) == Answered(ANSWER)


async def test_expired_keys_are_pruned_and_live_ones_stay(
    runtime: Runtime, clock: ManualClock
) -> None:
    old = await claimed(runtime, clock, new_id(), new_id())
    await runtime.idempotency_keys.answer(old, ANSWER)
    clock.advance(KEEP + timedelta(seconds=1))
    young = await claimed(runtime, clock, new_id(), new_id())

    pruned = await runtime.idempotency_keys.prune(before=clock.now())

    assert pruned >= 1
    assert await again(runtime, clock, young) == Running(LEASE)
    assert isinstance(await again(runtime, clock, old), Claimed)
