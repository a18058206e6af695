// The chat view: header, history with infinite scroll upwards, the composer.

import { encryptionTool, renderE2eeBar, sendingBlocked } from "./e2ee_view";
import type { HistoryReply, Message, RoomAction } from "../protocol";
import type { OutboxItem } from "../state/outbox";
import type { ConversationState } from "../state/store";
import type { Notice, TimelineItem } from "../state/timeline";
import { conversationAvatar } from "./avatar";
import { composerEmojiButton } from "./composer_emoji";
import { ComposerFiles } from "./composer_files";
import { DEFAULT_MAX_MESSAGE_CHARS, LengthCounter } from "./length_counter";
import { unknownPresenceText } from "./presence_shown";
import { confirmAction } from "./confirm";
import { showDeparted } from "./departed_view";
import { keepFocus, type Selection, type Ui } from "./context";
import { h, replace, type Child } from "./dom";
import { openMembers } from "./dialogs/members";
import { countOf, dayKey, dayLabel, lastSeen, preview, summary } from "./format";
import { MentionComplete } from "./mention_complete";
import { MessageKeys } from "./message_keys";
import { MessageView } from "./message_view";
import { ThreadView } from "./thread_view";
import { openModal } from "./modal";
import { openPinnedList } from "./pinned_list";
import { directTitle, displayNameOf } from "./person_name";
import { openProfileCard } from "./profile_card";
import { bindTouchActions } from "./touch_actions";
import { RepliedLookup } from "./replied_lookup";
import { revealMessage } from "./reveal_message";
import { UploadRows } from "./upload_view";
import { conversationPictures, openViewer } from "./viewer";


// What is on screen. A draft chat with someone and the direct conversation
// it becomes on the first send are the same chat: what was typed or attached
// meanwhile stays.
function selectionKey(ui: Ui, sel: Selection | null): string {
  if (!sel) return "";
  if ("draft" in sel) return `@${sel.draft}`;
  const conv = ui.store.conversations.get(sel.id);
  return conv?.info.kind === "direct" ? `@${conv.info.name}` : `c${sel.id}`;
}

// How far back a quote's "show the message" loads (pages of 50), and how
// long the message it shows stays marked.
const JUMP_PAGES = 20;
const JUMP_MARK_MS = 2_000;

const moderatedVerb: Record<RoomAction, string> = { kick: "kicked", ban: "banned", unban: "unbanned", mute: "muted", unmute: "unmuted" };

function noticeText(n: Notice): string {
  switch (n.kind) {
    case "joined":
      return n.by ? `${n.by} added ${n.user}` : `${n.user} joined`;
    case "left":
      if (n.action) return `${n.by ?? ""} ${n.action === "ban" ? "banned" : "kicked"} ${n.user}${n.reason ? `: ${n.reason}` : ""}`;
      return n.by ? `${n.by} removed ${n.user}` : `${n.user} left`;
    case "moderated":
      return `${n.by} ${moderatedVerb[n.action]} ${n.user}${n.reason ? `: ${n.reason}` : ""}`;
    case "renamed":
      return `Renamed to “${n.name}”`;
    case "topic":
      return `Topic: ${n.topic}`;
    case "role":
      return `${n.user} is now ${n.role}`;
    case "pinned":
      return `${n.user} ${n.pinned ? "pinned" : "unpinned"} a message${n.text ? `: “${n.text}”` : ""}`;
    case "encrypted":
      return `${n.by} turned on end-to-end encryption`;
  }
}

