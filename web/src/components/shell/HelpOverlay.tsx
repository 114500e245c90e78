"use client";
// The "?" overlay: the keyboard shortcuts (loaded on first use).
import { Button, Dialog, Heading, Modal, ModalOverlay } from "react-aria-components";

import { SHORTCUTS } from "@/lib/shortcuts";

export default function HelpOverlay({ onClose }: { onClose: () => void }) {
  return (
    <ModalOverlay className="modal-overlay" isOpen isDismissable onOpenChange={(open) => !open && onClose()}>
      <Modal className="modal">
        <Dialog className="dialog">
          <Heading slot="title">Keyboard shortcuts</Heading>
          <dl className="shortcuts">
            {SHORTCUTS.map((shortcut) => (
              <div key={shortcut.key}>
                <dt>
                  <kbd>{shortcut.key}</kbd>
                </dt>
                <dd>{shortcut.description}</dd>
              </div>
            ))}
          </dl>
          <p className="hint">In the chat, Enter sends and Shift+Enter starts a new line.</p>
          <Button className="button" slot="close">
            Close
          </Button>
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}
