"use client";
// The filter bar: search, status, priority, tags, due range, overdue, sort and order, one
// control per query parameter of GET /api/tasks; the values live in the URL (useUrlFilters).

import { type RefObject, useEffect, useId, useState } from "react";

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
  const id = useId();
  return (
    <div className="field compact">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(event) => onChange(options.find((option) => option.id === event.target.value)?.id ?? value)}>
        {options.map((option) => (
          <option key={option.id} value={option.id}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
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
  const searchId = useId();
  const dueFromId = useId();
  const dueToId = useId();
  const tagsId = useId();

  return (
    <div className="filter-bar" role="search" aria-label="Filter tasks">
      <div className="filter-main">
        <div className="field search">
          <label htmlFor={searchId} className="visually-hidden">
            Search tasks
          </label>
          <input
            id={searchId}
            ref={searchRef}
            type="search"
            value={query}
            placeholder="Search tasks (/)"
            aria-keyshortcuts="/"
            onChange={(event) => setQuery(event.target.value)}
            onKeyDown={(event) => event.key === "Escape" && set({ q: "" })}
          />
        </div>
        <Choice label="Status" options={STATUS_OPTIONS} value={filters.status} onChange={(status) => set({ status })} />
      </div>
      <details className="filter-more" open={hasActiveFilters({ ...filters, q: "", status: DEFAULT_FILTERS.status }) || undefined}>
        <summary>More filters and sorting</summary>
        <div className="filter-grid">
          <fieldset className="checkbox-group">
            <legend>Priority</legend>
            <div className="inline-options">
              {PRIORITY_OPTIONS.map((option) => (
                <label key={option.id} className="checkbox">
                  <input
                    type="checkbox"
                    checked={filters.priorities.includes(option.id)}
                    onChange={(event) =>
                      set({
                        priorities: event.target.checked
                          ? [...filters.priorities, option.id]
                          : filters.priorities.filter((priority) => priority !== option.id),
                      })
                    }
                  />
                  {option.label}
                </label>
              ))}
            </div>
          </fieldset>
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
          <label className="checkbox">
            <input type="checkbox" checked={filters.overdue} onChange={(event) => set({ overdue: event.target.checked })} />
            Overdue only
          </label>
          <Choice label="Sort by" options={SORT_OPTIONS} value={filters.sort ?? "default"} onChange={(sort) => set({ sort: sort === "default" ? null : sort })} />
          <Choice label="Order" options={ORDER_OPTIONS} value={filters.order ?? "default"} onChange={(order) => set({ order: order === "default" ? null : order })} />
        </div>
      </details>
      {hasActiveFilters(filters) && (
        <button type="button" className="link-button" onClick={() => onChange(DEFAULT_FILTERS)}>
          Clear filters
        </button>
      )}
    </div>
  );
}
