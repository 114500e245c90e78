"use client";
// The notifications, newest first and paged: each with its time, "late" when it fired late,
// its snooze, and buttons to mark it read or snooze it.

import { useInfiniteQuery, useQueryClient } from "@tanstack/react-query";
import { Button } from "react-aria-components";

import {
  fetchNotifications,
  markAllNotificationsRead,
  markNotificationRead,
  snoozeNotification,
} from "@/lib/api/endpoints";
import type { AppNotification } from "@/lib/api/types";
import { useNotificationPermission } from "@/lib/notifications/browser";
import { NOTIFICATIONS, refreshNotifications } from "@/lib/notifications/cache";
import { formatDueRelative, formatInstant, parseInstant } from "@/lib/time/zoned";
import { showToast } from "@/lib/toasts";
import { useNow, useZone } from "@/lib/user";

const SNOOZES: { minutes: number; label: string }[] = [
  { minutes: 10, label: "10 min" },
  { minutes: 60, label: "1 hour" },
];

function NotificationItem({ notification, onDone }: { notification: AppNotification; onDone: () => void }) {
  const zone = useZone();
  const now = useNow(zone);
  const created = parseInstant(notification.created_at, zone);
  const unread = notification.read_at === null;

  function act(action: Promise<unknown>) {
    action.then(onDone).catch((error: unknown) =>
      showToast({ text: error instanceof Error ? error.message : "That did not work.", tone: "error" }),
    );
  }

  return (
    <li className="notification" data-unread={unread || undefined}>
      <p className="notification-title">
        {unread && <span className="visually-hidden">Unread: </span>}
        {notification.title}
        {notification.late && <span className="chip warning">late</span>}
      </p>
      <p>{notification.message}</p>
      <p className="meta">
        <time dateTime={notification.created_at} title={formatInstant(created)}>
          {formatDueRelative({ kind: "datetime", at: created }, now)}
        </time>
        {notification.snoozed_until && (
          <> · snoozed until {formatInstant(parseInstant(notification.snoozed_until, zone))}</>
        )}
      </p>
      <div className="row-actions">
        {unread && (
          <Button
            className="button small"
            aria-label={`Mark read: “${notification.title}”`}
            onPress={() => act(markNotificationRead(notification.id))}
          >
            Mark read
          </Button>
        )}
        {SNOOZES.map((snooze) => (
          <Button
            key={snooze.minutes}
            className="button small"
            aria-label={`Snooze ${snooze.label}: “${notification.title}”`}
            onPress={() => act(snoozeNotification(notification.id, snooze.minutes))}
          >
            Snooze {snooze.label}
          </Button>
        ))}
      </div>
    </li>
  );
}

export function NotificationList({ unreadCount }: { unreadCount: number }) {
  const client = useQueryClient();
  const [permission, askPermission] = useNotificationPermission();
  const pages = useInfiniteQuery({
    queryKey: [...NOTIFICATIONS, "all"],
    queryFn: ({ pageParam }) => fetchNotifications({ cursor: pageParam, limit: 30 }),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor,
  });
  const items = pages.data?.pages.flatMap((page) => page.items) ?? [];
  const refresh = () => refreshNotifications(client);

  return (
    <div className="notification-list">
      <div className="row-actions">
        <Button
          className="button small"
          isDisabled={unreadCount === 0}
          onPress={() => void markAllNotificationsRead().then(refresh)}
        >
          Mark all as read
        </Button>
        {permission === "default" && (
          <Button className="button small" onPress={() => void askPermission()}>
            Allow browser notifications
          </Button>
        )}
      </div>
      {pages.isPending ? (
        <p role="status">Loading notifications…</p>
      ) : pages.isError ? (
        <p className="error" role="alert">
          Notifications could not be loaded: {pages.error.message}
        </p>
      ) : items.length === 0 ? (
        <p className="empty">No notifications yet. Reminders appear here when they ring.</p>
      ) : (
        <ul aria-label="Notifications" className="plain-list">
          {items.map((notification) => (
            <NotificationItem key={notification.id} notification={notification} onDone={refresh} />
          ))}
        </ul>
      )}
      {pages.hasNextPage && (
        <Button className="button small" isPending={pages.isFetchingNextPage} onPress={() => void pages.fetchNextPage()}>
          Show older
        </Button>
      )}
    </div>
  );
}
