import { CalendarDate } from "@internationalized/date";
import { describe, expect, it } from "vitest";

import { type RecurrenceChoice, choiceToRule, ruleToChoice, weekdayPosition } from "./presets";

const choice = (kind: RecurrenceChoice["kind"], extra: Partial<RecurrenceChoice> = {}): RecurrenceChoice => ({
  kind,
  weekdays: [],
  custom: "",
  ...extra,
});

describe("presets from the due's date", () => {
  const jan31 = new CalendarDate(2027, 1, 31); // a Sunday, the month's last
  const lastFriday = new CalendarDate(2027, 1, 29);
  const secondTuesday = new CalendarDate(2026, 3, 10);

  it("makes each preset's rule", () => {
    expect(choiceToRule(choice("none"), jan31)).toBeNull();
    expect(choiceToRule(choice("daily"), jan31)).toBe("FREQ=DAILY");
    expect(choiceToRule(choice("weekdays"), jan31)).toBe("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR");
    expect(choiceToRule(choice("weekly", { weekdays: ["FR", "MO"] }), jan31)).toBe("FREQ=WEEKLY;BYDAY=MO,FR");
    expect(choiceToRule(choice("weekly"), jan31)).toBe("FREQ=WEEKLY;BYDAY=SU");
    expect(choiceToRule(choice("yearly"), jan31)).toBe("FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=31");
    expect(choiceToRule(choice("custom", { custom: " FREQ=DAILY;INTERVAL=2 " }), jan31)).toBe("FREQ=DAILY;INTERVAL=2");
  });

  it("keeps Jan 31 monthly on the 31st (the server then falls back to shorter months' last day)", () => {
    expect(choiceToRule(choice("monthly-day"), jan31)).toBe("FREQ=MONTHLY;BYMONTHDAY=31");
  });

  it("offers 'the last Friday' for a month's last Friday, and 'the 2nd Tuesday' otherwise", () => {
    expect(weekdayPosition(lastFriday)).toBe(-1);
    expect(choiceToRule(choice("monthly-weekday"), lastFriday)).toBe("FREQ=MONTHLY;BYDAY=-1FR");
    expect(weekdayPosition(secondTuesday)).toBe(2);
    expect(choiceToRule(choice("monthly-weekday"), secondTuesday)).toBe("FREQ=MONTHLY;BYDAY=2TU");
  });

  it("recognises stored rules as presets, else custom", () => {
    expect(ruleToChoice(null, jan31).kind).toBe("none");
    expect(ruleToChoice("FREQ=DAILY", jan31).kind).toBe("daily");
    expect(ruleToChoice("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", jan31).kind).toBe("weekdays");
    expect(ruleToChoice("FREQ=WEEKLY;BYDAY=WE,MO", jan31)).toMatchObject({ kind: "weekly", weekdays: ["MO", "WE"] });
    expect(ruleToChoice("FREQ=MONTHLY;BYDAY=-1FR", lastFriday).kind).toBe("monthly-weekday");
    expect(ruleToChoice("FREQ=MONTHLY;BYMONTHDAY=31", jan31).kind).toBe("monthly-day");
    expect(ruleToChoice("FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=31", jan31).kind).toBe("yearly");
    expect(ruleToChoice("FREQ=DAILY;INTERVAL=2", jan31)).toMatchObject({ kind: "custom", custom: "FREQ=DAILY;INTERVAL=2" });
    expect(ruleToChoice("FREQ=MONTHLY;BYDAY=-1FR", jan31).kind).toBe("custom");
  });
});
