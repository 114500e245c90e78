"use client";
// The conversation as a log (read out as it grows): each message, the assistant's with its
// task cards, and under the latest reply the answers it asks for, as buttons.

import { useEffect, useRef } from "react";

import type { ChatMessage } from "@/lib/api/types";
import { answerOptions, tasksOfActions } from "@/lib/chat/reply";

import { MarkdownLite } from "./MarkdownLite";
import { TaskCard } from "./TaskCard";

interface MessageListProps {
  messages: ChatMessage[];
  pendingText: string | null;
  onAnswer: (answer: string) => void;
  onOpenTask: (taskId: string) => void;
  answersEnabled: boolean;
}

function AssistantMessage({ message, answers, onAnswer, onOpenTask, answersEnabled }: {
  message: ChatMessage;
  answers: boolean;
  onAnswer: (answer: string) => void;
  onOpenTask: (taskId: string) => void;
  answersEnabled: boolean;
}) {
  const tasks = tasksOfActions(message.actions);
  const options = answers ? answerOptions(message.content) : [];
  return (
    <>
      <MarkdownLite text={message.content} />
      {tasks.length > 0 && (
        <ul className="task-cards" aria-label="Tasks in this reply">
          {tasks.map((task) => (
            <li key={task.id}>
              <TaskCard task={task} onOpen={() => onOpenTask(task.id)} />
            </li>
          ))}
        </ul>
      )}
      {options.length > 0 && (
        <div className="answers" role="group" aria-label="Answers">
          {options.map((option) => (
            <button
              type="button"
              key={option.answer}
              className="button small"
              disabled={!answersEnabled}
              onClick={() => onAnswer(option.answer)}
            >
              {option.label}
            </button>
          ))}
        </div>
      )}
    </>
  );
}

export function MessageList({ messages, pendingText, onAnswer, onOpenTask, answersEnabled }: MessageListProps) {
  const end = useRef<HTMLLIElement>(null);
  const lastAssistant = messages.findLastIndex((message) => message.role === "assistant");
  useEffect(() => {
    end.current?.scrollIntoView?.({ block: "end" });
  }, [messages.length, pendingText]);

  return (
    <div className="panel-body" role="log" aria-label="Conversation">
      <ol className="messages">
        {messages.map((message, index) => (
          <li key={`${index}-${message.created_at}`} className="message" data-role={message.role}>
            <span className="visually-hidden">{message.role === "user" ? "You:" : "Assistant:"}</span>
            {message.role === "user" ? (
              <p className="user-text">{message.content}</p>
            ) : (
              <AssistantMessage
                message={message}
                answers={index === lastAssistant && pendingText === null}
                onAnswer={onAnswer}
                onOpenTask={onOpenTask}
                answersEnabled={answersEnabled}
              />
            )}
          </li>
        ))}
        {pendingText !== null && (
          <>
            <li className="message" data-role="user">
              <span className="visually-hidden">You:</span>
              <p className="user-text">{pendingText}</p>
            </li>
            <li className="message" data-role="assistant" aria-busy="true">
              <span className="typing">Thinking…</span>
            </li>
          </>
        )}
        <li ref={end} className="messages-end" aria-hidden="true" />
      </ol>
    </div>
  );
}
