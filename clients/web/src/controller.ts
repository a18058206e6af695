// Connects the store to natterd: session and token lifetime, the WebSocket's
// open sequence (auth, list, sync, resend the outbox), live events, and the
// requests behind every user action.

import { Api, ApiError, type TokenAnswer } from "./net/http";
import { RequestError, Socket, type SocketState } from "./net/socket";
import { freshLoad } from "./net/fresh_load";
import { syncPages } from "./net/sync_pages";
import type {
  Contact,
  Conversation,
  HistoryReply,
  LogEvent,
  Message,
  OwnStatus,
  Room,
  RoomAction,
  ServerEvent,
  SyncReply,
  User,
} from "./protocol";
import { Departed } from "./state/departed";
import { attachmentIds, type OutboxItem } from "./state/outbox";
import { Store, type MergeOutcome } from "./state/store";
import type { Upload } from "./state/uploads";
import { MediaService } from "./media_service";
import { E2eeService } from "./e2ee_service";
import { filesOf } from "./e2ee/sealed_upload";

const HISTORY_PAGE = 50;
// Jumping to a search result: history pages of JUMP_PAGE_SIZE, at most
// JUMP_PAGES of them, until JUMP_CONTEXT events before the message are held.
const JUMP_PAGE_SIZE = 100;
const JUMP_PAGES = 50;
const JUMP_CONTEXT = 25;
// Refresh this long before the access token expires.
const REFRESH_MARGIN_MS = 60_000;
const DELIVERED_BATCH_MS = 250;
const TYPING_SEND_INTERVAL_MS = 3_000;

export interface ControllerHooks {
  // New messages from other people, as they happen.
  incoming(messages: Message[]): void;
  // The session ended (logout, or the refresh token stopped working).
  signedOut(): void;
}

export class Controller {
  readonly api = new Api();
  readonly store = new Store(
    () => crypto.randomUUID(),
    (username) => this.api.user(username),
  );
  readonly media = new MediaService(this.api, () => this.refreshToken(), {
    changed: () => this.store.changed(),
    stored: () => void this.flushOutbox(),
  });
  readonly e2ee = new E2eeService(this.store, { request: (type, fields) => this.request(type, fields) }, () => this.store.changed());
  private socket: Socket | null = null;
  private tokenExpiresAt = 0;
  private tokenLifetimeMs = 0;
  private refreshTimer: ReturnType<typeof setTimeout> | null = null;
  private refreshing: Promise<void> | null = null;
  private typingTtl = 5_000;
  private deliveredTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly deliveredDue = new Map<number, number>();
  private readonly typingSentAt = new Map<number, number>();
  private flushing = false;
  ownStatus: OwnStatus = "online";
  // Conversations just left, still shown read-only.
  readonly departed = new Departed();
  // The server's limits from its hello (max_message_chars, ...).
  limits: Record<string, number> = {};
  // The conversation on screen, which is read as messages arrive.
  activeConversation: number | null = null;
  hooks: ControllerHooks = { incoming: () => {}, signedOut: () => {} };

  // Resumes a session from the refresh cookie: "signed-out" when there is
  // none, "unreachable" when natterd cannot be reached to ask.
  async resume(): Promise<"resumed" | "signed-out" | "unreachable"> {
    try {
      const answer = await this.api.refresh();
      this.begin(answer);
      return "resumed";
    } catch (e) {
      return e instanceof ApiError && (e.status === 0 || e.status >= 502) ? "unreachable" : "signed-out";
    }
  }

  async login(login: string, password: string): Promise<void> {
    this.begin(await this.api.login(login, password));
  }

  async register(email: string, username: string, password: string, displayName: string, invite = ""): Promise<void> {
    await this.api.register(email, username, password, displayName, invite);
    await this.login(username, password);
  }

  // Throws the server's error (a wrong password) and stays signed in.
  async deleteAccount(password: string): Promise<void> {
    await this.api.deleteAccount(password);
    this.end();
  }

  async logout(): Promise<void> {
    try {
      await this.api.logout();
    } catch {
      // The session ends locally whatever the server said.
    }
    this.end();
  }

  private begin(answer: TokenAnswer): void {
    this.store.me = answer.user;
    this.e2ee.begin(answer.user.id);
    this.noteToken(answer.expires_in);
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    this.socket = new Socket(`${scheme}//${location.host}/ws`, {
      onOpen: () => this.onOpen(),
      onEvent: (ev) => this.onEvent(ev),
      onState: (s) => this.onSocketState(s),
      onAuthClose: () => this.refreshToken().catch(() => {}),
    });
    this.socket.start();
    this.store.changed();
  }

