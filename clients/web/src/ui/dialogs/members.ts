// A group's members, their roles, its name and picture, and leaving.

import type { Role } from "../../protocol";
import { avatar } from "../avatar";
import type { Ui } from "../context";
import { field, h, input, replace } from "../dom";
import { openModal } from "../modal";
import { errorText, statusLine, userPicker } from "./common";
import { groupPicture, pictureSection } from "./picture";

export function openMembers(ui: Ui, id: number): void {
  openModal("Group members", (modal) => {
    const list = h("ul", { class: "member-list" });
    const status = statusLine();
    const act = async (type: Parameters<typeof ui.controller.groupAction>[0], fields: Record<string, unknown>) => {
      status.textContent = "";
      try {
        const invited = await ui.controller.groupAction(type, { conversation_id: id, ...fields });
        if (type === "group.leave") {
          modal.close();
          ui.select(null);
          return;
        }
        render();
        if (invited) status.textContent = `${String(fields.username)} was invited and joins on accepting.`;
      } catch (e) {
        status.textContent = errorText(e);
      }
    };
    const render = () => {
      const conv = ui.store.conversations.get(id);
      if (!conv) return;
      const manage = conv.info.role === "owner" || conv.info.role === "admin";
      const roles = conv.timeline.roles;
      replace(
        list,
        conv.info.members.map((user) => {
          const role: Role | undefined = user === ui.store.username ? conv.info.role : roles.get(user);
          const buttons: HTMLElement[] = [];
          if (manage && user !== ui.store.username && role !== "owner") {
            buttons.push(
              role === "admin"
                ? h("button", { attrs: { type: "button" }, on: { click: () => void act("group.role", { username: user, role: "member" }) } }, "Make member")
                : h("button", { attrs: { type: "button" }, on: { click: () => void act("group.role", { username: user, role: "admin" }) } }, "Make admin"),
              h("button", { class: "danger", attrs: { type: "button" }, on: { click: () => void act("group.remove", { username: user }) } }, "Remove"),
            );
          }
          return h(
            "li",
            { class: "member" },
            avatar(ui, user, "small"),
            h("span", { class: "member-name" }, user, user === ui.store.username ? " (you)" : ""),
            h("span", { class: "role" }, role ?? ""),
            h("span", { class: "member-actions" }, buttons),
          );
        }),
      );
      addSection.hidden = !manage;
      renameSection.hidden = !manage;
      picture.hidden = !manage;
    };
    const addSection = h("div", null, userPicker(ui, "Add a member", (u) => void act("group.add", { username: u.username }), () => ui.store.conversations.get(id)?.info.members ?? []));
    const rename = field("Group name", input({ type: "text", maxlength: 64, value: ui.store.conversations.get(id)?.info.name ?? "" }));
    const renameSection = h(
      "form",
      {
        class: "inline-form",
        on: {
          submit: (e) => {
            e.preventDefault();
            void act("group.rename", { name: rename.control.value.trim() });
          },
        },
      },
      rename.row,
      h("button", { attrs: { type: "submit" } }, "Rename"),
    );
    const picture = pictureSection(ui, modal, groupPicture(ui, id));
    const unsubscribe = ui.store.subscribe(render);
    modal.dialog.addEventListener("close", unsubscribe);
    render();
    void ui.controller.loadRoles(id).catch(() => {});
    return [
      list,
      addSection,
      renameSection,
      picture,
      status,
      h("div", { class: "dialog-actions" }, h("button", { class: "danger", attrs: { type: "button" }, on: { click: () => void act("group.leave", {}) } }, "Leave group")),
    ];
  });
}
