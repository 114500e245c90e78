import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { createRef } from "react";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

import { fakeApi, makeTask, renderInApp } from "@/test/app";

import { ToastRegion } from "../shell/ToastRegion";
import { TaskPanel } from "./TaskPanel";

function renderPanel() {
  return renderInApp(<TaskPanel searchRef={createRef<HTMLInputElement>()} newTaskRequest={0} />);
}

const tasks = [
  makeTask({ id: "a", title: "Pay rent", due: "2020-01-01", priority: "high", tags: ["home"] }),
  makeTask({ id: "b", title: "Team sync", due: "2099-03-02T09:00:00-05:00", recurrence: "FREQ=WEEKLY;BYDAY=MO", remind_at: "2099-03-02T08:50:00-05:00", remind_before_minutes: 10 }),
];

afterEach(() => window.history.replaceState(null, "", "/"));

// jsdom lays nothing out: give the list's scroll box a height, so the virtualizer shows rows.
const clientHeight = Object.getOwnPropertyDescriptor(Element.prototype, "clientHeight");
beforeAll(() => {
  Object.defineProperty(Element.prototype, "clientHeight", {
    configurable: true,
    get(this: Element) {
      return this.classList.contains("task-scroller") ? 600 : 0;
    },
  });
});
afterAll(() => {
  if (clientHeight) Object.defineProperty(Element.prototype, "clientHeight", clientHeight);
});