  private end(): void {
    this.socket?.stop();
    this.socket = null;
    // The server removed this session's device: its keys are of no more use.
    void this.e2ee.end(true);
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshTimer = null;
    this.api.accessToken = null;
    this.activeConversation = null;
    this.media.clear();
    this.departed.clear();
    this.store.reset();
    this.hooks.signedOut();
  }

  // Network gone or back (browser events): react at once instead of waiting
  // for the connection to time out.
  networkLost(): void {
    this.socket?.suspend();
  }

  networkBack(): void {
    this.socket?.reconnectNow();
  }

  // --- tokens ---------------------------------------------------------------

  private noteToken(expiresInSeconds: number): void {
    this.tokenLifetimeMs = expiresInSeconds * 1000;
    this.tokenExpiresAt = Date.now() + this.tokenLifetimeMs;
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    const due = Math.max(5_000, expiresInSeconds * 1000 - REFRESH_MARGIN_MS);
    this.refreshTimer = setTimeout(() => void this.refreshToken().catch(() => {}), due);
  }

  // Gets a new access token and re-authenticates the open socket in-band.
  refreshToken(): Promise<void> {
    if (this.refreshing) return this.refreshing;
    this.refreshing = (async () => {
      try {
        const answer = await this.api.refresh();
        this.noteToken(answer.expires_in);
        if (this.socket?.isOpen) await this.socket.request("auth", { token: answer.access_token });
      } catch (e) {
        if (e instanceof ApiError && (e.code === "UNAUTHORIZED" || e.code === "TOKEN_EXPIRED")) this.end();
        throw e;
      } finally {
        this.refreshing = null;
      }
    })();
    return this.refreshing;
  }

  // --- connection -----------------------------------------------------------

  private onSocketState(state: SocketState): void {
    if (state === "open") this.store.connection = "online";
    else if (state === "idle") this.store.connection = "offline";
    else this.store.connection = this.store.connection === "offline" ? "connecting" : "reconnecting";
    if (state !== "open") {
      this.store.outbox.requeueInFlight();
      // Unknown until the sync after reconnecting says again.
      this.store.presence.clear();
    }
    this.store.changed();
    if (state === "open") {
      this.media.uploads.retryTransient();
      void this.flushOutbox();
      this.readActive();
    }
  }

  private async onOpen(): Promise<void> {
    const socket = this.socket!;
    const margin = Math.min(REFRESH_MARGIN_MS, this.tokenLifetimeMs) / 2;
    if (!this.api.accessToken || this.tokenExpiresAt - Date.now() < margin) await this.refreshToken();
    const auth = await socket.request<{ user: User; status?: OwnStatus }>("auth", { token: this.api.accessToken });
    this.store.me = { ...this.store.me, ...auth.user };
    this.e2ee.connected();
    // The server keeps the chosen status across sessions and restarts; an
    // older server forgets it, so it is told again.
    if (auth.status !== undefined) this.ownStatus = auth.status;
    else if (this.ownStatus !== "online") await socket.request("presence.set", { status: this.ownStatus });
    // Through the one list loader, so that a list taken before a newer one
    // can never land after it (and drop what the newer one brought).
    await this.refreshList();
    await syncPages(
      (fields) => socket.request<SyncReply>("sync", fields),
      () => this.store.syncSince(),
      (page) => void this.followUp(this.store.applySync(page), false),
    );
    if (this.activeConversation !== null) void this.openConversation(this.activeConversation);
  }

  // A conversations.list reply. The conversation on screen missing from it
  // (one was removed while away) stays readable, as a removal seen live does.
  private listConversations(list: Conversation[]): void {
    const id = this.activeConversation;
    const held = id !== null ? this.store.conversations.get(id) : undefined;
    if (held && !list.some((c) => c.conversation_id === id)) this.departed.keep(held, null);
    this.store.setConversations(list);
  }

