"""The chat: one message in, tool calls and a reply out, the conversation kept.

``service`` runs a message; ``dialogue`` turns a parsed command into tool
calls; ``tools`` are the task tools the chat, the MCP server and an LLM call;
``replies`` composes the answer (``in_words`` says dates and times);
``language`` is the offline parser.
"""
