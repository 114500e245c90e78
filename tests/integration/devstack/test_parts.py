"""The parts of devstack under the smoke test: the cache and the process supervisor.

Real processes and real files throughout (no binaries needed, except the
PostgreSQL test, which is marked slow): builds raced by two processes, a build
killed half-way, children that ignore SIGTERM, a parent that dies.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import pytest

from devstack import cache
from devstack.infra import Infra, InfraPorts, collect_orphans, purge, read_state
from devstack.kafka import KafkaBroker, new_cluster_id
from devstack.postgres import PostgresServer
from devstack.processes import ProcessFailed, ephemeral_range, free_port, free_ports, start

ROOT = Path(__file__).resolve().parents[3]


def gone(pid: int, timeout: float = 5) -> bool:
    """Whether ``pid`` has exited (zombies count as exited) within ``timeout``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            return True
        if state == "Z":
            return True
        time.sleep(0.05)
    return False


def run_python(code: str, **popen: object) -> subprocess.Popen[str]:
    return subprocess.Popen(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        **popen,
    )


# -- cache -------------------------------------------------------------------------------


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    return tmp_path


def test_an_entry_is_built_once_then_reused(cache_home: Path) -> None:
    builds: list[Path] = []

    def build(folder: Path) -> dict[str, object]:
        (folder / "artifact").write_text("built")
        builds.append(folder)
        return {"answer": 42}

    entry = cache.entry_path("thing", "1.0")
    assert entry == cache_home / "todo-chatbot" / "thing" / "1.0"
    assert cache.ensure_entry(entry, build, label="thing") == entry
    assert cache.ensure_entry(entry, build, label="thing") == entry
    assert len(builds) == 1
    assert (entry / "artifact").read_text() == "built"
    assert cache.read_manifest(entry)["answer"] == 42


def test_a_failed_build_leaves_nothing_behind(cache_home: Path) -> None:
    def build(folder: Path) -> None:
        (folder / "half").write_text("half a build")
        raise RuntimeError("compiler exploded")

    entry = cache.entry_path("thing", "2.0")
    with pytest.raises(RuntimeError, match="compiler exploded"):
        cache.ensure_entry(entry, build, label="thing")
    assert not entry.exists()
    assert list(entry.parent.iterdir()) == [entry.with_name("2.0.lock")]


BUILDER = """
    import sys, time
    from pathlib import Path
    from devstack import cache

    def build(folder):
        with open(sys.argv[1], "a") as log:
            log.write("build\\n")
        (folder / "half").write_text("x")
        time.sleep(float(sys.argv[2]))
        (folder / "artifact").write_text("done")

    print(cache.ensure_entry(cache.entry_path("raced", "1"), build, label="raced"), flush=True)
"""


def builder(cache_home: Path, counter: Path, seconds: float) -> subprocess.Popen[str]:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache_home)}
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(BUILDER), str(counter), str(seconds)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_processes_racing_build_once(cache_home: Path, tmp_path: Path) -> None:
    counter = tmp_path / "builds.txt"
    first, second = builder(cache_home, counter, 1.0), builder(cache_home, counter, 1.0)
    outputs = [process.communicate(timeout=60)[0].strip() for process in (first, second)]

    assert first.returncode == second.returncode == 0
    assert counter.read_text() == "build\n"
    assert outputs[0] == outputs[1] == str(cache.entry_path("raced", "1"))
    assert (cache.entry_path("raced", "1") / "artifact").read_text() == "done"


def test_a_killed_build_is_cleared_by_the_next_one(cache_home: Path, tmp_path: Path) -> None:
    counter = tmp_path / "builds.txt"
    victim = builder(cache_home, counter, 60.0)
    entry = cache.entry_path("raced", "1")
    deadline = time.monotonic() + 30
    while not list(entry.parent.glob(".1.building-*")) and time.monotonic() < deadline:
        time.sleep(0.05)
    victim.kill()
    victim.communicate()
    assert list(entry.parent.glob(".1.building-*")), "the victim left its half build"
    assert not entry.exists()

    survivor = builder(cache_home, counter, 0.0)
    assert survivor.communicate(timeout=60)[0].strip() == str(entry)
    assert counter.read_text() == "build\nbuild\n"
    assert (entry / "artifact").read_text() == "done"
    assert not list(entry.parent.glob(".1.building-*"))


