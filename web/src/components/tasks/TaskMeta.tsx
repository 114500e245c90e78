// A task's details at a glance, shared by the list and the chat's cards: due (relative, with
// the exact time on hover and for screen readers, overdue marked), priority, tags, recurrence
// in words (on schedule or after completion), the reminder, and the past dates a completed
// overdue task skipped.

import type { ZonedDateTime } from "@internationalized/date";

import type { Task } from "@/lib/api/types";
import { describeRepeat, tryParseRule } from "@/lib/recurrence/rrule";
import { describeReminder } from "@/lib/reminder";
import { skippedWords } from "@/lib/tasks/occurrences";
import { dueDate, formatDueExact, formatDueRelative, formatTime, isPastDue, parseDue } from "@/lib/time/zoned";

export function DueText({ task, zone, now }: { task: Task; zone: string; now: ZonedDateTime }) {
  if (!task.due) return null;
  const due = parseDue(task.due, zone);
  const overdue = task.status === "pending" && isPastDue(due, now);
  const exact = formatDueExact(due);
  return (
    <span className="due" data-overdue={overdue || undefined}>
      {overdue && <strong className="chip danger">Overdue</strong>}
      <time dateTime={task.due} title={exact}>
        Due {formatDueRelative(due, now)}
      </time>
      <span className="due-exact"> · {exact}</span>
    </span>
  );
}

/** How the task repeats, in words: on its schedule ("every Monday at 9:00 AM") or after completion ("3 days after completion"). */
export function recurrenceWords(task: Task, zone: string): string | null {
  if (!task.recurrence) return null;
  const parsed = tryParseRule(task.recurrence);
  if (!parsed) return task.recurrence;
  const due = task.due ? parseDue(task.due, zone) : null;
  const anchor = due ? { date: dueDate(due), ...(due.kind === "datetime" ? { time: formatTime(due.at) } : {}) } : undefined;
  return describeRepeat(parsed, task.repeat_from === "completion", anchor);
}

const PRIORITY_WORDS = { high: "High priority", medium: "Medium priority", low: "Low priority" } as const;

export function TaskMeta({ task, zone, now }: { task: Task; zone: string; now: ZonedDateTime }) {
  const repeats = recurrenceWords(task, zone);
  const reminder = describeReminder(task, zone);
  const skipped = task.status === "completed" ? skippedWords(task.skipped_occurrences ?? [], zone) : null;
  return (
    <div className="task-meta">
      <DueText task={task} zone={zone} now={now} />
      {task.priority && (
        <span className="chip" data-priority={task.priority}>
          {PRIORITY_WORDS[task.priority]}
        </span>
      )}
      {repeats && <span className="meta-item">Repeats {repeats}</span>}
      {reminder && <span className="meta-item">Reminder {reminder}</span>}
      {skipped && <span className="meta-item">Skipped {skipped}</span>}
      {task.tags.length > 0 && (
        <ul className="tags" aria-label="Tags">
          {task.tags.map((tag) => (
            <li key={tag} className="tag">
              #{tag}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
