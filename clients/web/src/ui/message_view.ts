// One message in the chat view: bubble, sender's avatar, reply quote,
// attachments, ticks (with per-member detail in groups) and actions. Elements are reused while nothing they show
// changed, so live updates keep focus and open details in place.

import type { Conversation, Media, Message, Reaction } from "../protocol";
import type { OutboxItem } from "../state/outbox";
import type { Tick } from "../state/receipts";
import type { Timeline } from "../state/timeline";
import { attachmentsView, isSealedMedia, type Shown } from "./attachments";
import { encryptedFilesView } from "./encrypted_files";
import { avatar } from "./avatar";
import type { Ui } from "./context";
import { h, type Child } from "./dom";
import { openEmojiPicker } from "./emoji_picker";
import { displayNameOf } from "./person_name";
import { openProfileCard } from "./profile_card";
import { actionOf, clock, preview, summary } from "./format";
import { markdownPlain, renderMarkdown } from "./markdown";
import { markMentions } from "./mention_spans";
import { mentionsMe } from "../state/mentions";
import type { RepliedLookup } from "./replied_lookup";
import { threadLabel } from "../state/threads";
import type { UploadRows } from "./upload_view";

const TICK_LABEL: Record<Tick, string> = {
  pending: "Sending",
  failed: "Not sent",
  sent: "Sent",
  delivered: "Delivered",
  read: "Read",
};

const TICK_TEXT: Record<Tick, string> = { pending: "…", failed: "!", sent: "✓", delivered: "✓✓", read: "✓✓" };

export interface MessageActions {
  reply(m: Message): void;
  edit(m: Message): void;
  remove(m: Message): void;
  openPicture(m: Media): void;
  // Shows the message a reply quotes (loading history up to it if need be).
  jumpTo(messageId: number): void;
  // Opens the thread under a message (absent: no threads here).
  openThread?(m: Message): void;
}

interface Cached {
  el: HTMLElement;
  // Lets go of the pictures the element shows.
  release(): void;
}

export class MessageView {
  private readonly cache = new Map<string, Cached>();

  constructor(
    private readonly ui: Ui,
    private readonly actions: MessageActions,
    private readonly rows: UploadRows,
    private readonly replies?: RepliedLookup,
  ) {}

  // Another conversation is on screen: nothing cached applies.
  clear(): void {
    for (const c of this.cache.values()) c.release();
    this.cache.clear();
  }

