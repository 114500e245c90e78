"use client";
// A saved recurring task's next dates, asked of the server (which expands rules) only while
// its editor is open: GET /api/tasks/{id}/occurrences?count=3.

import { useQuery } from "@tanstack/react-query";

import { fetchOccurrences } from "@/lib/api/endpoints";
import type { Task } from "@/lib/api/types";
import { taskKey } from "@/lib/tasks/cache";
import { nextDatesWords } from "@/lib/tasks/occurrences";

const COUNT = 3;

export function NextDates({ task, zone }: { task: Task; zone: string }) {
  const answer = useQuery({
    // Under the task's key, so forgetting the task forgets these too; a new version asks again.
    queryKey: [...taskKey(task.id), "occurrences", task.version],
    queryFn: () => fetchOccurrences(task.id, COUNT),
  });
  if (answer.isPending) return <p className="hint">Finding the next dates…</p>;
  if (answer.isError) return <p className="hint">The next dates could not be loaded.</p>;
  const words = nextDatesWords(answer.data.occurrences, answer.data.repeat_from, zone, COUNT);
  return words ? <p className="hint">{words}</p> : null;
}
