import { describe, expect, it } from "vitest";

import type { ChatAction, Task } from "../api/types";
import { parseMarkdown } from "./markdown";
import { answerOptions, tasksOfActions } from "./reply";

const QUESTION =
  'Which one should I mark as done?\n1. *Take vitamins* (due tomorrow at 9:00 PM)\n2. *Take vitamins* (due tomorrow at 8:00 AM)\nAnswer with a number or a title, or say "cancel".';

describe("Markdown-lite", () => {
  it("reads italics, bold, line breaks and lists", () => {
    expect(parseMarkdown("Added *Buy milk*, **high** priority.\nNext line\n- one\n- two")).toEqual([
      {
        kind: "paragraph",
        lines: [
          [
            { kind: "text", text: "Added " },
            { kind: "em", text: "Buy milk" },
            { kind: "text", text: ", " },
            { kind: "strong", text: "high" },
            { kind: "text", text: " priority." },
          ],
          [{ kind: "text", text: "Next line" }],
        ],
      },
      { kind: "list", items: [[{ kind: "text", text: "one" }], [{ kind: "text", text: "two" }]] },
    ]);
  });
});

describe("answers a reply asks for", () => {
  it("offers a question's numbered options, answered by number, and cancel", () => {
    expect(answerOptions(QUESTION)).toEqual([
      { label: "1. Take vitamins (due tomorrow at 9:00 PM)", answer: "1" },
      { label: "2. Take vitamins (due tomorrow at 8:00 AM)", answer: "2" },
      { label: "Cancel", answer: "cancel" },
    ]);
  });

  it("offers yes and no to a confirmation", () => {
    expect(answerOptions('That would delete all 2 tasks. Are you sure? Say "yes" to delete them, or "no" to keep them.')).toEqual([
      { label: "Yes", answer: "yes" },
      { label: "No", answer: "no" },
    ]);
  });

  it("offers nothing for a plain list", () => {
    expect(answerOptions("You have 2 pending tasks:\n1. *A*\n2. *B*")).toEqual([]);
  });
});

describe("tasks a reply touched", () => {
  const task = (id: string, version = 1) => ({ id, title: id, status: "pending", version }) as Task;

  it("takes tasks from results and from lists, each once, the last state winning", () => {
    const actions: ChatAction[] = [
      { tool: "find_tasks", arguments: {}, result: { matches: [{ id: "a" }] } },
      { tool: "list_tasks", arguments: {}, result: { tasks: [task("a"), task("b")], more: false } },
      { tool: "complete_task", arguments: {}, result: task("a", 2) },
      { tool: "delete_task", arguments: {}, result: { id: "c", title: "c", deleted: true } },
      { tool: "update_task", arguments: {}, result: { error: "not found" } },
    ];
    expect(tasksOfActions(actions).map((t) => [t.id, t.version])).toEqual([
      ["a", 2],
      ["b", 1],
    ]);
  });
});
