// A task a chat reply touched, as a card that opens the task's editor.

import type { Task } from "@/lib/api/types";
import { useNow, useZone } from "@/lib/user";

import { TaskMeta } from "../tasks/TaskMeta";

export function TaskCard({ task, onOpen }: { task: Task; onOpen: () => void }) {
  const zone = useZone();
  const now = useNow(zone);
  return (
    <article className="task-card" data-status={task.status} aria-label={task.title}>
      <p className="task-card-title">
        {task.status === "completed" && <span className="chip">Done</span>} <span className="task-card-name">{task.title}</span>
      </p>
      <TaskMeta task={task} zone={zone} now={now} />
      <button type="button" className="button small" onClick={onOpen} aria-label={`Open “${task.title}”`}>
        Open
      </button>
    </article>
  );
}
