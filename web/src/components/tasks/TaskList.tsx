"use client";
// The task list: cursor pages of GET /api/tasks loaded as the user scrolls (infinite loading),
// rendered virtually (only the rows in view exist), so 10,000 tasks scroll smoothly; with
// loading, empty and error states.

import { useInfiniteQuery } from "@tanstack/react-query";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useRef } from "react";

import { fetchTasks } from "@/lib/api/endpoints";
import { type TaskFilters, filtersKey, filtersToApiQuery, hasActiveFilters } from "@/lib/filters";
import { TASK_LISTS } from "@/lib/tasks/cache";
import { useHiddenTaskIds } from "@/lib/tasks/deletion";
import { useNow, useZone } from "@/lib/user";

import { TaskRow } from "./TaskRow";

export const PAGE_SIZE = 100;
const ROW_ESTIMATE_PX = 76;
const LOAD_AHEAD_ROWS = 20;

interface TaskListProps {
  filters: TaskFilters;
  editingId: string | null;
  onEdit: (taskId: string | null) => void;
}

export function TaskList({ filters, editingId, onEdit }: TaskListProps) {
  const zone = useZone();
  const now = useNow(zone);
  const hidden = useHiddenTaskIds();
  const scroller = useRef<HTMLDivElement>(null);
  const pages = useInfiniteQuery({
    queryKey: [...TASK_LISTS, filtersKey(filters)],
    queryFn: ({ pageParam, signal }) => fetchTasks(filtersToApiQuery(filters, { limit: PAGE_SIZE, cursor: pageParam }), signal),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor,
  });
  const tasks = (pages.data?.pages.flatMap((page) => page.items) ?? []).filter((task) => !hidden.has(task.id));

  // TanStack Virtual's functions are not memoisable; this app does not use the React Compiler.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: tasks.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_ESTIMATE_PX,
    overscan: 8,
    getItemKey: (index) => tasks[index]?.id ?? index,
  });
  const virtualRows = virtualizer.getVirtualItems();
  const lastVisible = virtualRows.at(-1)?.index ?? 0;
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = pages;

  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && lastVisible >= tasks.length - LOAD_AHEAD_ROWS) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage, lastVisible, tasks.length]);

  if (pages.isPending) {
    return (
      <p className="panel-body empty" role="status">
        Loading tasks…
      </p>
    );
  }
  if (pages.isError) {
    return (
      <div className="panel-body empty" role="alert">
        <p>The tasks could not be loaded: {pages.error.message}</p>
        <button type="button" className="button" onClick={() => void pages.refetch()}>
          Try again
        </button>
      </div>
    );
  }
  if (tasks.length === 0) {
    return (
      <p className="panel-body empty">
        {hasActiveFilters(filters)
          ? "No tasks match these filters."
          : "No tasks yet. Add one with “New task”, or tell the chat, e.g. “Call mom tomorrow at 6pm”."}
      </p>
    );
  }

  return (
    <div ref={scroller} className="panel-body task-scroller">
      <div role="list" aria-label="Tasks" aria-busy={isFetchingNextPage} className="task-list" style={{ height: virtualizer.getTotalSize() }}>
        {virtualRows.map((row) => {
          const task = tasks[row.index];
          if (!task) return null;
          return (
            <div
              key={row.key}
              role="listitem"
              data-index={row.index}
              ref={virtualizer.measureElement}
              className="task-slot"
              style={{ transform: `translateY(${row.start}px)` }}
              aria-setsize={hasNextPage ? -1 : tasks.length}
              aria-posinset={row.index + 1}
            >
              <TaskRow task={task} zone={zone} now={now} editing={editingId === task.id} onEdit={onEdit} />
            </div>
          );
        })}
      </div>
      {isFetchingNextPage && (
        <p className="list-footer" role="status">
          Loading more tasks…
        </p>
      )}
    </div>
  );
}
