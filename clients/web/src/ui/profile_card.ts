// Someone's profile card, opened from their name (a message's sender, a
// direct chat's header): avatar, display name, username, bio, their status
// when natterd lets the user see it (see "Presence" in docs/protocol.md:
// otherwise there is no status line at all), and "Message" and "Block" /
// "Unblock".

import type { User } from "../protocol";
import { avatarFor } from "./avatar";
import type { Ui } from "./context";
import { errorText, statusLine } from "./dialogs/common";
import { h, replace } from "./dom";
import { lastSeen } from "./format";
import { openModal } from "./modal";

// The status line of the card, or null when nothing may be shown.
export function presenceLine(p: { status: string; last_seen: number } | undefined): string | null {
  if (!p) return null;
  return p.status === "offline" ? lastSeen(p.last_seen) : p.status;
}

export function openProfileCard(ui: Ui, username: string): void {
  openModal("Profile", (modal) => {
    const card = h("div", { class: "profile-card", attrs: { "data-username": username } }, h("p", null, "Loading…"));
    const status = statusLine();

    const show = (user: User) => {
      const own = user.username === ui.store.username;
      const shown = user.display_name || user.username;
      const presence = own ? null : presenceLine(ui.store.presence.get(user.username));
      const blockButton = h("button", { attrs: { type: "button", "data-key": "block" } }, user.blocked ? "Unblock" : "Block");
      blockButton.addEventListener("click", async () => {
        const blocking = !user.blocked;
        status.textContent = "";
        try {
          await ui.controller.request(blocking ? "block" : "unblock", { username: user.username });
          user = { ...user, blocked: blocking };
          show(user);
          status.textContent = blocking ? `You blocked ${shown}.` : `You unblocked ${shown}.`;
        } catch (e) {
          status.textContent = errorText(e);
        }
      });
      replace(
        card,
        avatarFor(user.avatar, shown, "large"),
        h("h3", { class: "profile-name", attrs: { dir: "auto" } }, shown),
        h("p", { class: "profile-username" }, `@${user.username}`),
        presence ? h("p", { class: "profile-presence" }, presence) : null,
        user.bio ? h("p", { class: "profile-bio", attrs: { dir: "auto" } }, user.bio) : null,
        own
          ? null
          : h(
              "div",
              { class: "dialog-actions" },
              h(
                "button",
                {
                  class: "primary",
                  attrs: { type: "button", "data-key": "message" },
                  on: {
                    click: () => {
                      modal.close();
                      ui.chatWith(user.username);
                    },
                  },
                },
                "Message",
              ),
              blockButton,
            ),
      );
    };

    ui.controller.api.user(username).then(
      (user) => {
        if (!user) {
          replace(card, h("p", null, "No such user."));
          return;
        }
        ui.store.users.put({ ...user, blocked: undefined });
        show(user);
      },
      (e: unknown) => replace(card, h("p", null, errorText(e))),
    );
    return [card, status];
  });
}
