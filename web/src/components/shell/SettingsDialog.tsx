"use client";
// Settings (loaded on first use): the name and time zone (PATCH /api/me), and permission for
// browser notifications, asked only when the user presses the button.

import { useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useMemo, useState } from "react";
import {
  Button,
  ComboBox,
  Dialog,
  Form,
  Heading,
  Input,
  Label,
  ListBox,
  ListBoxItem,
  Modal,
  ModalOverlay,
  Popover,
  TextField,
} from "react-aria-components";

import { updateMe } from "@/lib/api/endpoints";
import { updateSessionUser } from "@/lib/api/session";
import { useNotificationPermission } from "@/lib/notifications/browser";
import { browserTimeZone, knownTimeZones } from "@/lib/time/zoned";
import { useUser } from "@/lib/user";

const PERMISSION_WORDS = {
  granted: "Browser notifications are on.",
  denied: "Browser notifications are blocked; allow them in the browser's site settings.",
  default: "Reminders can also appear as browser notifications while this page is in the background.",
  unsupported: "This browser does not offer notifications.",
} as const;

export default function SettingsDialog({ onClose }: { onClose: () => void }) {
  const user = useUser();
  const queryClient = useQueryClient();
  const [name, setName] = useState(user.name ?? "");
  const [zone, setZone] = useState(user.timezone);
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [permission, askPermission] = useNotificationPermission();
  const zones = useMemo(() => knownTimeZones(user.timezone).map((id) => ({ id })), [user.timezone]);
  const deviceZone = browserTimeZone();

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSaving(true);
    setProblem(null);
    try {
      updateSessionUser(await updateMe({ name: name.trim() || null, timezone: zone }));
      await queryClient.invalidateQueries();
      onClose();
    } catch (error) {
      setProblem(error instanceof Error ? error.message : "Saving failed.");
      setSaving(false);
    }
  }

  return (
    <ModalOverlay className="modal-overlay" isOpen isDismissable onOpenChange={(open) => !open && onClose()}>
      <Modal className="modal">
        <Dialog className="dialog">
          <Heading slot="title">Settings</Heading>
          <Form className="form" onSubmit={(event) => void save(event)}>
            <TextField className="field" value={name} onChange={setName} autoComplete="name">
              <Label>Name</Label>
              <Input />
            </TextField>
            <ComboBox
              className="field"
              items={zones}
              selectedKey={zone}
              onSelectionChange={(key) => key !== null && setZone(String(key))}
              menuTrigger="focus"
            >
              <Label>Time zone</Label>
              <Input />
              <Popover className="popover">
                <ListBox<{ id: string }> className="listbox">{(item) => <ListBoxItem id={item.id}>{item.id}</ListBoxItem>}</ListBox>
              </Popover>
            </ComboBox>
            {deviceZone !== zone && (
              <Button className="link-button" onPress={() => setZone(deviceZone)}>
                Use this device’s zone ({deviceZone})
              </Button>
            )}
            {problem && (
              <p className="error" role="alert">
                {problem}
              </p>
            )}
            <div className="row-actions">
              <Button type="submit" className="button primary" isPending={saving}>
                Save
              </Button>
              <Button className="button" slot="close">
                Cancel
              </Button>
            </div>
          </Form>
          <section className="settings-section" aria-labelledby="browser-notifications">
            <h3 id="browser-notifications">Browser notifications</h3>
            <p className="hint">{PERMISSION_WORDS[permission]}</p>
            {permission === "default" && (
              <Button className="button" onPress={() => void askPermission()}>
                Allow browser notifications
              </Button>
            )}
          </section>
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}
