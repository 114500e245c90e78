"""Todo Chatbot: a todo system people run by talking to it.

The package is laid out by architecture layer: ``domain`` (pure rules),
``service_layer`` (use cases and event handlers), ``ports`` (the protocols the
service layer needs), ``adapters`` (embedded SQLite and, later, Dapr) and
``entrypoints`` (HTTP API and command line). ``bootstrap`` wires them together.
"""

__version__ = "0.1.0"
