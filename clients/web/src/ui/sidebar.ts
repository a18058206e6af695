// The conversation list with its toolbar and the connection banner.

import { lockMark } from "./e2ee_view";
import type { ConversationState } from "../state/store";
import { avatarFor, conversationAvatar } from "./avatar";
import { ownPresenceClass } from "./presence_shown";
import type { Ui } from "./context";
import { keepFocus } from "./context";
import { h, replace } from "./dom";
import { displayNameOf } from "./person_name";
import { listTime, preview, summary } from "./format";
import { askNotificationPermission, notificationsUndecided } from "./notify";
import { openContacts } from "./dialogs/contacts";
import { openNewChat, openNewGroup } from "./dialogs/new_chat";
import { openProfile } from "./dialogs/profile";
import { openRooms } from "./dialogs/rooms";
import { openSearch, type SearchUi } from "./dialogs/search";

const NOTIFY_DISMISSED_KEY = "natter.notify-dismissed";

export function presenceDot(ui: Ui, username: string): HTMLElement {
  const status = ui.store.presence.get(username)?.status ?? "offline";
  return h("span", { class: `presence presence-${status}`, attrs: { role: "img", "aria-label": status, title: status } });
}

export class Sidebar {
  readonly root: HTMLElement;
  private readonly list = h("ul", { class: "conversation-list", attrs: { "aria-label": "Conversations" } });
  private readonly me = h("button", { class: "me-button", attrs: { type: "button", "data-key": "me" } });
  private readonly banner = h("p", { class: "banner", attrs: { role: "status", "aria-live": "polite" } });
  private readonly notifyBanner: HTMLElement;

  constructor(private readonly ui: SearchUi) {
    this.me.addEventListener("click", () => openProfile(ui));
    const tool = (label: string, text: string, fn: () => void) =>
      h("button", { class: "tool", attrs: { type: "button", "aria-label": label, title: label }, on: { click: fn } }, text);
    // On a row of its own, like a search field: the four tools fill the first.
    const searchTool = tool("Search messages", "Search messages…", () => openSearch(ui));
    searchTool.classList.add("tool-search");
    this.notifyBanner = h(
      "div",
      { class: "notify-banner" },
      h("span", null, "Get notified of new messages while Natter is in the background?"),
      h(
        "span",
        { class: "notify-actions" },
        h(
          "button",
          {
            attrs: { type: "button" },
            on: {
              click: async () => {
                await askNotificationPermission();
                this.render();
              },
            },
          },
          "Enable notifications",
        ),
        h(
          "button",
          {
            class: "link-button",
            attrs: { type: "button" },
            on: {
              click: () => {
                localStorage.setItem(NOTIFY_DISMISSED_KEY, "1");
                this.render();
              },
            },
          },
          "Not now",
        ),
      ),
    );
    this.root = h(
      "aside",
      { class: "sidebar", attrs: { "aria-label": "Chats" } },
      h(
        "header",
        { class: "sidebar-header" },
        h("h1", { class: "brand" }, "Natter"),
        this.me,
      ),
      h(
        "nav",
        { class: "toolbar", attrs: { "aria-label": "Actions" } },
        tool("New chat", "+ Chat", () => openNewChat(ui)),
        tool("New group", "+ Group", () => openNewGroup(ui)),
        tool("Rooms", "# Rooms", () => openRooms(ui)),
        tool("Contacts", "Contacts", () => openContacts(ui)),
        searchTool,
      ),
      this.banner,
      this.notifyBanner,
      this.list,
    );
  }

  render(): void {
    const { store } = this.ui;
    const me = store.me;
    replace(this.me, avatarFor(me?.avatar, me?.display_name || me?.username || "", "small"), h("span", { class: `presence presence-${ownPresenceClass(this.ui)}`, attrs: { "aria-hidden": "true" } }), h("span", { class: "me-name" }, me?.display_name || me?.username || ""), h("span", { class: "visually-hidden" }, " — profile and settings"));
    this.me.title = "Profile and settings";
    const conn = store.connection;
    this.banner.textContent = conn === "reconnecting" ? "Reconnecting…" : conn === "connecting" ? "Connecting…" : "";
    this.banner.hidden = conn === "online" || conn === "offline";
    this.notifyBanner.hidden = !notificationsUndecided() || localStorage.getItem(NOTIFY_DISMISSED_KEY) === "1";

    keepFocus(this.list, () => {
      const items = store.sorted().map((c) => this.item(c));
      if (items.length === 0) {
        replace(this.list, h("li", { class: "empty" }, "No conversations yet. Start a chat, create a group or join a room."));
      } else {
        replace(this.list, items);
      }
    });
  }

  private item(c: ConversationState): HTMLElement {
    const { store, mutes } = this.ui;
    const info = c.info;
    const sel = this.ui.selection;
    const selected = sel !== null && "id" in sel && sel.id === info.conversation_id;
    const m = info.last_message;
    const who = m ? (m.sender === store.username ? "You: " : info.kind === "direct" ? "" : `${displayNameOf(store, m.sender)}: `) : "";
    const sealed = m && info.encrypted && !m.deleted && !m.text && !(m.attachments ?? []).length;
    const text = m ? (m.deleted ? "Message deleted" : sealed ? (m.decrypt_error !== undefined ? "Unable to decrypt" : "Encrypted message") : preview(summary(m))) : info.kind === "room" ? info.topic || "No messages yet" : "No messages yet";
    const incomingRequest = info.request && info.request.from !== store.username && info.request.state === "pending";
    const muted = mutes.has(info.conversation_id);
    return h(
      "li",
      null,
      h(
        "button",
        {
          class: `conversation${selected ? " selected" : ""}${info.unread > 0 ? " has-unread" : ""}`,
          attrs: { type: "button", "data-key": `c${info.conversation_id}`, "data-conversation": info.conversation_id, "aria-current": selected ? "true" : null },
          on: { click: () => this.ui.select({ id: info.conversation_id }) },
        },
        conversationAvatar(this.ui, c),
        info.kind === "direct" ? presenceDot(this.ui, info.name) : null,
        h(
          "span",
          { class: "conversation-main" },
          h(
            "span",
            { class: "conversation-top" },
            h("span", { class: "conversation-name", attrs: { title: info.kind === "direct" ? `@${info.name}` : null } }, info.kind === "room" ? `#${info.name}` : info.kind === "direct" ? displayNameOf(store, info.name) : info.name),
            info.encrypted ? lockMark() : null,
            muted ? h("span", { class: "muted-mark", attrs: { title: "Notifications muted" } }, "muted") : null,
            incomingRequest ? h("span", { class: "request-mark" }, "Request") : null,
            h("span", { class: "conversation-time" }, m ? listTime(m.ts) : ""),
          ),
          h(
            "span",
            { class: "conversation-bottom" },
            h("span", { class: "conversation-preview" }, who, text),
            mentionBadge(info.unread_mentions ?? 0),
            info.unread > 0 ? h("span", { class: `badge${muted ? " badge-muted" : ""}`, attrs: { "aria-label": `${info.unread} unread` } }, String(info.unread)) : null,
          ),
        ),
      ),
    );
  }
}

// Unread messages that mention the user: a badge of its own, never muted.
function mentionBadge(n: number): HTMLElement | null {
  if (n <= 0) return null;
  return h("span", { class: "badge badge-mention", attrs: { "aria-label": `${n} unread ${n === 1 ? "mention" : "mentions"}`, title: "Mentions of you" } }, `@${n}`);
}
