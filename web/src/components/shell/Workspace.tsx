"use client";
// The signed-in screen: a header (live status, notifications, help, settings, sign out), the
// chat and the tasks side by side on a desktop or one at a time on a phone, toasts, and the
// keyboard shortcuts.

import { useQueryClient } from "@tanstack/react-query";
import { lazy, Suspense, useEffect, useMemo, useRef, useState } from "react";

import { fetchMe } from "@/lib/api/endpoints";
import { signOut, updateSessionUser } from "@/lib/api/session";
import type { User } from "@/lib/api/types";
import { dropDrafts } from "@/lib/drafts";
import { useLiveUpdates } from "@/lib/live/useLiveUpdates";
import { useShortcuts } from "@/lib/shortcuts";
import { flushDeletions } from "@/lib/tasks/deletion";
import { UserContext } from "@/lib/user";

import { ChatPanel } from "../chat/ChatPanel";
import { NotificationBell } from "../live/NotificationBell";
import { TaskPanel } from "../tasks/TaskPanel";
import { ConnectionStatus } from "./ConnectionStatus";
import { ToastRegion } from "./ToastRegion";

const HelpOverlay = lazy(() => import("./HelpOverlay"));
const SettingsDialog = lazy(() => import("./SettingsDialog"));

type PanelName = "chat" | "tasks";

function useFreshProfile(user: User): void {
  useEffect(() => {
    // A 401 here signs out as expired; otherwise the stored profile is brought up to date.
    fetchMe()
      .then((fresh) => {
        if (JSON.stringify(fresh) !== JSON.stringify(user)) updateSessionUser(fresh);
      })
      .catch(() => undefined);
  }, [user]);
}

function useFlushDeletionsOnLeave(): void {
  useEffect(() => {
    window.addEventListener("pagehide", flushDeletions);
    return () => window.removeEventListener("pagehide", flushDeletions);
  }, []);
}

export function Workspace({ user }: { user: User }) {
  const queryClient = useQueryClient();
  const liveStatus = useLiveUpdates();
  const [panel, setPanel] = useState<PanelName>("chat");
  const [helpOpen, setHelpOpen] = useState(false);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [newTaskRequest, setNewTaskRequest] = useState(0);
  const chatInput = useRef<HTMLTextAreaElement>(null);
  const searchInput = useRef<HTMLInputElement>(null);
  useFreshProfile(user);
  useFlushDeletionsOnLeave();

  const shortcuts = useMemo(
    () => ({
      n: () => {
        setPanel("tasks");
        setNewTaskRequest((count) => count + 1);
      },
      "/": () => {
        setPanel("tasks");
        requestAnimationFrame(() => searchInput.current?.focus());
      },
      c: () => {
        setPanel("chat");
        requestAnimationFrame(() => chatInput.current?.focus());
      },
      "?": () => setHelpOpen(true),
    }),
    [],
  );
  useShortcuts(shortcuts);

  function leave() {
    flushDeletions();
    dropDrafts();
    queryClient.clear();
    signOut();
  }

  return (
    <UserContext.Provider value={user}>
      <div className="workspace" data-panel={panel}>
        <header className="topbar">
          <h1 className="brand">Todo Chatbot</h1>
          <ConnectionStatus status={liveStatus} />
          <div className="topbar-actions">
            <NotificationBell />
            <button type="button" className="button quiet" onClick={() => setHelpOpen(true)} aria-keyshortcuts="?">
              Shortcuts
            </button>
            <button type="button" className="button quiet" onClick={() => setSettingsOpen(true)}>
              Settings
            </button>
            <button type="button" className="button quiet" onClick={leave}>
              Sign out
            </button>
          </div>
        </header>
        <nav className="panel-switch" aria-label="Panels">
          {(["chat", "tasks"] as const).map((name) => (
            <button
              type="button"
              key={name}
              className="panel-switch-button"
              aria-current={panel === name ? "page" : undefined}
              onClick={() => setPanel(name)}
            >
              {name === "chat" ? "Chat" : "Tasks"}
            </button>
          ))}
        </nav>
        <main className="panels">
          <ChatPanel inputRef={chatInput} />
          <TaskPanel searchRef={searchInput} newTaskRequest={newTaskRequest} />
        </main>
        <ToastRegion />
        <Suspense fallback={null}>
          {helpOpen && <HelpOverlay onClose={() => setHelpOpen(false)} />}
          {settingsOpen && <SettingsDialog onClose={() => setSettingsOpen(false)} />}
        </Suspense>
      </div>
    </UserContext.Provider>
  );
}
