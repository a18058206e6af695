// Everything the client knows, and the rules that merge what the server says
// into it. No I/O here: the controller feeds it replies and events, the views
// read it and subscribe to changes.

import {
  eventConversation,
  eventSeq,
  type Conversation,
  type LogEvent,
  type Message,
  type Presence,
  type Receipt,
  type SyncReply,
  type User,
} from "../protocol";
import { mentionsMe } from "./mentions";
import { Outbox } from "./outbox";
import { Receipts, type Tick } from "./receipts";
import { Timeline } from "./timeline";
import { UserDirectory } from "./users";

export interface ConversationState {
  info: Conversation;
  timeline: Timeline;
}

export type ConnectionStatus = "offline" | "connecting" | "online" | "reconnecting";

export interface MergeOutcome {
  // Conversations that received events past what was held but with missing
  // seqs before them: fetch history after the given seq.
  gaps: Map<number, number>;
  // Conversation ids the events named that this client does not know yet.
  unknown: Set<number>;
  // New messages from other people, in order.
  incoming: Message[];
  // Events of unknown conversations, to merge once they are listed.
  deferred: LogEvent[];
}

function emptyOutcome(): MergeOutcome {
  return { gaps: new Map(), unknown: new Set(), incoming: [], deferred: [] };
}

export class Store {
  me: User | null = null;
  connection: ConnectionStatus = "offline";
  readonly conversations = new Map<number, ConversationState>();
  readonly receipts = new Receipts();
  readonly presence = new Map<string, Presence>();
  // conversation id -> user -> when their typing indicator ends (ms).
  readonly typing = new Map<number, Map<string, number>>();
  readonly outbox: Outbox;
  // Other people's profiles, for their avatars.
  readonly users: UserDirectory;
  private listeners = new Set<() => void>();
  private pending = false;
  // Opens an end-to-end encrypted message in place as it merges (its text
  // becomes the plaintext, or decrypt_error says why not).
  opener: ((m: Message) => void) | null = null;

  constructor(newId: () => string, loadUser: (username: string) => Promise<User | null> = async () => null) {
    this.outbox = new Outbox(newId);
    this.users = new UserDirectory(loadUser, () => this.changed());
  }

  // The avatar media id of a user (oneself included), if they have one.
  avatarOf(username: string): string | null {
    if (this.me && username === this.me.username) return this.me.avatar ?? null;
    return this.users.lookup(username)?.avatar ?? null;
  }

  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  // Coalesces changes into one notification per microtask.
  changed(): void {
    if (this.pending) return;
    this.pending = true;
    queueMicrotask(() => {
      this.pending = false;
      for (const fn of this.listeners) fn();
    });
  }

  get username(): string {
    return this.me?.username ?? "";
  }

  // Whether m is the user's own: by id when the server sends one (a rename
  // changes the username, never the id), else by username.
  isMine(m: Message): boolean {
    if (m.sender_id !== undefined && this.me) return m.sender_id === this.me.id;
    return m.sender === this.username;
  }

  // Someone (oneself too) has a new username or display name: every place
  // that shows them by name follows, so that nothing moves sides, no tick
  // waits for a receipt under the old name, and no one types twice.
  renameUser(id: number, username: string, displayName: string): void {
    let old: string | undefined;
    if (this.me && this.me.id === id) {
      old = this.me.username;
      this.me = { ...this.me, username, display_name: displayName };
    }
    for (const { info, timeline } of this.conversations.values()) {
      const at = info.member_ids?.indexOf(id) ?? -1;
      if (at >= 0) {
        old ??= info.members[at];
        info.members = info.members.map((u, i) => (i === at ? username : u));
        if (info.kind === "direct" && info.name === old) info.name = username;
      }
      for (const m of timeline.messages()) if (m.sender_id === id) m.sender = username;
      if (info.last_message?.sender_id === id) info.last_message = { ...info.last_message, sender: username };
      if (info.request?.from_id === id) info.request = { ...info.request, from: username };
    }
    if (old !== undefined && old !== username) {
      this.receipts.rename(old, username);
      const p = this.presence.get(old);
      if (p) {
        this.presence.delete(old);
        this.presence.set(username, { ...p, user: username });
      }
      for (const users of this.typing.values()) users.delete(old);
    }
    this.users.updated(id, username, displayName);
    this.changed();
  }

  // Replaces conversation metadata with a conversations.list reply, keeping
  // every timeline already held. Conversations missing from the list are gone
  // (left, removed).
  setConversations(list: Conversation[]): void {
    const ids = new Set(list.map((c) => c.conversation_id));
    for (const id of [...this.conversations.keys()]) if (!ids.has(id)) this.conversations.delete(id);
    for (const info of list) this.upsertConversation(info);
    this.changed();
  }

