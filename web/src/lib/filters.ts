// The task list's filters and sort, and their two faces: the API's query parameters and the
// page's URL query. Both use the API's own names, one to one, so a filtered view can be
// bookmarked and shared; defaults are left out of the URL. Pure functions, unit-tested.

import type { Priority } from "./api/types";

export type StatusFilter = "pending" | "completed" | "all";
export type PriorityFilter = Priority | "none";
export type SortKey = "created" | "due" | "priority" | "title";
export type SortOrder = "asc" | "desc";

export interface TaskFilters {
  status: StatusFilter;
  priorities: PriorityFilter[];
  tags: string[];
  dueFrom: string | null;
  dueTo: string | null;
  overdue: boolean;
  q: string;
  sort: SortKey | null;
  order: SortOrder | null;
}

export const DEFAULT_FILTERS: TaskFilters = {
  status: "pending",
  priorities: [],
  tags: [],
  dueFrom: null,
  dueTo: null,
  overdue: false,
  q: "",
  sort: null,
  order: null,
};

export const STATUS_VALUES: readonly StatusFilter[] = ["pending", "completed", "all"];
export const PRIORITY_VALUES: readonly PriorityFilter[] = ["high", "medium", "low", "none"];
export const SORT_VALUES: readonly SortKey[] = ["created", "due", "priority", "title"];
export const ORDER_VALUES: readonly SortOrder[] = ["asc", "desc"];

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TAG = /^[\p{L}\p{N}_-]{1,50}$/u;

function oneOf<T extends string>(values: readonly T[], value: string | null): T | null {
  return values.find((candidate) => candidate === value) ?? null;
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

/** Reads filters from a URL query (unknown or malformed values are ignored). */
export function filtersFromSearchParams(params: URLSearchParams): TaskFilters {
  const dueFrom = params.get("due_from");
  const dueTo = params.get("due_to");
  return {
    status: oneOf(STATUS_VALUES, params.get("status")) ?? DEFAULT_FILTERS.status,
    priorities: unique(
      params.getAll("priority").flatMap((value) => oneOf(PRIORITY_VALUES, value) ?? []),
    ),
    tags: unique(
      params
        .getAll("tag")
        .map((tag) => tag.trim().toLowerCase())
        .filter((tag) => TAG.test(tag)),
    ),
    dueFrom: dueFrom && DATE.test(dueFrom) ? dueFrom : null,
    dueTo: dueTo && DATE.test(dueTo) ? dueTo : null,
    overdue: params.get("overdue") === "true",
    q: (params.get("q") ?? "").trim(),
    sort: oneOf(SORT_VALUES, params.get("sort")),
    order: oneOf(ORDER_VALUES, params.get("order")),
  };
}

/** The filters as query parameters, in a fixed order, without the defaults. */
export function filtersToSearchParams(filters: TaskFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.status !== DEFAULT_FILTERS.status) params.set("status", filters.status);
  for (const priority of filters.priorities) params.append("priority", priority);
  for (const tag of filters.tags) params.append("tag", tag);
  if (filters.dueFrom) params.set("due_from", filters.dueFrom);
  if (filters.dueTo) params.set("due_to", filters.dueTo);
  if (filters.overdue) params.set("overdue", "true");
  if (filters.q.trim()) params.set("q", filters.q.trim());
  if (filters.sort) params.set("sort", filters.sort);
  if (filters.order) params.set("order", filters.order);
  return params;
}

/** GET /api/tasks's query for one page: the same parameters, plus `limit` and `cursor`. */
export function filtersToApiQuery(filters: TaskFilters, page: { limit: number; cursor?: string | null }): URLSearchParams {
  const params = filtersToSearchParams(filters);
  params.set("limit", String(page.limit));
  if (page.cursor) params.set("cursor", page.cursor);
  return params;
}

/** The page's query string for the filters ("" when all are defaults). */
export function filtersToUrlQuery(filters: TaskFilters): string {
  const query = filtersToSearchParams(filters).toString();
  return query ? `?${query}` : "";
}

export function hasActiveFilters(filters: TaskFilters): boolean {
  return filtersToSearchParams(filters).toString() !== "";
}

/** A stable key for caching one filtered list. */
export function filtersKey(filters: TaskFilters): string {
  return filtersToSearchParams(filters).toString();
}

/** Tags typed as "work, home #errands" → ["work", "home", "errands"]. */
export function parseTagList(text: string): string[] {
  return unique(
    text
      .split(/[\s,]+/)
      .map((tag) => tag.replace(/^#/, "").toLowerCase())
      .filter((tag) => TAG.test(tag)),
  );
}
