"""The two runtimes: the adapters that implement the ports, and the wiring.

- ``embedded``: every service in one process, on SQLite, events through an
  in-process bus fed by the outbox.
- ``dapr``: one service per process, every port through its Dapr sidecar
  (PostgreSQL, Kafka, the Jobs API, the secret store).
- At this level: what both use (the runtime's protocol, the clocks, password
  hashing and tokens, the subscriptions table, the SQL both stores share).
"""
