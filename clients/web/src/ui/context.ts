// What every view gets: the controller, the store, preferences and the
// current selection.

import type { Controller } from "../controller";
import type { Store } from "../state/store";
import type { Mutes, Toasts } from "./notify";

// A conversation on screen, or a draft direct chat with someone not yet
// written to.
export type Selection = { id: number } | { draft: string };

export interface Ui {
  controller: Controller;
  store: Store;
  mutes: Mutes;
  toasts: Toasts;
  selection: Selection | null;
  select(sel: Selection | null): void;
  // Opens a direct chat with a user: the existing one, or a draft.
  chatWith(username: string): void;
}

// Re-renders a region and puts keyboard focus back on the element with the
// same data-key, so live updates do not throw the user's focus away.
export function keepFocus(region: Element, render: () => void): void {
  const active = document.activeElement;
  const key = active instanceof HTMLElement && region.contains(active) ? active.dataset.key : undefined;
  render();
  if (key) region.querySelector<HTMLElement>(`[data-key="${CSS.escape(key)}"]`)?.focus();
}
