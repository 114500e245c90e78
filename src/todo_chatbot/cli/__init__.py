"""The command line (``todo-chatbot``): serve, parse, and maintenance commands."""
