import { CalendarDate } from "@internationalized/date";
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { describe, expect, it, vi } from "vitest";

import type { RepeatFrom } from "@/lib/api/types";
import type { RecurrenceChoice } from "@/lib/recurrence/presets";
import type { ReminderDraft } from "@/lib/tasks/draft";
import { parseDue } from "@/lib/time/zoned";

import { DueEditor } from "./DueEditor";
import { RecurrenceEditor } from "./RecurrenceEditor";
import { ReminderEditor } from "./ReminderEditor";

// The machine runs these in Asia/Kolkata (vitest.config.mts); the users are elsewhere.
const NEW_YORK = "America/New_York";
const SYDNEY = "Australia/Sydney";

/** A date field's text without the bidi isolation marks around times, with plain spaces. */
function fieldText(element: HTMLElement): string {
  return (element.textContent ?? "").replace(/[\u2066-\u2069]/g, "").replace(/\u202f/g, " ");
}

function StatefulDue({ zone, initial, onChange }: { zone: string; initial: [string | null, string | null]; onChange: (date: string | null, time: string | null) => void }) {
  const [[date, time], setDue] = useState(initial);
  return (
    <DueEditor
      dueDate={date}
      dueTime={time}
      zone={zone}
      onChange={(nextDate, nextTime) => {
        setDue([nextDate, nextTime]);
        onChange(nextDate, nextTime);
      }}
    />
  );
}

describe("DueEditor", () => {
  it("shows the due on the user's wall clock with the zone's offset name", () => {
    render(<DueEditor dueDate="2026-03-09" dueTime="09:00" zone={NEW_YORK} onChange={vi.fn()} />);
    expect(screen.getByText(/Due Mon, Mar 9, 2026, 9:00 AM EDT \(America\/New_York\)/)).toBeInTheDocument();
    expect(fieldText(screen.getByRole("group", { name: "Due date" }))).toContain("3/9/2026");
    expect(fieldText(screen.getByRole("group", { name: "Due time" }))).toBe("9:00 AM");
  });

  it("says when a time falls in the spring-forward gap (New York, 2026-03-08 02:30)", () => {
    render(<DueEditor dueDate="2026-03-08" dueTime="02:30" zone={NEW_YORK} onChange={vi.fn()} />);
    expect(screen.getByText(/3:30 AM EDT/)).toBeInTheDocument();
    expect(screen.getByText(/02:30 does not exist that day in America\/New_York/)).toBeInTheDocument();
  });

  it("changes the time with the keyboard, keeping the date", async () => {
    const onChange = vi.fn();
    render(<StatefulDue zone={SYDNEY} initial={["2026-10-04", "09:00"]} onChange={onChange} />);
    const hour = within(screen.getByRole("group", { name: "Due time" })).getByRole("spinbutton", { name: /hour/i });
    await userEvent.click(hour);
    await userEvent.keyboard("{ArrowUp}");
    expect(onChange).toHaveBeenLastCalledWith("2026-10-04", "10:00");
    expect(screen.getByText(/Sun, Oct 4, 2026, 10:00 AM GMT\+11/)).toBeInTheDocument();
  });

  it("makes a due all-day, and removes it", async () => {
    const onChange = vi.fn();
    render(<StatefulDue zone={NEW_YORK} initial={["2026-03-09", "09:00"]} onChange={onChange} />);
    await userEvent.click(screen.getByRole("button", { name: "All day" }));
    expect(onChange).toHaveBeenLastCalledWith("2026-03-09", null);
    expect(screen.getByText(/Mon, Mar 9, 2026 \(all day\)/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "No due date" }));
    expect(onChange).toHaveBeenLastCalledWith(null, null);
    expect(screen.getByText("No due date.")).toBeInTheDocument();
  });
});

function StatefulReminder({ due, zone, onChange }: { due: string | null; zone: string; onChange: (reminder: ReminderDraft) => void }) {
  const [reminder, setReminder] = useState<ReminderDraft>({ kind: "none" });
  return (
    <ReminderEditor
      reminder={reminder}
      due={due ? parseDue(due, zone) : null}
      zone={zone}
      onChange={(next) => {
        setReminder(next);
        onChange(next);
      }}
    />
  );
}

describe("ReminderEditor", () => {
  it("offers at due, 10 min, 1 hour and 1 day before as remind_before_minutes", async () => {
    const onChange = vi.fn();
    render(<StatefulReminder due="2026-03-09T09:00:00-04:00" zone={NEW_YORK} onChange={onChange} />);
    const group = screen.getByRole("radiogroup", { name: "Reminder" });
    for (const [name, minutes] of [["At the due time", 0], ["10 minutes before", 10], ["1 hour before", 60], ["1 day before", 1440]] as const) {
      await userEvent.click(within(group).getByRole("radio", { name }));
      expect(onChange).toHaveBeenLastCalledWith({ kind: "before", minutes });
    }
  });

  it("disables the leads without a due", () => {
    render(<StatefulReminder due={null} zone={NEW_YORK} onChange={vi.fn()} />);
    expect(screen.getByRole("radio", { name: "1 hour before" })).toBeDisabled();
    expect(screen.getByRole("radio", { name: "At a chosen time" })).toBeEnabled();
  });

  it("starts a chosen time an hour before the due, in the user's zone, across the DST change", async () => {
    const onChange = vi.fn();
    // 03:30 EDT on the day the clocks move: an hour earlier is 01:30 EST.
    render(<StatefulReminder due="2026-03-08T03:30:00-04:00" zone={NEW_YORK} onChange={onChange} />);
    await userEvent.click(screen.getByRole("radio", { name: "At a chosen time" }));
    expect(onChange).toHaveBeenLastCalledWith({ kind: "at", at: "2026-03-08T01:30:00-05:00" });
    const picker = screen.getByRole("group", { name: "Remind at" });
    expect(fieldText(picker)).toContain("3/8/2026, 1:30 AM EST");
  });
});

