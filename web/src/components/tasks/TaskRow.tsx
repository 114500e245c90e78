"use client";
// One task in the list: complete/reopen with one click, its details at a glance, its title
// opening the editor in place, and delete (with undo).

import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { ZonedDateTime } from "@internationalized/date";
import { lazy, Suspense } from "react";

import { completeTask, reopenTask } from "@/lib/api/endpoints";
import type { Task } from "@/lib/api/types";
import { refreshTaskLists, storeTask } from "@/lib/tasks/cache";
import { deleteWithUndo } from "@/lib/tasks/deletion";
import { completionNotice } from "@/lib/tasks/occurrences";
import { showToast } from "@/lib/toasts";

import { TaskMeta } from "./TaskMeta";

const TaskEditor = lazy(() => import("./TaskEditor"));

interface TaskRowProps {
  task: Task;
  zone: string;
  now: ZonedDateTime;
  editing: boolean;
  onEdit: (taskId: string | null) => void;
}

export function TaskRow({ task, zone, now, editing, onEdit }: TaskRowProps) {
  const client = useQueryClient();
  const toggle = useMutation({
    mutationFn: (done: boolean) => (done ? completeTask(task.id) : reopenTask(task.id)),
    onSuccess: (saved) => {
      storeTask(client, saved);
      refreshTaskLists(client);
      const notice = saved.status === "completed" ? completionNotice(saved, zone) : null;
      if (notice) showToast({ text: notice, tone: "info" });
    },
    onError: (error) => showToast({ text: `“${task.title}” could not be changed: ${error.message}`, tone: "error" }),
  });
  const done = toggle.isPending ? toggle.variables : task.status === "completed";

  return (
    <div className="task-row" data-status={task.status} data-editing={editing || undefined}>
      <div className="task-line">
        <input
          type="checkbox"
          className="task-check"
          checked={done}
          disabled={toggle.isPending}
          onChange={(event) => toggle.mutate(event.target.checked)}
          aria-label={done ? `Reopen “${task.title}”` : `Complete “${task.title}”`}
        />
        <div className="task-main">
          <button
            type="button"
            className="task-title"
            aria-expanded={editing}
            aria-label={`Edit “${task.title}”`}
            onClick={() => onEdit(editing ? null : task.id)}
          >
            {task.title}
          </button>
          <TaskMeta task={task} zone={zone} now={now} />
        </div>
        <button
          type="button"
          className="icon-button danger"
          aria-label={`Delete “${task.title}”`}
          onClick={() => deleteWithUndo(task.id, task.title, () => refreshTaskLists(client))}
        >
          <svg aria-hidden="true" viewBox="0 0 24 24" width="18" height="18">
            <path d="M5 7h14M10 7V4h4v3M7 7l1 13h8l1-13" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinejoin="round" />
          </svg>
        </button>
      </div>
      {editing && (
        <Suspense fallback={<p role="status">Loading the editor…</p>}>
          <TaskEditor task={task} onDone={() => onEdit(null)} autoFocus />
        </Suspense>
      )}
    </div>
  );
}
