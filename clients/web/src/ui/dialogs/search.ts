// Message search: a search box, the messages found (newest first, paged),
// and a jump to each one in its conversation.

import type { SearchHit } from "../../net/http";
import type { Ui } from "../context";
import { h, input, replace } from "../dom";
import { listTime } from "../format";
import { openModal } from "../modal";
import { errorText, statusLine } from "./common";

export interface SearchUi extends Ui {
  // Opens the conversation with history loaded around the message at seq,
  // scrolled to it.
  jumpTo(conversationId: number, seq: number): Promise<void>;
}

function where(ui: Ui, hit: SearchHit): string {
  const info = ui.store.conversations.get(hit.conversation_id)?.info;
  if (!info) return "";
  return info.kind === "room" ? `#${info.name}` : info.name;
}

export function openSearch(ui: SearchUi): void {
  openModal("Search messages", (modal) => {
    const box = input({ type: "search", "aria-label": "Search messages", placeholder: "Words, or the start of words", maxlength: 256, autocomplete: "off" });
    const list = h("ul", { class: "search-results", attrs: { "aria-label": "Messages found" } });
    const more = h("button", { class: "link-button", attrs: { type: "button" } }, "More results");
    const status = statusLine();
    let cursor: string | null = null;
    let query = "";
    more.hidden = true;

    const row = (hit: SearchHit) =>
      h(
        "li",
        null,
        h(
          "button",
          {
            class: "search-hit",
            attrs: { type: "button", "data-message": hit.message_id },
            on: {
              click: () => {
                modal.close();
                void ui.jumpTo(hit.conversation_id, hit.seq);
              },
            },
          },
          h("span", { class: "search-hit-top" }, h("span", { class: "search-hit-where" }, `${where(ui, hit)} · ${hit.sender}`), h("span", { class: "conversation-time" }, listTime(hit.ts))),
          h("span", { class: "search-hit-text", attrs: { dir: "auto" } }, hit.snippet),
        ),
      );

    const run = async (next: boolean) => {
      status.textContent = "";
      try {
        const reply = await ui.controller.api.searchMessages(query, next ? cursor : null);
        const rows = reply.results.map(row);
        if (next) list.append(...rows);
        else replace(list, rows.length ? rows : h("li", { class: "empty" }, "No messages found."));
        cursor = reply.next_cursor;
        more.hidden = cursor === null;
      } catch (e) {
        status.textContent = errorText(e);
      }
    };
    more.addEventListener("click", () => void run(true));
    const form = h(
      "form",
      {
        class: "search-form",
        attrs: { role: "search" },
        on: {
          submit: (e) => {
            e.preventDefault();
            query = box.value.trim();
            if (query) void run(false);
          },
        },
      },
      box,
      h("button", { class: "primary", attrs: { type: "submit" } }, "Search"),
    );
    queueMicrotask(() => box.focus());
    const note = h("p", { class: "search-note" }, "Encrypted chats are not searched: the server cannot read them.");
    return [form, note, status, list, more];
  });
}
