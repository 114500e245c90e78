"""``python -m devstack restart audit`` on the running distributed system.

The stack records its processes (``pieces.json``, as ``make up`` does); the
command, run as a person would, stops the audit app and its sidecar and starts
both again under new pids, and the audit trail keeps working through them.
"""

from __future__ import annotations

import pytest

from devstack import pieces
from tests.support import DistributedServer, UserClient, audit_trail, run_devstack, wait_until

pytestmark = pytest.mark.slow

PAIR = ("daprd-audit", "app-audit")


def test_restart_by_name_restarts_a_services_sidecar_and_app_under_new_pids(
    distributed_server: DistributedServer, user: UserClient
) -> None:
    stack = distributed_server.stack
    stack.save_state()
    before = pieces.load(stack.run_dir)
    try:
        run_devstack("restart", "audit", "--run-dir", str(stack.run_dir))
        after = pieces.load(stack.run_dir)
        for name in PAIR:
            assert after[name]["pid"] != before[name]["pid"]
            assert pieces.running_pids(after[name]) == [after[name]["pid"]]
        task = user.add("Written after the restart")
        wait_until(
            lambda: audit_trail(user, task_id=task["id"]), timeout=60, what="its audit entry"
        )
    finally:
        for name in reversed(PAIR):
            pieces.stop_piece(pieces.load(stack.run_dir)[name])
        service = stack.services["audit"]
        service.app = None
        service.sidecar.process = None
        stack.start_service("audit")
