"""The embedded runtime's adapters: SQLite, an in-process bus and scheduler."""
