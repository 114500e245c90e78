// What a chat reply offers beyond its text: the answers to a clarifying question (numbered
// options, "yes"/"no", "cancel") and the tasks its actions touched, shown as cards.

import type { ChatAction, Task } from "../api/types";
import { parseMarkdown, plainText } from "./markdown";

export interface AnswerOption {
  /** What the button says. */
  label: string;
  /** What clicking it sends as the next message. */
  answer: string;
}

/**
 * The answers a reply asks for. A question is a reply with a line ending in "?" and numbered
 * options ("Which one should I mark as done?\n1. *Take vitamins* …"); its options answer with
 * their number. A reply asking to say "yes" or "no" offers both. A plain numbered list (the
 * answer to "what's pending?") asks nothing.
 */
export function answerOptions(reply: string): AnswerOption[] {
  const blocks = parseMarkdown(reply);
  const asks = blocks.some(
    (block) => block.kind === "paragraph" && block.lines.some((line) => plainText(line).trim().endsWith("?")),
  );
  const options: AnswerOption[] = [];
  const numbered = blocks.find((block) => block.kind === "numbered");
  if (asks && numbered) {
    numbered.items.forEach((item, index) => {
      const number = String(numbered.start + index);
      options.push({ label: `${number}. ${plainText(item)}`, answer: number });
    });
  }
  if (/say "yes"/i.test(reply)) {
    options.push({ label: "Yes", answer: "yes" }, { label: "No", answer: "no" });
  }
  if (options.length > 0 && /say "cancel"/i.test(reply)) options.push({ label: "Cancel", answer: "cancel" });
  return options;
}

function isTask(value: unknown): value is Task {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as Partial<Task>;
  return (
    typeof candidate.id === "string" &&
    typeof candidate.title === "string" &&
    (candidate.status === "pending" || candidate.status === "completed") &&
    typeof candidate.version === "number"
  );
}

/** The tasks a reply's actions returned (a task, or a list's tasks), each once, last state wins. */
export function tasksOfActions(actions: ChatAction[]): Task[] {
  const byId = new Map<string, Task>();
  for (const action of actions) {
    const result = action.result;
    const listed = typeof result === "object" && result !== null ? (result as { tasks?: unknown }).tasks : undefined;
    const found = Array.isArray(listed) ? listed : [result];
    for (const task of found) if (isTask(task)) byId.set(task.id, task);
  }
  return [...byId.values()];
}