# -- processes ---------------------------------------------------------------------------

# Children print text their command line does not contain (the log starts with the command).
SLEEPER = [sys.executable, "-c", "print('hello from ' + 'the child', flush=True); import time; "
           "time.sleep(120)"]  # fmt: skip


def test_a_readiness_timeout_quotes_the_log(tmp_path: Path) -> None:
    child = start("sleeper", SLEEPER, tmp_path)
    try:
        with pytest.raises(ProcessFailed, match="hello from the child") as raised:
            child.wait_for_port(free_port(), timeout=1)
        assert "did not get to accept connections" in str(raised.value)
    finally:
        child.stop()


def test_an_early_exit_is_reported_with_its_code(tmp_path: Path) -> None:
    code = "import sys; print('cannot ' + 'bind', flush=True); sys.exit(3)"
    child = start("quitter", [sys.executable, "-c", code], tmp_path)
    with pytest.raises(ProcessFailed, match=r"exited with code 3[\s\S]*cannot bind"):
        child.wait_for_http(f"http://127.0.0.1:{free_port()}/", timeout=30)


def test_ready_when_the_port_accepts_and_a_clean_stop(tmp_path: Path) -> None:
    port = free_port()
    code = f"import http.server as h; h.HTTPServer(('127.0.0.1', {port}), h.SimpleHTTPRequestHandler).serve_forever()"  # noqa: E501
    child = start("web", [sys.executable, "-c", code], tmp_path, cwd=tmp_path)
    child.wait_for_http(f"http://127.0.0.1:{port}/", timeout=30)
    assert child.stop(grace=10) == -signal.SIGTERM


def test_stop_escalates_to_sigkill(tmp_path: Path) -> None:
    code = (
        "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); "
        "print('rea' + 'dy', flush=True); time.sleep(120)"
    )
    child = start("stubborn", [sys.executable, "-c", code], tmp_path)
    child.wait_until(lambda: "ready" in child.log_since_start(), "say ready", 30)
    started = time.monotonic()
    assert child.stop(grace=0.5) == -signal.SIGKILL
    assert time.monotonic() - started < 5


def test_kill_takes_the_whole_family(tmp_path: Path) -> None:
    code = (
        "import subprocess, sys, time; "
        "g = subprocess.Popen([sys.executable, '-c', 'import os, time; os.setsid(); "
        "time.sleep(120)']); print(g.pid, flush=True); time.sleep(120)"
    )
    child = start("parent", [sys.executable, "-c", code], tmp_path)
    child.wait_until(lambda: child.log_since_start().strip().split("\n")[-1].isdigit(), "", 30)
    grandchild = int(child.log_since_start().strip().split("\n")[-1])
    assert child.kill() == -signal.SIGKILL
    assert gone(grandchild), "a grandchild in a session of its own outlived kill()"


SUPERVISOR = """
    import sys, time
    from pathlib import Path
    from devstack.processes import start
    sleeper = [sys.executable, "-c", "import time; time.sleep(120)"]
    child = start("sleeper", sleeper, Path(sys.argv[1]))
    print(child.pid, flush=True)
    if sys.argv[2] == "wait":
        time.sleep(120)
"""


@pytest.mark.parametrize("ending", ["exit", "SIGTERM", "SIGINT"])
def test_children_stop_when_the_supervisor_ends(tmp_path: Path, ending: str) -> None:
    mode = "exit" if ending == "exit" else "wait"
    parent = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(SUPERVISOR), str(tmp_path), mode],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert parent.stdout is not None
    child = int(parent.stdout.readline())
    if ending != "exit":
        parent.send_signal(getattr(signal, ending))
    parent.wait(timeout=30)
    assert gone(child), f"the child outlived its supervisor ({ending})"


def test_free_ports_are_distinct_and_not_ephemeral() -> None:
    ports = free_ports(20)
    assert len(set(ports)) == 20
    assert all(port < ephemeral_range()[0] for port in ports)


# -- postgres ----------------------------------------------------------------------------


@pytest.mark.slow
def test_postgres_survives_a_kill_and_keeps_its_rows() -> None:
    directory = Path(tempfile.mkdtemp(prefix="todo-chatbot-test-pg-"))
    server = PostgresServer(free_port(), directory)
    try:
        server.start()
        url = server.create_database("parts")
        assert url == f"postgresql://postgres@127.0.0.1:{server.port}/parts"
        server.psql("CREATE TABLE t (n int); INSERT INTO t VALUES (7)", "parts")

        server.kill()
        server.start()

        assert server.psql("SELECT n FROM t", "parts").strip() == "7"
        assert server.create_database("parts") == url  # idempotent
    finally:
        server.remove()
    assert not directory.exists()


