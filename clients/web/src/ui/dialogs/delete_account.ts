// The profile dialog's last section: deleting the account, with the password
// and a second, explicit step.

import type { Ui } from "../context";
import { field, h, input } from "../dom";
import type { Modal } from "../modal";
import { errorText, statusLine } from "./common";

export function deleteAccountSection(ui: Ui, modal: Modal): HTMLElement {
  const password = field("Password", input({ type: "password", autocomplete: "current-password" }));
  const status = statusLine();
  const start = h("button", { class: "danger", attrs: { type: "button" } }, "Delete account…");
  const confirm = h("button", { class: "danger", attrs: { type: "submit" } }, "Delete my account for good");
  const form = h(
    "form",
    {
      class: "delete-account-form",
      on: {
        submit: async (e) => {
          e.preventDefault();
          status.textContent = password.error.textContent = "";
          confirm.disabled = true;
          try {
            await ui.controller.deleteAccount(password.control.value);
            modal.close();
          } catch (err) {
            password.error.textContent = errorText(err);
            password.control.focus();
          } finally {
            confirm.disabled = false;
          }
        },
      },
    },
    h(
      "p",
      null,
      "Your profile, picture, contacts and sessions are erased, and you leave every group and room. Messages you sent stay in others' chats, shown as from “Deleted user”. Your username stays reserved for 30 days. This cannot be undone.",
    ),
    password.row,
    confirm,
    status,
  );
  form.hidden = true;
  start.addEventListener("click", () => {
    form.hidden = false;
    start.hidden = true;
    password.control.focus();
  });
  return h("section", { class: "delete-account", attrs: { "aria-label": "Delete account" } }, h("h3", null, "Delete account"), start, form);
}
