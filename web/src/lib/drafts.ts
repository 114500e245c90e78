// What the user was typing, kept in sessionStorage so that it survives a reload or an expired
// session (any 401 shows the sign-in form; after signing in again as the same user, the chat
// draft and an open edit come back). Drafts belong to one user: another user's are dropped.

import { useCallback, useState } from "react";

const PREFIX = "todo.draft.";
const OWNER_KEY = "todo.draft-owner";

function storage(): Storage | null {
  return typeof window === "undefined" ? null : window.sessionStorage;
}

export function readDraft<T>(key: string): T | null {
  const raw = storage()?.getItem(PREFIX + key);
  if (!raw) return null;
  try {
    return JSON.parse(raw) as T;
  } catch {
    return null;
  }
}

export function writeDraft(key: string, value: unknown): void {
  if (value === null || value === undefined || value === "") storage()?.removeItem(PREFIX + key);
  else storage()?.setItem(PREFIX + key, JSON.stringify(value));
}

/** Keeps the drafts if they are this user's, else drops them; then marks them as this user's. */
export function claimDrafts(userId: string): void {
  const store = storage();
  if (!store) return;
  if (store.getItem(OWNER_KEY) !== userId) {
    for (const key of Object.keys(store)) if (key.startsWith(PREFIX)) store.removeItem(key);
  }
  store.setItem(OWNER_KEY, userId);
}

/** Drafts of someone who signed out on purpose go with them. */
export function dropDrafts(): void {
  const store = storage();
  if (!store) return;
  for (const key of Object.keys(store)) if (key.startsWith(PREFIX)) store.removeItem(key);
  store.removeItem(OWNER_KEY);
}

/** useState that mirrors its value into the draft `key` (restored from it on mount). */
export function useDraft<T>(key: string, initial: T): [T, (value: T) => void] {
  const [value, setValue] = useState<T>(() => readDraft<T>(key) ?? initial);
  const update = useCallback(
    (next: T) => {
      setValue(next);
      writeDraft(key, next);
    },
    [key],
  );
  return [value, update];
}
