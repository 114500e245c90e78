"use client";
// A date picker (typed segments plus a calendar popover), labelled, from React Aria Components;
// generic over a date (CalendarDate) or a date and time in a zone (ZonedDateTime).

import type { DateValue } from "@internationalized/date";
import {
  Button,
  Calendar,
  CalendarCell,
  CalendarGrid,
  DateInput,
  DatePicker,
  type DatePickerProps,
  DateSegment,
  Dialog,
  Group,
  Heading,
  Label,
  Popover,
  Text,
} from "react-aria-components";

interface DateFieldProps<T extends DateValue> extends Omit<DatePickerProps<T>, "children"> {
  label: string;
  description?: string;
}

export function DateField<T extends DateValue>({ label, description, ...props }: DateFieldProps<T>) {
  return (
    <DatePicker className="field date-field" {...props}>
      <Label>{label}</Label>
      <Group className="date-group">
        <DateInput className="date-input">{(segment) => <DateSegment segment={segment} className="date-segment" />}</DateInput>
        <Button className="icon-button" aria-label={`Choose ${label.toLowerCase()} from a calendar`}>
          <span aria-hidden="true">▦</span>
        </Button>
      </Group>
      {description && <Text slot="description" className="hint">{description}</Text>}
      <Popover className="popover">
        <Dialog className="calendar-dialog">
          <Calendar className="calendar">
            <header className="calendar-header">
              <Button slot="previous" className="icon-button">
                ‹
              </Button>
              <Heading />
              <Button slot="next" className="icon-button">
                ›
              </Button>
            </header>
            <CalendarGrid>{(date) => <CalendarCell date={date} className="calendar-cell" />}</CalendarGrid>
          </Calendar>
        </Dialog>
      </Popover>
    </DatePicker>
  );
}
