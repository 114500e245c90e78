// RRULE values as the API allows them (at most daily; no BYHOUR/BYMINUTE/BYSECOND): parsing
// into parts, writing back, and saying a rule in words ("every Monday at 9:00 AM").

import type { CalendarDate } from "@internationalized/date";

export type Frequency = "DAILY" | "WEEKLY" | "MONTHLY" | "YEARLY";
export type Weekday = "MO" | "TU" | "WE" | "TH" | "FR" | "SA" | "SU";

export const WEEKDAYS: readonly Weekday[] = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];
export const WEEKDAY_NAMES: Record<Weekday, string> = {
  MO: "Monday",
  TU: "Tuesday",
  WE: "Wednesday",
  TH: "Thursday",
  FR: "Friday",
  SA: "Saturday",
  SU: "Sunday",
};
const MONTH_NAMES = [
  "January", "February", "March", "April", "May", "June",
  "July", "August", "September", "October", "November", "December",
];

export interface NthWeekday {
  /** 1..5 from the start, -1..-5 from the end, or null for every such day. */
  nth: number | null;
  day: Weekday;
}

export interface RecurrenceRule {
  freq: Frequency;
  interval: number;
  byDay: NthWeekday[];
  byMonthDay: number[];
  byMonth: number[];
  bySetPos: number[];
  count: number | null;
  /** The UNTIL value as written (a date YYYYMMDD or a date-time). */
  until: string | null;
}

export class RuleError extends Error {}

const KNOWN_PARTS = new Set(["FREQ", "INTERVAL", "BYDAY", "BYMONTHDAY", "BYMONTH", "BYSETPOS", "COUNT", "UNTIL", "WKST"]);
const FREQUENCIES: readonly Frequency[] = ["DAILY", "WEEKLY", "MONTHLY", "YEARLY"];

function integers(value: string, part: string, min: number, max: number): number[] {
  return value.split(",").map((text) => {
    const number = Number(text);
    if (!/^[+-]?\d+$/.test(text) || number === 0 || Math.abs(number) < min || Math.abs(number) > max) {
      throw new RuleError(`${part} has an invalid value: ${text}`);
    }
    return number;
  });
}

function weekdays(value: string): NthWeekday[] {
  return value.split(",").map((text) => {
    const match = /^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$/.exec(text);
    if (!match) throw new RuleError(`BYDAY has an invalid value: ${text}`);
    const nth = match[1] === undefined ? null : Number(match[1]);
    if (nth !== null && (nth === 0 || Math.abs(nth) > 53)) throw new RuleError(`BYDAY has an invalid value: ${text}`);
    return { nth, day: match[2] as Weekday };
  });
}

/** Reads an RRULE value ("FREQ=WEEKLY;BYDAY=MO", an "RRULE:" prefix allowed). */
export function parseRule(text: string): RecurrenceRule {
  const parts = new Map<string, string>();
  for (const piece of text.trim().replace(/^RRULE:/i, "").split(";")) {
    if (!piece) continue;
    const [name, value] = piece.split("=", 2);
    const key = (name ?? "").toUpperCase();
    if (!value || !KNOWN_PARTS.has(key)) throw new RuleError(`Unsupported part: ${piece}`);
    if (parts.has(key)) throw new RuleError(`${key} is given twice`);
    parts.set(key, value.toUpperCase());
  }
  const freq = FREQUENCIES.find((candidate) => candidate === parts.get("FREQ"));
  if (!freq) throw new RuleError("FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY");
  if (parts.has("COUNT") && parts.has("UNTIL")) throw new RuleError("COUNT and UNTIL cannot both be given");
  const until = parts.get("UNTIL") ?? null;
  if (until !== null && !/^\d{8}(T\d{6}Z?)?$/.test(until)) throw new RuleError("UNTIL must be a date like 20261231");
  const byDay = parts.has("BYDAY") ? weekdays(parts.get("BYDAY") ?? "") : [];
  if (byDay.some((day) => day.nth !== null) && freq !== "MONTHLY" && freq !== "YEARLY") {
    throw new RuleError("Numbered weekdays (like -1FR) need FREQ=MONTHLY or YEARLY");
  }
  return {
    freq,
    interval: parts.has("INTERVAL") ? (integers(parts.get("INTERVAL") ?? "", "INTERVAL", 1, 1000)[0] ?? 1) : 1,
    byDay,
    byMonthDay: parts.has("BYMONTHDAY") ? integers(parts.get("BYMONTHDAY") ?? "", "BYMONTHDAY", 1, 31) : [],
    byMonth: parts.has("BYMONTH") ? integers(parts.get("BYMONTH") ?? "", "BYMONTH", 1, 12).map(Math.abs) : [],
    bySetPos: parts.has("BYSETPOS") ? integers(parts.get("BYSETPOS") ?? "", "BYSETPOS", 1, 366) : [],
    count: parts.has("COUNT") ? (integers(parts.get("COUNT") ?? "", "COUNT", 1, 100_000)[0] ?? null) : null,
    until,
  };
}

