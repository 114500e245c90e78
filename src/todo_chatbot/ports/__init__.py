"""Ports: the small protocols the service layer needs from the outside world.

Each runtime provides adapters for them: ``adapters.embedded`` (SQLite, an
in-process bus, an in-process scheduler) and, later, ``adapters.dapr``.
"""
