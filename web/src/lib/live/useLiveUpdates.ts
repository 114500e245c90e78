// Keeps the workspace live: one /ws connection for the signed-in user, whose messages update
// the task and notification caches, raise reminders (toast and browser notification) and
// trigger a refetch after a resync. Returns the connection's status for the header.

import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";

import { fetchMe } from "../api/endpoints";
import { accessToken } from "../api/session";
import type { LiveMessage } from "../api/types";
import { showBrowserNotification } from "../notifications/browser";
import { refreshNotifications } from "../notifications/cache";
import { applyTaskMessage } from "../tasks/cache";
import { showToast } from "../toasts";
import { LiveConnection, type LiveStatus, liveUrl } from "./connection";

export function useLiveUpdates(): LiveStatus {
  const client = useQueryClient();
  const [status, setStatus] = useState<LiveStatus>("connecting");

  useEffect(() => {
    function onMessage(message: LiveMessage) {
      applyTaskMessage(client, message);
      if (message.type === "resync") refreshNotifications(client);
      if (message.type === "notification") {
        refreshNotifications(client);
        showToast({ text: message.notification.message, tone: "info" }, 10_000);
        showBrowserNotification(message.notification);
      }
    }
    const connection = new LiveConnection({
      url: (after) => liveUrl(accessToken() ?? "", after),
      onMessage,
      onStatus: setStatus,
      // A refused handshake may be an expired token: asking for the profile signs out on a 401.
      onRefused: () => void fetchMe().catch(() => undefined),
    });
    connection.start();
    return () => connection.stop();
  }, [client]);

  return status;
}
