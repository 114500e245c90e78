import { CalendarDate } from "@internationalized/date";
import { describe, expect, it } from "vitest";

import { type RuleAnchor, RuleError, describeRepeat, describeRuleText, formatRule, ordinal, parseRule } from "./rrule";

const monday = new CalendarDate(2026, 3, 9);

describe("parseRule and formatRule", () => {
  it("round-trips the rules the API allows", () => {
    for (const text of [
      "FREQ=DAILY",
      "FREQ=WEEKLY;BYDAY=MO,WE,FR",
      "FREQ=MONTHLY;BYDAY=-1FR",
      "FREQ=MONTHLY;BYMONTHDAY=28,29,30,31;BYSETPOS=-1",
      "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29",
      "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;COUNT=10",
      "FREQ=DAILY;UNTIL=20261231",
    ]) {
      expect(formatRule(parseRule(text))).toBe(text);
    }
  });

  it("accepts an RRULE: prefix and lower case", () => {
    expect(formatRule(parseRule("RRULE:freq=weekly;byday=mo"))).toBe("FREQ=WEEKLY;BYDAY=MO");
  });

  it("refuses what the API refuses", () => {
    expect(() => parseRule("FREQ=HOURLY")).toThrow(RuleError);
    expect(() => parseRule("FREQ=DAILY;BYHOUR=9")).toThrow(RuleError);
    expect(() => parseRule("FREQ=WEEKLY;BYDAY=-1FR")).toThrow(/MONTHLY or YEARLY/);
    expect(() => parseRule("FREQ=MONTHLY;BYMONTHDAY=32")).toThrow(RuleError);
    expect(() => parseRule("FREQ=DAILY;COUNT=3;UNTIL=20260101")).toThrow(RuleError);
  });
});

describe("describeRuleText", () => {
  it("says weekly rules with the due's time", () => {
    expect(describeRuleText("FREQ=WEEKLY;BYDAY=MO", { date: monday, time: "9:00 AM" })).toBe("every Monday at 9:00 AM");
    expect(describeRuleText("FREQ=WEEKLY", { date: monday })).toBe("every Monday");
    expect(describeRuleText("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR")).toBe("every weekday");
    expect(describeRuleText("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH")).toBe("every 2 weeks on Tuesday and Thursday");
  });

  it("says daily, monthly and yearly rules", () => {
    expect(describeRuleText("FREQ=DAILY")).toBe("every day");
    expect(describeRuleText("FREQ=DAILY;INTERVAL=3;COUNT=5")).toBe("every 3 days, 5 times");
    expect(describeRuleText("FREQ=MONTHLY;BYDAY=-1FR")).toBe("every month on the last Friday");
    expect(describeRuleText("FREQ=MONTHLY;BYDAY=2TU")).toBe("every month on the 2nd Tuesday");
    expect(describeRuleText("FREQ=MONTHLY;BYMONTHDAY=15")).toBe("every month on the 15th");
    expect(describeRuleText("FREQ=MONTHLY;BYMONTHDAY=-1")).toBe("every month on the last day");
    expect(describeRuleText("FREQ=YEARLY", { date: new CalendarDate(2026, 7, 4) })).toBe("every year on July 4");
    expect(describeRuleText("FREQ=DAILY;UNTIL=20261231")).toBe("every day, until December 31, 2026");
  });

  it("says a month-end day honestly: Jan 31 monthly", () => {
    const jan31 = new CalendarDate(2027, 1, 31);
    expect(describeRuleText("FREQ=MONTHLY", { date: jan31 })).toBe("every month on the 31st (the last day in shorter months)");
    expect(describeRuleText("FREQ=MONTHLY;BYMONTHDAY=31", { date: jan31 })).toBe(
      "every month on the 31st (the last day in shorter months)",
    );
    expect(describeRuleText("FREQ=MONTHLY;BYMONTHDAY=28,29,30,31;BYSETPOS=-1")).toBe(
      "every month on the 31st or the month's last day",
    );
  });

  it("returns null for what it cannot read", () => {
    expect(describeRuleText("FREQ=SECONDLY")).toBeNull();
  });

  it("writes ordinals", () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 31].map(ordinal)).toEqual([
      "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "31st",
    ]);
    expect(ordinal(-1)).toBe("last");
  });
});

describe("describeRepeat", () => {
  const nineOnMonday: RuleAnchor = { date: monday, time: "9:00 AM" };
  const after = (text: string, anchor: RuleAnchor = nineOnMonday) => describeRepeat(parseRule(text), true, anchor);

  it("says a plain interval counted from completion as a span", () => {
    expect(after("FREQ=DAILY;INTERVAL=3")).toBe("3 days after completion, at 9:00 AM");
    expect(after("FREQ=WEEKLY", { date: monday })).toBe("a week after completion");
    expect(after("FREQ=MONTHLY;INTERVAL=2")).toBe("2 months after completion, at 9:00 AM");
    expect(after("FREQ=YEARLY;COUNT=3", { date: monday })).toBe("a year after completion, 3 times");
  });

  it("says a rule with days as the days after completion, not the due's day", () => {
    expect(after("FREQ=WEEKLY;BYDAY=MO,TH")).toBe("every Monday and Thursday after completion, at 9:00 AM");
    expect(after("FREQ=MONTHLY;BYDAY=-1FR", { date: monday })).toBe("every month on the last Friday after completion");
  });

  it("says a rule on its schedule as before", () => {
    expect(describeRepeat(parseRule("FREQ=WEEKLY"), false, nineOnMonday)).toBe("every Monday at 9:00 AM");
  });
});
