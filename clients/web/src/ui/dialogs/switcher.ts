// Ctrl/Cmd+K: jump to a conversation by typing part of its name. Up and Down
// choose among the matches, Enter opens, Esc closes (as every dialog).

import type { ConversationState } from "../../state/store";
import type { Ui } from "../context";
import { field, h, input, replace } from "../dom";
import { openModal } from "../modal";

const MAX_SHOWN = 20;

function nameOf(c: ConversationState): string {
  return c.info.kind === "room" ? `#${c.info.name}` : c.info.name;
}

export function openSwitcher(ui: Ui): void {
  if (document.querySelector("dialog.switcher[open]")) return;
  const modal = openModal("Switch conversation", (m) => {
    const box = field("Conversation name", input({ type: "search", autocomplete: "off", autocapitalize: "none", placeholder: "Type a name" }));
    const list = h("ul", { class: "switcher-results", attrs: { "aria-label": "Conversations", role: "listbox" } });
    let matches: ConversationState[] = [];
    let chosen = 0;
    const open = (c: ConversationState | undefined) => {
      if (!c) return;
      m.close();
      ui.select({ id: c.info.conversation_id });
    };
    const render = () => {
      const q = box.control.value.trim().toLowerCase();
      matches = ui.store
        .sorted()
        .filter((c) => nameOf(c).toLowerCase().includes(q))
        .slice(0, MAX_SHOWN);
      chosen = Math.min(chosen, Math.max(0, matches.length - 1));
      replace(
        list,
        matches.length === 0
          ? h("li", { class: "empty" }, "No conversation of that name.")
          : matches.map((c, i) =>
              h(
                "li",
                {
                  class: `switcher-item${i === chosen ? " chosen" : ""}`,
                  attrs: { role: "option", "aria-selected": i === chosen ? "true" : "false", id: `switcher-${i}` },
                  on: { click: () => open(c) },
                },
                h("span", { class: "switcher-name" }, nameOf(c)),
                c.info.unread > 0 ? h("span", { class: "badge" }, String(c.info.unread)) : null,
              ),
            ),
      );
      box.control.setAttribute("aria-activedescendant", matches.length ? `switcher-${chosen}` : "");
    };
    box.control.setAttribute("aria-controls", "switcher-list");
    list.id = "switcher-list";
    box.control.addEventListener("input", () => {
      chosen = 0;
      render();
    });
    box.control.addEventListener("keydown", (e) => {
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        chosen = (chosen + (e.key === "ArrowDown" ? 1 : -1) + matches.length) % Math.max(1, matches.length);
        render();
      } else if (e.key === "Enter") {
        e.preventDefault();
        open(matches[chosen]);
      }
    });
    render();
    return [box.row, list];
  });
  modal.dialog.classList.add("switcher");
  modal.dialog.querySelector("input")?.focus();
}