export class ChatView {
  readonly root = h("main", { class: "chat", attrs: { "aria-label": "Conversation" } });
  private readonly header = h("header", { class: "chat-header" });
  private readonly requestBar = h("div", { class: "request-bar", attrs: { role: "region", "aria-label": "Chat request" } });
  private readonly e2eeBar = h("div", { class: "e2ee-bar", attrs: { role: "region", "aria-label": "Encryption" } });
  private readonly scroller = h("div", { class: "messages", attrs: { role: "log", "aria-label": "Messages", tabindex: "0" } });
  private readonly typingLine = h("p", { class: "typing", attrs: { "aria-live": "polite" } });
  private readonly contextBar = h("div", { class: "composer-context" });
  private readonly textarea = h("textarea", {
    class: "composer-input",
    attrs: { id: "composer", rows: "1", placeholder: "Write a message", "aria-label": "Message" },
  });
  private readonly sendButton = h("button", { class: "primary send", attrs: { type: "submit" } }, "Send");
  private readonly composer = h("form", { class: "composer" });
  private key = "";
  private replyTo: Message | null = null;
  private editing: Message | null = null;
  private dividerAfter: number | null = null;
  private loadingOlder = false;
  private prepending = false;
  private stickToBottom = true;
  // A search result: the message marked in this conversation, and whether
  // it is still to be scrolled to (once rendered).
  private foundSeq: number | null = null;
  private revealPendingScroll = false;
  private readonly messages: MessageView;
  private readonly thread: ThreadView;
  private readonly rows = new UploadRows();
  private readonly files: ComposerFiles;
  // Messages quoted by replies but not held; let go at sign-out.
  private readonly replies: RepliedLookup;
  private user = "";
  private readonly keys = new MessageKeys(this.scroller, () => this.textarea.focus());
  private readonly mentionList = new MentionComplete(this.textarea, () => this.mentionable(), () => this.ui.store.username);
  private readonly counter = new LengthCounter(() => this.ui.controller.limits.max_message_chars ?? DEFAULT_MAX_MESSAGE_CHARS);

