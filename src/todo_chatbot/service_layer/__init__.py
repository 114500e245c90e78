"""The service layer: use cases that change state through ports, and the
handlers that react to events."""
