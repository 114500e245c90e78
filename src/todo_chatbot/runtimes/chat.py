"""The chat service of either runtime, with the LLM agent the settings name."""

from __future__ import annotations

import structlog

from todo_chatbot.chat.agent import Agent, ToolCallingAgent
from todo_chatbot.chat.conversations import ConversationStore
from todo_chatbot.chat.service import ChatService
from todo_chatbot.chat.tools import ToolPorts
from todo_chatbot.config import Settings

log = structlog.get_logger(__name__)


def build_chat(
    settings: Settings, *, ports: ToolPorts, conversations: ConversationStore
) -> ChatService:
    return ChatService(ports=ports, conversations=conversations, agent=llm_agent(settings))


def llm_agent(settings: Settings) -> Agent | None:
    """The LLM agent the settings name, or None (the parser answers alone)."""
    if not (settings.llm_base_url and settings.llm_api_key):
        return None
    try:
        from todo_chatbot.runtimes.openai_model import OpenAiChatModel
    except ImportError:
        log.error("chat.llm_unavailable", reason="install the 'llm' extra (openai)")
        return None
    return ToolCallingAgent(
        OpenAiChatModel(
            base_url=settings.llm_base_url,
            api_key=settings.llm_api_key.get_secret_value(),
            model=settings.llm_model,
            timeout=settings.llm_timeout_seconds,
        )
    )
