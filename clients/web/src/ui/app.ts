// The root: the auth screens before a session, the chat shell after.

import { Controller } from "../controller";
import { Backoff } from "../net/backoff";
import type { Message } from "../protocol";
import { authScreen } from "./auth";
import { confirmEmailScreen, forgotScreen, resetScreen } from "./recovery";
import { ChatView } from "./chat";
import type { Selection, Ui } from "./context";
import { h, replace } from "./dom";
import { closeAllModals } from "./modal";
import { summary } from "./format";
import { offlineScreen } from "./offline_screen";
import { Mutes, setTitle, systemNotify, Toasts } from "./notify";
import { mentionsMe } from "../state/mentions";
import { bindShortcuts } from "./shortcuts";
import { Sidebar } from "./sidebar";

export class App implements Ui {
  readonly controller = new Controller();
  readonly store = this.controller.store;
  readonly mutes = new Mutes();
  readonly toasts = new Toasts();
  selection: Selection | null = null;
  private readonly sidebar = new Sidebar(this);
  private readonly chat = new ChatView(this);
  private readonly placeholder = h("main", { class: "chat-placeholder" }, h("p", null, "Pick a conversation, or start a new chat."));
  private readonly shell = h("div", { class: "layout" }, this.sidebar.root, this.chat.root, this.placeholder);
  private signedIn = false;
  // Tries to reach natterd at start-up, spaced out while it cannot be.
  private readonly startBackoff = new Backoff(2_000, 30_000);

  constructor(private readonly root: HTMLElement) {
    this.controller.hooks = {
      incoming: (messages) => this.notify(messages),
      signedOut: () => this.showAuth("login"),
    };
    this.store.subscribe(() => this.render());
    bindShortcuts(this);
    document.addEventListener("visibilitychange", () => this.controller.readActive());
    window.addEventListener("offline", () => this.controller.networkLost());
    window.addEventListener("online", () => this.controller.networkBack());
    // A mailed link opened in a tab that already shows the app.
    window.addEventListener("hashchange", () => void this.openMailedLink());
  }

  // Shows the page of a mailed link (/#reset=<token>: choose a new password;
  // /#confirm-email=<token>: confirm an address), and takes the token out of
  // the address bar (and history) at once. False when there is none.
  private async openMailedLink(): Promise<boolean> {
    const link = /^#(reset|confirm-email)=([A-Za-z0-9_-]+)$/.exec(location.hash);
    if (!link) return false;
    history.replaceState(null, "", location.pathname + location.search);
    closeAllModals();
    if (link[1] === "confirm-email") {
      // Signed in or not, the link works; then back to where the tab was.
      const back = this.signedIn ? () => this.showShell() : () => void this.start();
      replace(this.root, confirmEmailScreen(this.controller.api, link[2], back));
      return true;
    }
    if (this.signedIn) await this.controller.logout().catch(() => {});
    this.showAuth({ reset: link[2] });
    return true;
  }

  // Shows the sign-up form with the code of a /#invite=<code> address filled
  // in, and takes the code out of the address bar. False when there is none.
  private openInviteLink(): boolean {
    const invite = /^#invite=([A-Za-z0-9_-]+)$/.exec(location.hash);
    if (!invite) return false;
    history.replaceState(null, "", location.pathname + location.search);
    this.showAuth({ invite: invite[1] });
    return true;
  }

  async start(): Promise<void> {
    replace(this.root, h("p", { class: "loading", attrs: { role: "status" } }, "Loading…"));
    if (await this.openMailedLink()) return;
    if (this.openInviteLink()) return;
    const resumed = await this.controller.resume();
    if (resumed !== "unreachable") this.startBackoff.reset();
    if (resumed === "resumed") this.showShell();
    else if (resumed === "unreachable") replace(this.root, offlineScreen(() => this.start(), this.startBackoff));
    else this.showAuth("login");
  }

  select(sel: Selection | null): void {
    this.selection = sel;
    if (sel && "id" in sel) this.toasts.dismissFor(sel.id);
    this.controller.departed.keepOnly(sel && "id" in sel ? sel.id : null);
    // Rendered before it is opened (which reads it): the view notes where the
    // unread part begins, for its "New messages" divider, while it still does.
    this.render();
    void this.controller.openConversation(sel && "id" in sel ? sel.id : null);
    if (sel) this.chat.focusComposer();
  }

  async jumpTo(conversationId: number, seq: number): Promise<void> {
    this.select({ id: conversationId });
    try {
      await this.controller.loadAround(conversationId, seq);
    } catch {
      // Shown as far as it got: the scroll loads the rest.
    }
    if (this.selection && "id" in this.selection && this.selection.id === conversationId) this.chat.reveal(seq);
  }

  chatWith(username: string): void {
    const existing = this.store.directWith(username);
    this.select(existing ? { id: existing.info.conversation_id } : { draft: username });
  }

  private showAuth(mode: "login" | "register" | "forgot" | { reset: string } | { invite: string }): void {
    this.signedIn = false;
    this.selection = null;
    this.toasts.clear();
    setTitle(0);
    const login = () => this.showAuth("login");
    let screen: HTMLElement;
    if (typeof mode === "object" && "invite" in mode) screen = authScreen(this.controller, "register", (m) => this.showAuth(m), mode.invite);
    else if (typeof mode === "object") screen = resetScreen(this.controller.api, mode.reset, login);
    else if (mode === "forgot") screen = forgotScreen(this.controller.api, login);
    else screen = authScreen(this.controller, mode, (m) => this.showAuth(m));
    replace(this.root, screen);
    this.root.querySelector<HTMLInputElement>("input")?.focus();
  }

  private showShell(): void {
    this.signedIn = true;
    replace(this.root, this.shell, this.toasts.region);
    this.render();
  }

  private render(): void {
    if (!this.store.me) return;
    if (!this.signedIn) this.showShell();
    const sel = this.selection;
    if (sel && "draft" in sel) {
      const made = this.store.directWith(sel.draft);
      if (made) {
        this.selection = { id: made.info.conversation_id };
        void this.controller.openConversation(made.info.conversation_id);
      }
    } else if (sel && !this.store.conversations.has(sel.id) && !this.controller.departed.get(sel.id) && this.store.connection === "online") {
      this.selection = null;
      void this.controller.openConversation(null);
    }
    this.shell.classList.toggle("show-chat", this.selection !== null);
    this.placeholder.hidden = this.selection !== null;
    this.sidebar.render();
    this.chat.render();
    setTitle(this.store.totalUnread((id) => this.mutes.has(id)));
  }

  private notify(messages: Message[]): void {
    for (const m of messages) {
      // A mute silences a conversation, but not a message that mentions the user.
      if (this.mutes.has(m.conversation_id) && !mentionsMe(m, this.store.me?.id)) continue;
      const conv = this.store.conversations.get(m.conversation_id);
      const name = conv ? (conv.info.kind === "room" ? `#${conv.info.name}` : conv.info.name) : m.sender;
      const open = () => this.select({ id: m.conversation_id });
      if (document.visibilityState === "hidden") {
        systemNotify(name, m, open);
      } else if (this.controller.activeConversation !== m.conversation_id) {
        this.toasts.show(conv?.info.kind === "direct" ? m.sender : `${m.sender} in ${name}`, m.deleted ? "" : summary(m), m.conversation_id, open);
      }
    }
  }
}
