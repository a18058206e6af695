// The room browser's "join by name": for a room one was told of, listed or
// not. An unknown name gets the server's answer (ROOM_NOT_FOUND) in the
// dialog's status line.

import type { Ui } from "../context";
import { field, h, input } from "../dom";
import type { Modal } from "../modal";
import { errorText } from "./common";

export function joinByName(ui: Ui, modal: Modal, status: HTMLElement): HTMLElement {
  const name = field("Room to join", input({ type: "text", required: true, autocapitalize: "none", autocomplete: "off", placeholder: "e.g. hikers" }));
  const form = h(
    "form",
    {
      class: "inline-form",
      on: {
        submit: async (e) => {
          e.preventDefault();
          status.textContent = "";
          try {
            const id = await ui.controller.joinRoom(name.control.value.trim().replace(/^#/, ""));
            modal.close();
            ui.select({ id });
          } catch (err) {
            status.textContent = errorText(err);
          }
        },
      },
    },
    name.row,
    h("button", { attrs: { type: "submit" } }, "Join"),
  );
  return h("section", { class: "join-room" }, h("h3", null, "Join by name"), form);
}
