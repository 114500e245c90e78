"""Ended sessions in the embedded runtime with several worker processes (two runtimes on
one data directory stand for two): a token revoked, or ended by a password change,
through one process is refused by the other at once, though it had remembered the
token as good."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from tests.integration.runtimes.test_store_contract import make_user
from todo_chatbot.accounts.use_cases import Session, log_out, open_session
from todo_chatbot.config import Settings
from todo_chatbot.core.errors import NotAuthenticated
from todo_chatbot.runtimes.clocks import ManualClock
from todo_chatbot.runtimes.embedded.wiring import EmbeddedRuntime, build_embedded_runtime


@pytest.fixture
async def workers(tmp_path: Path, clock: ManualClock) -> AsyncIterator[list[EmbeddedRuntime]]:
    settings = Settings(data_dir=tmp_path, workers=2)
    runtimes = [await build_embedded_runtime(settings, clock) for _ in range(2)]
    yield runtimes
    for runtime in runtimes:
        await runtime.stop()


async def session(runtime: EmbeddedRuntime, token: str) -> Session:
    return await open_session(directory=runtime.users, tokens=runtime.tokens, token=token)


async def test_a_token_revoked_through_one_process_is_refused_by_the_other(
    workers: list[EmbeddedRuntime], clock: ManualClock
) -> None:
    one, other = workers
    caller = await make_user(one, clock, "ann")
    token = one.tokens.issue(caller.user_id, 0)
    kept = one.tokens.issue(caller.user_id, 0)
    assert (await session(other, token)).user.id == caller.user_id

    await log_out(uow_factory=one.uow_factory, session=await session(one, token))

    for runtime in workers:
        with pytest.raises(NotAuthenticated):
            await session(runtime, token)
        assert (await session(runtime, kept)).user.id == caller.user_id


async def test_a_session_version_moved_on_through_one_process_ends_the_tokens_in_the_other(
    workers: list[EmbeddedRuntime], clock: ManualClock
) -> None:
    one, other = workers
    caller = await make_user(one, clock, "ann")
    token = one.tokens.issue(caller.user_id, 0)
    assert (await session(other, token)).user.session_version == 0

    async with one.uow_factory() as uow:
        user = await uow.users.get(caller.user_id)
        assert user is not None
        user.session_version += 1
        await uow.users.save(user)
        await uow.commit()

    with pytest.raises(NotAuthenticated):
        await session(other, token)
    assert (await session(other, one.tokens.issue(caller.user_id, 1))).user.id == caller.user_id


async def test_revocations_are_forgotten_once_their_tokens_have_expired(
    workers: list[EmbeddedRuntime], clock: ManualClock
) -> None:
    one, _ = workers
    caller = await make_user(one, clock, "ann")
    token = one.tokens.issue(caller.user_id, 0)
    await log_out(uow_factory=one.uow_factory, session=await session(one, token))
    reader = one.database.reader
    assert reader.execute("SELECT count(*) FROM revoked_tokens").fetchone() == (1,)

    clock.advance(timedelta(seconds=one.settings.token_ttl_seconds + 1))
    await one.housekeeper.prune()

    assert reader.execute("SELECT count(*) FROM revoked_tokens").fetchone() == (0,)
