"""Todo Chatbot: a todo system people run by talking to it.

The packages are the product's parts, each named for what it does:

- ``core``: the shared kernel (time and zones, ids, errors, the clock, units of work).
- ``accounts``: users, registration and sign-in.
- ``tasks``: the task domain (tasks, recurrence, list queries, events), its use
  cases, its event handlers and the ports they need.
- ``audit``: the audit trail, every task event kept once.
- ``notifications``: what a person is told, such as a reminder whose time came.
- ``live``: the live-update hub, each change pushed to its owner's clients.
- ``chat``: the conversation, its tools and replies; ``chat.language`` is the
  offline parser.
- ``runtimes``: the adapters of the two runtimes (``embedded``: SQLite in one
  process; ``dapr``: services on Dapr, Kafka and PostgreSQL) and their wiring.
- ``http``: the HTTP API, the MCP server and live updates (FastAPI).
- ``cli``: the command line.
- ``observability``: logs, metrics and the event loop's stall watch.

``docs/architecture.md`` says who may import whom.
"""

__version__ = "0.1.0"
