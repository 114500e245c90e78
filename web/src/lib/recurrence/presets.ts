// The recurrence editor's presets, made from the due's date: daily, weekdays, weekly on chosen
// days, monthly on a day or on "the last Friday", yearly; and recognising a rule as one of them.

import type { CalendarDate } from "@internationalized/date";

import { type RecurrenceRule, type Weekday, dayOfWeek, formatRule, rule, tryParseRule } from "./rrule";

export type PresetKind = "none" | "daily" | "weekdays" | "weekly" | "monthly-day" | "monthly-weekday" | "yearly" | "custom";

export interface RecurrenceChoice {
  kind: PresetKind;
  /** The days of a weekly rule. */
  weekdays: Weekday[];
  /** The RRULE text of a custom rule. */
  custom: string;
}

const WORKDAYS: Weekday[] = ["MO", "TU", "WE", "TH", "FR"];

/** Which occurrence of its weekday the date is in its month: 1..4, or -1 when it is the last. */
export function weekdayPosition(date: CalendarDate): number {
  if (date.add({ weeks: 1 }).month !== date.month) return -1;
  return Math.ceil(date.day / 7);
}

/** The rule a choice stands for, from the due's date (null: no recurrence). */
export function choiceToRule(choice: RecurrenceChoice, anchor: CalendarDate): string | null {
  switch (choice.kind) {
    case "none":
      return null;
    case "daily":
      return formatRule(rule("DAILY"));
    case "weekdays":
      return formatRule(rule("WEEKLY", { byDay: WORKDAYS.map((day) => ({ nth: null, day })) }));
    case "weekly": {
      const days = choice.weekdays.length ? choice.weekdays : [dayOfWeek(anchor)];
      return formatRule(rule("WEEKLY", { byDay: sortWeekdays(days).map((day) => ({ nth: null, day })) }));
    }
    case "monthly-day":
      return formatRule(rule("MONTHLY", { byMonthDay: [anchor.day] }));
    case "monthly-weekday":
      return formatRule(rule("MONTHLY", { byDay: [{ nth: weekdayPosition(anchor), day: dayOfWeek(anchor) }] }));
    case "yearly":
      return formatRule(rule("YEARLY", { byMonth: [anchor.month], byMonthDay: [anchor.day] }));
    case "custom":
      return choice.custom.trim() || null;
  }
}

function sortWeekdays(days: Weekday[]): Weekday[] {
  const order: Weekday[] = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];
  return order.filter((day) => days.includes(day));
}

function isPlain(value: RecurrenceRule): boolean {
  return value.interval === 1 && value.count === null && value.until === null && value.bySetPos.length === 0;
}

/** Recognises a stored rule as a preset (with this anchor), else a custom rule. */
export function ruleToChoice(text: string | null, anchor: CalendarDate): RecurrenceChoice {
  const base: RecurrenceChoice = { kind: "none", weekdays: [dayOfWeek(anchor)], custom: text ?? "" };
  if (!text) return base;
  const parsed = tryParseRule(text);
  if (!parsed || !isPlain(parsed)) return { ...base, kind: "custom" };
  const numbered = parsed.byDay.some((d) => d.nth !== null);
  const days = parsed.byDay.map((d) => d.day);
  if (parsed.freq === "DAILY" && !parsed.byDay.length && !parsed.byMonthDay.length && !parsed.byMonth.length) {
    return { ...base, kind: "daily" };
  }
  if (parsed.freq === "WEEKLY" && !numbered && !parsed.byMonthDay.length && !parsed.byMonth.length) {
    if (days.join(",") === WORKDAYS.join(",")) return { ...base, kind: "weekdays" };
    return { ...base, kind: "weekly", weekdays: days.length ? sortWeekdays(days) : [dayOfWeek(anchor)] };
  }
  for (const kind of ["monthly-day", "monthly-weekday", "yearly"] as const) {
    if (choiceToRule({ ...base, kind }, anchor) === formatRule(parsed)) return { ...base, kind };
  }
  return { ...base, kind: "custom" };
}

