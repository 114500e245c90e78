"use client";
// The reminder: none, at the due, 10 minutes, 1 hour or 1 day before (remind_before_minutes,
// which follows the due), or a chosen date and time in the user's zone (remind_at).

import { type ZonedDateTime, toCalendarDate } from "@internationalized/date";
import { Label, Radio, RadioGroup } from "react-aria-components";

import type { ReminderDraft } from "@/lib/tasks/draft";
import { describeLead, LEAD_PRESETS } from "@/lib/reminder";
import { type Due, currentTime, parseInstant, toApiDateTime, wallClock } from "@/lib/time/zoned";

import { DateField } from "./DateField";

interface ReminderEditorProps {
  reminder: ReminderDraft;
  due: Due | null;
  zone: string;
  onChange: (reminder: ReminderDraft) => void;
}

function optionValue(reminder: ReminderDraft): string {
  return reminder.kind === "before" ? `before:${reminder.minutes}` : reminder.kind;
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Where a newly chosen reminder time starts: an hour before a timed due, else 09:00 on the due's day or tomorrow. */
export function defaultReminderTime(due: Due | null, zone: string): ZonedDateTime {
  if (due?.kind === "datetime") return due.at.subtract({ hours: 1 });
  const day = due?.kind === "date" ? due.date : toCalendarDate(currentTime(zone)).add({ days: 1 });
  return wallClock(day, 9, 0, zone);
}

export function ReminderEditor({ reminder, due, zone, onChange }: ReminderEditorProps) {
  const leads = [...LEAD_PRESETS];
  if (reminder.kind === "before" && !leads.includes(reminder.minutes)) leads.push(reminder.minutes);

  function choose(value: string) {
    if (value === "none") onChange({ kind: "none" });
    else if (value === "at") onChange({ kind: "at", at: toApiDateTime(defaultReminderTime(due, zone)) });
    else onChange({ kind: "before", minutes: Number(value.slice("before:".length)) });
  }

  return (
    <div className="editor-group">
      <RadioGroup className="radio-group" value={optionValue(reminder)} onChange={choose}>
        <Label>Reminder</Label>
        <Radio value="none">No reminder</Radio>
        {leads.map((minutes) => (
          <Radio key={minutes} value={`before:${minutes}`} isDisabled={!due}>
            {capitalised(describeLead(minutes))}
          </Radio>
        ))}
        <Radio value="at">At a chosen time</Radio>
      </RadioGroup>
      {!due && <p className="hint">Reminders before the due need a due date.</p>}
      {reminder.kind === "at" && (
        <DateField
          label="Remind at"
          granularity="minute"
          value={parseInstant(reminder.at, zone)}
          onChange={(value) => value && onChange({ kind: "at", at: toApiDateTime(value) })}
          description={`In ${zone}.`}
        />
      )}
    </div>
  );
}
