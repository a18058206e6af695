// Telling the user about messages elsewhere: the unread count in the title,
// in-app toasts, and system notifications while the tab is hidden (only once
// the user asked for them). Mutes are a per-browser preference.

import type { Message } from "../protocol";
import { h, replace } from "./dom";
import { preview, summary } from "./format";

const MUTE_KEY = "natter.muted";
const TOAST_MS = 6_000;

export class Mutes {
  private ids: Set<number>;

  constructor() {
    let stored: unknown = [];
    try {
      stored = JSON.parse(localStorage.getItem(MUTE_KEY) ?? "[]");
    } catch {
      stored = [];
    }
    this.ids = new Set(Array.isArray(stored) ? stored.filter((n) => typeof n === "number") : []);
  }

  has(id: number): boolean {
    return this.ids.has(id);
  }

  toggle(id: number): boolean {
    if (this.ids.has(id)) this.ids.delete(id);
    else this.ids.add(id);
    localStorage.setItem(MUTE_KEY, JSON.stringify([...this.ids]));
    return this.ids.has(id);
  }
}

export function setTitle(unread: number): void {
  document.title = unread > 0 ? `(${unread}) Natter` : "Natter";
}

export function notificationsSupported(): boolean {
  return typeof Notification !== "undefined";
}

export function notificationsUndecided(): boolean {
  return notificationsSupported() && Notification.permission === "default";
}

// Must run inside a click handler: browsers only ask on a user gesture.
export async function askNotificationPermission(): Promise<boolean> {
  if (!notificationsSupported()) return false;
  return (await Notification.requestPermission()) === "granted";
}

export class Toasts {
  readonly region = h("div", { class: "toasts", attrs: { role: "status", "aria-live": "polite" } });

  show(title: string, body: string, conversationId: number, onOpen?: () => void): void {
    const close = () => toast.remove();
    const toast = h(
      "div",
      { class: "toast", attrs: { "data-conversation": conversationId } },
      h(
        "button",
        { class: "toast-body", attrs: { type: "button" }, on: { click: () => { close(); onOpen?.(); } } },
        h("strong", null, title),
        h("span", null, preview(body, 120)),
      ),
      h("button", { class: "icon-button", attrs: { type: "button", "aria-label": "Dismiss" }, on: { click: close } }, "×"),
    );
    this.region.append(toast);
    setTimeout(close, TOAST_MS);
  }

  // The conversation is on screen now: its toasts have nothing more to say.
  dismissFor(conversationId: number): void {
    for (const t of this.region.querySelectorAll(`[data-conversation="${conversationId}"]`)) t.remove();
  }

  clear(): void {
    replace(this.region);
  }
}

export function systemNotify(conversationName: string, m: Message, onOpen: () => void): void {
  if (!notificationsSupported() || Notification.permission !== "granted") return;
  const n = new Notification(`${m.sender} · ${conversationName}`, {
    body: preview(summary(m), 160),
    tag: `natter-${m.conversation_id}`,
  });
  n.onclick = () => {
    window.focus();
    onOpen();
    n.close();
  };
}
