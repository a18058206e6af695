// One WebSocket to natterd: requests matched to replies by id, events handed
// on, and automatic reconnection with backoff. What to do on each (re)open
// (auth, sync, resend) is the owner's business, through onOpen.

import { errorMessage, type ProtocolError, type ServerEvent } from "../protocol";
import { Backoff } from "./backoff";

export class RequestError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export type SocketState = "idle" | "connecting" | "open" | "waiting";

export interface SocketHandlers {
  // Runs after each open; the socket counts as healthy once it resolves.
  onOpen(): Promise<void>;
  onEvent(ev: ServerEvent): void;
  onState(state: SocketState): void;
  // The server closed with 4001 (token expired) or 4003 (session ended):
  // refresh before reconnecting.
  onAuthClose(): Promise<void>;
}

interface Pending {
  resolve(reply: Record<string, unknown>): void;
  reject(err: RequestError): void;
  timer: ReturnType<typeof setTimeout>;
}

const REQUEST_TIMEOUT_MS = 20_000;

export class Socket {
  private ws: WebSocket | null = null;
  private nextId = 1;
  private readonly pending = new Map<string, Pending>();
  private readonly backoff = new Backoff();
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private running = false;
  state: SocketState = "idle";

  constructor(
    private readonly url: string,
    private readonly handlers: SocketHandlers,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.connect();
  }

  stop(): void {
    this.running = false;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.ws?.close(1000);
    this.drop();
    this.setState("idle");
  }

  // Closes the current connection and reconnects at once (network back).
  reconnectNow(): void {
    if (!this.running) return;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.backoff.reset();
    if (this.ws) {
      this.ws.close(1000);
      this.drop();
    }
    this.connect();
  }

  // Closes the connection and waits for reconnectNow (network gone).
  suspend(): void {
    if (!this.running || !this.ws) return;
    this.ws.close(1000);
    this.drop();
    this.setState("waiting");
  }

  get isOpen(): boolean {
    return this.state === "open";
  }

  request<T = Record<string, unknown>>(type: string, fields: Record<string, unknown> = {}): Promise<T> {
    const ws = this.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) {
      return Promise.reject(new RequestError("DISCONNECTED", "Not connected."));
    }
    const id = String(this.nextId++);
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new RequestError("TIMEOUT", "The server did not answer."));
      }, REQUEST_TIMEOUT_MS);
      this.pending.set(id, { resolve: resolve as (r: Record<string, unknown>) => void, reject, timer });
      ws.send(JSON.stringify({ ...fields, type, id }));
    });
  }

  private connect(): void {
    this.setState("connecting");
    const ws = new WebSocket(this.url);
    this.ws = ws;
    ws.onopen = () => {
      this.handlers
        .onOpen()
        .then(() => {
          if (this.ws !== ws) return;
          this.backoff.reset();
          this.setState("open");
        })
        .catch(() => {
          if (this.ws === ws) ws.close(4000);
        });
    };
    ws.onmessage = (e) => this.receive(typeof e.data === "string" ? e.data : "");
    ws.onclose = (e) => {
      if (this.ws !== ws) return;
      this.drop();
      if (!this.running) return;
      this.setState("waiting");
      const delay = this.backoff.next();
      const again = () => {
        this.retryTimer = null;
        if (this.running && !this.ws) this.connect();
      };
      // 4001: the token expired; 4003: the session was ended (logout
      // elsewhere, password change). A refresh tells which: the latter signs out.
      if (e.code === 4001 || e.code === 4003) {
        this.handlers.onAuthClose().finally(() => (this.retryTimer = setTimeout(again, delay)));
      } else {
        this.retryTimer = setTimeout(again, delay);
      }
    };
  }

  private receive(data: string): void {
    let frame: Record<string, unknown>;
    try {
      frame = JSON.parse(data) as Record<string, unknown>;
    } catch {
      return;
    }
    if ("re" in frame) {
      const id = frame.re;
      const p = typeof id === "string" ? this.pending.get(id) : undefined;
      if (!p) return;
      this.pending.delete(id as string);
      clearTimeout(p.timer);
      const err = frame.error as ProtocolError | undefined;
      if (err) p.reject(new RequestError(err.code, errorMessage(err, err.message), err.field));
      else p.resolve(frame);
      return;
    }
    if (typeof frame.type === "string") this.handlers.onEvent(frame as unknown as ServerEvent);
  }

  // Forgets the current connection; requests in flight fail.
  private drop(): void {
    const ws = this.ws;
    this.ws = null;
    if (ws) {
      ws.onopen = ws.onmessage = ws.onclose = null;
    }
    for (const [, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(new RequestError("DISCONNECTED", "The connection was lost."));
    }
    this.pending.clear();
  }

  private setState(state: SocketState): void {
    if (this.state === state) return;
    this.state = state;
    this.handlers.onState(state);
  }
}
