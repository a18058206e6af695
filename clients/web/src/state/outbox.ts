// Messages the user sent that the server has not acknowledged yet. Each keeps
// its client_msg_id for life, so sending it again after a reconnect is
// idempotent: the server answers a repeat with the first acknowledgement.
// A message with attachments waits until every one of its uploads is done;
// messages without go out meanwhile.

import type { Upload } from "./uploads";

export type OutboxState = "queued" | "sending" | "failed";

export interface OutboxItem {
  clientMsgId: string;
  // Where it goes: an existing conversation, or "@user" / "#room".
  conversationId: number | null;
  to: string | null;
  text: string;
  replyTo: number | null;
  // Files sent with it (their media ids go out as `attachments`).
  uploads: Upload[];
  createdAt: number;
  state: OutboxState;
  error: string | null;
}

export interface NewOutboxItem {
  conversationId: number | null;
  to: string | null;
  text: string;
  replyTo: number | null;
  uploads?: Upload[];
}

// Every upload of the item is stored: it can be sent.
export function uploadsReady(item: OutboxItem): boolean {
  return item.uploads.every((u) => u.state === "done" && u.media !== null);
}

export function attachmentIds(item: OutboxItem): string[] {
  return item.uploads.map((u) => u.media?.id ?? "").filter(Boolean);
}

// Errors after which sending the same message again cannot succeed.
const PERMANENT = new Set([
  "NOT_A_MEMBER",
  "USER_NOT_FOUND",
  "ROOM_NOT_FOUND",
  "BLOCKED",
  "REQUEST_DECLINED",
  "MESSAGE_TOO_LONG",
  "MUTED",
  "VALIDATION_FAILED",
  "BAD_REQUEST",
]);

export function isPermanentSendError(code: string): boolean {
  return PERMANENT.has(code);
}

export class Outbox {
  private items: OutboxItem[] = [];

  constructor(
    private readonly newId: () => string,
    private readonly now: () => number = Date.now,
  ) {}

  add(item: NewOutboxItem): OutboxItem {
    const entry: OutboxItem = {
      ...item,
      uploads: [...(item.uploads ?? [])],
      clientMsgId: this.newId(),
      createdAt: this.now(),
      state: "queued",
      error: null,
    };
    this.items.push(entry);
    return entry;
  }

  all(): readonly OutboxItem[] {
    return this.items;
  }

  get(clientMsgId: string): OutboxItem | undefined {
    return this.items.find((i) => i.clientMsgId === clientMsgId);
  }

  // Items waiting for a conversation (or a "@user" draft), oldest first.
  for(conversationId: number | null, to: string | null = null): OutboxItem[] {
    return this.items.filter((i) =>
      conversationId !== null ? i.conversationId === conversationId : i.to === to && i.conversationId === null,
    );
  }

  // What to send now, oldest first; marks them as sending. Items whose
  // uploads are still running stay queued.
  takeQueued(): OutboxItem[] {
    const out = this.items.filter((i) => i.state === "queued" && uploadsReady(i));
    for (const i of out) i.state = "sending";
    return out;
  }

  // The server stored it (an ack, or the echo of our own message).
  acknowledge(clientMsgId: string): boolean {
    const before = this.items.length;
    this.items = this.items.filter((i) => i.clientMsgId !== clientMsgId);
    return this.items.length !== before;
  }

  // A send that failed: permanent errors wait for the user; anything else
  // (disconnect, timeout, busy) goes back in the queue.
  fail(clientMsgId: string, code: string, message: string): void {
    const item = this.get(clientMsgId);
    if (!item) return;
    if (isPermanentSendError(code)) {
      item.state = "failed";
      item.error = message;
    } else {
      item.state = "queued";
    }
  }

  // The connection dropped: whatever was in flight is sent again later.
  requeueInFlight(): void {
    for (const i of this.items) if (i.state === "sending") i.state = "queued";
  }

  retry(clientMsgId: string): void {
    const item = this.get(clientMsgId);
    if (item && item.state === "failed") {
      item.state = "queued";
      item.error = null;
    }
  }

  discard(clientMsgId: string): void {
    this.acknowledge(clientMsgId);
  }

  // The user dropped one file of a message that was not sent yet; a
  // message left with neither text nor files goes too. False when the
  // message is already on its way (its attachments are fixed by then).
  dropUpload(clientMsgId: string, key: string): boolean {
    const item = this.get(clientMsgId);
    if (!item || item.state === "sending") return false;
    item.uploads = item.uploads.filter((u) => u.key !== key);
    if (item.uploads.length === 0 && !item.text.trim()) this.discard(clientMsgId);
    return true;
  }

  // A draft to "@user" became a conversation: later items address it by id.
  bind(to: string, conversationId: number): void {
    for (const i of this.items) {
      if (i.to === to && i.conversationId === null) {
        i.conversationId = conversationId;
      }
    }
  }
}
