// Pieces shared by the dialogs.

import { ApiError } from "../../net/http";
import { RequestError } from "../../net/socket";
import type { User } from "../../protocol";
import { avatarFor } from "../avatar";
import type { Ui } from "../context";
import { field, h, input, replace } from "../dom";

export function errorText(e: unknown): string {
  if (e instanceof ApiError || e instanceof RequestError) return e.message;
  return "Something went wrong.";
}

export function statusLine(): HTMLElement {
  return h("p", { class: "form-error", attrs: { role: "alert" } });
}

// A username search box: results are buttons; picking one calls onPick.

export function userPicker(ui: Ui, label: string, onPick: (u: User) => void, exclude: () => string[] = () => []): HTMLElement {
  const results = h("ul", { class: "picker-results", attrs: { "aria-label": "Matching people" } });
  const box = input({ type: "search", autocomplete: "off", autocapitalize: "none", placeholder: "Start typing a username" });
  const f = field(label, box);
  let seq = 0;
  box.addEventListener("input", async () => {
    const prefix = box.value.trim().toLowerCase().replace(/^@/, "");
    const mine = ++seq;
    if (!prefix) {
      replace(results);
      return;
    }
    try {
      const { users } = await ui.controller.api.searchUsers(prefix, 10);
      if (mine !== seq) return;
      const skip = new Set([ui.store.username, ...exclude()]);
      const shown = users.filter((u) => !skip.has(u.username));
      for (const u of shown) ui.store.users.put(u);
      replace(
        results,
        shown.length === 0
          ? h("li", { class: "empty" }, "Nobody found.")
          : shown.map((u) =>
              h(
                "li",
                null,
                h(
                  "button",
                  { class: "picker-item", attrs: { type: "button" }, on: { click: () => onPick(u) } },
                  avatarFor(u.avatar, u.username, "small"),
                  h("strong", null, u.username),
                  u.display_name ? h("span", null, ` ${u.display_name}`) : null,
                ),
              ),
            ),
      );
    } catch (e) {
      if (mine === seq) replace(results, h("li", { class: "empty" }, errorText(e)));
    }
  });
  return h("div", { class: "picker" }, f.row, results);
}
