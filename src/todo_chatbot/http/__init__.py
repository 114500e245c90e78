"""The HTTP API (FastAPI): thin routes that read the request, call a use case
or a view, and shape the answer."""
