// The task editor's form: plain, serialisable values (kept as a draft in sessionStorage),
// read from a task in the user's zone and turned back into the fields that changed.

import { type CalendarDate, parseDate, today } from "@internationalized/date";

import type { Priority, RepeatFrom, Task, TaskFields } from "../api/types";
import { type RecurrenceChoice, choiceToRule, ruleToChoice } from "../recurrence/presets";
import { type Reminder, reminderOfTask, reminderToFields } from "../reminder";
import { type Due, dueToApi, parseDue, parseInstant, toApiDateTime, wallClock } from "../time/zoned";

export type ReminderDraft = { kind: "none" } | { kind: "before"; minutes: number } | { kind: "at"; at: string };

export interface TaskDraft {
  title: string;
  description: string;
  /** YYYY-MM-DD, or null for no due. */
  dueDate: string | null;
  /** HH:MM on the user's wall clock, or null for a date-only due. */
  dueTime: string | null;
  priority: Priority | null;
  tags: string[];
  recurrence: RecurrenceChoice;
  /** What the next occurrence is counted from, when the task repeats. */
  repeatFrom: RepeatFrom;
  reminder: ReminderDraft;
}

export function emptyDraft(zone: string): TaskDraft {
  return {
    title: "",
    description: "",
    dueDate: null,
    dueTime: null,
    priority: null,
    tags: [],
    recurrence: ruleToChoice(null, today(zone)),
    repeatFrom: "due",
    reminder: { kind: "none" },
  };
}

function pad(value: number): string {
  return String(value).padStart(2, "0");
}

export function draftFromTask(task: Task, zone: string): TaskDraft {
  const due = task.due ? parseDue(task.due, zone) : null;
  const reminder = reminderOfTask(task, zone);
  return {
    title: task.title,
    description: task.description ?? "",
    dueDate: due ? (due.kind === "date" ? due.date.toString() : due.at.toString().slice(0, 10)) : null,
    dueTime: due?.kind === "datetime" ? `${pad(due.at.hour)}:${pad(due.at.minute)}` : null,
    priority: task.priority,
    tags: task.tags,
    recurrence: ruleToChoice(task.recurrence, due ? anchorOf(due) : today(zone)),
    repeatFrom: task.repeat_from ?? "due",
    reminder: reminder.kind === "at" ? { kind: "at", at: toApiDateTime(reminder.at) } : reminder,
  };
}

function anchorOf(due: Due): CalendarDate {
  return due.kind === "date" ? due.date : parseDate(due.at.toString().slice(0, 10));
}

/** The due the draft describes, in the user's zone (DST gaps move forward, as on the server). */
export function draftDue(draft: TaskDraft, zone: string): Due | null {
  if (!draft.dueDate) return null;
  const date = parseDate(draft.dueDate);
  if (!draft.dueTime) return { kind: "date", date };
  const [hour = 0, minute = 0] = draft.dueTime.split(":").map(Number);
  return { kind: "datetime", at: wallClock(date, hour, minute, zone) };
}

export function draftReminder(draft: TaskDraft, zone: string): Reminder {
  return draft.reminder.kind === "at" ? { kind: "at", at: parseInstant(draft.reminder.at, zone) } : draft.reminder;
}

export function draftRecurrence(draft: TaskDraft, zone: string): string | null {
  const due = draftDue(draft, zone);
  return due ? choiceToRule(draft.recurrence, anchorOf(due)) : null;
}

/**
 * repeat_from goes only with a recurrence: the server refuses "completion" without one and sets
 * it back to "due" when the recurrence is cleared.
 */
function repeatFromFields(draft: TaskDraft, recurrence: string | null): Pick<TaskFields, "repeat_from"> {
  return recurrence === null ? {} : { repeat_from: draftRepeatFrom(draft) };
}

/** The draft's repeat_from; a draft kept before the field existed repeats on schedule. */
export function draftRepeatFrom(draft: TaskDraft): RepeatFrom {
  return draft.repeatFrom === "completion" ? "completion" : "due";
}

/** Every editable field of the draft, as POST takes them. */
export function draftToFields(draft: TaskDraft, zone: string): TaskFields & { title: string } {
  const due = draftDue(draft, zone);
  const reminder = draftReminder(draft, zone);
  const recurrence = draftRecurrence(draft, zone);
  return {
    title: draft.title.trim(),
    description: draft.description.trim() || null,
    due: due ? dueToApi(due) : null,
    priority: draft.priority,
    tags: draft.tags,
    recurrence,
    ...repeatFromFields(draft, recurrence),
    ...(reminder.kind === "before" && !due ? { remind_at: null, remind_before_minutes: null } : reminderToFields(reminder)),
  };
}

/** Only the fields that differ from the task (what PATCH sends). */
export function changedFields(task: Task, draft: TaskDraft, zone: string): TaskFields {
  const before = draftToFields(draftFromTask(task, zone), zone);
  const after = draftToFields(draft, zone);
  const changes: TaskFields = {};
  const reminderChanged =
    before.remind_at !== after.remind_at || before.remind_before_minutes !== after.remind_before_minutes;
  for (const key of Object.keys(after) as (keyof TaskFields)[]) {
    const isReminder = key === "remind_at" || key === "remind_before_minutes";
    if (isReminder ? reminderChanged : JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
      Object.assign(changes, { [key]: after[key] });
    }
  }
  return changes;
}

/** What is wrong with the draft before sending it, or null. */
export function draftProblem(draft: TaskDraft): string | null {
  if (!draft.title.trim()) return "A task needs a title.";
  if (draft.title.trim().length > 500) return "A title has at most 500 characters.";
  if (draft.recurrence.kind !== "none" && !draft.dueDate) return "A repeating task needs a due date.";
  if (draft.reminder.kind === "before" && !draft.dueDate) return "A reminder before the due needs a due date.";
  return null;
}
