// Reminders as the browser's own notifications, once the user has allowed them with a button
// (never asked on load). Shown while the page is hidden; in the page, the bell and a toast do.

import { useCallback, useState } from "react";

import type { AppNotification } from "../api/types";

export type Permission = NotificationPermission | "unsupported";

function supported(): boolean {
  return typeof window !== "undefined" && "Notification" in window;
}

export function currentPermission(): Permission {
  return supported() ? Notification.permission : "unsupported";
}

export function useNotificationPermission(): [Permission, () => Promise<void>] {
  const [permission, setPermission] = useState<Permission>(currentPermission);
  const ask = useCallback(async () => {
    if (!supported()) return;
    setPermission(await Notification.requestPermission());
  }, []);
  return [permission, ask];
}

export function showBrowserNotification(notification: AppNotification): void {
  if (currentPermission() !== "granted" || document.visibilityState === "visible") return;
  const shown = new Notification(notification.title, { body: notification.message, tag: notification.id });
  shown.onclick = () => {
    window.focus();
    shown.close();
  };
}
