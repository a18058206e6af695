// The thread panel: a root message, its replies (older pages load as the
// list is scrolled up), and a composer of its own. Live replies come from
// the conversation's timeline (they are entries of its log like any message);
// pages of older replies are held here. While the panel is open, what it
// shows is marked read in the thread (thread.read).

import type { Message, ThreadReply } from "../protocol";
import type { ConversationState } from "../state/store";
import { countReply } from "../state/threads";
import type { Ui } from "./context";
import { h, replace } from "./dom";
import { MessageView } from "./message_view";
import { UploadRows } from "./upload_view";

const PAGE = 30;

export class ThreadView {
  readonly el = h("aside", { class: "thread-panel", attrs: { "aria-label": "Thread", hidden: "" } });
  private readonly header = h("header", { class: "thread-header" });
  private readonly scroller = h("div", { class: "thread-messages", attrs: { role: "log", "aria-label": "Replies", tabindex: "0" } });
  private readonly textarea = h("textarea", { class: "composer-input", attrs: { rows: "1", placeholder: "Reply in thread", "aria-label": "Reply in thread" } });
  private readonly status = h("p", { class: "thread-status", attrs: { role: "status" } });
  private readonly form = h(
    "form",
    { class: "composer thread-composer" },
    this.status,
    h("div", { class: "composer-row" }, this.textarea, h("button", { class: "primary send", attrs: { type: "submit" } }, "Reply")),
  );
  private readonly view: MessageView;
  private conversationId: number | null = null;
  private rootId: number | null = null;
  // The root as thread.history gave it, for when the timeline does not hold it.
  private rootCopy: Message | null = null;
  private readonly paged = new Map<number, Message>();
  private hasMore = false;
  private loading = false;
  private readSent = 0;
  private stickToBottom = true;
  private editing: Message | null = null;
  // Kept while a reply is being retried, so the server stores it once.
  private clientMsgId: string | null = null;

