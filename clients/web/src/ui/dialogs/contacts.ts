// Contacts with presence: add, remove, message.

import { avatar } from "../avatar";
import type { Ui } from "../context";
import { h, replace } from "../dom";
import { lastSeen } from "../format";
import { openModal, type Modal } from "../modal";
import { errorText, statusLine, userPicker } from "./common";

export function openContacts(ui: Ui): void {
  openModal("Contacts", (modal: Modal) => {
    const list = h("ul", { class: "contact-list", attrs: { "aria-label": "Contacts" } });
    const status = statusLine();
    const load = async () => {
      try {
        const { contacts } = await ui.controller.listContacts();
        replace(
          list,
          contacts.length === 0
            ? h("li", { class: "empty" }, "No contacts yet.")
            : contacts.map((c) => {
                const live = ui.store.presence.get(c.username);
                const st = live?.status ?? c.status;
                return h(
                  "li",
                  { class: "contact" },
                  avatar(ui, c.username, "small"),
                  h("span", { class: `presence presence-${st}`, attrs: { role: "img", "aria-label": st } }),
                  h("span", { class: "contact-name" }, c.username, c.display_name ? ` (${c.display_name})` : ""),
                  h("span", { class: "contact-status" }, st === "offline" ? lastSeen(live?.last_seen ?? c.last_seen) : st),
                  h("button", { attrs: { type: "button" }, on: { click: () => { modal.close(); ui.chatWith(c.username); } } }, "Message"),
                  h(
                    "button",
                    {
                      attrs: { type: "button", "aria-label": `Remove ${c.username} from contacts` },
                      on: {
                        click: async () => {
                          await ui.controller.removeContact(c.username).catch((e) => (status.textContent = errorText(e)));
                          await load();
                        },
                      },
                    },
                    "Remove",
                  ),
                );
              }),
        );
      } catch (e) {
        status.textContent = errorText(e);
      }
    };
    void load();
    return [
      list,
      status,
      userPicker(
        ui,
        "Add a contact",
        async (u) => {
          try {
            await ui.controller.addContact(u.username);
            await load();
          } catch (e) {
            status.textContent = errorText(e);
          }
        },
      ),
    ];
  });
}
