"""The distributed runtime's adapters: every port, through the Dapr sidecar's HTTP API.

The application never talks to Kafka or PostgreSQL itself: tasks live in our
own PostgreSQL schema reached through the PostgreSQL output binding, events
leave through pub/sub (Kafka), reminders through the Jobs API, secrets through
the secret store, and short-lived coordination (the outbox relay's lease)
through the state store.
"""
