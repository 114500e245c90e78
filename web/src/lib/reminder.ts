// A task's reminder as the editor offers it: none, a lead before the due (at due, 10 min, 1 h,
// 1 day, or another lead the chat set) or a chosen instant; and the fields the API takes for each.

import type { ZonedDateTime } from "@internationalized/date";

import type { Task, TaskFields } from "./api/types";
import { formatInstant, parseInstant, toApiDateTime } from "./time/zoned";

export type Reminder = { kind: "none" } | { kind: "before"; minutes: number } | { kind: "at"; at: ZonedDateTime };

export const LEAD_PRESETS: readonly number[] = [0, 10, 60, 1440];

export function reminderOfTask(task: Pick<Task, "remind_at" | "remind_before_minutes">, zone: string): Reminder {
  if (task.remind_before_minutes !== null) return { kind: "before", minutes: task.remind_before_minutes };
  if (task.remind_at !== null) return { kind: "at", at: parseInstant(task.remind_at, zone) };
  return { kind: "none" };
}

/**
 * The fields to send. A lead goes alone (the server computes `remind_at`, and sending both is
 * a 422); an instant goes alone too (the lead then becomes null); none clears both.
 */
export function reminderToFields(reminder: Reminder): Pick<TaskFields, "remind_at" | "remind_before_minutes"> {
  switch (reminder.kind) {
    case "none":
      return { remind_at: null, remind_before_minutes: null };
    case "before":
      return { remind_before_minutes: reminder.minutes };
    case "at":
      return { remind_at: toApiDateTime(reminder.at) };
  }
}

/** 0 → "at the due time", 10 → "10 minutes before", 60 → "1 hour before", 2880 → "2 days before". */
export function describeLead(minutes: number): string {
  if (minutes === 0) return "at the due time";
  const units: [number, string][] = [
    [1440, "day"],
    [60, "hour"],
    [1, "minute"],
  ];
  for (const [size, unit] of units) {
    if (minutes % size === 0) {
      const count = minutes / size;
      return `${count} ${unit}${count === 1 ? "" : "s"} before`;
    }
  }
  return `${minutes} minutes before`;
}

/** The reminder at a glance, e.g. "1 hour before (8:00 PM)" or "Sat, Dec 5, 2026, 8:50 PM". */
export function describeReminder(task: Pick<Task, "remind_at" | "remind_before_minutes">, zone: string): string | null {
  const reminder = reminderOfTask(task, zone);
  if (reminder.kind === "none") return null;
  const at = task.remind_at ? formatInstant(parseInstant(task.remind_at, zone)) : null;
  if (reminder.kind === "before") return at ? `${describeLead(reminder.minutes)} (${at})` : describeLead(reminder.minutes);
  return formatInstant(reminder.at);
}
