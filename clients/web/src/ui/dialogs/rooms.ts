// The room browser: join, leave, create.

import type { Ui } from "../context";
import { field, h, input, replace } from "../dom";
import { countOf } from "../format";
import { confirmAction } from "../confirm";
import { openModal } from "../modal";
import { joinByName } from "./join_room";
import { errorText, statusLine } from "./common";

export function openRooms(ui: Ui): void {
  openModal("Rooms", (modal) => {
    const list = h("ul", { class: "room-list", attrs: { "aria-label": "Rooms" } });
    const status = statusLine();
    const load = async () => {
      try {
        const { rooms } = await ui.controller.listRooms();
        replace(
          list,
          rooms.length === 0
            ? h("li", { class: "empty" }, "No rooms yet: create the first one.")
            : rooms.map((r) => {
                const joined = ui.store.conversations.has(r.conversation_id);
                return h(
                  "li",
                  { class: "room" },
                  h("span", { class: "room-name" }, `#${r.name}`),
                  h("span", { class: "room-topic" }, r.topic),
                  h("span", { class: "room-count" }, countOf(r.members, "member")),
                  joined
                    ? [
                        h("button", { attrs: { type: "button" }, on: { click: () => { modal.close(); ui.select({ id: r.conversation_id }); } } }, "Open"),
                        h(
                          "button",
                          {
                            attrs: { type: "button", "aria-label": `Leave #${r.name}` },
                            on: {
                              click: async () => {
                                if (!(await confirmAction(`Leave #${r.name}?`, "You stop getting its messages; you can join again here.", "Leave room"))) return;
                                try {
                                  await ui.controller.leaveRoom(r.name, r.conversation_id);
                                  await load();
                                } catch (e) {
                                  status.textContent = errorText(e);
                                }
                              },
                            },
                          },
                          "Leave",
                        ),
                      ]
                    : h(
                        "button",
                        {
                          class: "primary",
                          attrs: { type: "button", "aria-label": `Join #${r.name}` },
                          on: {
                            click: async () => {
                              try {
                                const id = await ui.controller.joinRoom(r.name);
                                modal.close();
                                ui.select({ id });
                              } catch (e) {
                                status.textContent = errorText(e);
                              }
                            },
                          },
                        },
                        "Join",
                      ),
                );
              }),
        );
      } catch (e) {
        status.textContent = errorText(e);
      }
    };
    const name = field("Room name", input({ type: "text", required: true, pattern: "[a-z0-9\\-]{2,48}", autocapitalize: "none" }), "2–48 characters: a–z, 0–9, -");
    const topic = field("Topic (optional)", input({ type: "text", maxlength: 200 }));
    const create = h(
      "form",
      {
        class: "create-room",
        on: {
          submit: async (e) => {
            e.preventDefault();
            try {
              const id = await ui.controller.createRoom(name.control.value.trim(), topic.control.value.trim());
              modal.close();
              ui.select({ id });
            } catch (err) {
              status.textContent = errorText(err);
            }
          },
        },
      },
      h("h3", null, "Create a room"),
      name.row,
      topic.row,
      h("button", { attrs: { type: "submit" } }, "Create room"),
    );
    void load();
    return [list, status, joinByName(ui, modal, status), create];
  });
}
