"""Wiring: builds a runtime (its adapters, bus and handlers) from settings.

Entry points receive a :class:`Runtime` and touch nothing else. The embedded
runtime runs every service in one process on SQLite; the Dapr runtimes run
one service each, with every port reached through the sidecar.
"""

from todo_chatbot.bootstrap.embedded import EmbeddedRuntime, build_embedded_runtime
from todo_chatbot.bootstrap.runtime import Runtime, Service

__all__ = ["EmbeddedRuntime", "Runtime", "Service", "build_embedded_runtime"]
