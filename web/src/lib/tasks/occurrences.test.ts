import { describe, expect, it } from "vitest";

import { makeTask } from "@/test/app";

import { completionNotice, nextDatesWords, skippedWords } from "./occurrences";

// The machine runs these in Asia/Kolkata (vitest.config.mts); the user is in New York.
const NEW_YORK = "America/New_York";

function days(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `2026-03-${String(i + 2).padStart(2, "0")}`);
}

describe("skippedWords", () => {
  it("names up to three dates, on the user's calendar", () => {
    expect(skippedWords([], NEW_YORK)).toBeNull();
    expect(skippedWords(["2026-03-02"], NEW_YORK)).toBe("Mar 2");
    // 23:30 in New York is already the next day in Kolkata: the user's day is kept.
    expect(skippedWords(["2026-03-02T23:30:00-05:00", "2026-03-09T23:30:00-04:00"], NEW_YORK)).toBe("Mar 2 and Mar 9");
    expect(skippedWords(days(3), NEW_YORK)).toBe("Mar 2, Mar 3 and Mar 4");
  });

  it("counts more than three, and says when the server stopped listing them", () => {
    expect(skippedWords(days(5), NEW_YORK)).toBe("5 past dates, Mar 2 to Mar 6");
    const hundred = Array.from({ length: 100 }, (_, i) => `2026-${String(Math.floor(i / 28) + 1).padStart(2, "0")}-${String((i % 28) + 1).padStart(2, "0")}`);
    expect(skippedWords(hundred, NEW_YORK)).toBe("100 or more past dates from Jan 1 on");
  });
});

describe("completionNotice", () => {
  it("tells which dates a completed overdue task skipped, and nothing otherwise", () => {
    const done = makeTask({ title: "Pay rent", status: "completed", recurrence: "FREQ=WEEKLY", repeat_from: "due" });
    expect(completionNotice(done, NEW_YORK)).toBeNull();
    // A task.changed event recorded before the server kept the field has none.
    const fromAnOldEvent = { ...done };
    delete fromAnOldEvent.skipped_occurrences;
    expect(completionNotice(fromAnOldEvent, NEW_YORK)).toBeNull();
    expect(completionNotice({ ...done, skipped_occurrences: ["2026-03-02", "2026-03-09"] }, NEW_YORK)).toBe(
      "“Pay rent” is done. Skipped Mar 2 and Mar 9: the next one is the first date still ahead.",
    );
  });
});

describe("nextDatesWords", () => {
  it("lists the dates on the user's wall clock, and says when the series ends first", () => {
    const dates = ["2026-03-02T09:00:00-05:00", "2026-03-09T09:00:00-04:00", "2026-03-16T09:00:00-04:00"];
    expect(nextDatesWords(dates, "due", NEW_YORK, 3)).toBe(
      "Next dates: Mon, Mar 2, 2026, 9:00 AM; Mon, Mar 9, 2026, 9:00 AM; Mon, Mar 16, 2026, 9:00 AM.",
    );
    expect(nextDatesWords(["2026-03-31"], "due", NEW_YORK, 3)).toBe("Next dates: Tue, Mar 31, 2026 (then the series ends).");
    expect(nextDatesWords([], "due", NEW_YORK, 3)).toBeNull();
  });

  it("gives only the due of a task repeating after completion", () => {
    expect(nextDatesWords(["2026-03-02"], "completion", NEW_YORK, 3)).toBe(
      "Next due Mon, Mar 2, 2026; the one after is counted from the day you complete it.",
    );
  });
});
