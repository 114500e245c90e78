// The API's shapes as the web app reads them (docs/contracts/rest-api.md, CHANGELOG.md).

export type Priority = "high" | "medium" | "low";
export type TaskStatus = "pending" | "completed";
/** What a recurring task's next occurrence is counted from: its schedule, or the day it is completed. */
export type RepeatFrom = "due" | "completion";

export interface Task {
  id: string;
  title: string;
  description: string | null;
  status: TaskStatus;
  priority: Priority | null;
  tags: string[];
  /** A date (YYYY-MM-DD) or a date-time with the offset of the user's zone. */
  due: string | null;
  remind_at: string | null;
  remind_before_minutes: number | null;
  recurrence: string | null;
  /** null when the task does not recur (absent, like the next field, from a task.changed event recorded before the server kept them). */
  repeat_from?: RepeatFrom | null;
  /** On a completed task: the dues already past when it was completed, which its next occurrence passed over (the earliest 100). */
  skipped_occurrences?: string[];
  series_id: string | null;
  created_at: string;
  updated_at: string;
  completed_at: string | null;
  version: number;
}

/** The editable fields, as sent in POST and PATCH (null clears one in PATCH). */
export interface TaskFields {
  title?: string;
  description?: string | null;
  due?: string | null;
  remind_at?: string | null;
  remind_before_minutes?: number | null;
  priority?: Priority | null;
  tags?: string[];
  recurrence?: string | null;
  /** Only with a recurrence ("completion" without one is refused; clearing the recurrence sets it back to "due"). */
  repeat_from?: RepeatFrom;
}

/** GET /api/tasks/{id}/occurrences: the due, then the rule's next dates (only the due when it repeats after completion). */
export interface Occurrences {
  task_id: string;
  recurrence: string | null;
  repeat_from: RepeatFrom | null;
  occurrences: string[];
}

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

export interface User {
  id: string;
  email: string;
  name: string | null;
  timezone: string;
}

export interface Session {
  access_token: string;
  user: User;
}

export interface ChatAction {
  tool: string;
  arguments: Record<string, unknown>;
  result: unknown;
}

export interface ChatReply {
  conversation_id: string;
  reply: string;
  actions: ChatAction[];
}

export interface Conversation {
  id: string;
  title: string;
  created_at: string;
  updated_at: string;
}

export interface ChatMessage {
  role: "user" | "assistant";
  content: string;
  actions: ChatAction[];
  created_at: string;
}

export interface AppNotification {
  id: string;
  kind: string;
  task_id: string | null;
  title: string;
  message: string;
  created_at: string;
  read_at: string | null;
  late: boolean;
  snoozed_until: string | null;
}

export type TaskChange = "created" | "updated" | "completed" | "reopened" | "deleted";

/** What /ws pushes. */
export type LiveMessage =
  | { id: number; type: "task.changed"; task_id: string; change: TaskChange; task: Task | null }
  | { id: number; type: "notification"; notification: AppNotification }
  | { id: number; type: "resync" }
  | { type: "pong" };
