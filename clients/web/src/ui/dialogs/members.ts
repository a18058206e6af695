// A group's members, their roles, its name and picture, and leaving; a
// room's members (learned from its log), their roles, moderation and topic.

import type { Role, RoomAction } from "../../protocol";
import { avatar } from "../avatar";
import type { Ui } from "../context";
import { field, h, input, replace } from "../dom";
import { confirmAction } from "../confirm";
import { openModal } from "../modal";
import { errorText, statusLine, userPicker } from "./common";
import { groupPicture, pictureSection } from "./picture";

const rank: Record<Role, number> = { owner: 2, admin: 1, member: 0 };

export function openMembers(ui: Ui, id: number): void {
  const isRoom = ui.store.conversations.get(id)?.info.kind === "room";
  openModal(isRoom ? "Room members" : "Group members", (modal) => {
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
    const groupName = () => ui.store.conversations.get(id)?.info.name ?? "";
    const removeMember = async (user: string) => {
      if (await confirmAction(`Remove ${user}?`, `${user} leaves “${groupName()}” and stops getting its messages.`, "Remove")) await act("group.remove", { username: user });
    };
    const leave = async () => {
      if (await confirmAction("Leave this group?", `You stop getting the messages of “${groupName()}”. To come back, someone has to add you again.`, "Leave group")) await act("group.leave", {});
    };
    // Room moderation: kick, ban, mute, unmute; the server checks the ranks too.
    const moderate = async (type: `room.${RoomAction}` | "room.topic", fields: Record<string, unknown>) => {
      status.textContent = "";
      try {
        await ui.controller.roomAction(type, { conversation_id: id, ...fields });
        if (type !== "room.topic") status.textContent = `${String(fields.username)}: ${type.slice(5)} done.`;
      } catch (e) {
        status.textContent = errorText(e);
      }
    };
    const roomButtons = (user: string): HTMLElement[] =>
      (["kick", "ban", "mute", "unmute"] as const).map((action) =>
        h(
          "button",
          { class: action === "kick" || action === "ban" ? "danger" : "", attrs: { type: "button", "data-action": action }, on: { click: () => void moderate(`room.${action}`, { username: user }) } },
          action[0].toUpperCase() + action.slice(1),
        ),
      );
    const render = () => {
      const conv = ui.store.conversations.get(id);
      if (!conv) return;
      const manage = conv.info.role === "owner" || conv.info.role === "admin";
      const roles = conv.timeline.roles;
      // A room lists no members: those are the ones its log shows in it.
      const members = isRoom ? [...roles.keys()].sort() : conv.info.members;
      replace(
        list,
        members.map((user) => {
          const role: Role | undefined = user === ui.store.username ? conv.info.role : roles.get(user);
          const buttons: HTMLElement[] = [];
          if (manage && user !== ui.store.username && rank[role ?? "member"] < rank[conv.info.role]) {
            buttons.push(
              role === "admin"
                ? h("button", { attrs: { type: "button" }, on: { click: () => void act("group.role", { username: user, role: "member" }) } }, "Make member")
                : h("button", { attrs: { type: "button" }, on: { click: () => void act("group.role", { username: user, role: "admin" }) } }, "Make admin"),
              ...(isRoom
                ? roomButtons(user)
                : [h("button", { class: "danger", attrs: { type: "button" }, on: { click: () => void removeMember(user) } }, "Remove")]),
            );
          }
          return h(
            "li",
            { class: "member", attrs: { "data-user": user } },
            avatar(ui, user, "small"),
            h("span", { class: "member-name" }, user, user === ui.store.username ? " (you)" : ""),
            h("span", { class: "role" }, role ?? ""),
            h("span", { class: "member-actions" }, buttons),
          );
        }),
      );
      addSection.hidden = !manage || isRoom;
      renameSection.hidden = !manage || isRoom;
      picture.hidden = !manage || isRoom;
      topicSection.hidden = !manage || !isRoom;
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
    const topic = field("Topic", input({ type: "text", maxlength: 200, value: ui.store.conversations.get(id)?.info.topic ?? "" }));
    const topicSection = h(
      "form",
      {
        class: "inline-form",
        on: {
          submit: (e) => {
            e.preventDefault();
            void moderate("room.topic", { topic: topic.control.value.trim() });
          },
        },
      },
      topic.row,
      h("button", { attrs: { type: "submit" } }, "Set topic"),
    );
    const unsubscribe = ui.store.subscribe(render);
    modal.dialog.addEventListener("close", unsubscribe);
    render();
    void ui.controller.loadRoles(id).catch(() => {});
    return [
      list,
      addSection,
      renameSection,
      topicSection,
      picture,
      status,
      isRoom ? h("div") : h("div", { class: "dialog-actions" }, h("button", { class: "danger", attrs: { type: "button" }, on: { click: () => void leave() } }, "Leave group")),
    ];
  });
}
