// The task filters live in the page's URL query (lib/filters.ts maps them), so a filtered
// view survives a reload and can be bookmarked or shared. Changing them replaces the URL.

import { useCallback, useMemo, useSyncExternalStore } from "react";

import { type TaskFilters, filtersFromSearchParams, filtersToUrlQuery } from "./filters";

const URL_CHANGED = "todo:urlchange";

function subscribe(listener: () => void): () => void {
  window.addEventListener("popstate", listener);
  window.addEventListener(URL_CHANGED, listener);
  return () => {
    window.removeEventListener("popstate", listener);
    window.removeEventListener(URL_CHANGED, listener);
  };
}

export function useUrlFilters(): [TaskFilters, (filters: TaskFilters) => void] {
  const search = useSyncExternalStore(subscribe, () => window.location.search, () => "");
  const filters = useMemo(() => filtersFromSearchParams(new URLSearchParams(search)), [search]);
  const setFilters = useCallback((next: TaskFilters) => {
    const url = `${window.location.pathname}${filtersToUrlQuery(next)}${window.location.hash}`;
    window.history.replaceState(window.history.state, "", url);
    window.dispatchEvent(new Event(URL_CHANGED));
  }, []);
  return [filters, setFilters];
}
