// Log-in and registration screens; password recovery is in recovery.ts.

import type { Controller } from "../controller";
import { ApiError } from "../net/http";
import { field, h, input } from "./dom";

type Mode = "login" | "register";

// invite: a code from an /#invite=CODE link, filled in (and the field shown).
export function authScreen(controller: Controller, mode: Mode, switchTo: (m: Mode | "forgot") => void, invite = ""): HTMLElement {
  const fields = new Map<string, ReturnType<typeof field>>();
  const add = (name: string, label: string, attrs: Record<string, string | boolean>, hint?: string) => {
    const f = field(label, input({ name, required: true, ...attrs }), hint);
    fields.set(name, f);
    return f.row;
  };
  const status = h("p", { class: "form-error", attrs: { role: "alert" } });
  const submit = h("button", { class: "primary", attrs: { type: "submit" } }, mode === "login" ? "Log in" : "Create account");

  const rows =
    mode === "login"
      ? [
          add("login", "Username or email", { type: "text", autocomplete: "username", autocapitalize: "none" }),
          add("password", "Password", { type: "password", autocomplete: "current-password" }),
        ]
      : [
          add("email", "Email", { type: "email", autocomplete: "email" }),
          add("username", "Username", { type: "text", autocomplete: "username", autocapitalize: "none", pattern: "[A-Za-z0-9_.\\-]{3,32}" }, "3–32 characters: letters, digits, _ . -"),
          add("display_name", "Display name (optional)", { type: "text", autocomplete: "name", maxlength: "64", required: false }),
          add("password", "Password", { type: "password", autocomplete: "new-password", minlength: "8" }, "At least 8 characters"),
          add("invite", "Invite code", { type: "text", autocomplete: "off", autocapitalize: "none", required: false, value: invite }, "This server is invite-only: ask its administrator for a code."),
        ];
  if (mode === "register") showInviteWhenRequired(controller, fields.get("invite")!, invite !== "");

  const value = (name: string) => (fields.get(name)?.control.value ?? "").trim();

  const form = h(
    "form",
    {
      class: "auth-form",
      attrs: { novalidate: false, "aria-labelledby": "auth-title" },
      on: {
        submit: async (e) => {
          e.preventDefault();
          status.textContent = "";
          for (const f of fields.values()) {
            f.error.textContent = "";
            f.control.removeAttribute("aria-invalid");
          }
          submit.disabled = true;
          try {
            if (mode === "login") await controller.login(value("login"), fields.get("password")!.control.value);
            else await controller.register(value("email"), value("username"), fields.get("password")!.control.value, value("display_name"), value("invite"));
          } catch (err) {
            const f = err instanceof ApiError && err.field ? fields.get(err.field) : undefined;
            const message = err instanceof Error ? err.message : "Something went wrong.";
            if (f) {
              f.error.textContent = message;
              f.control.setAttribute("aria-invalid", "true");
              f.control.focus();
            } else {
              status.textContent = message;
            }
          } finally {
            submit.disabled = false;
          }
        },
      },
    },
    rows,
    status,
    submit,
    mode === "login"
      ? h("p", { class: "auth-forgot" }, h("button", { class: "link-button", attrs: { type: "button" }, on: { click: () => switchTo("forgot") } }, "Forgot password?"))
      : null,
  );

  return h(
    "main",
    { class: "auth" },
    h(
      "section",
      { class: "auth-card" },
      h("h1", { class: "brand" }, "Natter"),
      h("h2", { attrs: { id: "auth-title" } }, mode === "login" ? "Log in" : "Create your account"),
      form,
      h(
        "p",
        { class: "auth-switch" },
        mode === "login" ? "New here? " : "Already have an account? ",
        h(
          "button",
          { class: "link-button", attrs: { type: "button" }, on: { click: () => switchTo(mode === "login" ? "register" : "login") } },
          mode === "login" ? "Create an account" : "Log in",
        ),
      ),
    ),
  );
}

// The invite field shows when the server says invites are required
// (GET /api/v1/server), or when a link brought a code.
function showInviteWhenRequired(controller: Controller, invite: { row: HTMLElement; control: { required: boolean } }, given: boolean): void {
  const show = () => {
    invite.row.hidden = false;
    invite.control.required = true;
  };
  invite.row.hidden = true;
  if (given) show();
  controller.api
    .serverInfo()
    .then((info) => {
      if (info.invite_required) show();
    })
    .catch(() => {});
}
