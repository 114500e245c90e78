// The notifications cached by TanStack Query: the bell's list and its unread count.

import type { QueryClient } from "@tanstack/react-query";

export const NOTIFICATIONS = ["notifications"] as const;
export const UNREAD_NOTIFICATIONS = ["notifications", "unread"] as const;

/** How many unread notifications are counted at most (one page of the API's largest). */
export const UNREAD_COUNT_LIMIT = 200;

export function refreshNotifications(client: QueryClient): void {
  void client.invalidateQueries({ queryKey: NOTIFICATIONS });
}