  private onEvent(ev: ServerEvent): void {
    switch (ev.type) {
      case "message":
      case "message.edited":
      case "message.deleted":
      case "message.reaction":
      case "message.pinned":
      case "member.joined":
      case "member.left":
      case "conversation.updated": {
        this.e2ee.onEvent(ev);
        const outcome = this.store.applyEvents([ev], true);
        void this.followUp(outcome, true);
        if (ev.type === "member.left" && ev.user === this.store.username) {
          const held = this.store.conversations.get(ev.conversation_id);
          if (held) this.departed.keep(held, ev);
          this.store.removeConversation(ev.conversation_id);
        }
        return;
      }
      case "receipt":
        this.store.applyReceipt(ev);
        return;
      case "typing":
        if (ev.user_id !== undefined ? ev.user_id !== this.store.me?.id : ev.user !== this.store.username)
          this.store.setTyping(ev.conversation_id, ev.user, Date.now() + this.typingTtl);
        setTimeout(() => this.store.changed(), this.typingTtl + 50);
        return;
      case "presence":
        if (ev.user_id !== undefined && ev.user_id === this.store.me?.id) {
          this.ownStatus = ev.status as string as OwnStatus;  // chosen in another session
          this.store.changed();
          return;
        }
        this.store.setPresence(ev);
        return;
      case "to_device":
      case "devices.changed":
      case "keys.low":
        this.e2ee.onEvent(ev);
        return;
      case "user.updated":
        this.store.renameUser(ev.user_id, ev.username, ev.display_name);
        return;
      case "request":
      case "request.declined":
      case "request.accepted":
      case "group.invited":
        void this.refreshList();
        return;
      case "token.expiring":
        // With lifetimes under the server's one-minute notice every fresh
        // token is "expiring" at once: the timer handles those.
        if (this.tokenExpiresAt - Date.now() < this.tokenLifetimeMs / 2) void this.refreshToken().catch(() => {});
        return;
      case "hello":
        this.typingTtl = ev.limits?.typing_ttl_ms ?? this.typingTtl;
        this.limits = ev.limits ?? {};
        return;
    }
  }

  // After merging: learn unknown conversations, fill gaps, acknowledge
  // delivery, read what is on screen, tell the UI about new messages.
  private async followUp(outcome: MergeOutcome, live: boolean): Promise<void> {
    if (outcome.unknown.size > 0) {
      await this.refreshList();
      // Events of conversations just learned of: merge them now, and count
      // their new messages as incoming.
      const again = this.store.applyEvents(outcome.deferred, live);
      for (const ev of outcome.deferred) {
        const conv = this.store.conversations.get(ev.type === "message" ? ev.message.conversation_id : ev.conversation_id);
        if (ev.type === "message" && conv && ev.message.sender !== this.store.username && ev.message.seq > conv.info.read_seq) {
          outcome.incoming.push(ev.message);
        }
      }
      for (const [id, after] of again.gaps) outcome.gaps.set(id, after);
      // A sync with nothing new still brings the receipts and the presence of
      // the people in the conversations just learned of. What it brings is
      // followed up like any sync: a conversation made after the list was
      // read arrives in it (natterd holds its live events during the sync and
      // then drops them, since the reply carries them), and would otherwise
      // stay unknown until the next reconnect.
      await syncPages(
        (fields) => this.request<SyncReply>("sync", fields),
        () => this.store.syncSince(),
        (page) => void this.followUp(this.store.applySync(page), false),
      ).catch(() => {});
    }
    for (const [id, after] of outcome.gaps) void this.fillGap(id, after);
    for (const m of outcome.incoming) this.noteDelivered(m.conversation_id, m.seq);
    // natterd tells a requester nothing when the request is accepted; an
    // answer from the other person is the sign to look again.
    const answered = outcome.incoming.some((m) => {
      const req = this.store.conversations.get(m.conversation_id)?.info.request;
      return req && req.from === this.store.username && req.state === "pending";
    });
    if (answered) await this.refreshList();
    if (!live) {
      for (const c of this.store.conversations.values()) {
        if (c.info.last_seq > c.info.delivered_seq && c.info.unread > 0) this.noteDelivered(c.info.conversation_id, c.info.last_seq);
      }
    }
    this.readActive();
    if (live && outcome.incoming.length > 0) this.hooks.incoming(outcome.incoming);
  }

  // Conversations this client just learned of are in the list it then gets:
  // a refresh asked for while one is in flight runs again after it.
  private readonly refreshList = freshLoad(async () => {
    try {
      const list = await this.request<{ conversations: Conversation[] }>("conversations.list");
      this.listConversations(list.conversations);
    } catch {
      // The next (re)connect lists again.
    }
  });

  private async fillGap(id: number, after: number): Promise<void> {
    let cursor = after;
    for (;;) {
      const page = await this.request<HistoryReply>("history", { conversation_id: id, after_seq: cursor, limit: 100 }).catch(() => null);
      if (!page || page.events.length === 0) return;
      const outcome = this.store.applyEvents(page.events, false);
      void this.followUp({ ...outcome, gaps: new Map(), deferred: [] }, false);
      const conv = this.store.conversations.get(id);
      if (!page.has_more || !conv) return;
      cursor = conv.timeline.contiguousSeq;
    }
  }

