"use client";
// The bell: the unread count, and a popover with the notifications (mark read, mark all read,
// snooze) and the button that allows browser notifications.

import { useQuery } from "@tanstack/react-query";
import { Button, Dialog, DialogTrigger, Heading, Popover } from "react-aria-components";

import { fetchNotifications } from "@/lib/api/endpoints";
import { UNREAD_COUNT_LIMIT, UNREAD_NOTIFICATIONS } from "@/lib/notifications/cache";

import { NotificationList } from "./NotificationList";

export function NotificationBell() {
  const unread = useQuery({
    queryKey: UNREAD_NOTIFICATIONS,
    queryFn: () => fetchNotifications({ unread: true, limit: UNREAD_COUNT_LIMIT }),
  });
  const count = unread.data?.items.length ?? 0;
  const more = Boolean(unread.data?.next_cursor);
  const countText = `${count}${more ? "+" : ""}`;
  return (
    <DialogTrigger>
      <Button className="button quiet bell" aria-label={count ? `Notifications, ${countText} unread` : "Notifications"}>
        <svg aria-hidden="true" viewBox="0 0 24 24" width="20" height="20" className="bell-icon">
          <path
            d="M12 3a6 6 0 0 0-6 6v3.6L4.3 15.4A1 1 0 0 0 5.2 17h13.6a1 1 0 0 0 .9-1.6L18 12.6V9a6 6 0 0 0-6-6Zm-2.5 15a2.5 2.5 0 0 0 5 0"
            fill="none"
            stroke="currentColor"
            strokeWidth="1.8"
            strokeLinejoin="round"
          />
        </svg>
        {count > 0 && (
          <span className="badge" aria-hidden="true">
            {countText}
          </span>
        )}
      </Button>
      <Popover className="popover notifications-popover" placement="bottom end">
        <Dialog className="dialog" aria-labelledby="notifications-heading">
          <Heading id="notifications-heading" slot="title" className="popover-title">
            Notifications
          </Heading>
          <NotificationList unreadCount={count} />
        </Dialog>
      </Popover>
    </DialogTrigger>
  );
}