  constructor(private readonly ui: Ui) {
    this.view = new MessageView(
      ui,
      {
        reply: () => this.textarea.focus(),
        edit: (m) => {
          this.editing = m;
          this.textarea.value = m.text;
          this.textarea.focus();
        },
        remove: (m) => void ui.controller.remove(m.id).catch(() => {}),
        openPicture: () => {},
        jumpTo: () => {},
      },
      new UploadRows(),
    );
    this.el.append(this.header, this.scroller, this.form);
    this.form.addEventListener("submit", (e) => {
      e.preventDefault();
      void this.submit();
    });
    this.textarea.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        void this.submit();
      } else if (e.key === "Escape") {
        e.preventDefault();
        this.close();
      }
    });
    this.scroller.addEventListener("scroll", () => {
      this.stickToBottom = this.scroller.scrollHeight - this.scroller.scrollTop - this.scroller.clientHeight < 40;
      if (this.scroller.scrollTop < 80) void this.loadOlder();
    });
  }

  get openRoot(): number | null {
    return this.rootId;
  }

  async open(conversationId: number, root: Message): Promise<void> {
    this.close();
    this.conversationId = conversationId;
    this.rootId = root.id;
    this.rootCopy = { ...root };
    this.el.hidden = false;
    this.el.parentElement?.classList.add("thread-open");
    this.stickToBottom = true;
    this.render();
    this.textarea.focus();
    await this.loadOlder(true);
  }

  close(): void {
    this.el.hidden = true;
    this.el.parentElement?.classList.remove("thread-open");
    this.conversationId = null;
    this.rootId = null;
    this.rootCopy = null;
    this.paged.clear();
    this.view.clear();
    this.hasMore = false;
    this.readSent = 0;
    this.editing = null;
    this.clientMsgId = null;
    this.textarea.value = "";
    this.status.textContent = "";
  }

  private conversation(): ConversationState | undefined {
    return this.conversationId === null ? undefined : this.ui.store.conversations.get(this.conversationId);
  }

  private root(conv: ConversationState | undefined): Message | null {
    if (this.rootId === null) return null;
    return conv?.timeline.findMessage(this.rootId) ?? this.rootCopy;
  }

  // The replies held here and in the timeline (the timeline's are fresher:
  // edits and deletions apply to them), oldest first.
  private replies(conv: ConversationState | undefined): Message[] {
    const all = new Map(this.paged);
    for (const m of conv?.timeline.messages() ?? []) if (m.thread_id === this.rootId) all.set(m.id, m);
    return [...all.values()].sort((a, b) => a.seq - b.seq);
  }

  render(): void {
    const conv = this.conversation();
    const root = this.root(conv);
    if (!conv || !root) {
      if (!this.el.hidden) this.close();
      return;
    }
    const replies = this.replies(conv);
    for (const r of replies) countReply(this.rootCopy ?? undefined, r, false);
    const count = root.thread?.replies ?? 0;
    replace(
      this.header,
      h("h2", null, "Thread"),
      h("p", { class: "subtitle" }, count === 1 ? "1 reply" : `${count} replies`),
      h("button", { class: "icon-button", attrs: { type: "button", "aria-label": "Close thread", "data-key": "close-thread" }, on: { click: () => this.close() } }, "×"),
    );
    const nodes: HTMLElement[] = [this.view.message(conv.info, conv.timeline, root), h("p", { class: "thread-edge" }, this.hasMore ? "Loading earlier replies…" : count === 0 ? "No replies yet." : "")];
    for (const r of replies) nodes.push(this.view.message(conv.info, conv.timeline, r));
    const before = { height: this.scroller.scrollHeight, top: this.scroller.scrollTop };
    this.scroller.replaceChildren(...nodes);
    if (this.stickToBottom) this.scroller.scrollTop = this.scroller.scrollHeight;
    else this.scroller.scrollTop = before.top + (this.scroller.scrollHeight - before.height);
    this.markRead(root, replies);
  }

  private markRead(root: Message, replies: Message[]): void {
    const last = replies.at(-1)?.seq ?? 0;
    if (root.thread && root.thread.unread > 0) {
      root.thread = { ...root.thread, unread: 0 };
      queueMicrotask(() => this.ui.store.changed()); // the line under the root says so too
    }
    if (this.rootCopy?.thread) this.rootCopy.thread.unread = 0;
    if (last <= this.readSent || this.conversationId === null) return;
    this.readSent = last;
    void this.ui.controller.request("thread.read", { conversation_id: this.conversationId, thread_id: root.id, seq: last }).catch(() => {});
  }

  private async loadOlder(first = false): Promise<void> {
    if (this.loading || (!first && !this.hasMore) || this.conversationId === null || this.rootId === null) return;
    const rootId = this.rootId;
    const oldest = [...this.paged.values()].reduce((low, m) => Math.min(low, m.seq), Infinity);
    const fields: Record<string, unknown> = { conversation_id: this.conversationId, thread_id: rootId, limit: PAGE };
    if (Number.isFinite(oldest)) fields.before_seq = oldest;
    this.loading = true;
    try {
      const page = await this.ui.controller.request<ThreadReply>("thread.history", fields);
      if (this.rootId !== rootId) return;
      for (const m of [page.root, ...page.replies]) if (m.encrypted) this.ui.store.opener?.(m);
      for (const m of page.replies) this.paged.set(m.id, m);
      this.hasMore = page.has_more;
      if (first) this.rootCopy = page.root;
      const held = this.conversation()?.timeline.findMessage(rootId);
      if (first && held && page.root.thread && (held.thread?.last_reply_seq ?? 0) <= page.root.thread.last_reply_seq) held.thread = { ...page.root.thread };
    } catch {
      // Retried on the next scroll.
    } finally {
      this.loading = false;
      if (this.rootId === rootId) this.render();
    }
  }

  private async submit(): Promise<void> {
    const text = this.textarea.value.replace(/^\s*\n|\s+$/g, "");
    if (!text.trim() || this.conversationId === null || this.rootId === null) return;
    const { controller, store } = this.ui;
    if (this.editing) {
      const target = this.editing;
      this.editing = null;
      this.textarea.value = "";
      if (text !== target.text) await controller.edit(target.id, text, this.conversationId, target).catch(() => {});
      return;
    }
    this.clientMsgId ??= crypto.randomUUID();
    const fields: Record<string, unknown> = { conversation_id: this.conversationId, client_msg_id: this.clientMsgId, text, thread_id: this.rootId };
    try {
      const conv = store.conversations.get(this.conversationId)?.info;
      if (conv?.encrypted) {
        fields.text = "";
        fields.encrypted = await controller.e2ee.encrypt(conv, text);
      }
      const reply = await controller.request<{ message: Message }>("message.send", fields);
      this.clientMsgId = null;
      this.textarea.value = "";
      this.status.textContent = "";
      this.stickToBottom = true;
      store.applyEvents([{ type: "message", message: reply.message }], false);
    } catch (e) {
      this.status.textContent = e instanceof Error ? `Not sent: ${e.message}` : "Not sent.";
    }
  }
}
