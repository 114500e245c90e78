// Test helpers: render a component inside the app's providers (server state, the user) with
// the API answered by a fake fetch that records every request.
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import type { ReactElement } from "react";
import { vi } from "vitest";

import type { Task, User } from "@/lib/api/types";
import { UserContext } from "@/lib/user";

export const TEST_USER: User = { id: "u1", email: "me@example.com", name: "Me", timezone: "America/New_York" };

export interface Recorded {
  method: string;
  url: URL;
  body: unknown;
}

type Route = (request: Recorded) => unknown;

/** Answers fetch from `routes` ("GET /api/tasks" → a function giving the JSON body, or a Response). */
export function fakeApi(routes: Record<string, Route>) {
  const requests: Recorded[] = [];
  const fetchMock = vi.fn((input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : input.toString(), "http://localhost");
    const method = init?.method ?? "GET";
    const body: unknown = typeof init?.body === "string" ? JSON.parse(init.body) : undefined;
    const request: Recorded = { method, url, body };
    requests.push(request);
    const route = routes[`${method} ${url.pathname}`];
    if (!route) return Promise.resolve(new Response(JSON.stringify({ detail: "Not Found" }), { status: 404 }));
    const answer = route(request);
    return Promise.resolve(answer instanceof Response ? answer : new Response(JSON.stringify(answer), { status: 200 }));
  });
  vi.stubGlobal("fetch", fetchMock);
  return { requests, fetchMock };
}

export function renderInApp(ui: ReactElement, user: User = TEST_USER) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <UserContext.Provider value={user}>{ui}</UserContext.Provider>
    </QueryClientProvider>,
  );
}

export function makeTask(changes: Partial<Task> = {}): Task {
  return {
    id: "t1",
    title: "Buy milk",
    description: null,
    status: "pending",
    priority: null,
    tags: [],
    due: null,
    remind_at: null,
    remind_before_minutes: null,
    recurrence: null,
    repeat_from: null,
    skipped_occurrences: [],
    series_id: null,
    created_at: "2026-03-01T00:00:00Z",
    updated_at: "2026-03-01T00:00:00Z",
    completed_at: null,
    version: 1,
    ...changes,
  };
}
