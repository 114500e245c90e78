"""The embedded runtime: SQLite in the data directory, the outbox feeding an
in-process bus, leadership between worker processes; ``wiring`` builds it."""
