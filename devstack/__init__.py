"""Local infrastructure for the distributed runtime: binaries, processes, services.

``devstack`` gets the infrastructure binaries onto this machine (daprd and the
Dapr scheduler built from the Go module proxy, Kafka from Maven Central, the
PostgreSQL of the Debian packages) and runs them as plain processes: for the
developer command ``python -m devstack infra up`` and for the integration test
fixtures. It is not part of the shipped wheel; run it from the repository root.

The pieces, from the bottom up:

- ``versions``: every pinned version, and the Go module replacements;
- ``cache``: the per-machine cache, its locks and atomic builds;
- ``binaries``: ``ensure_dapr()`` and ``ensure_kafka()``;
- ``processes``: a small supervisor (start, wait until ready, stop, kill);
- ``postgres``, ``kafka``, ``dapr``: one class per server;
- ``infra``: PostgreSQL + Kafka + scheduler together (``Infra``).
"""
