// Where toasts appear; a polite live region, so screen readers read them as they come.
import { Button } from "react-aria-components";

import { dismissToast, useToasts } from "@/lib/toasts";

export function ToastRegion() {
  const toasts = useToasts();
  return (
    <section className="toasts" aria-label="Messages" aria-live="polite">
      {toasts.map((toast) => (
        <div key={toast.id} className="toast" data-tone={toast.tone}>
          <p>{toast.text}</p>
          {toast.action && (
            <Button
              className="button small"
              onPress={() => {
                toast.action?.run();
                dismissToast(toast.id);
              }}
            >
              {toast.action.label}
            </Button>
          )}
          <Button className="icon-button" aria-label="Dismiss" onPress={() => dismissToast(toast.id)}>
            ×
          </Button>
        </div>
      ))}
    </section>
  );
}