  message(info: Conversation, timeline: Timeline, m: Message): HTMLElement {
    const { store } = this.ui;
    const own = m.sender === store.username;
    const tick: Tick | null = own && !m.deleted ? store.tickOf(info, m) : null;
    const detail = tick && info.kind === "group" ? store.receipts.detail(info.conversation_id, store.recipients(info), m.seq) : null;
    const replied = m.reply_to !== null ? (timeline.findMessage(m.reply_to) ?? this.replies?.lookup(info.conversation_id, m.reply_to, timeline.lowestSeq)) : undefined;
    const showSender = !own && info.kind !== "direct";
    // Uploads of an encrypted message are shown from its opened files.
    const media = m.deleted ? [] : (m.attachments ?? []).filter((a) => !isSealedMedia(a));
    const sealedFiles = m.deleted || m.decrypt_error !== undefined ? [] : (m.files ?? []);
    const senderAvatar = showSender ? store.avatarOf(m.sender) : null;
    const reactions = m.deleted ? [] : (m.reactions ?? []);
    const myId = store.me?.id;
    const forMe = !own && mentionsMe(m, myId);
    const senderName = displayNameOf(store, m.sender);
    const signature = JSON.stringify([senderName, reactions.map((r) => this.reactors(r)), m.id, m.sender, m.text, m.deleted, m.edited_ts, tick, detail, replied && summary(replied), replied?.deleted, info.kind, info.role, media.map((a) => a.id), senderAvatar, reactions, m.forwarded_from, m.thread, m.mentions, m.mentions_all, m.decrypt_error, sealedFiles.map((e) => [e.readable, e.file?.media_id, e.file?.name, e.file?.mime, e.file?.size])]);
    const cacheKey = `m${m.id}`;
    const cached = this.cache.get(cacheKey);
    if (cached && cached.el.dataset.signature === signature) return cached.el;
    cached?.release();

    const body: Child[] = [];
    // User text is isolated (dir="auto"): bidi controls in it cannot reorder
    // the name, the time or the ticks around it.
    if (showSender) {
      const open = () => openProfileCard(this.ui, m.sender);
      body.push(h("button", { class: "sender", attrs: { type: "button", dir: "auto", title: `@${m.sender}`, "data-key": `sender-${m.id}` }, on: { click: open } }, senderName));
    }
    if (m.reply_to !== null) {
      const target = m.reply_to;
      body.push(
        h(
          "button",
          { class: "reply-quote", attrs: { type: "button", "data-key": `quote-${m.id}`, "aria-label": replied ? `Reply to ${replied.sender}: show the message` : "Show the message replied to" }, on: { click: () => this.actions.jumpTo(target) } },
          replied ? [h("strong", null, replied.sender), " ", replied.deleted ? "Message deleted" : preview(summary(replied), 100)] : "Reply to an earlier message",
        ),
      );
    }
    if (m.forwarded_from) body.push(h("span", { class: "forwarded" }, `Forwarded from ${m.forwarded_from.sender}`));
    const parts: Shown[] = [];
    if (media.length) parts.push(attachmentsView(this.ui, media, (a) => this.actions.openPicture(a)));
    if (sealedFiles.length) parts.push(encryptedFilesView(this.ui, sealedFiles));
    for (const part of parts) body.push(part.el);
    const shown = parts.length ? { release: () => parts.forEach((p) => p.release()) } : null;
    if (m.deleted) body.push(h("span", { class: "text deleted" }, "This message was deleted."));
    else if (m.decrypt_error !== undefined) body.push(h("span", { class: "text undecryptable", attrs: { role: "note" } }, `Unable to decrypt: ${m.decrypt_error}`));
    else if (actionOf(m.text) !== null) body.push(h("span", { class: "text action", attrs: { dir: "auto" } }, `* ${m.sender} ${markdownPlain(actionOf(m.text) ?? "")}`));
    else if (m.text || !shown) body.push(h("div", { class: "text", attrs: { dir: "auto" } }, markMentions(renderMarkdown(m.text), m, myId)));
    const meta: Child[] = [h("time", { attrs: { datetime: new Date(m.ts).toISOString() } }, clock(m.ts))];
    if (m.edited_ts && !m.deleted) meta.push(h("span", { class: "edited" }, "edited"));
    if (tick) meta.push(this.tick(tick, detail));

    const actions = this.actionsFor(m, own, info.kind === "direct" || info.role !== "member");
    const content = [
      h("div", { class: "bubble" }, body, h("span", { class: "meta" }, meta)),
      reactions.length ? this.reactionBar(m, reactions) : null,
      this.threadLine(m),
      actions.length ? h("div", { class: "message-actions" }, actions) : null,
    ];
    const el = h(
      "article",
      {
        class: `message${own ? " own" : ""}${m.deleted ? " is-deleted" : ""}${showSender ? " has-avatar" : ""}${forMe ? " mentions-me" : ""}`,
        attrs: { "data-seq": m.seq, "data-id": m.id, "aria-label": `${own ? "You" : senderName} at ${clock(m.ts)}` },
      },
      showSender ? [avatar(this.ui, m.sender, "small"), h("div", { class: "message-body" }, content)] : content,
    );
    el.dataset.signature = signature;
    this.cache.set(cacheKey, { el, release: () => shown?.release() });
    return el;
  }

  private tick(tick: Tick, detail: { user: string; tick: Tick }[] | null): HTMLElement {
    const mark = h("span", { class: `tick tick-${tick}`, attrs: { "data-tick": tick, role: "img", "aria-label": TICK_LABEL[tick], title: TICK_LABEL[tick] } }, TICK_TEXT[tick]);
    if (!detail || detail.length === 0) return mark;
    return h(
      "details",
      { class: "tick-detail" },
      h("summary", { attrs: { "aria-label": `${TICK_LABEL[tick]}: show who has it` } }, mark),
      h(
        "ul",
        null,
        detail.map((d) => h("li", null, h("span", { attrs: { title: `@${d.user}` } }, displayNameOf(this.ui.store, d.user)), " ", h("span", { class: `tick tick-${d.tick}` }, TICK_LABEL[d.tick]))),
      ),
    );
  }