  private noteDelivered(id: number, seq: number): void {
    this.deliveredDue.set(id, Math.max(seq, this.deliveredDue.get(id) ?? 0));
    if (this.deliveredTimer) return;
    this.deliveredTimer = setTimeout(() => {
      this.deliveredTimer = null;
      for (const [cid, s] of this.deliveredDue) void this.request("receipt.delivered", { conversation_id: cid, seq: s }).catch(() => {});
      this.deliveredDue.clear();
    }, DELIVERED_BATCH_MS);
  }

  // Reads the conversation on screen while the page is visible.
  readActive(): void {
    const id = this.activeConversation;
    if (id === null || document.visibilityState !== "visible") return;
    const conv = this.store.conversations.get(id);
    if (!conv) return;
    const seq = conv.timeline.highestSeq;
    if (seq <= conv.info.read_seq || !this.socket?.isOpen) return;
    this.store.markRead(id, seq);
    void this.request("receipt.read", { conversation_id: id, seq }).catch(() => {});
  }

  request<T = Record<string, unknown>>(type: string, fields: Record<string, unknown> = {}): Promise<T> {
    if (!this.socket) return Promise.reject(new RequestError("DISCONNECTED", "Not connected."));
    if (type === "message.send" && typeof fields.conversation_id === "number") this.typingSentAt.delete(fields.conversation_id);
    return this.socket.request<T>(type, fields);
  }

  // --- conversations ----------------------------------------------------------

  // Shows a conversation: loads its latest page when nothing is held yet.
  async openConversation(id: number | null): Promise<void> {
    this.activeConversation = id;
    if (id === null) return;
    const conv = this.store.conversations.get(id);
    if (conv && conv.info.last_seq === 0) {
      conv.timeline.hasMoreBefore = false;
    } else if (conv && conv.timeline.lowestSeq === null) {
      // Nothing held yet: the latest page. Older pages follow as the view
      // scrolls up (or cannot fill the screen).
      const page = await this.request<HistoryReply>("history", { conversation_id: id, limit: HISTORY_PAGE }).catch(() => null);
      if (page) {
        this.store.applyEvents(page.events, false);
        conv.timeline.hasMoreBefore = page.has_more && conv.timeline.lowestSeq !== 1;
      }
    }
    this.readActive();
    this.store.changed();
  }

  // Loads the page before the oldest held event; false when there is no more.
  async loadOlder(id: number, limit = HISTORY_PAGE): Promise<boolean> {
    const conv = this.store.conversations.get(id);
    if (!conv || !conv.timeline.hasMoreBefore || conv.timeline.lowestSeq === null) return false;
    const page = await this.request<HistoryReply>("history", {
      conversation_id: id,
      before_seq: conv.timeline.lowestSeq,
      limit,
    });
    this.store.applyEvents(page.events, false);
    conv.timeline.hasMoreBefore = page.has_more && conv.timeline.lowestSeq !== 1;
    this.store.changed();
    return conv.timeline.hasMoreBefore;
  }

  // Loads history until the message at `seq` is held with some context
  // before it (the page that holds it, and everything newer is held
  // already), for a search result to be shown where it was said. Bounded:
  // at most JUMP_PAGES pages; false when it could not be reached.
  async loadAround(id: number, seq: number): Promise<boolean> {
    const conv = this.store.conversations.get(id);
    if (!conv) return false;
    if (conv.timeline.lowestSeq === null) await this.openConversation(id);
    for (let page = 0; page < JUMP_PAGES; page++) {
      const low = conv.timeline.lowestSeq;
      if (low !== null && low <= Math.max(1, seq - JUMP_CONTEXT)) break;
      if (!(await this.loadOlder(id, JUMP_PAGE_SIZE))) break;
    }
    return conv.timeline.hasSeq(seq);
  }

  // Every membership event of a group, to know each member's role (the
  // conversation object only carries the caller's own role).
  async loadRoles(id: number): Promise<void> {
    const conv = this.store.conversations.get(id);
    if (!conv) return;
    let cursor = 0;
    for (let page = 0; page < 40; page++) {
      const reply = await this.request<HistoryReply>("history", { conversation_id: id, after_seq: cursor, limit: 100 });
      for (const ev of reply.events) this.learnRole(conv.timeline.roles, ev);
      if (!reply.has_more || reply.events.length === 0) break;
      const last = reply.events[reply.events.length - 1];
      cursor = last.type === "message" ? last.message.seq : last.seq;
    }
    this.store.changed();
  }

