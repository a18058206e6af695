// Profile, password, status, sessions, log out.

import type { OwnStatus, User } from "../../protocol";
import type { Ui } from "../context";
import { field, h, input } from "../dom";
import { openModal } from "../modal";
import { errorText, statusLine } from "./common";
import { pictureSection, profilePicture } from "./picture";
import { deleteAccountSection } from "./delete_account";
import { keyBackupSection } from "./key_backup";
import { sessionsSection } from "./sessions";

export function openProfile(ui: Ui): void {
  openModal("Profile and settings", (modal) => {
    const me = ui.store.me;
    const status = statusLine();
    const saved = h("p", { class: "form-ok", attrs: { role: "status" } });
    const fields = {
      display_name: field("Display name", input({ type: "text", maxlength: 64, value: me?.display_name ?? "" })),
      username: field("Username", input({ type: "text", required: true, autocapitalize: "none", value: me?.username ?? "" })),
      email: field("Email", input({ type: "email", required: true, value: me?.email ?? "" })),
      bio: field("Bio", h("textarea", { attrs: { maxlength: 500, rows: 3 } })),
    };
    fields.bio.control.value = me?.bio ?? "";
    const emailNote = emailState(ui, status);
    fields.email.row.append(emailNote.row);
    void ui.controller.api.me().then(({ user }) => {
      ui.store.me = { ...ui.store.me, ...user };
      emailNote.show(user);
      fields.email.control.value = user.email ?? "";
      fields.bio.control.value = user.bio ?? "";
      fields.display_name.control.value = user.display_name;
      fields.username.control.value = user.username;
    }).catch(() => {});
    const profile = h(
      "form",
      {
        on: {
          submit: async (e) => {
            e.preventDefault();
            status.textContent = saved.textContent = "";
            try {
              const { user } = await ui.controller.api.updateMe({
                display_name: fields.display_name.control.value.trim(),
                username: fields.username.control.value.trim(),
                email: fields.email.control.value.trim(),
                bio: fields.bio.control.value,
              });
              ui.store.me = { ...ui.store.me, ...user };
              ui.store.changed();
              emailNote.show(user);
              saved.textContent = user.pending_email ? `Profile saved. We mailed a link to ${user.pending_email}: your address changes when you open it.` : "Profile saved.";
            } catch (err) {
              status.textContent = errorText(err);
            }
          },
        },
      },
      h("h3", null, "Profile"),
      Object.values(fields).map((f) => f.row),
      h("button", { class: "primary", attrs: { type: "submit" } }, "Save profile"),
    );

    const select = h("select", null, ...(["online", "away", "busy", "invisible"] as OwnStatus[]).map((s) => h("option", { attrs: { value: s, selected: ui.controller.ownStatus === s } }, s)));
    const statusField = field("Status", select);
    select.addEventListener("change", () => {
      void ui.controller.setStatus(select.value as OwnStatus).catch((e) => (status.textContent = errorText(e)));
    });

    const current = field("Current password", input({ type: "password", autocomplete: "current-password", required: true }));
    const next = field("New password", input({ type: "password", autocomplete: "new-password", required: true, minlength: 8 }));
    const password = h(
      "form",
      {
        on: {
          submit: async (e) => {
            e.preventDefault();
            status.textContent = saved.textContent = "";
            try {
              await ui.controller.api.changePassword(current.control.value, next.control.value);
              current.control.value = next.control.value = "";
              saved.textContent = "Password changed. Your other sessions were signed out.";
            } catch (err) {
              status.textContent = errorText(err);
            }
          },
        },
      },
      h("h3", null, "Password"),
      current.row,
      next.row,
      h("button", { attrs: { type: "submit" } }, "Change password"),
    );

    return [
      pictureSection(ui, modal, profilePicture(ui)),
      statusField.row,
      profile,
      password,
      status,
      saved,
      sessionsSection(ui),
      keyBackupSection(ui),
      exportSection(ui),
      deleteAccountSection(ui, modal),
      h(
        "div",
        { class: "dialog-actions" },
        h(
          "button",
          {
            class: "danger",
            attrs: { type: "button" },
            on: {
              click: async () => {
                modal.close();
                await ui.controller.logout();
              },
            },
          },
          "Log out",
        ),
      ),
    ];
  });
}

// Under the email field: a new address waiting for its link, or a current
// one never confirmed, with a way to have the link sent again.
function emailState(ui: Ui, status: HTMLElement): { row: HTMLElement; show: (user: User) => void } {
  const text = h("span");
  const again = h("button", { class: "link-button", attrs: { type: "button" } }, "Send the link again");
  const row = h("p", { class: "hint" }, text, " ", again);
  row.hidden = true;
  again.addEventListener("click", async () => {
    try {
      await ui.controller.api.resendEmailLink();
      text.textContent = "A new link is on its way.";
      again.hidden = true;
    } catch (err) {
      status.textContent = errorText(err);
    }
  });
  const show = (user: User) => {
    again.hidden = !!user.pending_email;
    if (user.pending_email) text.textContent = `Waiting for you to open the link mailed to ${user.pending_email}; until then this address stays.`;
    else text.textContent = user.email_verified === false ? "Not confirmed yet: open the link we mailed to this address." : "";
    row.hidden = !text.textContent;
  };
  return { row, show };
}

// "Download my data": the export (GET /me/export), saved as a file.
function exportSection(ui: Ui): HTMLElement {
  const status = statusLine();
  const progress = h("p", { class: "hint", attrs: { role: "status" } });
  const button = h("button", { attrs: { type: "button" } }, "Download my data");
  button.addEventListener("click", async () => {
    status.textContent = progress.textContent = "";
    button.disabled = true;
    try {
      const blob = await ui.controller.api.exportData((bytes) => (progress.textContent = `Received ${Math.round(bytes / 1024)} KiB…`));
      const link = h("a", { attrs: { href: URL.createObjectURL(blob), download: `natter-export-${ui.store.me?.username ?? "me"}.json` } });
      link.click();
      setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
      progress.textContent = "Your data is saved: your profile, contacts and the history of every conversation you are in.";
    } catch (err) {
      status.textContent = errorText(err);
    } finally {
      button.disabled = false;
    }
  });
  return h(
    "section",
    { attrs: { "aria-labelledby": "export-title" } },
    h("h3", { attrs: { id: "export-title" } }, "Your data"),
    h("p", { class: "hint" }, "A file with your profile, contacts and every message of the conversations you are in."),
    button,
    progress,
    status,
  );
}
