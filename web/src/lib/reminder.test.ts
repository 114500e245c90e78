import { describe, expect, it } from "vitest";

import { describeLead, describeReminder, reminderOfTask, reminderToFields } from "./reminder";
import { parseInstant } from "./time/zoned";

const NEW_YORK = "America/New_York";

describe("reminders", () => {
  it("reads a lead, an instant or none from a task", () => {
    expect(reminderOfTask({ remind_at: "2026-03-08T08:00:00-04:00", remind_before_minutes: 60 }, NEW_YORK)).toEqual({
      kind: "before",
      minutes: 60,
    });
    const at = reminderOfTask({ remind_at: "2026-03-08T08:00:00-04:00", remind_before_minutes: null }, NEW_YORK);
    expect(at.kind === "at" && at.at.hour).toBe(8);
    expect(reminderOfTask({ remind_at: null, remind_before_minutes: null }, NEW_YORK)).toEqual({ kind: "none" });
  });

  it("sends a lead alone, an instant alone, and none as both cleared", () => {
    expect(reminderToFields({ kind: "before", minutes: 1440 })).toEqual({ remind_before_minutes: 1440 });
    expect(reminderToFields({ kind: "at", at: parseInstant("2026-03-08T07:30:00Z", NEW_YORK) })).toEqual({
      remind_at: "2026-03-08T03:30:00-04:00",
    });
    expect(reminderToFields({ kind: "none" })).toEqual({ remind_at: null, remind_before_minutes: null });
  });

  it("says leads in words", () => {
    expect([0, 10, 60, 1440, 90, 2880].map(describeLead)).toEqual([
      "at the due time",
      "10 minutes before",
      "1 hour before",
      "1 day before",
      "90 minutes before",
      "2 days before",
    ]);
  });

  it("shows the reminder's time in the user's zone", () => {
    expect(describeReminder({ remind_at: "2026-03-07T14:00:00Z", remind_before_minutes: 1440 }, NEW_YORK)).toBe(
      "1 day before (Sat, Mar 7, 2026, 9:00 AM)",
    );
  });
});