  private learnRole(roles: Map<string, string>, ev: LogEvent): void {
    if (ev.type === "member.joined") roles.set(ev.user, ev.role);
    else if (ev.type === "member.left") roles.delete(ev.user);
    else if (ev.type === "conversation.updated" && ev.user && ev.role) roles.set(ev.user, ev.role);
  }

  // --- sending ----------------------------------------------------------------

  // Queues a message; with uploads, it goes once they are all stored.
  send(target: { conversationId: number } | { to: string }, text: string, replyTo: number | null, uploads: Upload[] = []): OutboxItem {
    const item = this.store.outbox.add({
      conversationId: "conversationId" in target ? target.conversationId : null,
      to: "to" in target ? target.to : null,
      text,
      replyTo,
      uploads,
    });
    this.store.changed();
    void this.flushOutbox();
    return item;
  }

  // Sends every queued message in order. The same client_msg_id goes out on
  // every attempt, so a resend after a lost ack stores nothing twice.
  async flushOutbox(): Promise<void> {
    if (this.flushing || !this.socket?.isOpen) return;
    this.flushing = true;
    try {
      for (;;) {
        const batch = this.store.outbox.takeQueued();
        if (batch.length === 0) break;
        await Promise.all(batch.map((item) => this.sendOne(item)));
        if (!this.socket?.isOpen) break;
      }
    } finally {
      this.flushing = false;
      this.store.changed();
    }
  }

  private async sendOne(item: OutboxItem): Promise<void> {
    const fields: Record<string, unknown> = { client_msg_id: item.clientMsgId, text: item.text };
    if (item.conversationId !== null) fields.conversation_id = item.conversationId;
    else fields.to = item.to;
    if (item.replyTo !== null) fields.reply_to = item.replyTo;
    if (item.uploads.length > 0) fields.attachments = attachmentIds(item);
    try {
      const conv = item.conversationId !== null ? this.store.conversations.get(item.conversationId)?.info : undefined;
      if (conv?.encrypted) {
        const files = item.uploads.length > 0 ? await filesOf(item.uploads) : undefined;
        if (files === null) throw new RequestError("VALIDATION_FAILED", "Not sent: these files were attached before the chat was encrypted. Remove them and attach them again.");
        fields.text = "";
        fields.encrypted = await this.e2ee.encrypt(conv, item.text, files);
      }
      const reply = await this.request<{ message: Message }>("message.send", fields);
      const m = reply.message;
      if (item.to && item.conversationId === null) this.store.outbox.bind(item.to, m.conversation_id);
      if (!this.store.conversations.has(m.conversation_id)) await this.refreshList();
      this.store.applyEvents([{ type: "message", message: m }], false);
      this.store.outbox.acknowledge(item.clientMsgId);
      for (const u of item.uploads) this.media.uploads.forget(u.key);
    } catch (e) {
      const err = e instanceof RequestError ? e : new RequestError("INTERNAL", String(e));
      this.store.outbox.fail(item.clientMsgId, err.code, err.message);
    }
    this.store.changed();
  }

  retry(clientMsgId: string): void {
    this.store.outbox.retry(clientMsgId);
    void this.flushOutbox();
  }

  discard(clientMsgId: string): void {
    for (const u of this.store.outbox.get(clientMsgId)?.uploads ?? []) {
      this.media.uploads.cancel(u.key);
      this.media.uploads.forget(u.key);
    }
    this.store.outbox.discard(clientMsgId);
    this.store.changed();
  }

  // --- media --------------------------------------------------------------------

  // Removes one file from a message not sent yet (stopping its upload).
  dropUpload(clientMsgId: string, key: string): void {
    if (!this.store.outbox.dropUpload(clientMsgId, key)) return;
    this.media.uploads.cancel(key);
    this.store.changed();
    void this.flushOutbox();
  }

  // Sets (a media id of an avatar upload) or removes ("") one's picture.
  async setAvatar(id: string): Promise<void> {
    const { user } = await this.api.updateMe({ avatar: id });
    this.store.me = { ...this.store.me, ...user };
    this.store.changed();
  }

