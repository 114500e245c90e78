"use client";
// The bell: the unread count, and a popover (loaded on first use) with the notifications.

import { useQuery } from "@tanstack/react-query";
import { lazy, Suspense, useRef, useState } from "react";

import { fetchNotifications } from "@/lib/api/endpoints";
import { UNREAD_COUNT_LIMIT, UNREAD_NOTIFICATIONS } from "@/lib/notifications/cache";

const NotificationPopover = lazy(() => import("./NotificationPopover"));

export function NotificationBell() {
  const trigger = useRef<HTMLButtonElement>(null);
  const [open, setOpen] = useState(false);
  const unread = useQuery({
    queryKey: UNREAD_NOTIFICATIONS,
    queryFn: () => fetchNotifications({ unread: true, limit: UNREAD_COUNT_LIMIT }),
  });
  const count = unread.data?.items.length ?? 0;
  const countText = `${count}${unread.data?.next_cursor ? "+" : ""}`;
  return (
    <>
      <button
        ref={trigger}
        type="button"
        className="button quiet bell"
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-label={count ? `Notifications, ${countText} unread` : "Notifications"}
        onClick={() => setOpen(!open)}
      >
        <svg aria-hidden="true" viewBox="0 0 24 24" width="20" height="20">
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
      </button>
      {open && (
        <Suspense fallback={null}>
          <NotificationPopover triggerRef={trigger} unreadCount={count} onClose={() => setOpen(false)} />
        </Suspense>
      )}
    </>
  );
}