  upsertConversation(info: Conversation): ConversationState {
    const held = this.conversations.get(info.conversation_id);
    if (!held) {
      const state = { info: { ...info }, timeline: new Timeline(info.last_seq) };
      state.timeline.isOwn = (m) => this.isMine(m);
      this.conversations.set(info.conversation_id, state);
      this.changed();
      return state;
    }
    const keepPreview =
      held.info.last_message && (!info.last_message || held.info.last_message.seq > info.last_message.seq);
    const merged: Conversation = {
      ...info,
      last_seq: Math.max(info.last_seq, held.info.last_seq),
      read_seq: Math.max(info.read_seq, held.info.read_seq),
      last_message: keepPreview ? held.info.last_message : info.last_message,
    };
    merged.unread = this.unreadFrom(info, held.timeline, merged.read_seq);
    merged.unread_mentions = this.unreadFrom(info, held.timeline, merged.read_seq, true);
    held.info = merged;
    this.changed();
    return held;
  }

  removeConversation(id: number): void {
    this.conversations.delete(id);
    this.changed();
  }

  // Merges log events from any source (live, sync, history). `live` marks
  // events that just happened, which may notify the user.
  applyEvents(events: LogEvent[], live: boolean, outcome: MergeOutcome = emptyOutcome()): MergeOutcome {
    for (const ev of events) {
      const id = eventConversation(ev);
      const conv = this.conversations.get(id);
      if (!conv) {
        outcome.unknown.add(id);
        outcome.deferred.push(ev);
        continue;
      }
      if ((ev.type === "message" || ev.type === "message.edited") && ev.message.encrypted) this.opener?.(ev.message);
      const result = conv.timeline.apply(ev);
      if (result === "duplicate") continue;
      if (result === "gap" && !outcome.gaps.has(id)) outcome.gaps.set(id, conv.timeline.contiguousSeq);
      this.afterEvent(conv, ev, outcome, live);
    }
    this.changed();
    return outcome;
  }

  private afterEvent(conv: ConversationState, ev: LogEvent, outcome: MergeOutcome, live: boolean): void {
    const info = conv.info;
    const seq = eventSeq(ev);
    const isNew = seq > info.last_seq;
    info.last_seq = Math.max(info.last_seq, seq);
    switch (ev.type) {
      case "message": {
        const m = ev.message;
        if (m.client_msg_id && this.isMine(m)) this.outbox.acknowledge(m.client_msg_id);
        if (!info.last_message || m.seq >= info.last_message.seq) info.last_message = { ...m };
        if (!this.isMine(m) && isNew && m.seq > info.read_seq && !m.deleted) {
          info.unread += 1;
          if (this.mentionsMe(m)) info.unread_mentions = (info.unread_mentions ?? 0) + 1;
          if (live) outcome.incoming.push(m);
        }
        this.typing.get(info.conversation_id)?.delete(m.sender);
        return;
      }
      case "message.edited":
        if (info.last_message?.id === ev.message.id) info.last_message = { ...ev.message };
        return;
      case "message.deleted":
        if (info.last_message?.id === ev.message_id) info.last_message = { ...info.last_message, deleted: true, text: "" };
        return;
      case "message.reaction":
      case "message.pinned":
        return;
      case "member.joined":
        if (info.kind !== "room" && !info.members.includes(ev.user)) info.members = [...info.members, ev.user];
        if (info.kind !== "room" && ev.user_id !== undefined && info.member_ids && !info.member_ids.includes(ev.user_id)) info.member_ids = [...info.member_ids, ev.user_id];
        if (info.kind === "room" && isNew) info.member_count += 1;
        return;
      case "member.left":
        info.members = info.members.filter((u) => u !== ev.user);
        if (ev.user_id !== undefined) info.member_ids = info.member_ids?.filter((u) => u !== ev.user_id);
        if (info.kind === "room" && isNew) info.member_count = Math.max(0, info.member_count - 1);
        return;
      case "conversation.updated":
        if (ev.name !== undefined) info.name = ev.name;
        if (ev.topic !== undefined) info.topic = ev.topic;
        if (ev.avatar !== undefined) info.avatar = ev.avatar || null;
        if (ev.user === this.username && ev.role !== undefined) info.role = ev.role;
        if (ev.action === "encrypt") info.encrypted = true;
        return;
    }
  }

  applySync(reply: SyncReply): MergeOutcome {
    const outcome = emptyOutcome();
    for (const c of reply.conversations) {
      const conv = this.conversations.get(c.conversation_id);
      if (!conv) {
        outcome.unknown.add(c.conversation_id);
        continue;
      }
      this.applyEvents(c.events, false, outcome);
      if (c.has_more && !outcome.gaps.has(c.conversation_id)) {
        outcome.gaps.set(c.conversation_id, conv.timeline.contiguousSeq);
      }
      if (c.last_seq > conv.info.last_seq) conv.info.last_seq = c.last_seq;
    }
    for (const r of reply.receipts) this.applyReceipt(r);
    for (const p of reply.presence) this.presence.set(p.user, p);
    this.changed();
    return outcome;
  }

