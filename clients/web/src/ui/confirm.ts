// Asks before something that cannot be taken back (removing a member,
// leaving a group or room): a modal with Cancel and the named action. Resolves
// true only when the action was chosen; Esc or Cancel resolve false.

import { h } from "./dom";
import { openModal } from "./modal";

export function confirmAction(title: string, text: string, action: string): Promise<boolean> {
  return new Promise((resolve) => {
    let chosen = false;
    openModal(
      title,
      (modal) => [
        h("p", null, text),
        h(
          "div",
          { class: "dialog-actions" },
          h("button", { attrs: { type: "button", "data-key": "confirm-cancel" }, on: { click: () => modal.close() } }, "Cancel"),
          h(
            "button",
            {
              class: "danger",
              attrs: { type: "button", "data-key": "confirm-action" },
              on: {
                click: () => {
                  chosen = true;
                  modal.close();
                },
              },
            },
            action,
          ),
        ),
      ],
      () => resolve(chosen),
    );
  });
}