  pending(o: OutboxItem): HTMLElement {
    const tick: Tick = o.state === "failed" ? "failed" : "pending";
    const { controller } = this.ui;
    const uploads = o.uploads.length
      ? h(
          "ul",
          { class: "upload-list", attrs: { "aria-label": "Files" } },
          o.uploads.map((u) =>
            this.rows.row(u, {
              cancel: o.state === "sending" ? null : () => controller.dropUpload(o.clientMsgId, u.key),
              retry: () => controller.media.uploads.retry(u.key),
            }),
          ),
        )
      : null;
    return h(
      "article",
      { class: "message own pending", attrs: { "data-client-id": o.clientMsgId, "aria-label": "You, not sent yet" } },
      h(
        "div",
        { class: "bubble" },
        uploads,
        o.text || !uploads ? h("div", { class: "text", attrs: { dir: "auto" } }, renderMarkdown(o.text)) : null,
        h("span", { class: "meta" }, this.tick(tick, null)),
        o.state === "failed"
          ? h(
              "span",
              { class: "send-error" },
              o.error ?? "Not sent.",
              " ",
              h("button", { class: "link-button", attrs: { type: "button" }, on: { click: () => this.ui.controller.retry(o.clientMsgId) } }, "Retry"),
              " ",
              h("button", { class: "link-button", attrs: { type: "button" }, on: { click: () => this.ui.controller.discard(o.clientMsgId) } }, "Discard"),
            )
          : null,
      ),
    );
  }

  // One button per emoji: its count, who reacted (title), pressed when the
  // user is among them; a click adds or takes back the user's reaction.
  private reactionBar(m: Message, reactions: Reaction[]): HTMLElement {
    const me = this.ui.store.username;
    return h(
      "div",
      { class: "reactions", attrs: { role: "group", "aria-label": "Reactions" } },
      reactions.map((r) => {
        const mine = r.users.some((u) => u.user === me);
        const who = this.reactors(r);
        return h(
          "button",
          {
            class: `reaction${mine ? " mine" : ""}`,
            attrs: { type: "button", "aria-pressed": String(mine), title: who, "data-emoji": r.emoji },
            on: { click: () => void this.ui.controller.react(m.id, r.emoji, !mine).catch(() => {}) },
          },
          `${r.emoji} ${r.count}`,
        );
      }),
    );
  }

  // Who reacted, by display name, and how many more.
  private reactors(r: Reaction): string {
    return r.users.map((u) => displayNameOf(this.ui.store, u.user)).join(", ") + (r.count > r.users.length ? ` and ${r.count - r.users.length} more` : "");
  }

  // React opens the emoji picker; the emoji picked is added.
  private picker(m: Message): HTMLElement {
    return this.action("React", `react-${m.id}`, () => {
      openEmojiPicker("Pick a reaction", (e) => void this.ui.controller.react(m.id, e, true).catch(() => {}));
    });
  }

  private actionsFor(m: Message, own: boolean, canPin: boolean): Child[] {
    if (m.deleted) return [];
    const actions: Child[] = [this.action("Reply", `reply-${m.id}`, () => this.actions.reply(m)), this.picker(m)];
    const openThread = this.actions.openThread;
    if (openThread && m.thread_id === undefined) actions.push(this.action("Thread", `thread-${m.id}`, () => openThread(m)));
    if (canPin) actions.push(this.action("Pin", `pin-${m.id}`, () => void this.ui.controller.pin(m.id, true).catch(() => {})));
    if (own) {
      actions.push(this.action("Edit", `edit-${m.id}`, () => this.actions.edit(m)));
      actions.push(this.action("Delete", `delete-${m.id}`, () => this.actions.remove(m)));
    }
    return actions;
  }

  // "3 replies · 1 new" under a thread's root: opens the thread.
  private threadLine(m: Message): HTMLElement | null {
    const openThread = this.actions.openThread;
    if (!m.thread || m.thread.replies === 0 || !openThread) return null;
    const unread = m.thread.unread > 0 ? " has-unread" : "";
    return h("button", { class: `thread-line${unread}`, attrs: { type: "button", "data-key": `replies-${m.id}` }, on: { click: () => openThread(m) } }, threadLabel(m.thread));
  }

  private action(label: string, key: string, fn: () => void): HTMLElement {
    return h("button", { class: "action", attrs: { type: "button", "data-key": key }, on: { click: fn } }, label);
  }

}
