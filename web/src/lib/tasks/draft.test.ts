import { describe, expect, it } from "vitest";

import type { Task } from "../api/types";
import { changedFields, draftFromTask, draftProblem, draftToFields, emptyDraft } from "./draft";

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
      remind_at: null,
      remind_before_minutes: null,
    });
  });

  it("says what is missing before sending", () => {
    expect(draftProblem(emptyDraft(NEW_YORK))).toMatch(/title/);
    const repeating = { ...emptyDraft(NEW_YORK), title: "x", recurrence: { kind: "daily" as const, weekdays: [], custom: "" } };
    expect(draftProblem(repeating)).toMatch(/due date/);
  });
});
