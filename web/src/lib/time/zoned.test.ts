import { CalendarDate } from "@internationalized/date";
import { describe, expect, it } from "vitest";

import {
  dueToApi,
  formatDueExact,
  formatDueRelative,
  isPastDue,
  parseDue,
  parseInstant,
  toApiDateTime,
  wallClock,
  withDate,
} from "./zoned";

// The tests run with TZ=Asia/Kolkata (vitest.config.mts): none of these zones is the machine's.
const NEW_YORK = "America/New_York";
const SYDNEY = "Australia/Sydney";

describe("wall-clock times in the user's zone", () => {
  it("gives 09:00 in New York the right offset on each side of the 2026-03-08 change", () => {
    expect(toApiDateTime(wallClock(new CalendarDate(2026, 3, 7), 9, 0, NEW_YORK))).toBe("2026-03-07T09:00:00-05:00");
    expect(toApiDateTime(wallClock(new CalendarDate(2026, 3, 8), 9, 0, NEW_YORK))).toBe("2026-03-08T09:00:00-04:00");
  });

  it("moves a time in the spring-forward gap forward, as the server does (02:30 → 03:30)", () => {
    expect(toApiDateTime(wallClock(new CalendarDate(2026, 3, 8), 2, 30, NEW_YORK))).toBe("2026-03-08T03:30:00-04:00");
  });

  it("takes the first of a repeated fall-back time (Sydney, 2026-04-05 02:30)", () => {
    expect(toApiDateTime(wallClock(new CalendarDate(2026, 4, 5), 2, 30, SYDNEY))).toBe("2026-04-05T02:30:00+11:00");
    expect(toApiDateTime(wallClock(new CalendarDate(2026, 4, 6), 2, 30, SYDNEY))).toBe("2026-04-06T02:30:00+10:00");
  });

  it("keeps 09:00 when a due moves across Sydney's spring-forward (2026-10-04)", () => {
    const before = parseInstant("2026-10-03T09:00:00+10:00", SYDNEY);
    expect(toApiDateTime(withDate(before, new CalendarDate(2026, 10, 5)))).toBe("2026-10-05T09:00:00+11:00");
  });
});

describe("reading the API's dues", () => {
  it("reads a date-only due as a day and writes it back unchanged", () => {
    const due = parseDue("2026-03-08", NEW_YORK);
    expect(due.kind).toBe("date");
    expect(dueToApi(due)).toBe("2026-03-08");
    expect(formatDueExact(due)).toBe("Sun, Mar 8, 2026");
  });

  it("shows a date-time in the user's zone, whatever offset it came with", () => {
    const due = parseDue("2026-03-08T12:00:00Z", NEW_YORK);
    expect(formatDueExact(due)).toBe("Sun, Mar 8, 2026, 8:00 AM EDT");
    expect(dueToApi(due)).toBe("2026-03-08T08:00:00-04:00");
    expect(formatDueExact(parseDue("2026-03-08T12:00:00Z", SYDNEY))).toBe("Sun, Mar 8, 2026, 11:00 PM GMT+11");
  });
});

describe("overdue and relative times", () => {
  const now = parseInstant("2026-03-08T10:00:00-04:00", NEW_YORK);

  it("counts a date-only due as overdue from the next day in the user's zone", () => {
    expect(isPastDue(parseDue("2026-03-08", NEW_YORK), now)).toBe(false);
    expect(isPastDue(parseDue("2026-03-07", NEW_YORK), now)).toBe(true);
  });

  it("counts a timed due as overdue from its instant", () => {
    expect(isPastDue(parseDue("2026-03-08T09:59:00-04:00", NEW_YORK), now)).toBe(true);
    expect(isPastDue(parseDue("2026-03-08T10:01:00-04:00", NEW_YORK), now)).toBe(false);
  });

  it("says how far a due is, on the user's calendar", () => {
    expect(formatDueRelative(parseDue("2026-03-08T13:00:00-04:00", NEW_YORK), now)).toBe("in 3 hours");
    expect(formatDueRelative(parseDue("2026-03-08T10:20:00-04:00", NEW_YORK), now)).toBe("in 20 minutes");
    expect(formatDueRelative(parseDue("2026-03-09", NEW_YORK), now)).toBe("tomorrow");
    expect(formatDueRelative(parseDue("2026-03-06", NEW_YORK), now)).toBe("2 days ago");
    expect(formatDueRelative(parseDue("2026-03-08", NEW_YORK), now)).toBe("today");
  });
});
