"""Entry points: the HTTP API and the command line."""
