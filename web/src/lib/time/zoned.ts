// Dates and times in the user's zone (their profile's, never the browser's): reading the API's
// dues and reminders, writing them back with the right offset across DST, and showing them.

import {
  type CalendarDate,
  CalendarDateTime,
  type ZonedDateTime,
  now as nowIn,
  parseAbsolute,
  parseDate,
  toCalendarDate,
  toCalendarDateTime,
  toZoned,
} from "@internationalized/date";

/** The app's language: the chat answers in English, so dates are written the same way. */
export const LOCALE = "en-US";

/** A due: a whole day, or an instant shown on the user's wall clock. */
export type Due = { kind: "date"; date: CalendarDate } | { kind: "datetime"; at: ZonedDateTime };

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

export function parseDue(value: string, zone: string): Due {
  return DATE_ONLY.test(value)
    ? { kind: "date", date: parseDate(value) }
    : { kind: "datetime", at: parseAbsolute(value, zone) };
}

export function parseInstant(value: string, zone: string): ZonedDateTime {
  return parseAbsolute(value, zone);
}

/** "2026-03-08T03:30:00-04:00": the instant with the zone's offset, as the API takes it. */
export function toApiDateTime(at: ZonedDateTime): string {
  return at.toString().replace(/\[[^\]]*\]$/, "");
}

export function dueToApi(due: Due): string {
  return due.kind === "date" ? due.date.toString() : toApiDateTime(due.at);
}

/**
 * A wall-clock date and time in the zone. A time that a spring-forward gap skips moves forward
 * (02:30 → 03:30) and one that a fall-back repeats takes its first instant, as the server does.
 */
export function wallClock(date: CalendarDate, hour: number, minute: number, zone: string): ZonedDateTime {
  return toZoned(new CalendarDateTime(date.year, date.month, date.day, hour, minute), zone, "compatible");
}

/** The same wall-clock time on another day (for moving a due's date without its time). */
export function withDate(at: ZonedDateTime, date: CalendarDate): ZonedDateTime {
  return wallClock(date, at.hour, at.minute, at.timeZone);
}

export function currentTime(zone: string): ZonedDateTime {
  return nowIn(zone);
}

export function dueDate(due: Due): CalendarDate {
  return due.kind === "date" ? due.date : toCalendarDate(due.at);
}

export function dueWallClock(due: Due): CalendarDateTime {
  return due.kind === "date" ? toCalendarDateTime(due.date) : toCalendarDateTime(due.at);
}

/** A date-only due is overdue from the day after; a timed one from its instant. */
export function isPastDue(due: Due, now: ZonedDateTime): boolean {
  if (due.kind === "date") return due.date.compare(toCalendarDate(now)) < 0;
  return due.at.compare(now) < 0;
}

function formatter(zone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat(LOCALE, { timeZone: zone, ...options });
}

/** A calendar date written out ("Fri, Mar 6, 2026"): formatted at noon UTC, so no zone moves it. */
export function formatDate(date: CalendarDate, options: Intl.DateTimeFormatOptions = {}): string {
  const noon = new Date(Date.UTC(date.year, date.month - 1, date.day, 12));
  return formatter("UTC", { weekday: "short", month: "short", day: "numeric", year: "numeric", ...options }).format(noon);
}

/** "9:00 AM" on the zone's wall clock. */
export function formatTime(at: ZonedDateTime): string {
  return formatter(at.timeZone, { hour: "numeric", minute: "2-digit" }).format(at.toDate());
}

/** "Sun, Mar 8, 2026, 3:30 AM EDT". */
export function formatInstant(at: ZonedDateTime, options: { zoneName?: boolean } = {}): string {
  return formatter(at.timeZone, {
    weekday: "short",
    month: "short",
    day: "numeric",
    year: "numeric",
    hour: "numeric",
    minute: "2-digit",
    ...(options.zoneName ? { timeZoneName: "short" } : {}),
  }).format(at.toDate());
}

export function formatDueExact(due: Due): string {
  return due.kind === "date" ? formatDate(due.date) : formatInstant(due.at, { zoneName: true });
}

const relative = new Intl.RelativeTimeFormat(LOCALE, { numeric: "auto" });

function calendarDays(from: CalendarDate, to: CalendarDate): number {
  const utc = (date: CalendarDate) => Date.UTC(date.year, date.month - 1, date.day);
  return Math.round((utc(to) - utc(from)) / 86_400_000);
}

/** "in 3 hours", "tomorrow", "2 days ago", counted on the user's calendar. */
export function formatDueRelative(due: Due, now: ZonedDateTime): string {
  const days = calendarDays(toCalendarDate(now), dueDate(due));
  if (due.kind === "datetime") {
    const minutes = Math.round((due.at.toDate().getTime() - now.toDate().getTime()) / 60_000);
    if (Math.abs(minutes) < 60) return relative.format(minutes, "minute");
    if (Math.abs(minutes) < 12 * 60 || days === 0) return relative.format(Math.round(minutes / 60), "hour");
  }
  if (Math.abs(days) < 14) return relative.format(days, "day");
  if (Math.abs(days) < 60) return relative.format(Math.round(days / 7), "week");
  return relative.format(Math.round(days / 30), "month");
}

/** The zones a person can choose from (the browser's list, with the current one kept). */
export function knownTimeZones(current: string): string[] {
  const zones = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  return zones.includes(current) ? zones : [current, ...zones];
}

export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}
