"use client";
// The filter bar: search, status, priority, tags, due range, overdue, sort and order, one
// control per query parameter of GET /api/tasks; the values live in the URL (useUrlFilters).

import { type RefObject, useEffect, useId, useState } from "react";
import {
  Button,
  Checkbox,
  CheckboxGroup,
  Input,
  Label,
  ListBox,
  ListBoxItem,
  Popover,
  SearchField,
  Select,
  SelectValue,
} from "react-aria-components";

import {
  type PriorityFilter,
  type SortKey,
  type SortOrder,
  type StatusFilter,
  type TaskFilters,
  DEFAULT_FILTERS,
  hasActiveFilters,
  parseTagList,
} from "@/lib/filters";

const TYPING_DELAY_MS = 300;

interface Option<T extends string> {
  id: T;
  label: string;
}

const STATUS_OPTIONS: Option<StatusFilter>[] = [
  { id: "pending", label: "Pending" },
  { id: "completed", label: "Completed" },
  { id: "all", label: "All" },
];
const PRIORITY_OPTIONS: Option<PriorityFilter>[] = [
  { id: "high", label: "High" },
  { id: "medium", label: "Medium" },
  { id: "low", label: "Low" },
  { id: "none", label: "None" },
];
const SORT_OPTIONS: Option<SortKey | "default">[] = [
  { id: "default", label: "Newest first" },
  { id: "due", label: "Due date" },
  { id: "priority", label: "Priority" },
  { id: "title", label: "Title" },
  { id: "created", label: "Created" },
];
const ORDER_OPTIONS: Option<SortOrder | "default">[] = [
  { id: "default", label: "Natural" },
  { id: "asc", label: "Ascending" },
  { id: "desc", label: "Descending" },
];

function Choice<T extends string>({ label, options, value, onChange }: {
  label: string;
  options: Option<T>[];
  value: T;
  onChange: (value: T) => void;
}) {
  return (
    <Select className="select field compact" selectedKey={value} onSelectionChange={(key) => key !== null && onChange(key as T)}>
      <Label>{label}</Label>
      <Button className="select-button">
        <SelectValue />
        <span aria-hidden="true">▾</span>
      </Button>
      <Popover className="popover">
        <ListBox<Option<T>> className="listbox" items={options}>
          {(option) => <ListBoxItem id={option.id}>{option.label}</ListBoxItem>}
        </ListBox>
      </Popover>
    </Select>
  );
}

/** A text that updates the filters a moment after the typing stops. */
function useTypedValue(value: string, apply: (text: string) => void): [string, (text: string) => void] {
  const [typed, setTyped] = useState<string | null>(null);
  useEffect(() => {
    if (typed === null) return;
    const timer = setTimeout(() => {
      apply(typed);
      setTyped(null);
    }, TYPING_DELAY_MS);
    return () => clearTimeout(timer);
  }, [typed, apply]);
  return [typed ?? value, setTyped];
}

interface FilterBarProps {
  filters: TaskFilters;
  onChange: (filters: TaskFilters) => void;
  searchRef: RefObject<HTMLInputElement | null>;
}

export function FilterBar({ filters, onChange, searchRef }: FilterBarProps) {
  const set = (changes: Partial<TaskFilters>) => onChange({ ...filters, ...changes });
  const [query, setQuery] = useTypedValue(filters.q, (q) => set({ q }));
  const [tagText, setTagText] = useTypedValue(filters.tags.join(" "), (text) => set({ tags: parseTagList(text) }));
  const dueFromId = useId();
  const dueToId = useId();
  const tagsId = useId();

  return (
    <div className="filter-bar" role="search" aria-label="Filter tasks">
      <div className="filter-main">
        <SearchField className="field search" value={query} onChange={setQuery} onClear={() => set({ q: "" })}>
          <Label className="visually-hidden">Search tasks</Label>
          <Input ref={searchRef} placeholder="Search tasks (/)" aria-keyshortcuts="/" />
          {query && (
            <Button className="icon-button" aria-label="Clear search">
              ×
            </Button>
          )}
        </SearchField>
        <Choice label="Status" options={STATUS_OPTIONS} value={filters.status} onChange={(status) => set({ status })} />
      </div>
      <details className="filter-more" open={hasActiveFilters({ ...filters, q: "", status: DEFAULT_FILTERS.status }) || undefined}>
        <summary>More filters and sorting</summary>
        <div className="filter-grid">
          <CheckboxGroup
            className="checkbox-group"
            value={filters.priorities}
            onChange={(values) => set({ priorities: values as PriorityFilter[] })}
          >
            <Label>Priority</Label>
            <div className="inline-options">
              {PRIORITY_OPTIONS.map((option) => (
                <Checkbox key={option.id} value={option.id} className="checkbox">
                  <span className="checkbox-box" aria-hidden="true" />
                  {option.label}
                </Checkbox>
              ))}
            </div>
          </CheckboxGroup>
          <div className="field">
            <label htmlFor={tagsId}>Tags (all of)</label>
            <input id={tagsId} value={tagText} placeholder="work home" onChange={(event) => setTagText(event.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={dueFromId}>Due from</label>
            <input id={dueFromId} type="date" value={filters.dueFrom ?? ""} onChange={(event) => set({ dueFrom: event.target.value || null })} />
          </div>
          <div className="field">
            <label htmlFor={dueToId}>Due to</label>
            <input id={dueToId} type="date" value={filters.dueTo ?? ""} onChange={(event) => set({ dueTo: event.target.value || null })} />
          </div>
          <Checkbox className="checkbox" isSelected={filters.overdue} onChange={(overdue) => set({ overdue })}>
            <span className="checkbox-box" aria-hidden="true" />
            Overdue only
          </Checkbox>
          <Choice label="Sort by" options={SORT_OPTIONS} value={filters.sort ?? "default"} onChange={(sort) => set({ sort: sort === "default" ? null : sort })} />
          <Choice label="Order" options={ORDER_OPTIONS} value={filters.order ?? "default"} onChange={(order) => set({ order: order === "default" ? null : order })} />
        </div>
      </details>
      {hasActiveFilters(filters) && (
        <Button className="link-button" onPress={() => onChange(DEFAULT_FILTERS)}>
          Clear filters
        </Button>
      )}
    </div>
  );
}
