// The WebSocket to /ws: connects, keeps the last message id, reconnects by itself with
// `after=<last id>` and an exponential backoff, pings to notice a dead link, and reports a
// status the header shows ("live", "reconnecting", "offline").

import type { LiveMessage } from "../api/types";

export type LiveStatus = "connecting" | "live" | "reconnecting" | "offline";

export interface LiveConnectionOptions {
  /** The URL to open, given the last id seen (null on the first connection). */
  url: (after: number | null) => string;
  onMessage: (message: LiveMessage) => void;
  onStatus: (status: LiveStatus) => void;
  /** Called when a connection closes without ever opening (a refused token, or no server). */
  onRefused?: () => void;
  createSocket?: (url: string) => WebSocket;
  random?: () => number;
}

const FIRST_DELAY_MS = 1_000;
const MAX_DELAY_MS = 30_000;
const PING_EVERY_MS = 25_000;
const PONG_WITHIN_MS = 10_000;
/** The server closes with 1008 when `after` is not an id it knows: start afresh. */
const POLICY_VIOLATION = 1008;

/** The wait before reconnection attempt `attempt` (0-based): 1 s, 2 s, 4 s … 30 s, plus up to 30% jitter. */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** attempt);
  return Math.round(base * (1 + 0.3 * random()));
}

export class LiveConnection {
  private readonly options: LiveConnectionOptions;
  private socket: WebSocket | null = null;
  private lastId: number | null = null;
  private attempt = 0;
  private stopped = true;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private pongTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: LiveConnectionOptions) {
    this.options = options;
  }

  start(): void {
    this.stopped = false;
    window.addEventListener("online", this.handleOnline);
    window.addEventListener("offline", this.handleOffline);
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    window.removeEventListener("online", this.handleOnline);
    window.removeEventListener("offline", this.handleOffline);
    clearTimeout(this.retryTimer);
    this.closeSocket();
  }

  private connect(): void {
    if (this.stopped) return;
    if (!navigator.onLine) {
      this.options.onStatus("offline");
      return;
    }
    this.options.onStatus(this.lastId === null && this.attempt === 0 ? "connecting" : "reconnecting");
    const socket = (this.options.createSocket ?? ((url) => new WebSocket(url)))(this.options.url(this.lastId));
    let opened = false;
    this.socket = socket;
    socket.onopen = () => {
      opened = true;
      this.attempt = 0;
      this.options.onStatus("live");
      this.pingTimer = setInterval(() => this.ping(), PING_EVERY_MS);
    };
    socket.onmessage = (event: MessageEvent) => {
      clearTimeout(this.pongTimer);
      const message = parse(event.data);
      if (!message) return;
      if ("id" in message) this.lastId = Math.max(this.lastId ?? message.id, message.id);
      this.options.onMessage(message);
    };
    socket.onclose = (event: CloseEvent) => {
      if (this.socket !== socket) return;
      this.closeSocket();
      if (event.code === POLICY_VIOLATION) this.lastId = null;
      if (!opened) this.options.onRefused?.();
      this.scheduleReconnect();
    };
  }

  private ping(): void {
    if (this.socket?.readyState !== WebSocket.OPEN) return;
    this.socket.send(JSON.stringify({ type: "ping" }));
    clearTimeout(this.pongTimer);
    this.pongTimer = setTimeout(() => this.socket?.close(), PONG_WITHIN_MS);
  }

  private scheduleReconnect(): void {
    if (this.stopped) return;
    this.options.onStatus(navigator.onLine ? "reconnecting" : "offline");
    const delay = backoffDelay(this.attempt, this.options.random);
    this.attempt += 1;
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => this.connect(), delay);
  }

  private closeSocket(): void {
    clearInterval(this.pingTimer);
    clearTimeout(this.pongTimer);
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      socket.onopen = socket.onmessage = socket.onclose = null;
      if (socket.readyState === WebSocket.OPEN || socket.readyState === WebSocket.CONNECTING) socket.close();
    }
  }

  private readonly handleOnline = (): void => {
    if (this.stopped || this.socket) return;
    clearTimeout(this.retryTimer);
    this.attempt = 0;
    this.connect();
  };

  private readonly handleOffline = (): void => {
    this.options.onStatus("offline");
    this.socket?.close();
  };
}

function parse(data: unknown): LiveMessage | null {
  if (typeof data !== "string") return null;
  try {
    const message = JSON.parse(data) as { type?: unknown };
    return typeof message.type === "string" ? (message as LiveMessage) : null;
  } catch {
    return null;
  }
}

/** The /ws URL on the page's origin (or NEXT_PUBLIC_TODO_WS_ORIGIN in development). */
export function liveUrl(token: string, after: number | null): string {
  const origin =
    process.env.NEXT_PUBLIC_TODO_WS_ORIGIN ??
    `${window.location.protocol === "https:" ? "wss:" : "ws:"}//${window.location.host}`;
  const query = new URLSearchParams({ token });
  if (after !== null) query.set("after", String(after));
  return `${origin}/ws?${query.toString()}`;
}
