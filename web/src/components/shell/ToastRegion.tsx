// Where toasts appear; a polite live region, so screen readers read them as they come.
import { dismissToast, useToasts } from "@/lib/toasts";

export function ToastRegion() {
  const toasts = useToasts();
  return (
    <section className="toasts" aria-label="Messages" aria-live="polite">
      {toasts.map((toast) => (
        <div key={toast.id} className="toast" data-tone={toast.tone}>
          <p>{toast.text}</p>
          {toast.action && (
            <button
              type="button"
              className="button small"
              onClick={() => {
                toast.action?.run();
                dismissToast(toast.id);
              }}
            >
              {toast.action.label}
            </button>
          )}
          <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => dismissToast(toast.id)}>
            ×
          </button>
        </div>
      ))}
    </section>
  );
}
