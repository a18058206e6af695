// Keyboard shortcuts that work anywhere in the signed-in app:
// Ctrl/Cmd+K switches conversation. (Up in an empty composer edits one's
// last message and Esc closes dialogs, replies and edits: those belong to
// the composer and the dialogs.)

import type { Ui } from "./context";
import { openSwitcher } from "./dialogs/switcher";

export function bindShortcuts(ui: Ui): void {
  document.addEventListener("keydown", (e) => {
    if (!ui.store.me || e.altKey || e.shiftKey) return;
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "k") {
      e.preventDefault();
      openSwitcher(ui);
    }
  });
}