function StatefulRecurrence({
  anchor,
  onChange,
  onRepeatFromChange = vi.fn(),
}: {
  anchor: CalendarDate;
  onChange: (rule: RecurrenceChoice) => void;
  onRepeatFromChange?: (repeatFrom: RepeatFrom) => void;
}) {
  const [choice, setChoice] = useState<RecurrenceChoice>({ kind: "none", weekdays: [], custom: "" });
  const [repeatFrom, setRepeatFrom] = useState<RepeatFrom>("due");
  return (
    <RecurrenceEditor
      choice={choice}
      anchor={anchor}
      time="9:00 AM"
      onChange={(next) => {
        setChoice(next);
        onChange(next);
      }}
      repeatFrom={repeatFrom}
      onRepeatFromChange={(next) => {
        setRepeatFrom(next);
        onRepeatFromChange(next);
      }}
    />
  );
}

async function choosePreset(name: string) {
  await userEvent.click(screen.getByRole("button", { name: /Repeats/ }));
  await userEvent.click(await screen.findByRole("option", { name }));
}

describe("RecurrenceEditor", () => {
  it("offers monthly on Jan 31 as the 31st, with the month-end fallback said", async () => {
    render(<StatefulRecurrence anchor={new CalendarDate(2027, 1, 31)} onChange={vi.fn()} />);
    await choosePreset("Monthly on the 31st");
    expect(screen.getByText("Repeats every month on the 31st (the last day in shorter months) at 9:00 AM.")).toBeInTheDocument();
  });

  it("offers 'the last Friday' for a month's last Friday", async () => {
    render(<StatefulRecurrence anchor={new CalendarDate(2027, 1, 29)} onChange={vi.fn()} />);
    await choosePreset("Monthly on the last Friday");
    expect(screen.getByText("Repeats every month on the last Friday at 9:00 AM.")).toBeInTheDocument();
  });

  it("repeats weekly on the chosen days", async () => {
    const onChange = vi.fn();
    render(<StatefulRecurrence anchor={new CalendarDate(2026, 3, 9)} onChange={onChange} />);
    await choosePreset("Weekly on chosen days");
    await userEvent.click(screen.getByRole("checkbox", { name: "Wednesday" }));
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ kind: "weekly" }));
    expect(screen.getByText("Repeats every Wednesday at 9:00 AM.")).toBeInTheDocument();
  });

  it("says a custom rule in words, or why it cannot be read", async () => {
    render(<StatefulRecurrence anchor={new CalendarDate(2026, 3, 9)} onChange={vi.fn()} />);
    await choosePreset("Custom rule (RRULE)");
    const input = screen.getByRole("textbox", { name: "Custom rule (RRULE)" });
    await userEvent.type(input, "FREQ=MONTHLY;BYDAY=2TU");
    expect(screen.getByText("Repeats every month on the 2nd Tuesday at 9:00 AM.")).toBeInTheDocument();
    await userEvent.clear(input);
    await userEvent.type(input, "FREQ=HOURLY");
    expect(screen.getByText("FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY")).toBeInTheDocument();
  });

  it("asks how a chosen rule repeats only once there is one", async () => {
    render(<StatefulRecurrence anchor={new CalendarDate(2026, 3, 9)} onChange={vi.fn()} />);
    expect(screen.queryByRole("radiogroup", { name: "How it repeats" })).not.toBeInTheDocument();
    await choosePreset("Daily");
    const group = screen.getByRole("radiogroup", { name: "How it repeats" });
    expect(within(group).getByRole("radio", { name: "Repeat on schedule" })).toBeChecked();
    await choosePreset("Does not repeat");
    expect(screen.queryByRole("radiogroup", { name: "How it repeats" })).not.toBeInTheDocument();
  });

  it("repeats after completion when asked, and says so in words", async () => {
    const onRepeatFromChange = vi.fn();
    render(<StatefulRecurrence anchor={new CalendarDate(2026, 3, 9)} onChange={vi.fn()} onRepeatFromChange={onRepeatFromChange} />);
    await choosePreset("Custom rule (RRULE)");
    await userEvent.type(screen.getByRole("textbox", { name: "Custom rule (RRULE)" }), "FREQ=DAILY;INTERVAL=3");
    expect(screen.getByText("Repeats every 3 days at 9:00 AM.")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("radio", { name: "Repeat after I complete it" }));
    expect(onRepeatFromChange).toHaveBeenLastCalledWith("completion");
    expect(screen.getByText("Repeats 3 days after completion, at 9:00 AM.")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("radio", { name: "Repeat on schedule" }));
    expect(onRepeatFromChange).toHaveBeenLastCalledWith("due");
    expect(screen.getByText("Repeats every 3 days at 9:00 AM.")).toBeInTheDocument();
  });
});
