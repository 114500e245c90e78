import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import type { LiveMessage } from "../api/types";
import { LiveConnection, type LiveStatus, backoffDelay } from "./connection";

class FakeSocket {
  static instances: FakeSocket[] = [];
  readonly url: string;
  readyState = 0;
  sent: string[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: string }) => void) | null = null;
  onclose: ((event: { code: number }) => void) | null = null;

  constructor(url: string) {
    this.url = url;
    FakeSocket.instances.push(this);
  }
  open() {
    this.readyState = 1;
    this.onopen?.();
  }
  receive(message: object) {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
  send(data: string) {
    this.sent.push(data);
  }
  close(code = 1006) {
    this.readyState = 3;
    this.onclose?.({ code });
  }
}

describe("LiveConnection", () => {
  let statuses: LiveStatus[];
  let messages: LiveMessage[];
  let connection: LiveConnection;

  beforeEach(() => {
    vi.useFakeTimers();
    FakeSocket.instances = [];
    statuses = [];
    messages = [];
    connection = new LiveConnection({
      url: (after) => (after === null ? "/ws" : `/ws?after=${after}`),
      onMessage: (message) => messages.push(message),
      onStatus: (status) => statuses.push(status),
      createSocket: (url) => new FakeSocket(url) as unknown as WebSocket,
      random: () => 0,
    });
  });

  afterEach(() => {
    connection.stop();
    vi.useRealTimers();
  });

  it("reconnects after a drop with after=<last id>, with a growing backoff", () => {
    connection.start();
    const first = FakeSocket.instances[0]!;
    expect(first.url).toBe("/ws");
    first.open();
    first.receive({ id: 7, type: "task.changed", task_id: "t", change: "deleted", task: null });
    first.receive({ type: "pong" });
    expect(messages).toHaveLength(2);

    first.close();
    expect(statuses.at(-1)).toBe("reconnecting");
    vi.advanceTimersByTime(999);
    expect(FakeSocket.instances).toHaveLength(1);
    vi.advanceTimersByTime(1);
    const second = FakeSocket.instances[1]!;
    expect(second.url).toBe("/ws?after=7");

    second.close(); // never opened: the next wait doubles
    vi.advanceTimersByTime(1999);
    expect(FakeSocket.instances).toHaveLength(2);
    vi.advanceTimersByTime(1);
    FakeSocket.instances[2]!.open();
    expect(statuses.at(-1)).toBe("live");
  });

  it("passes a resync on and starts afresh after a 1008 close", () => {
    connection.start();
    const first = FakeSocket.instances[0]!;
    first.open();
    first.receive({ id: 3, type: "resync" });
    expect(messages[0]).toEqual({ id: 3, type: "resync" });
    first.close(1008);
    vi.advanceTimersByTime(1000);
    expect(FakeSocket.instances[1]!.url).toBe("/ws");
  });

  it("pings, and drops a link that does not answer", () => {
    connection.start();
    const socket = FakeSocket.instances[0]!;
    socket.open();
    vi.advanceTimersByTime(25_000);
    expect(socket.sent).toEqual(['{"type":"ping"}']);
    vi.advanceTimersByTime(10_000);
    expect(statuses.at(-1)).toBe("reconnecting");
  });

  it("says offline while the browser is, and reconnects when it is back", () => {
    connection.start();
    FakeSocket.instances[0]!.open();
    const onLine = vi.spyOn(navigator, "onLine", "get").mockReturnValue(false);
    window.dispatchEvent(new Event("offline"));
    expect(statuses.at(-1)).toBe("offline");
    onLine.mockReturnValue(true);
    window.dispatchEvent(new Event("online"));
    expect(FakeSocket.instances).toHaveLength(2);
    onLine.mockRestore();
  });
});

describe("backoffDelay", () => {
  it("doubles from 1 s up to 30 s, with up to 30% jitter", () => {
    expect([0, 1, 2, 3, 4, 5, 6].map((attempt) => backoffDelay(attempt, () => 0))).toEqual([
      1000, 2000, 4000, 8000, 16000, 30000, 30000,
    ]);
    expect(backoffDelay(0, () => 1)).toBe(1300);
  });
});
