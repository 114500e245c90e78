// The task lists cached by TanStack Query, kept current by what happens elsewhere: a changed
// task is replaced where it is shown at once, then the lists are refetched (once, shortly
// after a burst) so that membership and order follow the filters and the sort.

import type { InfiniteData, QueryClient } from "@tanstack/react-query";

import type { LiveMessage, Page, Task } from "../api/types";

export const TASK_LISTS = ["tasks"] as const;
export const taskKey = (id: string) => ["task", id] as const;

type TaskPages = InfiniteData<Page<Task>, string | null>;

function mapLists(client: QueryClient, change: (items: Task[]) => Task[]): void {
  client.setQueriesData<TaskPages>({ queryKey: TASK_LISTS }, (data) =>
    data ? { ...data, pages: data.pages.map((page) => ({ ...page, items: change(page.items) })) } : data,
  );
}

/** Puts a task's new state wherever it is cached (lists and its own entry). */
export function storeTask(client: QueryClient, task: Task): void {
  mapLists(client, (items) =>
    items.map((item) => (item.id === task.id && item.version <= task.version ? task : item)),
  );
  client.setQueryData<Task>(taskKey(task.id), (current) =>
    current && current.version > task.version ? current : task,
  );
}

export function forgetTask(client: QueryClient, id: string): void {
  mapLists(client, (items) => items.filter((item) => item.id !== id));
  client.removeQueries({ queryKey: taskKey(id) });
}

const REFETCH_AFTER_MS = 400;
const pendingRefetch = new WeakMap<QueryClient, ReturnType<typeof setTimeout>>();

/** Refetches the lists once a burst of changes is over. */
export function refreshTaskLists(client: QueryClient): void {
  clearTimeout(pendingRefetch.get(client));
  pendingRefetch.set(
    client,
    setTimeout(() => void client.invalidateQueries({ queryKey: TASK_LISTS }), REFETCH_AFTER_MS),
  );
}

/** Applies one /ws message about tasks to the cache. */
export function applyTaskMessage(client: QueryClient, message: LiveMessage): void {
  if (message.type === "resync") {
    void client.invalidateQueries({ queryKey: TASK_LISTS });
    void client.invalidateQueries({ queryKey: ["task"] });
    return;
  }
  if (message.type !== "task.changed") return;
  if (message.change === "deleted" || message.task === null) forgetTask(client, message.task_id);
  else storeTask(client, message.task);
  refreshTaskLists(client);
}

/** The tags seen in the cached tasks, for completion. */
export function knownTags(client: QueryClient): string[] {
  const tags = new Set<string>();
  for (const [, data] of client.getQueriesData<TaskPages>({ queryKey: TASK_LISTS })) {
    for (const page of data?.pages ?? []) for (const task of page.items) for (const tag of task.tags) tags.add(tag);
  }
  return [...tags].sort();
}
