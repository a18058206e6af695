// A conversation's pinned messages (pins.list, most recently pinned first,
// in pages), opened from the chat header. A click shows the message in its
// place in the conversation, as a search result does; those who may pin can
// unpin from here too.

import type { Message, Reaction } from "../protocol";
import type { Ui } from "./context";
import { h, replace } from "./dom";
import { errorText, statusLine } from "./dialogs/common";
import { listTime, preview, summary } from "./format";
import { openModal } from "./modal";
import { displayNameOf } from "./person_name";

// Pins per page (pins.list takes 1 to 50).
export const PINS_PAGE = 20;

export interface Pin {
  message: Message & { reactions?: Reaction[] };
  user_id: number;
  user: string;
  ts: number;
}

export interface PinsReply {
  pins: Pin[];
  has_more: boolean;
  next_cursor: string | null;
}

export function openPinnedList(ui: Ui, conversationId: number, canUnpin: boolean, show: (seq: number) => void): void {
  openModal("Pinned messages", (modal) => {
    const list = h("ul", { class: "pinned-list", attrs: { "aria-label": "Pinned messages" } });
    const more = h("button", { class: "link-button", attrs: { type: "button" } }, "Earlier pins");
    const status = statusLine();
    let cursor: string | null = null;
    more.hidden = true;

    const row = (p: Pin): HTMLElement => {
      const m = p.message;
      const item = h(
        "li",
        { class: "pinned-item" },
        h(
          "button",
          {
            class: "pinned-message",
            attrs: { type: "button", "data-message": m.id },
            on: {
              click: () => {
                modal.close();
                show(m.seq);
              },
            },
          },
          h("span", { class: "search-hit-top" }, h("span", { class: "search-hit-where", attrs: { dir: "auto" } }, displayNameOf(ui.store, m.sender)), h("span", { class: "conversation-time" }, listTime(m.ts))),
          h("span", { class: "search-hit-text", attrs: { dir: "auto" } }, preview(summary(m), 200)),
          h("span", { class: "pinned-by" }, `Pinned by ${displayNameOf(ui.store, p.user)} · ${listTime(p.ts)}`),
        ),
      );
      if (canUnpin) {
        item.append(
          h(
            "button",
            {
              class: "link-button",
              attrs: { type: "button", "aria-label": `Unpin: ${preview(summary(m), 40)}` },
              on: {
                click: async () => {
                  try {
                    await ui.controller.pin(m.id, false);
                    item.remove();
                    if (!list.querySelector(".pinned-item")) replace(list, h("li", { class: "empty" }, "No pinned messages."));
                  } catch (e) {
                    status.textContent = errorText(e);
                  }
                },
              },
            },
            "Unpin",
          ),
        );
      }
      return item;
    };

    const load = async () => {
      status.textContent = "";
      const first = cursor === null;
      try {
        const fields: Record<string, unknown> = { conversation_id: conversationId, limit: PINS_PAGE };
        if (cursor !== null) fields.cursor = cursor;
        const reply = await ui.controller.request<PinsReply>("pins.list", fields);
        for (const p of reply.pins) if (p.message.encrypted) ui.store.opener?.(p.message);
        const rows = reply.pins.map(row);
        if (first) replace(list, rows.length ? rows : h("li", { class: "empty" }, "No pinned messages."));
        else list.append(...rows);
        cursor = reply.next_cursor ?? null;
        more.hidden = cursor === null;
      } catch (e) {
        status.textContent = errorText(e);
      }
    };
    more.addEventListener("click", () => void load());
    void load();
    return [status, list, more];
  });
}
