// The profile dialog's "Key backup" section (docs/security.md, "The web app:
// key backup and key requests"): the backup's status, setting one up with a
// recovery passphrase, and restoring from it on a new browser.

import { LocalRefusal, MIN_PASSPHRASE, type BackupStatus } from "../../e2ee/crypto_session";
import type { Ui } from "../context";
import { field, h, input, replace } from "../dom";
import { errorText, statusLine } from "./common";

function statusText(s: BackupStatus): string {
  if (s.version === null) return "No key backup yet. Set one up so that a new browser or device can read your encrypted history.";
  const keys = `${s.count} ${s.count === 1 ? "key" : "keys"}`;
  return `Backup version ${s.version} · ${keys} · ${s.uploads ? "this browser uploads new keys" : "this browser does not upload (restore to use it here)"}`;
}

function failure(e: unknown): string {
  return e instanceof LocalRefusal ? e.message : errorText(e);
}

export function keyBackupSection(ui: Ui): HTMLElement {
  const section = h("section", { class: "key-backup", attrs: { "aria-label": "Key backup" } });
  const state = h("p", { class: "backup-status", attrs: { role: "status" } });
  const notice = h("p", { class: "hint backup-notice" });
  const error = statusLine();
  const ok = h("p", { class: "form-ok", attrs: { role: "status" } });
  const form = h("div", { class: "backup-form" });
  const setupButton = h("button", { attrs: { type: "button" } }, "Set up backup");
  const restoreButton = h("button", { attrs: { type: "button" } }, "Restore from backup");
  replace(section, h("h3", null, "Key backup"), state, notice, h("div", { class: "dialog-actions backup-actions" }, setupButton, restoreButton), form, error, ok);

  const session = () => ui.controller.e2ee.session;
  const refresh = async () => {
    const s = session();
    setupButton.disabled = restoreButton.disabled = !s;
    if (ui.controller.e2ee.notices.some((n) => n.kind === "backup_replaced")) {
      notice.textContent = "Your key backup was replaced on another device: restore from it (with its passphrase) to upload from this browser again.";
    }
    if (!s) {
      state.textContent = `Unavailable: ${ui.controller.e2ee.unavailable ?? ""}.`;
      return;
    }
    try {
      state.textContent = statusText(await s.backupStatus());
    } catch (e) {
      error.textContent = errorText(e);
    }
  };

  setupButton.addEventListener("click", () => {
    error.textContent = ok.textContent = "";
    const first = field("Recovery passphrase", input({ type: "password", autocomplete: "new-password", required: true }), `At least ${MIN_PASSPHRASE} characters.`);
    const second = field("Repeat the passphrase", input({ type: "password", autocomplete: "new-password", required: true }));
    const submit = h("button", { class: "primary", attrs: { type: "submit" } }, "Create backup");
    replace(
      form,
      h(
        "form",
        {
          on: {
            submit: async (e) => {
              e.preventDefault();
              error.textContent = ok.textContent = "";
              const s = session();
              const pass = first.control.value;
              if (pass.length < MIN_PASSPHRASE) return void (error.textContent = `The passphrase needs at least ${MIN_PASSPHRASE} characters.`);
              if (pass !== second.control.value) return void (error.textContent = "The two passphrases differ.");
              if (!s) return;
              submit.disabled = true;
              ok.textContent = "Setting up the backup…";
              try {
                const status = await s.backupSetup(pass);
                ui.controller.e2ee.notices = ui.controller.e2ee.notices.filter((n) => n.kind !== "backup_replaced");
                notice.textContent = "";
                replace(form);
                ok.textContent = `Backup set up: ${status.count} ${status.count === 1 ? "key" : "keys"} saved. New keys are added as they arrive.`;
                state.textContent = statusText(status);
              } catch (err) {
                ok.textContent = "";
                error.textContent = failure(err);
              } finally {
                submit.disabled = false;
              }
            },
          },
        },
        h(
          "p",
          { class: "warning", attrs: { role: "note" } },
          "Keep this passphrase somewhere safe. If it is lost, the backup cannot be read: nobody can recover it, not even the server's operators. A new backup replaces the current one.",
        ),
        first.row,
        second.row,
        submit,
      ),
    );
    first.control.focus();
  });

  restoreButton.addEventListener("click", () => {
    error.textContent = ok.textContent = "";
    const pass = field("Backup passphrase", input({ type: "password", autocomplete: "current-password", required: true }));
    const submit = h("button", { class: "primary", attrs: { type: "submit" } }, "Restore");
    replace(
      form,
      h(
        "form",
        {
          on: {
            submit: async (e) => {
              e.preventDefault();
              error.textContent = ok.textContent = "";
              const s = session();
              if (!s) return;
              submit.disabled = true;
              ok.textContent = "Restoring…";
              try {
                const { imported, skipped } = await s.backupRestore(pass.control.value);
                ui.controller.e2ee.notices = ui.controller.e2ee.notices.filter((n) => n.kind !== "backup_replaced");
                notice.textContent = "";
                replace(form);
                ok.textContent = `Restored: ${imported} ${imported === 1 ? "key" : "keys"} imported${skipped > 0 ? `, ${skipped} damaged and skipped` : ""}.`;
                await refresh();
              } catch (err) {
                ok.textContent = "";
                error.textContent = failure(err);
                pass.control.select();
              } finally {
                submit.disabled = false;
              }
            },
          },
        },
        pass.row,
        submit,
      ),
    );
    pass.control.focus();
  });

  void refresh();
  return section;
}
