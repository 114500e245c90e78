import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { createRef } from "react";
import { describe, expect, it } from "vitest";

import { fakeApi, makeTask, renderInApp } from "@/test/app";

import { ChatPanel } from "./ChatPanel";

const QUESTION =
  'Which one should I mark as done?\n1. *Take vitamins* (due tomorrow at 9:00 PM)\n2. *Take vitamins* (due tomorrow at 8:00 AM)\nAnswer with a number or a title, or say "cancel".';

/** A chat server: conversation "c1" keeps what was said; `reply` answers each message. */
function chatApi(reply: (message: string) => { reply: string; actions?: unknown[] }) {
  const said: object[] = [];
  return fakeApi({
    "GET /api/conversations": () => ({ items: [] }),
    "GET /api/conversations/c1/messages": () => ({ items: said }),
    "POST /api/chat": ({ body }) => {
      const { message } = body as { message: string };
      const answer = { conversation_id: "c1", actions: [], ...reply(message) };
      const at = new Date().toISOString();
      said.push(
        { role: "user", content: message, actions: [], created_at: at },
        { role: "assistant", content: answer.reply, actions: answer.actions, created_at: at },
      );
      return answer;
    },
  });
}

function renderChat() {
  return renderInApp(<ChatPanel inputRef={createRef<HTMLTextAreaElement>()} />);
}

describe("ChatPanel", () => {
  it("offers example prompts to a new user", () => {
    chatApi(() => ({ reply: "ok" }));
    renderChat();
    expect(screen.getByRole("list", { name: "Example prompts" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "What's pending?" })).toBeInTheDocument();
  });

  it("sends on Enter and starts a new line on Shift+Enter", async () => {
    const user = userEvent.setup();
    const api = chatApi(() => ({ reply: "Added *Buy milk*." }));
    renderChat();
    const input = screen.getByRole("textbox", { name: "Message" });
    await user.type(input, "Buy milk{Shift>}{Enter}{/Shift}tomorrow");
    expect(input).toHaveValue("Buy milk\ntomorrow");
    expect(api.requests.filter((r) => r.method === "POST")).toHaveLength(0);

    await user.type(input, "{Enter}");
    await screen.findByText("Buy milk", { selector: "em" });
    expect(api.requests.find((r) => r.method === "POST")?.body).toEqual({ message: "Buy milk\ntomorrow" });
    expect(input).toHaveValue("");
    expect(screen.getByRole("log", { name: "Conversation" })).toHaveTextContent("Buy milk tomorrow");
  });

  it("answers a clarifying question with a click on an option, continuing the conversation", async () => {
    const user = userEvent.setup();
    const api = chatApi((message) => (message === "2" ? { reply: "Marked *Take vitamins* as done." } : { reply: QUESTION }));
    renderChat();
    await user.type(screen.getByRole("textbox", { name: "Message" }), "mark vitamins done{Enter}");
    const answers = await screen.findByRole("group", { name: "Answers" });
    expect(answers).toHaveTextContent("Cancel");
    await user.click(screen.getByRole("button", { name: "2. Take vitamins (due tomorrow at 8:00 AM)" }));
    await screen.findByText(/^Marked/);
    const sent = api.requests.filter((r) => r.method === "POST").map((r) => r.body);
    expect(sent).toEqual([{ message: "mark vitamins done" }, { message: "2", conversation_id: "c1" }]);
    expect(screen.queryByRole("group", { name: "Answers" })).not.toBeInTheDocument();
  });

  it("shows the tasks a reply touched as cards that open", async () => {
    const user = userEvent.setup();
    const task = makeTask({ title: "Call mom", due: "2026-03-09T18:00:00-04:00", priority: "high" });
    chatApi(() => ({ reply: "Added *Call mom*.", actions: [{ tool: "add_task", arguments: {}, result: task }] }));
    renderChat();
    await user.type(screen.getByRole("textbox", { name: "Message" }), "call mom{Enter}");
    const cards = await screen.findByRole("list", { name: "Tasks in this reply" });
    expect(cards).toHaveTextContent("High priority");
    expect(screen.getByRole("button", { name: "Open “Call mom”" })).toBeInTheDocument();
  });

  it("restores the conversation and the draft after a reload", async () => {
    window.localStorage.setItem("todo.conversation.u1", "c9");
    window.sessionStorage.setItem("todo.draft.chat", JSON.stringify("half-typed"));
    fakeApi({
      "GET /api/conversations": () => ({ items: [{ id: "c9", title: "Earlier", created_at: "", updated_at: "" }] }),
      "GET /api/conversations/c9/messages": () => ({
        items: [
          { role: "user", content: "what's pending?", actions: [], created_at: "2026-03-01T00:00:00Z" },
          { role: "assistant", content: "You have no pending tasks.", actions: [], created_at: "2026-03-01T00:00:01Z" },
        ],
      }),
    });
    renderChat();
    await screen.findByText("You have no pending tasks.");
    expect(screen.getByRole("textbox", { name: "Message" })).toHaveValue("half-typed");
    await waitFor(() => expect(screen.getByRole("combobox", { name: "Conversation" })).toHaveValue("c9"));
  });
});