export function tryParseRule(text: string): RecurrenceRule | null {
  try {
    return parseRule(text);
  } catch {
    return null;
  }
}

/** Writes a rule back, parts in the usual order. */
export function formatRule(rule: RecurrenceRule): string {
  const parts = [`FREQ=${rule.freq}`];
  if (rule.interval !== 1) parts.push(`INTERVAL=${rule.interval}`);
  if (rule.byMonth.length) parts.push(`BYMONTH=${rule.byMonth.join(",")}`);
  if (rule.byMonthDay.length) parts.push(`BYMONTHDAY=${rule.byMonthDay.join(",")}`);
  if (rule.byDay.length) parts.push(`BYDAY=${rule.byDay.map((d) => `${d.nth ?? ""}${d.day}`).join(",")}`);
  if (rule.bySetPos.length) parts.push(`BYSETPOS=${rule.bySetPos.join(",")}`);
  if (rule.count !== null) parts.push(`COUNT=${rule.count}`);
  if (rule.until !== null) parts.push(`UNTIL=${rule.until}`);
  return parts.join(";");
}

export function rule(freq: Frequency, changes: Partial<RecurrenceRule> = {}): RecurrenceRule {
  return { freq, interval: 1, byDay: [], byMonthDay: [], byMonth: [], bySetPos: [], count: null, until: null, ...changes };
}

/** 1 → "1st", 22 → "22nd", -1 → "last", -2 → "second to last". */
export function ordinal(n: number): string {
  if (n === -1) return "last";
  if (n < 0) return `${ordinal(-n)} to last`;
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? "th" : (["th", "st", "nd", "rd"][n % 10] ?? "th");
  return `${n}${suffix}`;
}

/** "a", "a and b", "a, b and c". */
export function list(words: string[]): string {
  if (words.length <= 1) return words.join("");
  return `${words.slice(0, -1).join(", ")} and ${words.at(-1) ?? ""}`;
}

const WEEKDAY_SET = "MO,TU,WE,TH,FR";

export function dayOfWeek(date: CalendarDate): Weekday {
  const index = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
  return WEEKDAYS[(index + 6) % 7] ?? "MO";
}

function monthDayWords(days: number[], setPos: number[]): string {
  const isMonthEnd = setPos.length === 1 && setPos[0] === -1 && days.length > 1 && days.every((d) => d >= 28);
  if (isMonthEnd) return `on the ${ordinal(Math.max(...days))} or the month's last day`;
  const named = days.map((d) => (d === -1 ? "last day" : d < 0 ? `${ordinal(d)} day` : ordinal(d)));
  const shortMonths = days.some((d) => d >= 29) ? " (the last day in shorter months)" : "";
  return `on the ${list(named)}${shortMonths}`;
}

function nthDayWords(days: NthWeekday[]): string {
  return list(days.map(({ nth, day }) => (nth === null ? WEEKDAY_NAMES[day] : `${ordinal(nth)} ${WEEKDAY_NAMES[day]}`)));
}

function untilWords(until: string): string {
  const year = Number(until.slice(0, 4));
  const month = Number(until.slice(4, 6));
  const day = Number(until.slice(6, 8));
  return `until ${MONTH_NAMES[month - 1] ?? "?"} ${day}, ${year}`;
}

export interface RuleAnchor {
  /** The due's date: the day a rule without BYDAY/BYMONTHDAY repeats on. */
  date: CalendarDate;
  /** The due's time of day on the wall clock ("9:00 AM"), if it has one. */
  time?: string;
}

