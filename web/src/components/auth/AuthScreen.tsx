"use client";
// Sign in, or create an account with this device's time zone. After an expired session it
// says so; what was being typed is restored once the same user is back (lib/drafts.ts).

import { type FormEvent, useState } from "react";

import { ApiError } from "@/lib/api/client";
import { login, register } from "@/lib/api/endpoints";
import { signIn } from "@/lib/api/session";
import type { Session } from "@/lib/api/types";
import { claimDrafts } from "@/lib/drafts";
import { browserTimeZone } from "@/lib/time/zoned";

type Mode = "sign-in" | "sign-up";

function problemOf(error: unknown, mode: Mode): string {
  if (error instanceof ApiError) {
    if (error.status === 401) return "That email and password do not match an account.";
    if (error.status === 409) return "An account with this email exists already. Sign in instead.";
    return error.message;
  }
  return mode === "sign-in" ? "Signing in failed. Try again." : "Creating the account failed. Try again.";
}

function textOf(data: FormData, name: string): string {
  const value = data.get(name);
  return typeof value === "string" ? value : "";
}

export function AuthScreen({ expired }: { expired: boolean }) {
  const [mode, setMode] = useState<Mode>("sign-in");
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const timezone = browserTimeZone();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const email = textOf(data, "email").trim();
    const password = textOf(data, "password");
    const name = textOf(data, "name").trim();
    setBusy(true);
    setProblem(null);
    try {
      const session: Session =
        mode === "sign-in"
          ? await login(email, password)
          : await register({ email, password, timezone, ...(name ? { name } : {}) });
      claimDrafts(session.user.id);
      signIn(session);
    } catch (error) {
      setProblem(problemOf(error, mode));
      setBusy(false);
    }
  }

  const signingUp = mode === "sign-up";
  return (
    <main className="auth" aria-labelledby="auth-title">
      <h1 className="auth-brand">Todo Chatbot</h1>
      <div className="auth-card">
        <h2 id="auth-title">{signingUp ? "Create an account" : "Sign in"}</h2>
        {expired && !signingUp && (
          <p className="notice" role="status">
            Your session has expired. Sign in again: what you were typing is kept.
          </p>
        )}
        <form className="form" onSubmit={(event) => void submit(event)}>
          <div className="field">
            <label htmlFor="auth-email">Email</label>
            <input id="auth-email" name="email" type="email" required autoComplete="email" />
          </div>
          <div className="field">
            <label htmlFor="auth-password">Password</label>
            <input
              id="auth-password"
              name="password"
              type="password"
              required
              minLength={signingUp ? 8 : undefined}
              aria-describedby={signingUp ? "auth-password-hint" : undefined}
              autoComplete={signingUp ? "new-password" : "current-password"}
            />
            {signingUp && (
              <span id="auth-password-hint" className="hint">
                At least 8 characters.
              </span>
            )}
          </div>
          {signingUp && (
            <>
              <div className="field">
                <label htmlFor="auth-name">Name (optional)</label>
                <input id="auth-name" name="name" autoComplete="name" />
              </div>
              <p className="hint">
                Your time zone: <strong>{timezone}</strong> (from this device; you can change it in Settings).
              </p>
            </>
          )}
          {problem && (
            <p className="error" role="alert">
              {problem}
            </p>
          )}
          <button type="submit" className="button primary" disabled={busy}>
            {signingUp ? "Create account" : "Sign in"}
          </button>
        </form>
        <p className="auth-switch">
          {signingUp ? "Have an account?" : "New here?"}{" "}
          <button
            type="button"
            className="link-button"
            onClick={() => {
              setMode(signingUp ? "sign-in" : "sign-up");
              setProblem(null);
            }}
          >
            {signingUp ? "Sign in instead" : "Create an account"}
          </button>
        </p>
      </div>
    </main>
  );
}
