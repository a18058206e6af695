// New direct chats and new groups.

import type { Ui } from "../context";
import { field, h, input, replace } from "../dom";
import { openModal } from "../modal";
import { errorText, statusLine, userPicker } from "./common";

export function openNewChat(ui: Ui): void {
  openModal("New chat", (modal) => [
    userPicker(ui, "Find someone by username", (u) => {
      modal.close();
      ui.chatWith(u.username);
    }),
  ]);
}

export function openNewGroup(ui: Ui): void {
  openModal("New group", (modal) => {
    const chosen: string[] = [];
    const chips = h("ul", { class: "chips", attrs: { "aria-label": "Members to add" } });
    const renderChips = () =>
      replace(
        chips,
        chosen.map((name) =>
          h(
            "li",
            { class: "chip" },
            name,
            h(
              "button",
              {
                class: "icon-button",
                attrs: { type: "button", "aria-label": `Remove ${name}` },
                on: {
                  click: () => {
                    chosen.splice(chosen.indexOf(name), 1);
                    renderChips();
                  },
                },
              },
              "×",
            ),
          ),
        ),
      );
    const name = field("Group name", input({ type: "text", required: true, maxlength: 64 }));
    const status = statusLine();
    const form = h(
      "form",
      {
        on: {
          submit: async (e) => {
            e.preventDefault();
            try {
              const id = await ui.controller.createGroup(name.control.value.trim(), chosen);
              modal.close();
              ui.select({ id });
            } catch (err) {
              status.textContent = errorText(err);
            }
          },
        },
      },
      name.row,
      userPicker(
        ui,
        "Add members",
        (u) => {
          if (!chosen.includes(u.username)) chosen.push(u.username);
          renderChips();
        },
        () => chosen,
      ),
      chips,
      status,
      h("div", { class: "dialog-actions" }, h("button", { class: "primary", attrs: { type: "submit" } }, "Create group")),
    );
    return [form];
  });
}
