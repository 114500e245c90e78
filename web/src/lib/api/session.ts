// The signed-in session: the access token and its user, kept in localStorage, and the
// "expired" state that any 401 answer puts it in (the app then asks to sign in again).

import type { Session } from "./types";

const STORAGE_KEY = "todo.session";

export type SessionState =
  | { status: "signed-in"; session: Session }
  | { status: "signed-out"; expired: boolean };

type Listener = () => void;

let state: SessionState = { status: "signed-out", expired: false };
let loaded = false;
const listeners = new Set<Listener>();

function readStored(): SessionState {
  try {
    const raw = window.localStorage.getItem(STORAGE_KEY);
    if (raw) {
      return { status: "signed-in", session: JSON.parse(raw) as Session };
    }
  } catch {
    // Storage unavailable or corrupt: start signed out.
  }
  return { status: "signed-out", expired: false };
}

function publish(next: SessionState): void {
  state = next;
  loaded = true;
  for (const listener of listeners) listener();
}

export function getSessionState(): SessionState {
  if (!loaded && typeof window !== "undefined") {
    state = readStored();
    loaded = true;
  }
  return state;
}

export function subscribeSession(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function accessToken(): string | null {
  const current = getSessionState();
  return current.status === "signed-in" ? current.session.access_token : null;
}

export function signIn(session: Session): void {
  window.localStorage.setItem(STORAGE_KEY, JSON.stringify(session));
  publish({ status: "signed-in", session });
}

export function updateSessionUser(user: Session["user"]): void {
  const current = getSessionState();
  if (current.status !== "signed-in") return;
  signIn({ ...current.session, user });
}

/** Forget the token. `expired` says the server refused it (a 401), rather than the user leaving. */
export function signOut(expired = false): void {
  window.localStorage.removeItem(STORAGE_KEY);
  publish({ status: "signed-out", expired });
}

/** The id of the user signed in now, or last (kept to tell whose drafts survive a sign-in). */
export function lastUserId(): string | null {
  const current = getSessionState();
  return current.status === "signed-in" ? current.session.user.id : null;
}