/**
 * The rule in words, e.g. "every Monday at 9:00 AM", "every month on the last Friday",
 * "every 2 weeks on Tuesday and Thursday, 10 times". Without BYDAY or BYMONTHDAY the day
 * comes from the anchor (the due), as it does on the server.
 */
export function describeRule(value: RecurrenceRule, anchor?: RuleAnchor): string {
  let words = ruleCoreWords(value, anchor);
  if (anchor?.time) words += ` at ${anchor.time}`;
  return words + limitWords(value);
}

/** How often, on which days: the rule without its time of day, COUNT and UNTIL. */
function ruleCoreWords(value: RecurrenceRule, anchor?: RuleAnchor): string {
  const every = (unit: string) => (value.interval === 1 ? `every ${unit}` : `every ${value.interval} ${unit}s`);
  let words: string;
  switch (value.freq) {
    case "DAILY":
      words = every("day");
      if (value.byDay.length) words += ` on ${nthDayWords(value.byDay)}`;
      break;
    case "WEEKLY": {
      const days = value.byDay.length ? value.byDay : anchor ? [{ nth: null, day: dayOfWeek(anchor.date) }] : [];
      const set = days.map((d) => d.day).join(",");
      if (value.interval === 1 && set === WEEKDAY_SET) words = "every weekday";
      else if (value.interval === 1 && days.length) words = `every ${nthDayWords(days)}`;
      else words = days.length ? `${every("week")} on ${nthDayWords(days)}` : every("week");
      break;
    }
    case "MONTHLY":
      words = every("month");
      if (value.byDay.length) words += ` on the ${nthDayWords(value.byDay)}`;
      else if (value.byMonthDay.length) words += ` ${monthDayWords(value.byMonthDay, value.bySetPos)}`;
      else if (anchor) words += ` ${monthDayWords([anchor.date.day], [])}`;
      break;
    case "YEARLY": {
      words = every("year");
      const months = value.byMonth.length ? value.byMonth : anchor ? [anchor.date.month] : [];
      const monthNames = list(months.map((m) => MONTH_NAMES[m - 1] ?? "?"));
      if (value.byDay.length) words += ` on the ${nthDayWords(value.byDay)}${monthNames ? ` of ${monthNames}` : ""}`;
      else if (value.byMonthDay.length) words += ` on ${monthNames} ${list(value.byMonthDay.map(String))}`;
      else if (anchor) words += ` on ${monthNames} ${anchor.date.day}`;
      break;
    }
  }
  return words;
}

/** ", 10 times", ", until Dec 31, 2026", or "". */
function limitWords(value: RecurrenceRule): string {
  let words = "";
  if (value.count !== null) words += value.count === 1 ? ", once" : `, ${value.count} times`;
  if (value.until !== null) words += `, ${untilWords(value.until)}`;
  return words;
}

const UNIT_NAMES: Record<Frequency, string> = { DAILY: "day", WEEKLY: "week", MONTHLY: "month", YEARLY: "year" };

/**
 * A rule counted from the day the task is completed, in words: "3 days after completion, at
 * 9:00 AM" for a plain interval, else "every Monday after completion". The due's date plays no
 * part (the server applies the rule from the day of completion), its time of day does.
 */
export function describeRuleAfterCompletion(value: RecurrenceRule, time?: string): string {
  const isPlainInterval = !value.byDay.length && !value.byMonthDay.length && !value.byMonth.length && !value.bySetPos.length;
  const unit = UNIT_NAMES[value.freq];
  const span = value.interval === 1 ? `a ${unit}` : `${value.interval} ${unit}s`;
  let words = `${isPlainInterval ? span : ruleCoreWords(value)} after completion`;
  if (time) words += `, at ${time}`;
  return words + limitWords(value);
}

/** An RRULE string in words, or null when it cannot be read. */
export function describeRuleText(text: string, anchor?: RuleAnchor): string | null {
  const parsed = tryParseRule(text);
  return parsed ? describeRule(parsed, anchor) : null;
}

/** A rule in words, on its schedule or counted from completion (see describeRuleAfterCompletion). */
export function describeRepeat(value: RecurrenceRule, afterCompletion: boolean, anchor?: RuleAnchor): string {
  return afterCompletion ? describeRuleAfterCompletion(value, anchor?.time) : describeRule(value, anchor);
}
