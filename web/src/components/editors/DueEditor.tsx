"use client";
// The due: a date, and optionally a time on the user's wall clock (in their zone, not the
// browser's). Shows the instant it becomes, and says so when a DST gap moves the time.

import { parseDate, parseTime, type Time } from "@internationalized/date";
import { Button, DateInput, DateSegment, Label, TimeField } from "react-aria-components";

import { formatDueExact, formatTime, wallClock } from "@/lib/time/zoned";

import { DateField } from "./DateField";

interface DueEditorProps {
  dueDate: string | null;
  dueTime: string | null;
  zone: string;
  onChange: (dueDate: string | null, dueTime: string | null) => void;
}

function timeText(time: Time | null): string | null {
  return time ? `${String(time.hour).padStart(2, "0")}:${String(time.minute).padStart(2, "0")}` : null;
}

/** What the due will be, and a note when the wall-clock time does not exist that day. */
export function describeDue(dueDate: string, dueTime: string | null, zone: string): { exact: string; note: string | null } {
  const date = parseDate(dueDate);
  if (!dueTime) return { exact: `${formatDueExact({ kind: "date", date })} (all day)`, note: null };
  const [hour = 0, minute = 0] = dueTime.split(":").map(Number);
  const at = wallClock(date, hour, minute, zone);
  const moved = at.hour !== hour || at.minute !== minute;
  return {
    exact: formatDueExact({ kind: "datetime", at }),
    note: moved ? `${dueTime} does not exist that day in ${zone} (the clocks move forward): it becomes ${formatTime(at)}.` : null,
  };
}

export function DueEditor({ dueDate, dueTime, zone, onChange }: DueEditorProps) {
  const date = dueDate ? parseDate(dueDate) : null;
  const time = dueTime ? parseTime(dueTime) : null;
  const resolved = dueDate ? describeDue(dueDate, dueTime, zone) : null;
  return (
    <fieldset className="editor-group">
      <legend>Due</legend>
      <div className="editor-row">
        <DateField label="Due date" value={date} onChange={(value) => onChange(value ? value.toString() : null, value ? dueTime : null)} />
        <TimeField
          className="field"
          value={time}
          isDisabled={!date}
          onChange={(value) => onChange(dueDate, timeText(value))}
        >
          <Label>Due time</Label>
          <DateInput className="date-input">{(segment) => <DateSegment segment={segment} className="date-segment" />}</DateInput>
        </TimeField>
        {dueTime && (
          <Button className="button small" onPress={() => onChange(dueDate, null)}>
            All day
          </Button>
        )}
        {dueDate && (
          <Button className="button small" onPress={() => onChange(null, null)}>
            No due date
          </Button>
        )}
      </div>
      {resolved ? (
        <p className="hint" aria-live="polite">
          Due {resolved.exact} ({zone}).{resolved.note && <> {resolved.note}</>}
        </p>
      ) : (
        <p className="hint">No due date.</p>
      )}
    </fieldset>
  );
}
