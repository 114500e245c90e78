// A recurring task's dates in words: the dates an overdue one skipped when it was completed
// (skipped_occurrences) and its next dates (GET /api/tasks/{id}/occurrences).

import type { RepeatFrom, Task } from "../api/types";
import { list } from "../recurrence/rrule";
import { dueDate, formatDate, formatInstant, parseDue } from "../time/zoned";

/** The server lists at most this many skipped dates (the earliest). */
export const SKIPPED_LIMIT = 100;
const SKIPPED_NAMED = 3;

function shortDay(text: string, zone: string): string {
  return formatDate(dueDate(parseDue(text, zone)), { weekday: undefined, year: undefined });
}

/**
 * The dates a completed overdue task passed over: "Mar 2 and Mar 9", "5 past dates, Mar 2 to
 * Mar 6", "100 or more past dates from Mar 2 on"; null when none were.
 */
export function skippedWords(dates: readonly string[], zone: string): string | null {
  const first = dates[0];
  const last = dates.at(-1);
  if (first === undefined || last === undefined) return null;
  if (dates.length >= SKIPPED_LIMIT) return `${SKIPPED_LIMIT} or more past dates from ${shortDay(first, zone)} on`;
  if (dates.length > SKIPPED_NAMED) return `${dates.length} past dates, ${shortDay(first, zone)} to ${shortDay(last, zone)}`;
  return list(dates.map((date) => shortDay(date, zone)));
}

/** What to tell the user when completing a task skipped past dates, or null. */
export function completionNotice(task: Task, zone: string): string | null {
  const skipped = skippedWords(task.skipped_occurrences ?? [], zone);
  return skipped ? `“${task.title}” is done. Skipped ${skipped}: the next one is the first date still ahead.` : null;
}

/** "Mon, Mar 9, 2026" or "Mon, Mar 9, 2026, 9:00 AM" on the user's wall clock. */
function fullDay(text: string, zone: string): string {
  const due = parseDue(text, zone);
  return due.kind === "date" ? formatDate(due.date) : formatInstant(due.at);
}

/** A task's next dates in words, from what GET /api/tasks/{id}/occurrences answered. */
export function nextDatesWords(occurrences: readonly string[], repeatFrom: RepeatFrom | null, zone: string, asked: number): string | null {
  const dates = occurrences.map((text) => fullDay(text, zone));
  if (!dates.length) return null;
  if (repeatFrom === "completion") return `Next due ${dates[0] ?? ""}; the one after is counted from the day you complete it.`;
  const ends = dates.length < asked ? " (then the series ends)" : "";
  return `Next dates: ${dates.join("; ")}${ends}.`;
}
