// How a person is shown: their display name when they have one (oneself's
// from /me, others' from the user directory, which asks natterd once and
// follows user.updated), else their username. The username stays at hand
// as the title (hover) and on the profile card.

import type { Store } from "../state/store";
import { h } from "./dom";

export function displayNameOf(store: Store, username: string): string {
  if (store.me && username === store.me.username) return store.me.display_name || username;
  return store.users.lookup(username)?.display_name || username;
}

// A direct chat's title: the other person's display name, and their
// username beside it when it differs.
export function directTitle(ui: { store: Store }, username: string): HTMLElement {
  const shown = displayNameOf(ui.store, username);
  return h("h2", { attrs: { title: `@${username}` } }, shown, shown === username ? null : h("span", { class: "chat-username" }, ` @${username}`));
}
