"""Command line: ``python -m devstack build | up | down | restart NAME | stop NAME | start NAME |
infra up | infra down | infra status``.

- ``up``: the whole distributed system (``make up``): the infrastructure
  below, the five services each beside its Dapr sidecar, the web app's own
  service, and a gateway that serves them all on one origin (``--port``, 8000)
  as the ingress does in Kubernetes. ``down`` (``make down``) stops it all,
  pieces restarted since included (``RUN_DIR/pieces.json``).
- ``restart NAME`` (``make restart NAME=...``): stop one piece of what ``up``
  started and start it again the same way: a service's name (``audit``) means
  its sidecar and its app together; ``app-audit``, ``daprd-audit``,
  ``postgres``, ``kafka``, ``scheduler``, ``app-web``, ``gateway`` one process.
  ``stop NAME`` and ``start NAME`` do each half (to break a piece on purpose).

- ``build``: make sure every binary is in the cache (daprd and the scheduler
  built from source, Kafka's jars fetched), with progress; instant when warm.
- ``deploy-tools`` (``make deploy-tools``): the same for the chart's offline
  checks: helm, kubeconform, hadolint, Kubernetes' and Dapr's schemas
  (``devstack.deploy_tools``).
- ``images`` (``make images``): the project's image built with podman from locally
  made bases (a debootstrapped Debian), tagged by version and commit, with its size
  (``devstack.images``).
- ``cluster-tools`` (``make cluster-tools``): the same for the chart's cluster
  checks: etcd, kube-apiserver, kube-controller-manager, kube-scheduler,
  kubectl, kwok and kwokctl, Dapr's CRDs (``devstack.cluster_tools``).
- ``infra up``: start PostgreSQL, Kafka and the Dapr scheduler under the run
  directory (``.devstack/`` at the repository root unless ``--run-dir``) and
  print their addresses; they keep running after the command returns.
- ``infra down``: stop what ``up`` started (pids from ``RUN_DIR/state.json``);
  ``--purge`` deletes the data too.
- ``infra status``: whether each recorded server still runs and accepts.

Data stays in the run directory between ``down`` and ``up``; ``down --purge``
starts afresh.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from devstack import pieces, versions
from devstack.binaries import ensure_dapr, ensure_kafka
from devstack.infra import Infra, purge, read_state, status, stop_recorded
from devstack.postgres import find_bin_dir
from devstack.progress import elapsed, say
from devstack.stack import STACK_FILE, Stack, stop_recorded_stack, traced_to

DEFAULT_RUN_DIR = Path(__file__).resolve().parent.parent / ".devstack"


def build() -> int:
    started = time.monotonic()
    dapr = ensure_dapr()
    kafka = ensure_kafka()
    print(f"daprd      {dapr.daprd}")
    print(f"scheduler  {dapr.scheduler}")
    print(f"kafka      {kafka.version}: {kafka.libs}")
    print(f"postgres   {find_bin_dir()}")
    say(f"every binary is ready ({elapsed(started)})")
    return 0


def infra_up(run_dir: Path) -> int:
    state = read_state(run_dir)
    if state is not None and any(verdict != "stopped" for verdict in status(state).values()):
        say(f"already running in {run_dir} (infra down first):")
        print(json.dumps(status(state), indent=2))
        return 1
    started = time.monotonic()
    infra = Infra(run_dir, supervised=False)
    infra.start()
    infra.save_state()
    say(f"infrastructure up in {elapsed(started)}; logs in {infra.logs}")
    print(f"POSTGRES_URL={infra.postgres_url}")
    print(f"KAFKA_BROKERS={infra.kafka_brokers}")
    print(f"SCHEDULER_ADDRESS={infra.scheduler_address}")
    print(f"NAME_RESOLUTION_DB={infra.name_resolution_db}")
    return 0


def infra_down(run_dir: Path, purge_data: bool = False) -> int:
    stopped = stop_recorded(run_dir)
    say(f"stopped: {', '.join(stopped) or 'nothing was running'}")
    if purge_data:
        purge(run_dir)
        say(f"deleted {run_dir} and its PostgreSQL data")
    return 0


def stack_up(run_dir: Path, port: int, otlp_endpoint: str | None = None) -> int:
    if (run_dir / STACK_FILE).is_file():
        say(f"already up in {run_dir} (make down first)")
        return 1
    started = time.monotonic()
    build()
    stack = Stack(
        run_dir,
        supervised=False,
        web_port=port,
        **(traced_to(otlp_endpoint) if otlp_endpoint else {}),
    )
    stack.start()
    stack.save_state()
    say(f"the distributed system is up ({elapsed(started)}); logs in {stack.logs}")
    print(f"Todo Chatbot {stack.web_url}  (the web app; /api, /docs and /ws on the same origin)")
    print(f"backend    {stack.backend_url}")
    print(f"live       {stack.websocket_url}/ws?token=ACCESS_TOKEN")
    print(f"PostgreSQL {stack.infra.postgres_url}")
    print(f"Kafka      {stack.infra.kafka_brokers}")
    return 0


def stack_down(run_dir: Path) -> int:
    stopped = stop_recorded_stack(run_dir)
    say(f"stopped: {', '.join(stopped) or 'nothing was running'}")
    return 0


def piece_command(action: str, run_dir: Path, name: str) -> int:
    recorded = pieces.load(run_dir)
    if not recorded:
        say(f"nothing recorded in {run_dir} (make up first)")
        return 1
    chosen = pieces.members(recorded, name)
    if action == "restart":
        pieces.restart(run_dir, name)
    elif action == "stop":
        for member in reversed(chosen):
            pieces.stop_piece(recorded[member])
    else:
        for member in chosen:
            recorded[member] = pieces.start_piece(recorded[member])
            pieces.save(run_dir, recorded)
    say(f"{action}: {', '.join(chosen)}")
    return 0


def infra_status(run_dir: Path) -> int:
    state = read_state(run_dir)
    if state is None:
        say(f"nothing recorded in {run_dir}")
        return 1
    verdicts = status(state)
    for name, verdict in verdicts.items():
        print(f"{name:10} {verdict}")
    for key in ("postgres_url", "kafka_brokers", "scheduler_address"):
        print(f"{key:18} {state[key]}")
    return 0 if all(verdict.startswith("running (") for verdict in verdicts.values()) else 1


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="python -m devstack", description=__doc__.split("\n")[0])
    commands = top.add_subparsers(dest="command", required=True)
    commands.add_parser("build", help="build or fetch every binary into the cache")
    commands.add_parser(
        "deploy-tools", help="build or fetch helm, kubeconform, hadolint and the schemas"
    )
    commands.add_parser(
        "images", help="build the image with podman from locally made bases (debootstrap)"
    )
    commands.add_parser(
        "cluster-tools", help="build etcd, the Kubernetes control plane, kubectl and kwok"
    )
    infra = commands.add_parser("infra", help="PostgreSQL, Kafka and the Dapr scheduler")
    infra.add_argument("action", choices=["up", "down", "status"])
    infra.add_argument("--run-dir", type=Path, default=DEFAULT_RUN_DIR)
    infra.add_argument("--purge", action="store_true", help="down: delete the data as well")
    commands.add_parser("versions", help="print the pinned versions")
    up = commands.add_parser("up", help="the whole distributed system, every service with Dapr")
    up.add_argument("--run-dir", type=Path, default=DEFAULT_RUN_DIR / "stack")
    up.add_argument(
        "--port", type=int, default=8000, help="the web app's and API's port (default 8000)"
    )
    up.add_argument(
        "--otlp-endpoint",
        metavar="HOST:PORT",
        help="trace every request and event: sidecars and apps send spans there (OTLP/HTTP)",
    )
    down = commands.add_parser("down", help="stop what up started")
    down.add_argument("--run-dir", type=Path, default=DEFAULT_RUN_DIR / "stack")
    for action, what in (
        ("restart", "stop one piece of what up started and start it again"),
        ("stop", "stop one piece of what up started"),
        ("start", "start one stopped piece again as up started it"),
    ):
        piece = commands.add_parser(action, help=what)
        piece.add_argument("name", help="a service (its sidecar and app) or one process")
        piece.add_argument("--run-dir", type=Path, default=DEFAULT_RUN_DIR / "stack")
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.command == "build":
        return build()
    if args.command == "deploy-tools":
        from devstack.deploy_tools import main as deploy_tools

        return deploy_tools()
    if args.command == "images":
        from devstack.images import main as images

        return images()
    if args.command == "cluster-tools":
        from devstack.cluster_tools import main as cluster_tools

        return cluster_tools()
    if args.command == "versions":
        print(f"dapr   {versions.DAPR_VERSION}")
        print(
            f"kafka  {versions.KAFKA_VERSION} (component version metadata: "
            f"{versions.KAFKA_PROTOCOL_VERSION})"
        )
        return 0
    run_dir: Path = args.run_dir.resolve()
    if args.command == "up":
        return stack_up(run_dir, args.port, args.otlp_endpoint)
    if args.command == "down":
        return stack_down(run_dir)
    if args.command in ("restart", "stop", "start"):
        return piece_command(args.command, run_dir, args.name)
    if args.action == "down":
        return infra_down(run_dir, args.purge)
    actions = {"up": infra_up, "status": infra_status}
    return actions[args.action](run_dir)


if __name__ == "__main__":
    sys.exit(main())
