"use client";
// The recurrence: presets made from the due's date (daily, weekdays, weekly on chosen days,
// monthly on its day or on "the last Friday", yearly) or a custom RRULE, always said in words;
// and, once a rule is chosen, whether it runs on its schedule or from the day the task is
// completed (repeat_from).

import type { CalendarDate } from "@internationalized/date";
import {
  Button,
  Checkbox,
  CheckboxGroup,
  Input,
  Label,
  ListBox,
  ListBoxItem,
  Popover,
  Radio,
  RadioGroup,
  Select,
  SelectValue,
  Text,
  TextField,
} from "react-aria-components";

import type { RepeatFrom } from "@/lib/api/types";
import { type PresetKind, type RecurrenceChoice, choiceToRule, weekdayPosition } from "@/lib/recurrence/presets";
import { RuleError, WEEKDAYS, WEEKDAY_NAMES, type Weekday, dayOfWeek, describeRepeat, ordinal, parseRule } from "@/lib/recurrence/rrule";

interface RecurrenceEditorProps {
  choice: RecurrenceChoice;
  /** The due's date; without one a task cannot repeat. */
  anchor: CalendarDate | null;
  /** The due's time in words ("9:00 AM"), for the rule in words. */
  time?: string;
  onChange: (choice: RecurrenceChoice) => void;
  repeatFrom: RepeatFrom;
  onRepeatFromChange: (repeatFrom: RepeatFrom) => void;
}

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** The presets' labels, from the due's date ("Monthly on the last Friday"). */
export function presetLabels(anchor: CalendarDate): Record<PresetKind, string> {
  const weekday = WEEKDAY_NAMES[dayOfWeek(anchor)];
  return {
    none: "Does not repeat",
    daily: "Daily",
    weekdays: "Every weekday (Monday to Friday)",
    weekly: "Weekly on chosen days",
    "monthly-day": `Monthly on the ${ordinal(anchor.day)}`,
    "monthly-weekday": `Monthly on the ${ordinal(weekdayPosition(anchor))} ${weekday}`,
    yearly: `Yearly on ${MONTHS[anchor.month - 1] ?? ""} ${anchor.day}`,
    custom: "Custom rule (RRULE)",
  };
}

/** The rule in words, or why it cannot be read. */
export function explainChoice(
  choice: RecurrenceChoice,
  anchor: CalendarDate,
  time?: string,
  repeatFrom: RepeatFrom = "due",
): { words: string | null; problem: string | null } {
  const text = choiceToRule(choice, anchor);
  if (!text) return { words: null, problem: null };
  try {
    const words = describeRepeat(parseRule(text), repeatFrom === "completion", { date: anchor, ...(time ? { time } : {}) });
    return { words, problem: null };
  } catch (error) {
    return { words: null, problem: error instanceof RuleError ? error.message : "This rule cannot be read." };
  }
}

export function RecurrenceEditor({ choice, anchor, time, onChange, repeatFrom, onRepeatFromChange }: RecurrenceEditorProps) {
  if (!anchor) {
    return (
      <div className="editor-group">
        <p className="label-like">Repeats</p>
        <p className="hint">Give the task a due date to make it repeat.</p>
      </div>
    );
  }
  const labels = presetLabels(anchor);
  const items = (Object.keys(labels) as PresetKind[]).map((kind) => ({ id: kind, label: labels[kind] }));
  const { words, problem } = explainChoice(choice, anchor, time, repeatFrom);

  return (
    <div className="editor-group">
      <Select
        className="select field"
        selectedKey={choice.kind}
        onSelectionChange={(key) => key !== null && onChange({ ...choice, kind: key as PresetKind })}
      >
        <Label>Repeats</Label>
        <Button className="select-button">
          <SelectValue />
          <span aria-hidden="true">▾</span>
        </Button>
        <Popover className="popover">
          <ListBox className="listbox" items={items}>
            {(item) => <ListBoxItem id={item.id}>{item.label}</ListBoxItem>}
          </ListBox>
        </Popover>
      </Select>
      {choice.kind === "weekly" && (
        <CheckboxGroup
          className="checkbox-group"
          value={choice.weekdays}
          onChange={(days) => onChange({ ...choice, weekdays: days as Weekday[] })}
        >
          <Label>On days</Label>
          <div className="weekdays">
            {WEEKDAYS.map((day) => (
              <Checkbox key={day} value={day} className="checkbox">
                <span className="checkbox-box" aria-hidden="true" />
                {WEEKDAY_NAMES[day]}
              </Checkbox>
            ))}
          </div>
        </CheckboxGroup>
      )}
      {choice.kind === "custom" && (
        <TextField
          className="field"
          value={choice.custom}
          onChange={(custom) => onChange({ ...choice, custom })}
          isInvalid={problem !== null}
        >
          <Label>Custom rule (RRULE)</Label>
          <Input placeholder="FREQ=MONTHLY;BYDAY=-1FR" spellCheck={false} />
          <Text slot="description" className="hint">
            An RFC 5545 rule, at most daily; the time of day comes from the due.
          </Text>
        </TextField>
      )}
      {choice.kind !== "none" && (
        <RadioGroup
          className="radio-group"
          value={repeatFrom}
          onChange={(value) => onRepeatFromChange(value === "completion" ? "completion" : "due")}
        >
          <Label>How it repeats</Label>
          <Radio value="due">Repeat on schedule</Radio>
          <Radio value="completion">Repeat after I complete it</Radio>
        </RadioGroup>
      )}
      <p className={problem ? "error" : "hint"} aria-live="polite">
        {problem ? problem : words ? `Repeats ${words}.` : "Does not repeat."}
      </p>
    </div>
  );
}
