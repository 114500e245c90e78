"use client";
// The priority: none, low, medium or high, as one radio group.
import { Label, Radio, RadioGroup } from "react-aria-components";

import type { Priority } from "@/lib/api/types";

const OPTIONS: { value: Priority | "none"; label: string }[] = [
  { value: "none", label: "None" },
  { value: "low", label: "Low" },
  { value: "medium", label: "Medium" },
  { value: "high", label: "High" },
];

export function PriorityEditor({ value, onChange }: { value: Priority | null; onChange: (value: Priority | null) => void }) {
  return (
    <RadioGroup
      className="radio-group segmented"
      orientation="horizontal"
      value={value ?? "none"}
      onChange={(next) => onChange(next === "none" ? null : (next as Priority))}
    >
      <Label>Priority</Label>
      <div className="segments">
        {OPTIONS.map((option) => (
          <Radio key={option.value} value={option.value} className="segment">
            {option.label}
          </Radio>
        ))}
      </div>
    </RadioGroup>
  );
}