  // What `sync` is told: the last contiguous seq held per conversation.
  syncSince(): Record<string, number> {
    const since: Record<string, number> = {};
    for (const [id, c] of this.conversations) since[String(id)] = c.timeline.contiguousSeq;
    return since;
  }

  applyReceipt(r: Receipt): void {
    this.receipts.apply(r);
    const conv = this.conversations.get(r.conversation_id);
    const mine = r.user_id !== undefined && this.me ? r.user_id === this.me.id : r.user === this.username;
    if (conv && mine) {
      if (r.read_seq > conv.info.read_seq) {
        conv.info.read_seq = r.read_seq;
        conv.info.unread = this.countUnread(conv.timeline, r.read_seq, conv.info.unread);
        conv.info.unread_mentions = this.countUnread(conv.timeline, r.read_seq, conv.info.unread_mentions ?? 0, true);
      }
      conv.info.delivered_seq = Math.max(conv.info.delivered_seq, r.delivered_seq);
    }
    this.changed();
  }

  // Marks a conversation read locally (the server confirms with a receipt).
  markRead(id: number, seq: number): void {
    const conv = this.conversations.get(id);
    if (!conv || seq <= conv.info.read_seq) return;
    conv.info.read_seq = seq;
    conv.info.unread = this.countUnread(conv.timeline, seq, conv.info.unread);
    conv.info.unread_mentions = this.countUnread(conv.timeline, seq, conv.info.unread_mentions ?? 0, true);
    this.changed();
  }

  // The server's count is authoritative up to the seq it counted at
  // (server.last_seq); held messages after that seq are added to it, and
  // live events add only above it (afterEvent). Read further here than the
  // server knew: counted again from what is held.
  // mentions: the same for unread_mentions (messages that mention the user).
  private unreadFrom(server: Conversation, held: Timeline, readSeq: number, mentions = false): number {
    const base = mentions ? (server.unread_mentions ?? 0) : server.unread;
    if (readSeq > server.read_seq) return this.countUnread(held, readSeq, base, mentions);
    let after = 0;
    for (const m of held.messages()) {
      if (m.seq > server.last_seq && m.seq > readSeq && this.counts(m, mentions)) after++;
    }
    return base + after;
  }

  private mentionsMe(m: Message): boolean {
    return mentionsMe(m, this.me?.id);
  }

  private counts(m: Message, mentions: boolean): boolean {
    return !this.isMine(m) && !m.deleted && (!mentions || this.mentionsMe(m));
  }

  // Other people's messages after readSeq. Exact when the held window reaches
  // back to readSeq; otherwise at most every unheld seq in between could be
  // one, and the count never grows because something was read.
  private countUnread(timeline: Timeline, readSeq: number, previous: number, mentions = false): number {
    if (readSeq >= timeline.highestSeq) return 0;
    let counted = 0;
    for (const m of timeline.messages()) {
      if (m.seq > readSeq && this.counts(m, mentions)) counted++;
    }
    const low = timeline.lowestSeq ?? timeline.highestSeq + 1;
    const unheld = Math.max(0, low - readSeq - 1);
    return Math.min(Math.max(previous, counted), counted + unheld);
  }

  setPresence(p: Presence): void {
    this.presence.set(p.user, p);
    this.changed();
  }

  setTyping(conversationId: number, user: string, until: number): void {
    let users = this.typing.get(conversationId);
    if (!users) {
      users = new Map();
      this.typing.set(conversationId, users);
    }
    users.set(user, until);
    this.changed();
  }

  typingUsers(conversationId: number, now: number): string[] {
    const users = this.typing.get(conversationId);
    if (!users) return [];
    return [...users].filter(([, until]) => until > now).map(([u]) => u);
  }

  // The people whose receipts decide a tick: every other member of a direct
  // chat or group. Rooms list no members.
  recipients(conv: Conversation): string[] {
    return conv.members.filter((u) => u !== this.username);
  }

  tickOf(conv: Conversation, m: Message): Tick {
    return this.receipts.tick(conv.conversation_id, this.recipients(conv), m.seq);
  }

  totalUnread(isMuted: (id: number) => boolean): number {
    let total = 0;
    for (const [id, c] of this.conversations) if (!isMuted(id)) total += c.info.unread;
    return total;
  }

  directWith(username: string): ConversationState | undefined {
    for (const c of this.conversations.values()) {
      if (c.info.kind === "direct" && c.info.name === username) return c;
    }
    return undefined;
  }

  // Conversations, most recent activity first.
  sorted(): ConversationState[] {
    const activity = (c: ConversationState) => c.info.last_message?.ts ?? 0;
    return [...this.conversations.values()].sort(
      (a, b) => activity(b) - activity(a) || b.info.conversation_id - a.info.conversation_id,
    );
  }

  reset(): void {
    this.me = null;
    this.connection = "offline";
    this.conversations.clear();
    this.presence.clear();
    this.typing.clear();
    this.users.clear();
    this.changed();
  }
}
