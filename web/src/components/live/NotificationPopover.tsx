"use client";
// The bell's popover (loaded on first use): a dialog holding the notification list.
import type { RefObject } from "react";
import { Dialog, Heading, Popover } from "react-aria-components";

import { NotificationList } from "./NotificationList";

interface NotificationPopoverProps {
  triggerRef: RefObject<HTMLButtonElement | null>;
  unreadCount: number;
  onClose: () => void;
}

export default function NotificationPopover({ triggerRef, unreadCount, onClose }: NotificationPopoverProps) {
  return (
    <Popover
      className="popover notifications-popover"
      triggerRef={triggerRef}
      isOpen
      onOpenChange={(open) => !open && onClose()}
      placement="bottom end"
    >
      <Dialog className="dialog" aria-labelledby="notifications-heading">
        <Heading id="notifications-heading" slot="title" className="popover-title">
          Notifications
        </Heading>
        <NotificationList unreadCount={unreadCount} />
      </Dialog>
    </Popover>
  );
}
