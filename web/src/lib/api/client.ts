// One function for every API request: same-origin JSON over fetch with the bearer token.
// Any 401 signs the session out as expired (drafts stay in sessionStorage to be restored).

import { accessToken, signOut } from "./session";

export class ApiError extends Error {
  readonly status: number;
  readonly body: unknown;

  constructor(status: number, body: unknown) {
    super(describeError(status, body));
    this.name = "ApiError";
    this.status = status;
    this.body = body;
  }
}

interface ValidationIssue {
  loc?: unknown[];
  msg?: string;
}

/** A sentence for a person from FastAPI's `detail` (a string, or a list of field errors). */
export function describeError(status: number, body: unknown): string {
  const detail = typeof body === "object" && body !== null ? (body as { detail?: unknown }).detail : undefined;
  if (typeof detail === "string") return detail;
  if (Array.isArray(detail)) {
    return (detail as ValidationIssue[])
      .map((issue) => {
        const field = issue.loc?.filter((part) => part !== "body").join(".");
        return field ? `${field}: ${issue.msg ?? "invalid"}` : (issue.msg ?? "invalid");
      })
      .join("; ");
  }
  if (status === 0) return "The server cannot be reached. Check your connection and try again.";
  return `The server answered ${status}.`;
}

export interface RequestOptions {
  method?: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  body?: unknown;
  ifMatch?: number;
  signal?: AbortSignal;
  keepalive?: boolean;
  /** Sign-in and sign-up: a 401 there is a wrong password, not an expired session. */
  anonymous?: boolean;
}

export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  const token = options.anonymous ? null : accessToken();
  if (token) headers.authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers["content-type"] = "application/json";
  if (options.ifMatch !== undefined) headers["if-match"] = String(options.ifMatch);

  let response: Response;
  try {
    response = await fetch(path, {
      method: options.method ?? "GET",
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
      keepalive: options.keepalive,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw new ApiError(0, null);
  }

  const text = await response.text();
  const body = parseJson(text);
  if (response.status === 401 && !options.anonymous) signOut(true);
  if (!response.ok) throw new ApiError(response.status, body);
  return body as T;
}

function parseJson(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return { detail: text.slice(0, 200) };
  }
}
