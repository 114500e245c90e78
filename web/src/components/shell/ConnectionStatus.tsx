// The live connection's state in the header: quiet when live, visible when it is not.
import type { LiveStatus } from "@/lib/live/connection";

const WORDS: Record<LiveStatus, string> = {
  connecting: "Connecting…",
  live: "Live",
  reconnecting: "Reconnecting…",
  offline: "Offline",
};

export function ConnectionStatus({ status }: { status: LiveStatus }) {
  return (
    <p className="connection" data-status={status} role="status">
      <span className="connection-dot" aria-hidden="true" />
      <span className="visually-hidden">Live updates: </span>
      {WORDS[status]}
    </p>
  );
}
