"use client";
// The task panel: the filter bar (state in the URL), "New task", and the list, with the task
// being edited kept as a draft so that it reopens after a reload or a sign-in.

import { lazy, type RefObject, Suspense, useEffect } from "react";

import { useDraft } from "@/lib/drafts";
import { useUrlFilters } from "@/lib/useUrlFilters";

import { FilterBar } from "./FilterBar";
import { TaskList } from "./TaskList";

const TaskEditor = lazy(() => import("./TaskEditor"));

interface TaskPanelProps {
  searchRef: RefObject<HTMLInputElement | null>;
  /** Grows each time the "n" shortcut asks for a new task. */
  newTaskRequest: number;
}

export function TaskPanel({ searchRef, newTaskRequest }: TaskPanelProps) {
  const [filters, setFilters] = useUrlFilters();
  const [editingId, setEditingId] = useDraft<string | null>("editing", null);
  const [addingTask, setAddingTask] = useDraft<boolean>("adding", false);

  useEffect(() => {
    if (newTaskRequest > 0) setAddingTask(true);
  }, [newTaskRequest, setAddingTask]);

  return (
    <section className="panel task-panel" aria-labelledby="tasks-heading">
      <div className="panel-header">
        <h2 id="tasks-heading">Tasks</h2>
        <button type="button" className="button primary" onClick={() => setAddingTask(true)} aria-keyshortcuts="n" disabled={addingTask}>
          New task
        </button>
      </div>
      <FilterBar filters={filters} onChange={setFilters} searchRef={searchRef} />
      {addingTask && (
        <div className="new-task">
          <Suspense fallback={<p role="status">Loading the editor…</p>}>
            <TaskEditor key={newTaskRequest} onDone={() => setAddingTask(false)} autoFocus />
          </Suspense>
        </div>
      )}
      <TaskList filters={filters} editingId={editingId} onEdit={setEditingId} />
    </section>
  );
}
