"""Real Kubernetes control planes for the chart's cluster checks, and kubectl to talk to them.

- :class:`ApiServer`: etcd on a loopback port and kube-apiserver beside it, with
  certificates made here by ``openssl`` (a CA, the server's, an administrator's
  client certificate in ``system:masters``, the service accounts' signing key)
  and RBAC on: what a managed cluster's API server checks of a manifest, without
  controllers, a scheduler or nodes. Ready in a few seconds.
- :class:`KwokCluster`: a cluster made by ``kwokctl`` with the binary runtime
  (etcd, kube-apiserver, kube-controller-manager, kube-scheduler and kwok's
  controller as processes of this machine) and fake nodes: the controllers and
  the scheduler really run (Deployments make ReplicaSets make Pods, Jobs
  complete, pods are bound to nodes), but no container ever runs: kwok marks
  each scheduled pod Running and Ready, and a Job's pods Succeeded.

The binaries come from ``make cluster-tools`` (``devstack.cluster_tools``).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml

from devstack.cluster_tools import ClusterTools

READY_TIMEOUT_SECONDS = 60.0
T = TypeVar("T")


def wait_until(what: str, probe: Callable[[], T | None], timeout: float = 60.0) -> T:
    """``probe()`` until it returns something other than None (or time runs out)."""
    deadline = time.monotonic() + timeout
    while True:
        found = probe()
        if found is not None:
            return found
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}")
        time.sleep(0.25)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass(frozen=True)
class Kubectl:
    """kubectl with one kubeconfig (never the user's)."""

    binary: Path
    kubeconfig: Path

    @property
    def _cache(self) -> list[str]:
        """The discovery cache beside the kubeconfig, not in ``~/.kube/cache``."""
        return ["--cache-dir", str(self.kubeconfig.parent / "kube-cache")]

    def run(
        self, *argv: str, input: str | None = None, check: bool = True
    ) -> subprocess.CompletedProcess[str]:
        completed = subprocess.run(
            [str(self.binary), "--kubeconfig", str(self.kubeconfig), *self._cache, *argv],
            input=input,
            capture_output=True,
            text=True,
            check=False,
        )
        if check and completed.returncode != 0:
            raise AssertionError(
                f"kubectl {' '.join(argv)} failed ({completed.returncode}):\n{completed.stderr}"
            )
        return completed

    def get(self, *argv: str) -> Any:
        """``kubectl get ARGV -o json``, parsed."""
        return json.loads(self.run("get", *argv, "-o", "json").stdout)

    def install_crds(self, folder: Path) -> list[str]:
        """Apply every CRD of ``folder`` (server-side: they exceed client-side apply's
        annotation limit) and wait until the API serves them; their names."""
        files = sorted(folder.glob("*.yaml"))
        names = [
            document["metadata"]["name"]
            for path in files
            for document in yaml.safe_load_all(path.read_text())
            if isinstance(document, dict) and document.get("kind") == "CustomResourceDefinition"
        ]
        self.run("apply", "--server-side", *(f"--filename={path}" for path in files))
        self.run("wait", "--for", "condition=Established", "--timeout", "60s",
                 *(f"crd/{name}" for name in names))  # fmt: skip
        return names


# -- certificates ----------------------------------------------------------------------------

OPENSSL_CONFIG = """\
[req]
distinguished_name = dn
prompt = no
[dn]
"""
"""No default extensions (Debian's configuration would mark every certificate a CA)."""


def _openssl(folder: Path, *argv: str) -> None:
    subprocess.run(
        ["openssl", *argv], cwd=folder, check=True, capture_output=True,
        env={**os.environ, "OPENSSL_CONF": str(folder / "openssl.cnf")},
    )  # fmt: skip


def _certificate(folder: Path, name: str, subject: str, *extensions: str) -> None:
    """``name.key`` and ``name.crt``, an EC key and a certificate signed by ``ca``."""
    argv = ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"]
    argv += ["-nodes", "-days", "1", "-keyout", f"{name}.key", "-out", f"{name}.crt"]
    argv += ["-subj", subject, "-CA", "ca.crt", "-CAkey", "ca.key"]
    for extension in ("basicConstraints=critical,CA:FALSE", *extensions):
        argv += ["-addext", extension]
    _openssl(folder, *argv)


def make_certificates(folder: Path) -> None:
    """A CA, the API server's certificate for 127.0.0.1, an administrator's client
    certificate (group ``system:masters``) and the service accounts' signing key."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "openssl.cnf").write_text(OPENSSL_CONFIG)
    ca = ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"]
    ca += ["-nodes", "-days", "1", "-keyout", "ca.key", "-out", "ca.crt"]
    ca += ["-subj", "/CN=todo-chatbot test CA", "-addext", "basicConstraints=critical,CA:TRUE"]
    ca += ["-addext", "keyUsage=critical,keyCertSign,cRLSign"]
    _openssl(folder, *ca)
    _certificate(
        folder, "server", "/CN=kube-apiserver",
        "subjectAltName=IP:127.0.0.1,DNS:localhost", "extendedKeyUsage=serverAuth",
    )  # fmt: skip
    _certificate(folder, "admin", "/O=system:masters/CN=admin", "extendedKeyUsage=clientAuth")
    _openssl(folder, "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "sa.key")


def write_kubeconfig(path: Path, server: str, certificates: Path) -> None:
    def data(name: str) -> str:
        import base64

        return base64.b64encode((certificates / name).read_bytes()).decode()

    config = {
        "apiVersion": "v1",
        "kind": "Config",
        "clusters": [{"name": "test", "cluster": {
            "server": server, "certificate-authority-data": data("ca.crt")}}],
        "users": [{"name": "admin", "user": {
            "client-certificate-data": data("admin.crt"), "client-key-data": data("admin.key")}}],
        "contexts": [{"name": "test", "context": {"cluster": "test", "user": "admin"}}],
        "current-context": "test",
    }  # fmt: skip
    path.write_text(yaml.safe_dump(config))


# -- a bare API server -----------------------------------------------------------------------


@dataclass
class Process:
    """A started server process with its log."""

    name: str
    popen: subprocess.Popen[bytes]
    log: Path

    def alive(self) -> bool:
        return self.popen.poll() is None

    def stop(self) -> None:
        if self.alive():
            self.popen.send_signal(signal.SIGTERM)
            try:
                self.popen.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait()

    def tail(self, lines: int = 30) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


def start(name: str, argv: Sequence[str], folder: Path) -> Process:
    log = folder / f"{name}.log"
    with log.open("wb") as sink:
        popen = subprocess.Popen(list(argv), stdout=sink, stderr=subprocess.STDOUT, cwd=folder)
    return Process(name, popen, log)


class ApiServer:
    """etcd and kube-apiserver on loopback ports under ``folder``; ``start()``, ``stop()``."""

    def __init__(self, tools: ClusterTools, folder: Path) -> None:
        self.tools = tools
        self.folder = folder
        self.processes: list[Process] = []
        self.kubectl = Kubectl(tools.kubectl, folder / "kubeconfig")

    def start(self) -> None:
        certificates = self.folder / "pki"
        make_certificates(certificates)
        etcd_url = self._start_etcd()
        port = free_port()
        argv = [
            str(self.tools.kube_apiserver),
            f"--etcd-servers={etcd_url}",
            "--bind-address=127.0.0.1", "--advertise-address=127.0.0.1", f"--secure-port={port}",
            f"--tls-cert-file={certificates / 'server.crt'}",
            f"--tls-private-key-file={certificates / 'server.key'}",
            f"--client-ca-file={certificates / 'ca.crt'}",
            "--authorization-mode=RBAC",
            "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
            f"--service-account-key-file={certificates / 'sa.key'}",
            f"--service-account-signing-key-file={certificates / 'sa.key'}",
            "--service-cluster-ip-range=10.96.0.0/16",
            f"--cert-dir={self.folder / 'apiserver-certs'}",
        ]  # fmt: skip
        apiserver = start("kube-apiserver", argv, self.folder)
        self.processes.append(apiserver)
        write_kubeconfig(self.kubectl.kubeconfig, f"https://127.0.0.1:{port}", certificates)
        self._wait_ready(apiserver)

    def _start_etcd(self) -> str:
        client, peer = free_port(), free_port()
        client_url, peer_url = f"http://127.0.0.1:{client}", f"http://127.0.0.1:{peer}"
        argv = [
            str(self.tools.etcd), "--name=test", f"--data-dir={self.folder / 'etcd'}",
            f"--listen-client-urls={client_url}", f"--advertise-client-urls={client_url}",
            f"--listen-peer-urls={peer_url}", f"--initial-advertise-peer-urls={peer_url}",
            f"--initial-cluster=test={peer_url}", "--unsafe-no-fsync", "--log-level=warn",
        ]  # fmt: skip
        self.processes.append(start("etcd", argv, self.folder))
        return client_url

    def _wait_ready(self, apiserver: Process) -> None:
        def ready() -> bool | None:
            if not apiserver.alive():
                raise AssertionError(f"kube-apiserver exited:\n{apiserver.tail()}")
            answer = self.kubectl.run("get", "--raw", "/readyz", check=False)
            return True if answer.returncode == 0 and answer.stdout.strip() == "ok" else None

        wait_until("kube-apiserver's /readyz", ready, READY_TIMEOUT_SECONDS)

    def stop(self) -> None:
        for process in reversed(self.processes):
            process.stop()


# -- kwok --------------------------------------------------------------------------------------


class KwokCluster:
    """A kwokctl cluster (binary runtime, this project's binaries) under ``folder``."""

    def __init__(self, tools: ClusterTools, folder: Path, name: str = "todo-chatbot") -> None:
        self.tools = tools
        self.folder = folder
        self.name = name
        self.kubectl = Kubectl(tools.kubectl, folder / "kubeconfig")
        self.env = {
            **os.environ,
            # kwokctl's own state (certificates, logs, pids), its kubeconfig and its
            # discovery cache: never ~/.kwok, ~/.kube/config or ~/.kube/cache.
            "KWOK_WORKDIR": str(folder / "kwok"),
            "KUBECONFIG": str(self.kubectl.kubeconfig),
            "HOME": str(folder),
        }

    def kwokctl(self, *argv: str, timeout: float = 300) -> str:
        completed = subprocess.run(
            [str(self.tools.kwokctl), "--name", self.name, *argv],
            capture_output=True, text=True, env=self.env, timeout=timeout, check=False,
        )  # fmt: skip
        if completed.returncode != 0:
            raise AssertionError(
                f"kwokctl {' '.join(argv)} failed ({completed.returncode}):\n"
                f"{completed.stdout}\n{completed.stderr}"
            )
        return completed.stdout

    def create(self, nodes: int) -> None:
        tools = self.tools
        self.kwokctl(
            "create", "cluster", "--runtime", "binary", "--wait", "120s",
            "--kubeconfig", str(self.kubectl.kubeconfig),
            "--etcd-binary", str(tools.etcd),
            "--kube-apiserver-binary", str(tools.kube_apiserver),
            "--kube-controller-manager-binary", str(tools.kube_controller_manager),
            "--kube-scheduler-binary", str(tools.kube_scheduler),
            "--kwok-controller-binary", str(tools.kwok),
        )  # fmt: skip
        self.kwokctl("scale", "node", "--replicas", str(nodes))

    def delete(self) -> None:
        self.kwokctl("delete", "cluster", "--kubeconfig", str(self.kubectl.kubeconfig))
        shutil.rmtree(self.folder / "kwok", ignore_errors=True)
