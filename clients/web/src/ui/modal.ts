// Modal dialogs on the native <dialog>: focus is trapped, Esc closes, and the
// element is removed once closed.

import { h, type Child } from "./dom";

export interface Modal {
  dialog: HTMLDialogElement;
  body: HTMLElement;
  close(): void;
}

export function openModal(title: string, build: (m: Modal) => Child, onClose?: () => void): Modal {
  const titleId = `dlg-${Math.random().toString(36).slice(2)}`;
  const body = h("div", { class: "dialog-body" });
  const dialog = h("dialog", { class: "dialog", attrs: { "aria-labelledby": titleId } });
  const modal: Modal = { dialog, body, close: () => dialog.close() };
  dialog.append(
    h(
      "header",
      { class: "dialog-header" },
      h("h2", { attrs: { id: titleId } }, title),
      h("button", { class: "icon-button", attrs: { type: "button", "aria-label": "Close" }, on: { click: () => modal.close() } }, "×"),
    ),
    body,
  );
  const content = build(modal);
  if (content) body.append(...(Array.isArray(content) ? content : [content]).filter((c): c is Node => c instanceof Node));
  dialog.addEventListener("close", () => {
    dialog.remove();
    onClose?.();
  });
  document.body.append(dialog);
  dialog.showModal();
  return modal;
}

// Closes every open dialog (a page that replaces the app, e.g. a mailed
// link's, must not sit under one).
export function closeAllModals(): void {
  for (const d of document.querySelectorAll<HTMLDialogElement>("dialog.dialog[open]")) d.close();
}
