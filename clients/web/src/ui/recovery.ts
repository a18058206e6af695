// Links mailed to people: password recovery (ask for a link with "Forgot
// password?"; the page the link opens, /#reset=<token>, chooses a new
// password) and the page a confirmation link opens (/#confirm-email=<token>).

import { ApiError, type Api } from "../net/http";
import { field, h, input } from "./dom";

function card(title: string, ...content: (HTMLElement | null)[]): HTMLElement {
  return h("main", { class: "auth" }, h("section", { class: "auth-card" }, h("h1", { class: "brand" }, "Natter"), h("h2", { attrs: { id: "auth-title" } }, title), ...content));
}

function backLink(label: string, back: () => void): HTMLElement {
  return h("p", { class: "auth-switch" }, h("button", { class: "link-button", attrs: { type: "button" }, on: { click: back } }, label));
}

function failure(err: unknown): string {
  return err instanceof Error ? err.message : "Something went wrong.";
}

export function forgotScreen(api: Api, back: () => void): HTMLElement {
  const email = field("Email", input({ name: "email", type: "email", autocomplete: "email", required: true }), "We mail a link to this address if an account has it.");
  const status = h("p", { class: "form-error", attrs: { role: "alert" } });
  const done = h("p", { class: "form-ok", attrs: { role: "status" } });
  const submit = h("button", { class: "primary", attrs: { type: "submit" } }, "Send me a link");
  const form = h(
    "form",
    {
      class: "auth-form",
      attrs: { "aria-labelledby": "auth-title" },
      on: {
        submit: async (e) => {
          e.preventDefault();
          status.textContent = done.textContent = "";
          submit.disabled = true;
          try {
            await api.requestPasswordReset(email.control.value.trim());
            done.textContent = "If an account has this address, a link to choose a new password is on its way. It works for 30 minutes.";
          } catch (err) {
            status.textContent = failure(err);
          } finally {
            submit.disabled = false;
          }
        },
      },
    },
    email.row,
    status,
    done,
    submit,
  );
  return card("Forgot your password?", form, backLink("Back to log in", back));
}

export function resetScreen(api: Api, token: string, finished: () => void): HTMLElement {
  const password = field("New password", input({ name: "new_password", type: "password", autocomplete: "new-password", minlength: "8", required: true }), "At least 8 characters");
  const again = field("New password, again", input({ name: "again", type: "password", autocomplete: "new-password", required: true }));
  const status = h("p", { class: "form-error", attrs: { role: "alert" } });
  const done = h("p", { class: "form-ok", attrs: { role: "status" } });
  const submit = h("button", { class: "primary", attrs: { type: "submit" } }, "Set new password");
  const form = h(
    "form",
    {
      class: "auth-form",
      attrs: { "aria-labelledby": "auth-title" },
      on: {
        submit: async (e) => {
          e.preventDefault();
          status.textContent = password.error.textContent = again.error.textContent = "";
          if (password.control.value !== again.control.value) {
            again.error.textContent = "The two passwords differ.";
            again.control.focus();
            return;
          }
          submit.disabled = true;
          try {
            await api.resetPassword(token, password.control.value);
            form.hidden = true;
            done.textContent = "Your password is changed, and every device was logged out. Log in with the new one.";
          } catch (err) {
            if (err instanceof ApiError && err.field === "new_password") password.error.textContent = err.message;
            else status.textContent = failure(err);
          } finally {
            submit.disabled = false;
          }
        },
      },
    },
    password.row,
    again.row,
    status,
    submit,
  );
  return card("Choose a new password", form, done, backLink("Go to log in", finished));
}

// Uses the token at once: opening the link is the confirmation.
export function confirmEmailScreen(api: Api, token: string, next: () => void): HTMLElement {
  const status = h("p", { class: "form-ok", attrs: { role: "status" } }, "Confirming your address…");
  const problem = h("p", { class: "form-error", attrs: { role: "alert" } });
  api.confirmEmail(token).then(
    () => (status.textContent = "Your email address is confirmed."),
    (err: unknown) => {
      status.textContent = "";
      problem.textContent = err instanceof ApiError && err.field === "email" ? "This address is now used by another account: choose another one in your profile." : failure(err);
    },
  );
  return card("Email address", status, problem, backLink("Continue to Natter", next));
}