  // conversationId: where the message is, when the timeline may not hold it
  // (a thread reply); original: the message, when the caller holds it. In an
  // encrypted conversation the new plaintext carries the original's files
  // unchanged (docs/security.md, "Encrypted files"): an edit never drops them.
  async edit(messageId: number, text: string, conversationId?: number, original?: Message): Promise<unknown> {
    const held = conversationId !== undefined ? this.store.conversations.get(conversationId) : [...this.store.conversations.values()].find((c) => c.timeline.findMessage(messageId));
    const conv = held?.info;
    if (!conv?.encrypted) return this.request("message.edit", { message_id: messageId, text });
    const m = original ?? held?.timeline.findMessage(messageId);
    if (!m || m.decrypt_error !== undefined) throw new RequestError("E2EE_UNAVAILABLE", "Not edited: the message is not open here.");
    return this.request("message.edit", { message_id: messageId, text: "", encrypted: await this.e2ee.encrypt(conv, text, m.files_json) });
  }

  // Turns on end-to-end encryption for good (docs/protocol.md, "End-to-end encryption: messages").
  async encryptConversation(id: number): Promise<void> {
    await this.request("conversation.encrypt", { conversation_id: id });
    await this.refreshList();
  }

  // Adds (add) or takes back the user's reaction; the event updates the view.
  react(messageId: number, emoji: string, add: boolean): Promise<unknown> {
    return this.request(add ? "message.react" : "message.unreact", { message_id: messageId, emoji });
  }

  pin(messageId: number, pinned: boolean): Promise<unknown> {
    return this.request(pinned ? "message.pin" : "message.unpin", { message_id: messageId });
  }

  remove(messageId: number): Promise<unknown> {
    return this.request("message.delete", { message_id: messageId });
  }

  typing(id: number): void {
    const last = this.typingSentAt.get(id) ?? 0;
    if (Date.now() - last < TYPING_SEND_INTERVAL_MS || !this.socket?.isOpen) return;
    this.typingSentAt.set(id, Date.now());
    void this.request("typing", { conversation_id: id }).catch(() => {});
  }

  // --- requests, groups, rooms, contacts, presence -------------------------------

  async acceptRequest(id: number): Promise<void> {
    await this.request("request.accept", { conversation_id: id });
    await this.refreshList();
  }

  async declineRequest(id: number): Promise<void> {
    await this.request("request.decline", { conversation_id: id });
    await this.refreshList();
  }

  async createGroup(name: string, members: string[]): Promise<number> {
    const reply = await this.request<{ conversation: Conversation }>("group.create", { name, members });
    this.store.upsertConversation(reply.conversation);
    return reply.conversation.conversation_id;
  }

  // Resolves to true when group.add sent an invitation instead of adding
  // (the person joins once they accept).
  async groupAction(type: "group.add" | "group.remove" | "group.role" | "group.rename" | "group.update" | "group.leave", fields: Record<string, unknown>): Promise<boolean> {
    const reply = await this.request<{ invited?: boolean }>(type, fields);
    if (type === "group.leave") this.store.removeConversation(fields.conversation_id as number);
    await this.refreshList();
    return reply.invited === true;
  }

  // Room moderation by the room's owner and admins (docs/protocol.md, "Room
  // moderation"); what it did arrives as the room's events.
  async roomAction(type: `room.${RoomAction}` | "room.topic", fields: Record<string, unknown>): Promise<void> {
    await this.request(type, fields);
  }

  listRooms(): Promise<{ rooms: Room[] }> {
    return this.request("room.list");
  }

  async createRoom(name: string, topic: string): Promise<number> {
    const reply = await this.request<{ conversation: Conversation }>("room.create", { name, topic });
    this.store.upsertConversation(reply.conversation);
    return reply.conversation.conversation_id;
  }

  async joinRoom(name: string): Promise<number> {
    const reply = await this.request<{ conversation: Conversation }>("room.join", { name });
    this.store.upsertConversation(reply.conversation);
    return reply.conversation.conversation_id;
  }

  async leaveRoom(name: string, id: number): Promise<void> {
    await this.request("room.leave", { name });
    this.store.removeConversation(id);
  }

  listContacts(): Promise<{ contacts: Contact[] }> {
    return this.request("contact.list");
  }

  async addContact(username: string): Promise<void> {
    await this.request("contact.add", { username });
    await this.refreshList();
  }

  removeContact(username: string): Promise<unknown> {
    return this.request("contact.remove", { username });
  }

  async setStatus(status: OwnStatus): Promise<void> {
    await this.request("presence.set", { status });
    this.ownStatus = status;
    this.store.changed();
  }
}
