"use client";
// Sign in, or create an account with this device's time zone. After an expired session it
// says so; what was being typed is restored once the same user is back (lib/drafts.ts).

import { type FormEvent, useState } from "react";
import { Button, FieldError, Form, Input, Label, TextField } from "react-aria-components";

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
        <Form className="form" onSubmit={(event) => void submit(event)}>
          <TextField name="email" type="email" isRequired autoComplete="email" className="field">
            <Label>Email</Label>
            <Input />
            <FieldError />
          </TextField>
          <TextField
            name="password"
            type="password"
            isRequired
            minLength={signingUp ? 8 : undefined}
            autoComplete={signingUp ? "new-password" : "current-password"}
            className="field"
          >
            <Label>Password</Label>
            <Input />
            <FieldError />
          </TextField>
          {signingUp && (
            <>
              <TextField name="name" autoComplete="name" className="field">
                <Label>Name (optional)</Label>
                <Input />
              </TextField>
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
          <Button type="submit" className="button primary" isPending={busy}>
            {signingUp ? "Create account" : "Sign in"}
          </Button>
        </Form>
        <p className="auth-switch">
          {signingUp ? "Have an account?" : "New here?"}{" "}
          <Button
            className="link-button"
            onPress={() => {
              setMode(signingUp ? "sign-in" : "sign-up");
              setProblem(null);
            }}
          >
            {signingUp ? "Sign in instead" : "Create an account"}
          </Button>
        </p>
      </div>
    </main>
  );
}
