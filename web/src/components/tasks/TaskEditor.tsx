"use client";
// Editing a task in place, or writing a new one (loaded on first use): title, description,
// due, priority, tags, recurrence and reminder. The form is a draft in sessionStorage until
// saved, so an expired session or a reload loses nothing; a change made elsewhere meanwhile
// (412) is said, not overwritten.

import { useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useMemo, useState } from "react";
import { Button, Form, Input, Label, TextArea, TextField } from "react-aria-components";

import { ApiError } from "@/lib/api/client";
import { createTask, fetchTask, updateTask } from "@/lib/api/endpoints";
import type { Task } from "@/lib/api/types";
import { useDraft, writeDraft } from "@/lib/drafts";
import { knownTags, refreshTaskLists, storeTask } from "@/lib/tasks/cache";
import {
  type TaskDraft,
  changedFields,
  draftDue,
  draftFromTask,
  draftProblem,
  draftRepeatFrom,
  draftToFields,
  emptyDraft,
} from "@/lib/tasks/draft";
import { dueDate, formatTime } from "@/lib/time/zoned";
import { useZone } from "@/lib/user";

import { DueEditor } from "../editors/DueEditor";
import { PriorityEditor } from "../editors/PriorityEditor";
import { RecurrenceEditor } from "../editors/RecurrenceEditor";
import { ReminderEditor } from "../editors/ReminderEditor";
import { TagEditor } from "../editors/TagEditor";
import { NextDates } from "./NextDates";

interface TaskEditorProps {
  /** The task to edit; none for a new task. */
  task?: Task;
  onDone: () => void;
  autoFocus?: boolean;
}

export function draftKey(task?: Task): string {
  return task ? `task:${task.id}` : "task:new";
}

/** The task repeats and the draft leaves its schedule as saved, so the server's next dates apply to it. */
function isRecurringAsSaved(task: Task, draft: TaskDraft, zone: string): boolean {
  if (task.status !== "pending" || !task.recurrence || !task.due) return false;
  const changes = changedFields(task, draft, zone);
  return !("due" in changes || "recurrence" in changes || "repeat_from" in changes);
}

export default function TaskEditor({ task: latest, onDone, autoFocus }: TaskEditorProps) {
  // The task as it was when editing began: saving sends its version, so a change made
  // elsewhere meanwhile answers 412 instead of being overwritten.
  const [task] = useState(latest);
  const zone = useZone();
  const client = useQueryClient();
  const key = draftKey(task);
  const [draft, setDraft] = useDraft<TaskDraft>(key, task ? draftFromTask(task, zone) : emptyDraft(zone));
  const [problem, setProblem] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);
  const [saving, setSaving] = useState(false);
  const suggestions = useMemo(() => knownTags(client), [client]);
  const due = draftDue(draft, zone);
  const change = (changes: Partial<TaskDraft>) => setDraft({ ...draft, ...changes });
  const showNextDates = task !== undefined && isRecurringAsSaved(task, draft, zone);

  function close() {
    writeDraft(key, null);
    onDone();
  }

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const invalid = draftProblem(draft);
    if (invalid) {
      setProblem(invalid);
      return;
    }
    setSaving(true);
    setProblem(null);
    try {
      const saved = task
        ? await updateTask(task.id, changedFields(task, draft, zone), task.version)
        : await createTask(draftToFields(draft, zone));
      storeTask(client, saved);
      refreshTaskLists(client);
      close();
    } catch (error) {
      setSaving(false);
      if (error instanceof ApiError && error.status === 412) setConflict(true);
      else if (!(error instanceof ApiError && error.status === 401)) {
        setProblem(error instanceof Error ? error.message : "Saving failed.");
      }
    }
  }

  async function takeTheirs() {
    if (!task) return;
    const latest = await fetchTask(task.id);
    storeTask(client, latest);
    close();
  }

  const title = task ? `Edit “${task.title}”` : "New task";
  return (
    <Form className="task-editor" aria-label={title} onSubmit={(event) => void save(event)}>
      <TextField className="field" value={draft.title} onChange={(value) => change({ title: value })} isRequired maxLength={500}>
        <Label>Title</Label>
        <Input autoFocus={autoFocus} />
      </TextField>
      <TextField className="field" value={draft.description} onChange={(value) => change({ description: value })} maxLength={10_000}>
        <Label>Description</Label>
        <TextArea rows={2} />
      </TextField>
      <DueEditor
        dueDate={draft.dueDate}
        dueTime={draft.dueTime}
        zone={zone}
        onChange={(dueDateValue, dueTime) => change({ dueDate: dueDateValue, dueTime })}
      />
      <PriorityEditor value={draft.priority} onChange={(priority) => change({ priority })} />
      <TagEditor tags={draft.tags} suggestions={suggestions} onChange={(tags) => change({ tags })} />
      <RecurrenceEditor
        choice={draft.recurrence}
        anchor={due ? dueDate(due) : null}
        time={due?.kind === "datetime" ? formatTime(due.at) : undefined}
        onChange={(recurrence) => change({ recurrence })}
        repeatFrom={draftRepeatFrom(draft)}
        onRepeatFromChange={(repeatFrom) => change({ repeatFrom })}
      />
      {showNextDates && <NextDates task={task} zone={zone} />}
      <ReminderEditor reminder={draft.reminder} due={due} zone={zone} onChange={(reminder) => change({ reminder })} />
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
      {conflict && (
        <div className="error" role="alert">
          <p>This task was changed elsewhere while you edited it, so your changes were not saved.</p>
          <Button className="button small" onPress={() => void takeTheirs()}>
            Discard my changes and show the latest
          </Button>
        </div>
      )}
      <div className="row-actions">
        <Button type="submit" className="button primary" isPending={saving}>
          {task ? "Save" : "Add task"}
        </Button>
        <Button className="button" onPress={close}>
          Cancel
        </Button>
      </div>
    </Form>
  );
}