describe("TaskPanel", () => {
  it("shows a loading state, then the tasks with their details", async () => {
    fakeApi({ "GET /api/tasks": () => ({ items: tasks, next_cursor: null }) });
    renderPanel();
    expect(screen.getByRole("status")).toHaveTextContent("Loading tasks…");
    const list = await screen.findByRole("list", { name: "Tasks" });
    const rows = within(list).getAllByRole("listitem").filter((item) => item.parentElement === list);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveTextContent("Overdue");
    expect(rows[0]).toHaveTextContent("High priority");
    expect(rows[0]).toHaveTextContent("#home");
    expect(rows[1]).toHaveTextContent("Repeats every Monday at 9:00 AM");
    expect(rows[1]).toHaveTextContent("Reminder 10 minutes before");
    expect(screen.getByRole("checkbox", { name: "Complete “Pay rent”" })).not.toBeChecked();
  });

  it("says when there are no tasks, and when none match the filters", async () => {
    fakeApi({ "GET /api/tasks": () => ({ items: [], next_cursor: null }) });
    renderPanel();
    expect(await screen.findByText(/No tasks yet/)).toBeInTheDocument();
    window.history.replaceState(null, "", "/?priority=high");
    fireEvent.popState(window);
    expect(await screen.findByText("No tasks match these filters.")).toBeInTheDocument();
  });

  it("shows an error with a way to try again", async () => {
    let fail = true;
    fakeApi({
      "GET /api/tasks": () =>
        fail ? new Response(JSON.stringify({ detail: "Database is busy" }), { status: 503 }) : { items: tasks, next_cursor: null },
    });
    renderPanel();
    expect(await screen.findByRole("alert")).toHaveTextContent("Database is busy");
    fail = false;
    await userEvent.click(screen.getByRole("button", { name: "Try again" }));
    expect(await screen.findByRole("list", { name: "Tasks" })).toBeInTheDocument();
  });

  it("reads the filters from the URL and writes changes back to it and to the query", async () => {
    window.history.replaceState(null, "", "/?status=all&priority=high&sort=due");
    const api = fakeApi({ "GET /api/tasks": () => ({ items: tasks, next_cursor: null }) });
    renderPanel();
    await screen.findByRole("list", { name: "Tasks" });
    expect(api.requests[0]?.url.search).toBe("?status=all&priority=high&sort=due&limit=100");
    expect(screen.getByRole("combobox", { name: "Status" })).toHaveValue("all");
    expect(screen.getByRole("checkbox", { name: "High" })).toBeChecked();

    await userEvent.click(screen.getByRole("checkbox", { name: "Overdue only" }));
    expect(window.location.search).toBe("?status=all&priority=high&overdue=true&sort=due");
    await waitFor(() => expect(api.requests.at(-1)?.url.searchParams.get("overdue")).toBe("true"));
  });

  it("completes a task with one click", async () => {
    const api = fakeApi({
      "GET /api/tasks": () => ({ items: tasks, next_cursor: null }),
      "POST /api/tasks/a/complete": () => ({ ...tasks[0], status: "completed", version: 2 }),
    });
    renderPanel();
    await userEvent.click(await screen.findByRole("checkbox", { name: "Complete “Pay rent”" }));
    expect(await screen.findByRole("checkbox", { name: "Reopen “Pay rent”" })).toBeChecked();
    expect(api.requests.some((r) => r.method === "POST" && r.url.pathname === "/api/tasks/a/complete")).toBe(true);
  });

  it("says how a task repeats after completion", async () => {
    const plants = makeTask({ id: "p", title: "Water the plants", due: "2099-03-02", recurrence: "FREQ=DAILY;INTERVAL=3", repeat_from: "completion" });
    fakeApi({ "GET /api/tasks": () => ({ items: [plants], next_cursor: null }) });
    renderPanel();
    const list = await screen.findByRole("list", { name: "Tasks" });
    expect(list).toHaveTextContent("Repeats 3 days after completion");
  });

  it("says which past dates completing an overdue recurring task skipped", async () => {
    const rent = makeTask({ id: "r", title: "Pay rent", due: "2026-03-02", recurrence: "FREQ=WEEKLY", repeat_from: "due" });
    const completed = { ...rent, status: "completed" as const, skipped_occurrences: ["2026-03-09", "2026-03-16"], version: 2 };
    fakeApi({
      "GET /api/tasks": () => ({ items: [rent], next_cursor: null }),
      "POST /api/tasks/r/complete": () => completed,
    });
    renderInApp(
      <>
        <TaskPanel searchRef={createRef<HTMLInputElement>()} newTaskRequest={0} />
        <ToastRegion />
      </>,
    );
    await userEvent.click(await screen.findByRole("checkbox", { name: "Complete “Pay rent”" }));
    const messages = screen.getByRole("region", { name: "Messages" });
    expect(await within(messages).findByText("“Pay rent” is done. Skipped Mar 9 and Mar 16: the next one is the first date still ahead.")).toBeInTheDocument();
    expect(screen.getByRole("list", { name: "Tasks" })).toHaveTextContent("Skipped Mar 9 and Mar 16");
  });

  it("says nothing more when completing skipped no dates", async () => {
    fakeApi({
      "GET /api/tasks": () => ({ items: tasks, next_cursor: null }),
      "POST /api/tasks/b/complete": () => ({ ...tasks[1], status: "completed", version: 2 }),
    });
    renderInApp(
      <>
        <TaskPanel searchRef={createRef<HTMLInputElement>()} newTaskRequest={0} />
        <ToastRegion />
      </>,
    );
    await userEvent.click(await screen.findByRole("checkbox", { name: "Complete “Team sync”" }));
    expect(await screen.findByRole("checkbox", { name: "Reopen “Team sync”" })).toBeChecked();
    expect(screen.getByRole("region", { name: "Messages" })).not.toHaveTextContent("Team sync");
  });

  it("loads the next page as the list scrolls to its end", async () => {
    const page = (from: number) => Array.from({ length: 3 }, (_, i) => makeTask({ id: `t${from + i}`, title: `Task ${from + i}` }));
    const api = fakeApi({
      "GET /api/tasks": ({ url }) =>
        url.searchParams.get("cursor") === "p2" ? { items: page(3), next_cursor: null } : { items: page(0), next_cursor: "p2" },
    });
    renderPanel();
    await screen.findByText("Task 5");
    expect(api.requests.map((r) => r.url.searchParams.get("cursor"))).toEqual([null, "p2"]);
  });
});
