"""Tasks: the task domain (fields and their rules, recurrence, list queries,
the events a change publishes), the use cases that change tasks, the handlers
that react to their events, and the ports they need."""
