"""``todo-chatbot chat``: the chat in a terminal, talking to a running server over HTTP."""
