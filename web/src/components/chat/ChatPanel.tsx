"use client";
// The chat panel: the conversation (restored after a reload), example prompts for a new user,
// replies with their task cards and clickable answers, and the message box.

import { lazy, type RefObject, Suspense, useState } from "react";

import { useChat } from "@/lib/chat/useChat";
import { useUser } from "@/lib/user";

import { Composer } from "./Composer";
import { MessageList } from "./MessageList";

const TaskDialog = lazy(() => import("../tasks/TaskDialog"));

export const EXAMPLE_PROMPTS: readonly string[] = [
  "Buy groceries tomorrow at 5pm, remind me 1 hour before",
  "Team sync every Monday at 9:30am p1 #work",
  "What's pending?",
  "Help",
];

export function ChatPanel({ inputRef }: { inputRef: RefObject<HTMLTextAreaElement | null> }) {
  const user = useUser();
  const chat = useChat(user.id);
  const [openTaskId, setOpenTaskId] = useState<string | null>(null);
  const send = (text: string) => chat.send.mutate(text);
  const history = chat.messages.data ?? [];
  const pendingText = chat.send.isPending ? chat.send.variables : null;

  return (
    <section className="panel chat-panel" aria-labelledby="chat-heading">
      <div className="panel-header">
        <h2 id="chat-heading">Chat</h2>
        <div className="panel-tools">
          {(chat.conversations.data?.length ?? 0) > 0 && (
            <select
              className="compact"
              aria-label="Conversation"
              value={chat.conversationId ?? ""}
              onChange={(event) => event.target.value && chat.open(event.target.value)}
            >
              {!chat.conversationId && <option value="">New conversation</option>}
              {chat.conversations.data?.map((conversation) => (
                <option key={conversation.id} value={conversation.id}>
                  {conversation.title}
                </option>
              ))}
            </select>
          )}
          <button type="button" className="button quiet" onClick={chat.startNew} disabled={!chat.conversationId}>
            New conversation
          </button>
        </div>
      </div>
      {chat.messages.isPending && chat.conversationId ? (
        <p className="panel-body empty" role="status">
          Loading the conversation…
        </p>
      ) : history.length === 0 && pendingText === null ? (
        <div className="panel-body chat-welcome">
          <p>Tell me what to do with your tasks, in your own words. For example:</p>
          <ul className="examples" aria-label="Example prompts">
            {EXAMPLE_PROMPTS.map((prompt) => (
              <li key={prompt}>
                <button type="button" className="example" onClick={() => send(prompt)}>
                  {prompt}
                </button>
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <MessageList
          messages={history}
          pendingText={pendingText}
          onAnswer={send}
          onOpenTask={setOpenTaskId}
          answersEnabled={!chat.send.isPending}
        />
      )}
      {chat.send.isError && (
        <div className="chat-error" role="alert">
          <p>The message was not sent: {chat.send.error.message}</p>
          <button type="button" className="button small" onClick={() => chat.send.variables && send(chat.send.variables)}>
            Try again
          </button>
        </div>
      )}
      <Composer inputRef={inputRef} onSend={send} busy={chat.send.isPending} />
      {openTaskId && (
        <Suspense fallback={null}>
          <TaskDialog taskId={openTaskId} onClose={() => setOpenTaskId(null)} />
        </Suspense>
      )}
    </section>
  );
}
