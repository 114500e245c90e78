"""``python -m devstack restart NAME`` and what ``down`` finds, on the real servers.

``infra up`` records its servers in ``pieces.json``: a piece restarted by name
comes back on its port under a new pid, and a piece someone killed and started
again by hand (the command its log shows) is still stopped by ``infra down``.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from devstack.dapr import wait_for
from devstack.pieces import PIECES_FILE, running_pids
from devstack.processes import port_open, stop_group
from tests.support import run_devstack

pytestmark = pytest.mark.slow


def recorded(run_dir: Path) -> dict[str, dict[str, Any]]:
    loaded: dict[str, dict[str, Any]] = json.loads((run_dir / PIECES_FILE).read_text())
    return loaded


def test_a_piece_restarts_by_name_and_down_stops_one_restarted_by_hand(tmp_path: Path) -> None:
    run_dir = tmp_path / "infra"
    run_devstack("infra", "up", "--run-dir", str(run_dir))
    try:
        before = recorded(run_dir)
        run_devstack("restart", "kafka", "--run-dir", str(run_dir))
        after = recorded(run_dir)
        assert after["kafka"]["pid"] != before["kafka"]["pid"]
        assert running_pids(after["kafka"]) == [after["kafka"]["pid"]]
        assert port_open(json.loads((run_dir / "ports.json").read_text())["kafka"])

        scheduler = after["scheduler"]
        scheduler_port = json.loads((run_dir / "ports.json").read_text())["scheduler"]
        stop_group(scheduler["pid"], grace=10)
        by_hand = subprocess.Popen(
            scheduler["argv"],
            cwd=scheduler["cwd"],
            stdout=(run_dir / "by-hand.log").open("wb"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_for(lambda: port_open(scheduler_port), timeout=60)
        assert by_hand.poll() is None, (run_dir / "by-hand.log").read_text()
        assert running_pids(scheduler) == [by_hand.pid]
    finally:
        run_devstack("infra", "down", "--run-dir", str(run_dir))
    assert by_hand.wait(timeout=30) is not None
    for piece in after.values():
        assert running_pids(piece) == []