  constructor(private readonly ui: Ui) {
    this.replies = new RepliedLookup(
      (fields) => ui.controller.request<HistoryReply>("history", fields),
      () => ui.store.changed(),
    );
    this.messages = new MessageView(
      ui,
      {
        reply: (m) => this.startReply(m),
        edit: (m) => this.startEdit(m),
        remove: (m) => this.confirmDelete(m),
        openPicture: (media) => {
          const sel = this.ui.selection;
          if (!sel || !("id" in sel)) return;
          const pictures = conversationPictures(this.ui, sel.id);
          openViewer(this.ui, pictures, pictures.findIndex((p) => p.id === media.id));
        },
        jumpTo: (id) => void this.jumpTo(id),
        openThread: (m) => void this.thread.open(m.conversation_id, m),
      },
      this.rows,
      this.replies,
    );
    this.files = new ComposerFiles(ui, this.rows, () => this.conversation()?.info.encrypted === true);
    this.files.bindDrop(this.root);
    this.files.guardWindow();
    this.files.bindPaste(this.root);
    ui.controller.media.listeners.add((u) => this.rows.progress(u));
    this.composer.append(this.contextBar, this.mentionList.list, ...this.files.elements, h("div", { class: "composer-row" }, this.files.button, composerEmojiButton(this.textarea), this.textarea, this.counter.el, this.sendButton));
    this.composer.addEventListener("submit", (e) => {
      e.preventDefault();
      this.submit();
    });
    this.textarea.addEventListener("keydown", (e) => {
      if (this.mentionList.key(e)) return;
      if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        this.submit();
      } else if (e.key === "Escape" && (this.replyTo || this.editing)) {
        e.preventDefault();
        this.cancelContext();
      } else if (e.key === "ArrowUp" && !this.textarea.value && !this.editing && !e.shiftKey && !e.altKey && !e.ctrlKey && !e.metaKey) {
        // Up in an empty composer edits one's last message.
        const last = this.lastOwnMessage();
        if (last) {
          e.preventDefault();
          this.startEdit(last);
        }
      }
    });
    this.textarea.addEventListener("input", () => {
      this.countLength();
      const sel = this.ui.selection;
      if (sel && "id" in sel && this.textarea.value.trim() && !this.editing) this.ui.controller.typing(sel.id);
    });
    this.scroller.addEventListener("scroll", () => {
      this.stickToBottom = this.distanceFromBottom() < 40;
      if (this.scroller.scrollTop < 120) void this.loadOlder();
      if (this.stickToBottom) this.ui.controller.readActive();
    });
    bindTouchActions(this.scroller, (id) => {
      const m = this.conversation()?.timeline.findMessage(id);
      if (m) this.startReply(m);
    });
    this.thread = new ThreadView(ui);
    this.root.append(this.header, this.requestBar, this.e2eeBar, this.scroller, this.typingLine, this.composer, this.thread.el);
  }

  // Scrolls to the message at seq and marks it, once it is rendered.
  reveal(seq: number): void {
    this.foundSeq = seq;
    this.revealPendingScroll = true;
    this.stickToBottom = false;
    this.render();
  }

  // Near the limit, what is left; past it, Send is off (nothing is cut).
  private countLength(): boolean {
    const fits = this.counter.update(this.textarea.value);
    const blocked = sendingBlocked(this.ui, this.conversation()?.info);
    this.sendButton.disabled = !fits || blocked;
    return fits && !blocked;
  }

  focusComposer(): void {
    this.textarea.focus();
  }

  private distanceFromBottom(): number {
    return this.scroller.scrollHeight - this.scroller.scrollTop - this.scroller.clientHeight;
  }

  // Whom @ offers: the members of a direct chat or group; in a room (whose
  // members are not listed), the people whose messages are loaded.
  private mentionable(): string[] {
    const c = this.conversation();
    if (!c) return [];
    if (c.info.kind !== "room") return c.info.members;
    return [...new Set(c.timeline.messages().map((m) => m.sender))];
  }

  private conversation(): ConversationState | undefined {
    const sel = this.ui.selection;
    if (!sel || !("id" in sel)) return undefined;
    return this.ui.store.conversations.get(sel.id) ?? this.ui.controller.departed.get(sel.id)?.state;
  }

  render(): void {
    if (this.ui.store.username !== this.user) {
      this.user = this.ui.store.username;
      this.replies.clear();
    }
    const sel = this.ui.selection;
    const key = selectionKey(this.ui, sel);
    const switched = key !== this.key;
    if (switched) {
      this.key = key;
      this.messages.clear();
      this.thread.close();
      this.replyTo = null;
      this.editing = null;
      this.textarea.value = "";
      this.stickToBottom = true;
      this.foundSeq = null;
      this.revealPendingScroll = false;
      const c = this.conversation();
      this.dividerAfter = c && c.info.unread > 0 ? c.info.read_seq : null;
      this.files.show(key);
    }
    this.root.hidden = !sel;
    if (!sel) return;
    const conv = this.conversation();
    keepFocus(this.header, () => this.renderHeader(sel, conv));
    keepFocus(this.requestBar, () => this.renderRequest(conv));
    keepFocus(this.e2eeBar, () => renderE2eeBar(this.ui, this.e2eeBar, conv?.info));
    this.countLength();
    this.renderContext();
    const gone = "id" in sel ? this.ui.controller.departed.get(sel.id) : undefined;
    if (showDeparted({ header: this.header, bar: this.requestBar, composer: this.composer }, gone)) this.countLength();
    this.files.render();
    this.renderMessages(sel, conv);
    this.renderTyping(conv);
    this.thread.render();
    this.rows.keepOnly(new Set([...this.files.keys(), ...this.ui.store.outbox.all().flatMap((o) => o.uploads.map((u) => u.key))]));
  }

  private renderHeader(sel: Selection, conv: ConversationState | undefined): void {
    const { ui } = this;
    const back = h("button", { class: "icon-button back", attrs: { type: "button", "aria-label": "Back to conversations", "data-key": "back" }, on: { click: () => ui.select(null) } }, "←");
    if (!conv) {
      const title = "draft" in sel ? directTitle(ui, sel.draft) : h("h2", null, "");
      replace(this.header, back, h("div", { class: "chat-title" }, title, h("p", { class: "subtitle" }, "New chat")));
      return;
    }
    const info = conv.info;
    const id = info.conversation_id;
    let subtitle: string;
    if (info.kind === "direct") {
      const p = ui.store.presence.get(info.name);
      subtitle = p ? (p.status === "offline" ? lastSeen(p.last_seen) : p.status) : unknownPresenceText(ui);
    } else if (info.kind === "group") {
      subtitle = `${countOf(info.members.length, "member")} · you are ${info.role}`;
    } else {
      subtitle = [info.topic, countOf(info.member_count, "member")].filter(Boolean).join(" · ");
    }
    const muted = ui.mutes.has(id);
    const profile = info.kind === "direct" ? h("button", { class: "tool", attrs: { type: "button", "data-key": "profile" }, on: { click: () => openProfileCard(ui, info.name) } }, "Profile") : null;
    const actions: Child[] = [
      profile,
      h(
        "button",
        {
          class: "tool",
          attrs: { type: "button", "aria-pressed": muted ? "true" : "false", "data-key": "mute" },
          on: {
            click: () => {
              ui.mutes.toggle(id);
              ui.store.changed();
            },
          },
        },
        muted ? "Muted" : "Mute",
      ),
    ];
    const canPin = info.kind === "direct" || info.role !== "member";
    actions.push(h("button", { class: "tool", attrs: { type: "button", "data-key": "pinned" }, on: { click: () => openPinnedList(ui, id, canPin, (seq) => void this.showInContext(id, seq)) } }, "Pinned"));
    if (info.kind === "group" || info.kind === "room") {
      actions.push(h("button", { class: "tool", attrs: { type: "button", "data-key": "members" }, on: { click: () => openMembers(ui, id) } }, "Members"));
    }
    if (info.kind === "room") {
      actions.push(
        h(
          "button",
          {
            class: "tool",
            attrs: { type: "button", "data-key": "leave" },
            on: {
              click: async () => {
                if (!(await confirmAction(`Leave #${info.name}?`, "You stop getting its messages; you can join again from Rooms.", "Leave room"))) return;
                await ui.controller.leaveRoom(info.name, id).catch(() => {});
                ui.select(null);
              },
            },
          },
          "Leave room",
        ),
      );
    }
    replace(
      this.header,
      back,
      conversationAvatar(ui, conv),
      h(
        "div",
        { class: "chat-title" },
        info.kind === "direct" ? directTitle(ui, info.name) : h("h2", null, info.kind === "room" ? `#${info.name}` : info.name),
        h("p", { class: "subtitle" }, encryptionTool(ui, info), info.encrypted ? " Encrypted · " : null, subtitle),
      ),
      h("div", { class: "chat-actions" }, actions),
    );
  }

  private renderRequest(conv: ConversationState | undefined): void {
    const req = conv?.info.request;
    this.requestBar.hidden = !req;
    if (!conv || !req) {
      replace(this.requestBar);
      return;
    }
    const id = conv.info.conversation_id;
    const me = this.ui.store.username;
    if (req.from !== me && req.state === "pending") {
      replace(
        this.requestBar,
        h("p", null, conv.info.kind === "group" ? `${req.from} invited you to this group.` : `${req.from} wants to chat with you.`),
        h("button", { class: "primary", attrs: { type: "button", "data-key": "accept" }, on: { click: () => void this.ui.controller.acceptRequest(id) } }, "Accept"),
        h("button", { attrs: { type: "button", "data-key": "decline" }, on: { click: () => void this.ui.controller.declineRequest(id) } }, "Decline"),
      );
    } else if (req.from === me && req.state === "pending") {
      replace(this.requestBar, h("p", null, `Waiting for ${conv.info.name} to accept your chat request.`));
    } else if (req.from === me) {
      replace(this.requestBar, h("p", null, `${conv.info.name} declined your chat request.`));
    } else {
      replace(this.requestBar, h("p", null, `You declined this chat request.`));
    }
  }

  private renderContext(): void {
    this.countLength();
    const m = this.editing ?? this.replyTo;
    this.contextBar.hidden = !m;
    this.sendButton.textContent = this.editing ? "Save" : "Send";
    if (!m) {
      replace(this.contextBar);
      return;
    }
    replace(
      this.contextBar,
      h("span", null, this.editing ? "Editing message" : `Replying to ${m.sender}: `, this.editing ? "" : preview(summary(m), 60)),
      h("button", { class: "icon-button", attrs: { type: "button", "aria-label": this.editing ? "Cancel editing" : "Cancel reply" }, on: { click: () => this.cancelContext() } }, "×"),
    );
  }

  private cancelContext(): void {
    if (this.editing) this.textarea.value = "";
    this.editing = null;
    this.replyTo = null;
    this.renderContext();
    this.textarea.focus();
  }

  private renderTyping(conv: ConversationState | undefined): void {
    const users = (conv ? this.ui.store.typingUsers(conv.info.conversation_id, Date.now()) : []).map((u) => displayNameOf(this.ui.store, u));
    this.typingLine.textContent =
      users.length === 0 ? "" : users.length === 1 ? `${users[0]} is typing…` : `${users.join(", ")} are typing…`;
  }

  private renderMessages(sel: Selection, conv: ConversationState | undefined): void {
    const { store } = this.ui;
    const outbox: OutboxItem[] = conv
      ? store.outbox.for(conv.info.conversation_id)
      : "draft" in sel
        ? store.outbox.for(null, `@${sel.draft}`)
        : [];
    const nodes: HTMLElement[] = [];
    if (conv?.timeline.hasMoreBefore && conv.info.last_seq > 0) {
      nodes.push(h("p", { class: "history-edge" }, this.loadingOlder ? "Loading earlier messages…" : ""));
    } else if (conv) {
      nodes.push(h("p", { class: "history-edge" }, "This is the beginning of the conversation."));
    }
    let lastDay = "";
    let lastTs = 0;
    let dividerShown = false;
    const items: TimelineItem[] = conv ? conv.timeline.items : [];
    for (const item of items) {
      if (item.type === "message" && item.message.thread_id !== undefined) continue; // in its thread (thread_view.ts)
      const ts = item.type === "message" ? item.message.ts : lastTs;
      if (ts && dayKey(ts) !== lastDay) {
        lastDay = dayKey(ts);
        nodes.push(h("p", { class: "day-separator", attrs: { role: "separator" } }, h("span", null, dayLabel(ts))));
      }
      lastTs = ts || lastTs;
      if (
        !dividerShown &&
        this.dividerAfter !== null &&
        item.type === "message" &&
        item.seq > this.dividerAfter &&
        item.message.sender !== store.username
      ) {
        dividerShown = true;
        nodes.push(h("p", { class: "new-divider", attrs: { role: "separator" } }, h("span", null, "New messages")));
      }
      if (item.type === "notice") nodes.push(h("p", { class: "notice" }, noticeText(item.notice)));
      else nodes.push(this.messages.message(conv!.info, conv!.timeline, item.message));
    }
    for (const o of outbox) nodes.push(this.messages.pending(o));
    if (!conv && outbox.length === 0) nodes.push(h("p", { class: "history-edge" }, "Say hello: your first message sends a chat request."));

    const before = { height: this.scroller.scrollHeight, top: this.scroller.scrollTop };
    keepFocus(this.scroller, () => {
      this.scroller.replaceChildren(...nodes);
      this.keys.apply();
    });
    if (this.stickToBottom) {
      this.scroller.scrollTop = this.scroller.scrollHeight;
    } else if (this.prepending) {
      this.scroller.scrollTop = before.top + (this.scroller.scrollHeight - before.height);
    }
    this.prepending = false;
    this.revealPending();
    // A short history does not fill the view, so no scroll would ever ask
    // for more: ask now.
    if (conv?.timeline.hasMoreBefore && this.scroller.scrollHeight <= this.scroller.clientHeight + 120) {
      queueMicrotask(() => void this.loadOlder());
    }
  }

  private revealPending(): void {
    for (const old of this.scroller.querySelectorAll(".message.found")) old.classList.remove("found");
    if (this.foundSeq === null) return;
    const target = this.scroller.querySelector<HTMLElement>(`.message[data-seq="${this.foundSeq}"]`);
    if (!target) return;
    target.classList.add("found");
    if (!this.revealPendingScroll) return;
    this.revealPendingScroll = false;
    target.scrollIntoView({ block: "center" });
  }

  private async loadOlder(): Promise<void> {
    const conv = this.conversation();
    if (!conv || this.loadingOlder || !conv.timeline.hasMoreBefore || conv.timeline.lowestSeq === null) return;
    this.loadingOlder = true;
    this.prepending = true;
    this.stickToBottom = this.distanceFromBottom() < 40;
    try {
      await this.ui.controller.loadOlder(conv.info.conversation_id);
    } catch {
      // Retried on the next scroll.
    } finally {
      this.loadingOlder = false;
      this.prepending = true;
      this.ui.store.changed();
    }
  }

  // Shows a message replied to: older pages load until it is held (as far
  // as the quote's lookup reads), then it is scrolled to and marked.
  private async jumpTo(messageId: number): Promise<void> {
    const conv = this.conversation();
    if (!conv) return;
    for (let page = 0; page < JUMP_PAGES && !conv.timeline.findMessage(messageId) && conv.timeline.hasMoreBefore; page++) {
      this.prepending = true;
      this.stickToBottom = false;
      const more = await this.ui.controller.loadOlder(conv.info.conversation_id).catch(() => false);
      if (!more) break;
    }
    this.ui.store.changed();
    await new Promise((resolve) => requestAnimationFrame(resolve));
    if (revealMessage(this.scroller, messageId, JUMP_MARK_MS)) this.stickToBottom = false;
  }

  // Shows the message at seq of conversation id in its place (a pinned
  // message): history is loaded around it, as for a search result.
  private async showInContext(id: number, seq: number): Promise<void> {
    await this.ui.controller.loadAround(id, seq).catch(() => {});
    const sel = this.ui.selection;
    if (sel && "id" in sel && sel.id === id) this.reveal(seq);
  }

  private lastOwnMessage(): Message | undefined {
    const own = this.conversation()?.timeline.messages().filter((m) => m.sender === this.ui.store.username && !m.deleted && m.text && m.thread_id === undefined);
    return own?.at(-1);
  }

  private startReply(m: Message): void {
    this.editing = null;
    this.replyTo = m;
    this.renderContext();
    this.textarea.focus();
  }

  private startEdit(m: Message): void {
    this.replyTo = null;
    this.editing = m;
    this.textarea.value = m.text;
    this.renderContext();
    this.textarea.focus();
  }

  private confirmDelete(m: Message): void {
    openModal("Delete message?", (modal) => [
      h("p", null, "It will be deleted for everyone in this conversation."),
      h(
        "div",
        { class: "dialog-actions" },
        h("button", { attrs: { type: "button" }, on: { click: () => modal.close() } }, "Cancel"),
        h(
          "button",
          {
            class: "danger",
            attrs: { type: "button" },
            on: {
              click: async () => {
                await this.ui.controller.remove(m.id).catch(() => {});
                modal.close();
              },
            },
          },
          "Delete",
        ),
      ),
    ]);
  }

  private submit(): void {
    const text = this.textarea.value.replace(/^\s*\n|\s+$/g, "");
    const sel = this.ui.selection;
    if (!sel) return;
    const withFiles = !this.editing && this.files.current().length > 0;
    if (!text.trim() && !withFiles) return;
    if (!this.countLength()) return;
    if (this.editing) {
      const target = this.editing;
      this.editing = null;
      if (text !== target.text) void this.ui.controller.edit(target.id, text, undefined, target).catch(() => {});
    } else {
      const replyTo = this.replyTo?.id ?? null;
      this.replyTo = null;
      const uploads = this.files.take();
      this.ui.controller.send("id" in sel ? { conversationId: sel.id } : { to: `@${sel.draft}` }, text.trim() ? text : "", replyTo, uploads);
    }
    this.textarea.value = "";
    this.stickToBottom = true;
    this.renderContext();
    this.ui.store.changed();
  }
}
