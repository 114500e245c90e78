"use client";
// A task opened from a chat card: its latest state, editable, in a modal dialog.

import { useQuery } from "@tanstack/react-query";
import { Button, Dialog, Heading, Modal, ModalOverlay } from "react-aria-components";

import { ApiError } from "@/lib/api/client";
import { fetchTask } from "@/lib/api/endpoints";
import { taskKey } from "@/lib/tasks/cache";

import TaskEditor from "./TaskEditor";

export default function TaskDialog({ taskId, onClose }: { taskId: string; onClose: () => void }) {
  const task = useQuery({ queryKey: taskKey(taskId), queryFn: () => fetchTask(taskId) });
  return (
    <ModalOverlay className="modal-overlay" isOpen isDismissable onOpenChange={(open) => !open && onClose()}>
      <Modal className="modal wide">
        <Dialog className="dialog">
          <Heading slot="title">{task.data ? task.data.title : "Task"}</Heading>
          {task.isPending ? (
            <p role="status">Loading the task…</p>
          ) : task.isError ? (
            <p className="error" role="alert">
              {task.error instanceof ApiError && task.error.status === 404
                ? "This task no longer exists."
                : `The task could not be loaded: ${task.error.message}`}
            </p>
          ) : null}
          {task.isError && (
            <Button className="button" slot="close">
              Close
            </Button>
          )}
          {task.data && !task.isError && (
            <TaskEditor task={task.data} onDone={onClose} autoFocus />
          )}
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}
