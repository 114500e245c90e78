// The chat's state: the current conversation (its id kept per user in localStorage, so a
// reload continues it), its messages from the API, sending a message, and the past
// conversations to switch to.

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useState } from "react";

import { ApiError } from "../api/client";
import { fetchConversations, fetchMessages, sendChat } from "../api/endpoints";
import type { ChatMessage, ChatReply } from "../api/types";
import { refreshTaskLists } from "../tasks/cache";

const CONVERSATIONS = ["conversations"] as const;
const messagesKey = (id: string | null) => ["messages", id] as const;

function conversationStorageKey(userId: string): string {
  return `todo.conversation.${userId}`;
}

function useStoredConversation(userId: string): [string | null, (id: string | null) => void] {
  const key = conversationStorageKey(userId);
  const [id, setId] = useState<string | null>(() =>
    typeof window === "undefined" ? null : window.localStorage.getItem(key),
  );
  const update = useCallback(
    (next: string | null) => {
      setId(next);
      if (next) window.localStorage.setItem(key, next);
      else window.localStorage.removeItem(key);
    },
    [key],
  );
  return [id, update];
}

function replyMessages(text: string, reply: ChatReply): ChatMessage[] {
  const at = new Date().toISOString();
  return [
    { role: "user", content: text, actions: [], created_at: at },
    { role: "assistant", content: reply.reply, actions: reply.actions, created_at: at },
  ];
}

export function useChat(userId: string) {
  const client = useQueryClient();
  const [conversationId, setConversationId] = useStoredConversation(userId);

  const conversations = useQuery({
    queryKey: CONVERSATIONS,
    queryFn: fetchConversations,
    select: (page) => page.items,
  });

  const messages = useQuery({
    queryKey: messagesKey(conversationId),
    queryFn: () => (conversationId ? fetchMessages(conversationId).then((page) => page.items) : Promise.resolve([])),
  });

  // A conversation that is gone (or another user's) starts a new one.
  const missing = messages.error instanceof ApiError && messages.error.status === 404;
  useEffect(() => {
    if (missing) setConversationId(null);
  }, [missing, setConversationId]);

  const send = useMutation({
    mutationFn: (text: string) => sendChat(text, conversationId),
    onSuccess: (reply, text) => {
      client.setQueryData<ChatMessage[]>(messagesKey(reply.conversation_id), (current) => [
        ...(reply.conversation_id === conversationId ? (current ?? []) : []),
        ...replyMessages(text, reply),
      ]);
      if (reply.conversation_id !== conversationId) setConversationId(reply.conversation_id);
      void client.invalidateQueries({ queryKey: CONVERSATIONS });
      if (reply.actions.length > 0) refreshTaskLists(client);
    },
  });

  const startNew = useCallback(() => {
    send.reset();
    setConversationId(null);
  }, [send, setConversationId]);

  const open = useCallback(
    (id: string) => {
      send.reset();
      setConversationId(id);
    },
    [send, setConversationId],
  );

  return { conversationId, conversations, messages, send, startNew, open };
}
