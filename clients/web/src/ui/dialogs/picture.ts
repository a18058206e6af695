// A picture section, for the profile dialog (PATCH /me) and a group's
// members dialog (group.update): change the picture (an upload with
// purpose=avatar, then set) or remove it.

import type { Upload } from "../../state/uploads";
import { avatarFor } from "../avatar";
import type { Ui } from "../context";
import { h, input, replace } from "../dom";
import type { Modal } from "../modal";
import { UploadRows } from "../upload_view";
import { errorText, statusLine } from "./common";

const ACCEPT = "image/png,image/jpeg,image/gif,image/webp";

// Whose picture a section shows and changes.
export interface PictureTarget {
  label: string; // "Profile picture", "Group picture"
  current(): { avatar: string | null | undefined; name: string };
  set(id: string): Promise<void>; // "" removes it
}

export function profilePicture(ui: Ui): PictureTarget {
  return {
    label: "Profile picture",
    current: () => ({ avatar: ui.store.me?.avatar, name: ui.store.me?.display_name || ui.store.me?.username || "" }),
    set: (id) => ui.controller.setAvatar(id),
  };
}

export function groupPicture(ui: Ui, conversationId: number): PictureTarget {
  return {
    label: "Group picture",
    current: () => {
      const info = ui.store.conversations.get(conversationId)?.info;
      return { avatar: info?.avatar, name: info?.name ?? "" };
    },
    set: async (id) => {
      await ui.controller.groupAction("group.update", { conversation_id: conversationId, avatar: id });
    },
  };
}

export function pictureSection(ui: Ui, modal: Modal, target: PictureTarget): HTMLElement {
  const { controller } = ui;
  const preview = h("div", { class: "profile-picture" });
  const rows = new UploadRows();
  const list = h("ul", { class: "upload-list", attrs: { "aria-label": "Picture upload" } });
  const status = statusLine();
  const done = h("p", { class: "form-ok", attrs: { role: "status" } });
  const picker = input({ type: "file", accept: ACCEPT, class: "visually-hidden", tabindex: "-1", "aria-hidden": "true" });
  let current: Upload | null = null;

  const remove = h("button", { attrs: { type: "button" } }, "Remove picture");
  const render = () => {
    const now = target.current();
    replace(preview, avatarFor(now.avatar, now.name, "large"));
    remove.hidden = !now.avatar;
    replace(list, current ? rows.row(current, { cancel: () => drop(), retry: () => current && controller.media.uploads.retry(current.key) }) : null);
  };
  const drop = () => {
    if (current) {
      controller.media.uploads.cancel(current.key);
      controller.media.uploads.forget(current.key);
    }
    current = null;
    render();
  };
  const apply = async (id: string, message: string) => {
    status.textContent = done.textContent = "";
    try {
      await target.set(id);
      done.textContent = message;
    } catch (e) {
      status.textContent = errorText(e);
    }
    render();
  };
  const listener = (u: Upload) => {
    if (u !== current) return;
    rows.progress(u);
    if (u.state === "uploading" && u.loaded > 0) return;
    if (u.state === "done" && u.media) {
      controller.media.uploads.forget(u.key);
      current = null;
      void apply(u.media.id, "Picture changed.");
    }
    render();
  };
  controller.media.listeners.add(listener);
  modal.dialog.addEventListener("close", () => {
    controller.media.listeners.delete(listener);
    drop();
  });

  picker.addEventListener("change", () => {
    const file = picker.files?.[0];
    picker.value = "";
    if (!file) return;
    drop();
    status.textContent = done.textContent = "";
    current = controller.media.uploads.add(file, file.name || "avatar", "avatar");
    render();
  });
  remove.addEventListener("click", () => void apply("", "Picture removed."));
  render();
  return h(
    "section",
    { class: "picture-section", attrs: { "aria-label": target.label } },
    preview,
    h(
      "div",
      { class: "picture-actions" },
      h("button", { attrs: { type: "button" }, on: { click: () => picker.click() } }, "Change picture"),
      remove,
      picker,
      list,
      status,
      done,
    ),
  );
}
