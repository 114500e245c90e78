"""A consumer's app killed while its sidecar keeps running, over and over.

When an app container restarts inside its pod, its daprd stays up and
re-subscribes once the app answers again. Each round here kills only the audit
app (SIGKILL), writes while it is down, starts it again beside the same sidecar
and checks that the audit trail catches up with every write: a sidecar whose
Kafka consumer kept only part of its topics would leave it behind for good.
"""

from __future__ import annotations

import pytest

from tests.support import DistributedServer, UserClient, audit_trail, wait_until

pytestmark = pytest.mark.slow

ROUNDS = 10


def recorded_tasks(user: UserClient) -> set[str]:
    return {entry["task_id"] for entry in audit_trail(user)}


def test_the_audit_trail_keeps_up_after_its_app_alone_is_killed_again_and_again(
    distributed_server: DistributedServer, user: UserClient
) -> None:
    stack = distributed_server.stack
    written: set[str] = set()
    for round_number in range(ROUNDS):
        written.update(user.add(f"Before kill {round_number}.{n}")["id"] for n in range(3))
        stack.kill_app("audit")
        written.update(user.add(f"While down {round_number}.{n}")["id"] for n in range(3))
        stack.start_app("audit")
        written.update(user.add(f"After restart {round_number}.{n}")["id"] for n in range(3))
        wait_until(
            lambda: recorded_tasks(user) == written,
            timeout=60,
            what=f"the audit trail to catch up after restart {round_number + 1}",
        )
