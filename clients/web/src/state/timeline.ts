// One conversation's log as this client holds it: a window of events ordered
// by seq, merged from live events, sync replies and history pages. Applying
// the same seq twice is a no-op, so every source can be merged blindly.

import { eventSeq, type LogEvent, type Message, type Role, type RoomAction } from "../protocol";
import { countReply } from "./threads";

export type Notice =
  | { kind: "joined"; user: string; by: string | null }
  | { kind: "left"; user: string; by: string | null; action?: RoomAction; reason?: string }
  | { kind: "moderated"; user: string; by: string; action: RoomAction; reason?: string }
  | { kind: "renamed"; name: string }
  | { kind: "topic"; topic: string }
  | { kind: "role"; user: string; role: Role }
  | { kind: "pinned"; user: string; pinned: boolean; text: string }
  | { kind: "encrypted"; by: string };

export type TimelineItem =
  | { seq: number; type: "message"; message: Message }
  | { seq: number; type: "notice"; notice: Notice; ts: number | null };

export type ApplyResult = "applied" | "duplicate" | "gap";

export class Timeline {
  // Items in ascending seq; edits and deletions change a message in place.
  readonly items: TimelineItem[] = [];
  // Highest seq such that every seq from the window's start up to it is held
  // (or was known before anything was loaded): what `sync` is told.
  contiguousSeq: number;
  // Lowest seq held; null before anything was loaded.
  lowestSeq: number | null = null;
  // Whether older events exist before lowestSeq.
  hasMoreBefore = true;
  // Roles learned from membership events.
  readonly roles = new Map<string, Role>();
  private readonly seen = new Set<number>();
  // Whether a message is the user's own (a reply of theirs is never unread).
  isOwn: (m: Message) => boolean = () => false;

  constructor(knownLastSeq = 0) {
    this.contiguousSeq = knownLastSeq;
  }

  get highestSeq(): number {
    let high = this.contiguousSeq;
    for (const s of this.seen) high = Math.max(high, s);
    return high;
  }

  hasSeq(seq: number): boolean {
    return this.seen.has(seq);
  }

  findMessage(id: number): Message | undefined {
    for (const item of this.items) {
      if (item.type === "message" && item.message.id === id) return item.message;
    }
    return undefined;
  }

  messages(): Message[] {
    const out: Message[] = [];
    for (const item of this.items) if (item.type === "message") out.push(item.message);
    return out;
  }

  // Merges one event. "gap" means it was held but seqs before it are missing:
  // the caller should fetch history after contiguousSeq.
  apply(ev: LogEvent): ApplyResult {
    const seq = eventSeq(ev);
    if (this.seen.has(seq)) return "duplicate";
    this.seen.add(seq);
    this.place(seq, ev);
    if (this.lowestSeq === null || seq < this.lowestSeq) this.lowestSeq = seq;
    if (seq === this.contiguousSeq + 1) {
      while (this.seen.has(this.contiguousSeq + 1)) this.contiguousSeq++;
      return "applied";
    }
    if (seq <= this.contiguousSeq) return "applied";
    return "gap";
  }

  // Merges a page of older events (ascending) and records whether more exist.
  prepend(events: LogEvent[], hasMore: boolean): void {
    for (const ev of events) this.apply(ev);
    this.hasMoreBefore = hasMore;
    if (this.lowestSeq === 1) this.hasMoreBefore = false;
  }

  private place(seq: number, ev: LogEvent): void {
    switch (ev.type) {
      case "message":
        this.insert({ seq, type: "message", message: { ...ev.message } });
        if (ev.message.thread_id !== undefined) countReply(this.findMessage(ev.message.thread_id), ev.message, !this.isOwn(ev.message));
        return;
      case "message.edited": {
        const held = this.findMessage(ev.message.id);
        if (held) Object.assign(held, ev.message, { seq: held.seq });
        return;
      }
      case "message.deleted": {
        const held = this.findMessage(ev.message_id);
        if (held) Object.assign(held, { deleted: true, text: "", reactions: [] });
        return;
      }
      case "message.reaction": {
        const held = this.findMessage(ev.message_id);
        if (held) held.reactions = ev.reactions;
        return;
      }
      case "message.pinned": {
        const text = this.findMessage(ev.message_id)?.text ?? "";
        this.insert({ seq, type: "notice", notice: { kind: "pinned", user: ev.user, pinned: ev.pinned, text }, ts: null });
        return;
      }
      case "member.joined":
        this.roles.set(ev.user, ev.role);
        this.insert({ seq, type: "notice", notice: { kind: "joined", user: ev.user, by: ev.by }, ts: null });
        return;
      case "member.left":
        this.roles.delete(ev.user);
        this.insert({ seq, type: "notice", notice: { kind: "left", user: ev.user, by: ev.by, action: ev.action, reason: ev.reason }, ts: null });
        return;
      case "conversation.updated":
        if (ev.action === "encrypt") {
          this.insert({ seq, type: "notice", notice: { kind: "encrypted", by: ev.by ?? "" }, ts: null });
        } else if (ev.user !== undefined && ev.action !== undefined && ev.action !== "topic") {
          const notice: Notice = { kind: "moderated", user: ev.user, by: ev.by ?? "", action: ev.action, reason: ev.reason };
          this.insert({ seq, type: "notice", notice, ts: null });
        } else if (ev.user !== undefined && ev.role !== undefined) {
          this.roles.set(ev.user, ev.role);
          this.insert({ seq, type: "notice", notice: { kind: "role", user: ev.user, role: ev.role }, ts: null });
        } else if (ev.name !== undefined) {
          this.insert({ seq, type: "notice", notice: { kind: "renamed", name: ev.name }, ts: null });
        } else if (ev.topic !== undefined) {
          this.insert({ seq, type: "notice", notice: { kind: "topic", topic: ev.topic }, ts: null });
        }
        return;
    }
  }

  private insert(item: TimelineItem): void {
    let i = this.items.length;
    while (i > 0 && this.items[i - 1].seq > item.seq) i--;
    this.items.splice(i, 0, item);
  }
}
