// The profile dialog's list of sessions: where the account is logged in,
// with "Log out" for each and "Log out other devices".

import type { Session } from "../../protocol";
import type { Ui } from "../context";
import { h, replace } from "../dom";
import { clock, dayLabel, deviceName } from "../format";
import { errorText, statusLine } from "./common";

function when(ts: number): string {
  return `${dayLabel(ts)} ${clock(ts)}`;
}

export function sessionsSection(ui: Ui): HTMLElement {
  const list = h("ul", { class: "session-list" });
  const status = statusLine();
  const others = h("button", { attrs: { type: "button" } }, "Log out other devices");
  const load = async () => {
    try {
      const { sessions } = await ui.controller.api.sessions();
      replace(list, sessions.map(row));
      others.hidden = !sessions.some((s) => !s.current);
    } catch (e) {
      status.textContent = errorText(e);
    }
  };
  const end = async (id?: string) => {
    status.textContent = "";
    try {
      await ui.controller.api.endSessions(id);
      await load();
    } catch (e) {
      status.textContent = errorText(e);
    }
  };
  const row = (s: Session) =>
    h(
      "li",
      { class: "session", attrs: { "data-current": String(s.current) } },
      h("span", { class: "session-device" }, deviceName(s.user_agent), s.current ? h("span", { class: "session-current" }, " (this device)") : null),
      h("span", { class: "session-detail" }, `${s.address || "unknown address"} · last active ${when(s.last_used_at)} · since ${when(s.created_at)}`),
      s.current ? null : h("button", { class: "danger", attrs: { type: "button", "aria-label": `Log out ${deviceName(s.user_agent)}` }, on: { click: () => void end(s.id) } }, "Log out"),
    );
  others.addEventListener("click", () => void end());
  void load();
  return h("section", { class: "sessions-section", attrs: { "aria-label": "Where you are logged in" } }, h("h3", null, "Where you are logged in"), list, others, status);
}