# -- kafka -------------------------------------------------------------------------------


@pytest.mark.slow
def test_kafka_survives_a_kill_with_its_topics(tmp_path: Path) -> None:
    port, controller_port = free_ports(2)
    broker = KafkaBroker(port, controller_port, tmp_path / "kafka")
    try:
        broker.start()
        broker.create_topics(["orders", "audit"], partitions=3)
        broker.create_topics(["orders"])  # exists: no error, left as it is
        assert {"orders": 3, "audit": 3}.items() <= broker.topics().items()

        broker.kill()
        assert not broker.ready()
        broker.start()  # waits out the killed incarnation's session (3 s)

        assert {"orders": 3, "audit": 3}.items() <= broker.topics().items()
    finally:
        broker.stop()


def test_no_cluster_id_starts_with_a_dash() -> None:
    """The storage tool reads such an id as an option; one random id in 64 did."""
    assert not [cid for cid in (new_cluster_id() for _ in range(2_000)) if cid.startswith("-")]


@pytest.mark.slow
def test_kafka_formats_over_a_cluster_id_kept_from_a_failed_format(tmp_path: Path) -> None:
    port, controller_port = free_ports(2)
    broker = KafkaBroker(port, controller_port, tmp_path / "kafka")
    broker.data_dir.mkdir(parents=True)
    (broker.data_dir / "cluster-id").write_text("-Gz3bXqkTQyJ7Yv2Jb4kxA")

    broker.format()

    assert broker.formatted()
    assert not (broker.data_dir / "cluster-id").read_text().startswith("-")


# -- the command line --------------------------------------------------------------------


def devstack(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "devstack", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


@pytest.mark.slow
def test_infra_up_status_down(tmp_path: Path) -> None:
    run_dir = tmp_path / "stack"
    up = devstack("infra", "up", "--run-dir", str(run_dir))
    try:
        assert up.returncode == 0, up.stderr
        printed = dict(line.split("=", 1) for line in up.stdout.splitlines())
        state = read_state(run_dir)
        assert state is not None
        assert printed["KAFKA_BROKERS"] == state["kafka_brokers"]
        assert printed["POSTGRES_URL"].endswith("/todo")
        pids = [process["pid"] for process in state["processes"].values()]

        running = devstack("infra", "status", "--run-dir", str(run_dir))
        assert running.returncode == 0, running.stdout + running.stderr
        again = devstack("infra", "up", "--run-dir", str(run_dir))
        assert again.returncode == 1  # refuses to start a second copy
        postgres_dir = Path((run_dir / "postgres-dir").read_text().strip())
        assert (postgres_dir / "data" / "PG_VERSION").is_file()
    finally:
        down = devstack("infra", "down", "--purge", "--run-dir", str(run_dir))
    assert down.returncode == 0, down.stderr
    assert all(gone(pid) for pid in pids)
    assert devstack("infra", "status", "--run-dir", str(run_dir)).returncode == 1
    assert not run_dir.exists()
    assert not postgres_dir.exists()


@pytest.mark.slow
def test_postgres_folders_of_vanished_run_dirs_are_collected() -> None:
    hidden = Path(tempfile.mkdtemp(prefix="todo-chatbot-test-"))  # 0700: postgres cannot enter
    run_dir = hidden / "run"
    kept_dir = Path(tempfile.mkdtemp(prefix="todo-chatbot-test-")) / "run"
    try:
        doomed = Infra(run_dir, ports=InfraPorts.free()).postgres.directory
        kept = Infra(kept_dir, ports=InfraPorts.free()).postgres.directory
        assert doomed.parent == kept.parent == Path(tempfile.gettempdir())

        shutil.rmtree(hidden)  # as pytest does with old temporary folders
        removed = collect_orphans()

        assert doomed in removed
        assert not doomed.exists()
        assert kept.exists()  # its run directory still points at it
    finally:
        shutil.rmtree(hidden, ignore_errors=True)
        purge(kept_dir)
        shutil.rmtree(kept_dir.parent, ignore_errors=True)
