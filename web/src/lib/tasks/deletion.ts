// Deleting with undo: a deleted task disappears at once and a toast offers Undo for a few
// seconds; only then is the DELETE sent. Leaving the page sends the waiting ones at once
// (keepalive), so nothing the user deleted comes back.

import { useSyncExternalStore } from "react";

import { ApiError } from "../api/client";
import { deleteTask } from "../api/endpoints";
import { dismissToast, showToast } from "../toasts";

export const UNDO_WINDOW_MS = 6_000;

interface Waiting {
  timer: ReturnType<typeof setTimeout>;
  toastId: number;
}

const waiting = new Map<string, Waiting>();
let hidden: ReadonlySet<string> = new Set();
const listeners = new Set<() => void>();

function publish(): void {
  hidden = new Set(waiting.keys());
  for (const listener of listeners) listener();
}

async function send(id: string, options: { keepalive?: boolean } = {}): Promise<void> {
  waiting.delete(id);
  try {
    await deleteTask(id, options);
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 404)) {
      showToast({ text: `The task could not be deleted: ${error instanceof Error ? error.message : "unknown error"}`, tone: "error" });
    }
  } finally {
    publish();
  }
}

export function deleteWithUndo(id: string, title: string, onSent: () => void): void {
  const toastId = showToast(
    { text: `Deleted “${title}”.`, tone: "info", action: { label: "Undo", run: () => undoDelete(id) } },
    UNDO_WINDOW_MS,
  );
  const timer = setTimeout(() => void send(id).then(onSent), UNDO_WINDOW_MS);
  waiting.set(id, { timer, toastId });
  publish();
}

export function undoDelete(id: string): void {
  const entry = waiting.get(id);
  if (!entry) return;
  clearTimeout(entry.timer);
  dismissToast(entry.toastId);
  waiting.delete(id);
  publish();
}

/** Sends every waiting deletion now (the page is going away). */
export function flushDeletions(): void {
  for (const [id, entry] of waiting) {
    clearTimeout(entry.timer);
    void send(id, { keepalive: true });
  }
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const nothing: ReadonlySet<string> = new Set();

/** The ids of tasks deleted but still undoable: hidden from every list. */
export function useHiddenTaskIds(): ReadonlySet<string> {
  return useSyncExternalStore(subscribe, () => hidden, () => nothing);
}
