import { describe, expect, it } from "vitest";

import type { Task } from "../api/types";
import { type TaskDraft, changedFields, draftFromTask, draftProblem, draftToFields, emptyDraft } from "./draft";

const NEW_YORK = "America/New_York";

const task: Task = {
  id: "t1",
  title: "Team sync",
  description: null,
  status: "pending",
  priority: "high",
  tags: ["work"],
  due: "2026-03-02T09:00:00-05:00",
  remind_at: "2026-03-02T08:50:00-05:00",
  remind_before_minutes: 10,
  recurrence: "FREQ=WEEKLY;BYDAY=MO",
  repeat_from: "due",
  skipped_occurrences: [],
  series_id: "s1",
  created_at: "2026-03-01T00:00:00Z",
  updated_at: "2026-03-01T00:00:00Z",
  completed_at: null,
  version: 3,
};

describe("the editor's draft", () => {
  it("reads a task on the user's wall clock", () => {
    const draft = draftFromTask(task, NEW_YORK);
    expect(draft).toMatchObject({
      dueDate: "2026-03-02",
      dueTime: "09:00",
      reminder: { kind: "before", minutes: 10 },
      recurrence: { kind: "weekly", weekdays: ["MO"] },
    });
  });

  it("sends nothing when nothing changed", () => {
    expect(changedFields(task, draftFromTask(task, NEW_YORK), NEW_YORK)).toEqual({});
  });

  it("moves the due across the DST change keeping 09:00, and sends only that", () => {
    const draft = { ...draftFromTask(task, NEW_YORK), dueDate: "2026-03-09" };
    expect(changedFields(task, draft, NEW_YORK)).toEqual({ due: "2026-03-09T09:00:00-04:00" });
  });

  it("sends the reminder when only it changed", () => {
    const draft = { ...draftFromTask(task, NEW_YORK), reminder: { kind: "before" as const, minutes: 1440 } };
    expect(changedFields(task, draft, NEW_YORK)).toEqual({ remind_before_minutes: 1440 });
  });

  it("makes a whole new task's fields", () => {
    const draft = { ...emptyDraft(NEW_YORK), title: "  Pay rent ", dueDate: "2027-01-31", recurrence: { kind: "monthly-day" as const, weekdays: [], custom: "" } };
    expect(draftToFields(draft, NEW_YORK)).toEqual({
      title: "Pay rent",
      description: null,
      due: "2027-01-31",
      priority: null,
      tags: [],
      recurrence: "FREQ=MONTHLY;BYMONTHDAY=31",
      repeat_from: "due",
      remind_at: null,
      remind_before_minutes: null,
    });
  });

  it("keeps a task's repeat after completion through an edit (a round trip drops nothing)", () => {
    const everyThreeDays: Task = { ...task, recurrence: "FREQ=DAILY;INTERVAL=3", repeat_from: "completion" };
    const draft = draftFromTask(everyThreeDays, NEW_YORK);
    expect(draft.repeatFrom).toBe("completion");
    expect(changedFields(everyThreeDays, draft, NEW_YORK)).toEqual({});
    expect(changedFields(everyThreeDays, { ...draft, title: "Water the plants" }, NEW_YORK)).toEqual({ title: "Water the plants" });
    expect(draftToFields(draft, NEW_YORK)).toMatchObject({ recurrence: "FREQ=DAILY;INTERVAL=3", repeat_from: "completion" });
  });

  it("sends repeat_from when only it changed", () => {
    const draft = { ...draftFromTask(task, NEW_YORK), repeatFrom: "completion" as const };
    expect(changedFields(task, draft, NEW_YORK)).toEqual({ repeat_from: "completion" });
    const back: Task = { ...task, repeat_from: "completion" };
    expect(changedFields(back, { ...draftFromTask(back, NEW_YORK), repeatFrom: "due" }, NEW_YORK)).toEqual({ repeat_from: "due" });
  });

  it("sends no repeat_from without a recurrence (clearing the rule is enough)", () => {
    const repeating: Task = { ...task, repeat_from: "completion" };
    const draft = { ...draftFromTask(repeating, NEW_YORK), recurrence: { kind: "none" as const, weekdays: [], custom: "" } };
    expect(changedFields(repeating, draft, NEW_YORK)).toEqual({ recurrence: null });
    expect(draftToFields({ ...emptyDraft(NEW_YORK), title: "x", repeatFrom: "completion" }, NEW_YORK)).not.toHaveProperty("repeat_from");
  });

  it("reads a draft kept before repeat_from existed as repeating on schedule", () => {
    const kept: Partial<TaskDraft> = draftFromTask(task, NEW_YORK);
    delete kept.repeatFrom;
    const old = kept as TaskDraft;
    expect(draftToFields(old, NEW_YORK).repeat_from).toBe("due");
    expect(changedFields(task, old, NEW_YORK)).toEqual({});
  });

  it("says what is missing before sending", () => {
    expect(draftProblem(emptyDraft(NEW_YORK))).toMatch(/title/);
    const repeating = { ...emptyDraft(NEW_YORK), title: "x", recurrence: { kind: "daily" as const, weekdays: [], custom: "" } };
    expect(draftProblem(repeating)).toMatch(/due date/);
  });
});
