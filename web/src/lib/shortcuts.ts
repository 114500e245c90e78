// Single-key shortcuts (n, /, c, ?), ignored while typing in a field or with a modifier held.

import { useEffect } from "react";

export interface Shortcut {
  key: string;
  description: string;
}

export const SHORTCUTS: readonly Shortcut[] = [
  { key: "n", description: "New task" },
  { key: "/", description: "Search tasks" },
  { key: "c", description: "Write to the chat" },
  { key: "?", description: "Show these shortcuts" },
  { key: "Esc", description: "Close a dialog or cancel an edit" },
];

export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target.closest("[role=spinbutton], [role=combobox], [role=textbox]")) return true;
  const tag = target.tagName;
  if (tag === "TEXTAREA" || tag === "SELECT") return true;
  if (tag !== "INPUT") return false;
  const type = (target as HTMLInputElement).type;
  return !["checkbox", "radio", "button", "submit", "reset"].includes(type);
}

function insideDialog(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && target.closest("[role=dialog], [role=alertdialog]") !== null;
}

/** Calls `handlers[key]` for a shortcut key pressed outside any field. */
export function useShortcuts(handlers: Record<string, () => void>): void {
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      if (isTypingTarget(event.target) || insideDialog(event.target)) return;
      const handler = handlers[event.key];
      if (!handler) return;
      event.preventDefault();
      handler();
    }
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, [handlers]);
}
