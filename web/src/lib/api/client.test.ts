import { afterEach, describe, expect, it, vi } from "vitest";

import { readDraft, writeDraft } from "../drafts";
import { ApiError, apiRequest } from "./client";
import { getSessionState, signIn, signOut } from "./session";

const user = { id: "u1", email: "me@example.com", name: null, timezone: "UTC" };

function answer(status: number, body: unknown) {
  vi.stubGlobal("fetch", vi.fn(() => Promise.resolve(new Response(JSON.stringify(body), { status }))));
}

afterEach(() => signOut());

describe("apiRequest", () => {
  it("sends the bearer token and reads JSON", async () => {
    signIn({ access_token: "tok", user });
    answer(200, { ok: true });
    await expect(apiRequest("/api/me")).resolves.toEqual({ ok: true });
    const init = vi.mocked(fetch).mock.calls[0]?.[1];
    expect((init?.headers as Record<string, string>).authorization).toBe("Bearer tok");
  });

  it("signs out as expired on a 401, keeping the drafts", async () => {
    signIn({ access_token: "tok", user });
    writeDraft("chat", "half-typed");
    answer(401, { detail: "The access token is not valid" });
    await expect(apiRequest("/api/tasks")).rejects.toBeInstanceOf(ApiError);
    expect(getSessionState()).toEqual({ status: "signed-out", expired: true });
    expect(readDraft("chat")).toBe("half-typed");
  });

  it("names the fields of a 422", async () => {
    answer(422, { detail: [{ loc: ["body", "recurrence"], msg: "a recurrence may repeat at most daily" }] });
    await expect(apiRequest("/api/tasks", { method: "POST", body: {} })).rejects.toThrow(
      "recurrence: a recurrence may repeat at most daily",
    );
  });
});
