import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";

import type { Task } from "@/lib/api/types";
import { writeDraft } from "@/lib/drafts";
import { emptyDraft } from "@/lib/tasks/draft";
import { TEST_USER, fakeApi, makeTask, renderInApp } from "@/test/app";

import TaskEditor, { draftKey } from "./TaskEditor";

const waterPlants = makeTask({
  id: "w1",
  title: "Water the plants",
  due: "2026-03-02T09:00:00-05:00",
  recurrence: "FREQ=DAILY;INTERVAL=3",
  repeat_from: "completion",
  series_id: "s1",
  version: 4,
});

const teamSync = makeTask({
  id: "t2",
  title: "Team sync",
  due: "2026-03-02T09:00:00-05:00",
  recurrence: "FREQ=WEEKLY;BYDAY=MO",
  repeat_from: "due",
  series_id: "s2",
});

function occurrencesOf(task: Task, occurrences: string[]) {
  return () => ({ task_id: task.id, recurrence: task.recurrence, repeat_from: task.repeat_from, occurrences });
}

// The editor's first render loads React Aria's widgets: allow for a busy machine.
describe("TaskEditor and repeats", { timeout: 15_000 }, () => {
  it("keeps a task's repeat after completion when something else is edited", async () => {
    const api = fakeApi({
      "GET /api/tasks/w1/occurrences": occurrencesOf(waterPlants, ["2026-03-02T09:00:00-05:00"]),
      "PATCH /api/tasks/w1": () => ({ ...waterPlants, title: "Water the ferns", version: 5 }),
    });
    const onDone = vi.fn();
    renderInApp(<TaskEditor task={waterPlants} onDone={onDone} />);
    expect(screen.getByRole("radio", { name: "Repeat after I complete it" })).toBeChecked();
    expect(screen.getByText("Repeats 3 days after completion, at 9:00 AM.")).toBeInTheDocument();
    const title = screen.getByRole("textbox", { name: "Title" });
    await userEvent.clear(title);
    await userEvent.paste("Water the ferns");
    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(onDone).toHaveBeenCalled());
    const patch = api.requests.find((request) => request.method === "PATCH");
    expect(patch?.body).toEqual({ title: "Water the ferns" });
  });

  it("switches a task to its schedule, sending only repeat_from", async () => {
    const api = fakeApi({
      "GET /api/tasks/w1/occurrences": occurrencesOf(waterPlants, ["2026-03-02T09:00:00-05:00"]),
      "PATCH /api/tasks/w1": () => ({ ...waterPlants, repeat_from: "due", version: 5 }),
    });
    const onDone = vi.fn();
    renderInApp(<TaskEditor task={waterPlants} onDone={onDone} />);
    await userEvent.click(screen.getByRole("radio", { name: "Repeat on schedule" }));
    expect(screen.getByText("Repeats every 3 days at 9:00 AM.")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(onDone).toHaveBeenCalled());
    expect(api.requests.find((request) => request.method === "PATCH")?.body).toEqual({ repeat_from: "due" });
  });

  it("creates a task that repeats after completion", async () => {
    writeDraft(draftKey(), { ...emptyDraft(TEST_USER.timezone), title: "Water the plants", dueDate: "2026-03-02", dueTime: "09:00" });
    const api = fakeApi({ "POST /api/tasks": () => ({ ...waterPlants, recurrence: "FREQ=DAILY" }) });
    const onDone = vi.fn();
    renderInApp(<TaskEditor onDone={onDone} />);
    expect(screen.queryByRole("radiogroup", { name: "How it repeats" })).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: /Repeats/ }));
    await userEvent.click(await screen.findByRole("option", { name: "Daily" }));
    await userEvent.click(screen.getByRole("radio", { name: "Repeat after I complete it" }));
    expect(screen.getByText("Repeats a day after completion, at 9:00 AM.")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Add task" }));
    await waitFor(() => expect(onDone).toHaveBeenCalled());
    const post = api.requests.find((request) => request.method === "POST");
    expect(post?.body).toMatchObject({ title: "Water the plants", recurrence: "FREQ=DAILY", repeat_from: "completion" });
    expect(api.requests.some((request) => request.url.pathname.endsWith("/occurrences"))).toBe(false);
  });

  it("shows a saved recurring task's next 3 dates from the server", async () => {
    const api = fakeApi({
      "GET /api/tasks/t2/occurrences": occurrencesOf(teamSync, [
        "2026-03-02T09:00:00-05:00",
        "2026-03-09T09:00:00-04:00",
        "2026-03-16T09:00:00-04:00",
      ]),
    });
    renderInApp(<TaskEditor task={teamSync} onDone={vi.fn()} />);
    expect(
      await screen.findByText("Next dates: Mon, Mar 2, 2026, 9:00 AM; Mon, Mar 9, 2026, 9:00 AM; Mon, Mar 16, 2026, 9:00 AM."),
    ).toBeInTheDocument();
    const asked = api.requests.find((request) => request.url.pathname === "/api/tasks/t2/occurrences");
    expect(asked?.url.searchParams.get("count")).toBe("3");
  });

  it("hides the saved next dates once the draft's rule differs from them", async () => {
    fakeApi({ "GET /api/tasks/t2/occurrences": occurrencesOf(teamSync, ["2026-03-02T09:00:00-05:00"]) });
    renderInApp(<TaskEditor task={teamSync} onDone={vi.fn()} />);
    expect(await screen.findByText(/^Next dates:/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole("radio", { name: "Repeat after I complete it" }));
    expect(screen.queryByText(/^Next dates:/)).not.toBeInTheDocument();
  });

  it("gives only the next due of a task repeating after completion", async () => {
    fakeApi({ "GET /api/tasks/w1/occurrences": occurrencesOf(waterPlants, ["2026-03-02T09:00:00-05:00"]) });
    renderInApp(<TaskEditor task={waterPlants} onDone={vi.fn()} />);
    expect(
      await screen.findByText("Next due Mon, Mar 2, 2026, 9:00 AM; the one after is counted from the day you complete it."),
    ).toBeInTheDocument();
  });

  it("asks for no dates for a task that does not repeat", () => {
    const api = fakeApi({});
    renderInApp(<TaskEditor task={makeTask({ due: "2026-03-02" })} onDone={vi.fn()} />);
    expect(screen.queryByRole("radiogroup", { name: "How it repeats" })).not.toBeInTheDocument();
    expect(api.requests).toHaveLength(0);
  });
});
