// Pictures of people and groups: the avatar's 64×64 thumbnail (public, so a
// plain <img src>), or the first letter of the name when there is none or it
// fails to load.

import { avatarUrl, mediaUrl } from "../net/media";
import type { ConversationState } from "../state/store";
import type { Ui } from "./context";
import { h } from "./dom";

export type AvatarSize = "small" | "medium" | "large";

function letterOf(name: string): string {
  return [...name.trim()][0]?.toUpperCase() ?? "?";
}

// An avatar for a media id (or null), with the letter of `name` as fallback.
export function avatarFor(id: string | null | undefined, name: string, size: AvatarSize = "medium", mark = ""): HTMLElement {
  const el = h("span", { class: `avatar avatar-${size}`, attrs: { "aria-hidden": "true" } });
  const letter = mark || letterOf(name);
  if (!id) {
    el.textContent = letter;
    return el;
  }
  el.classList.add("has-picture");
  const img = h("img", {
    // The large size shows the 256×256 picture, the others the 64×64 one.
    attrs: { src: size === "large" ? mediaUrl(id) : avatarUrl(id), alt: "", width: size === "large" ? 256 : 64, height: size === "large" ? 256 : 64, decoding: "async", "data-avatar": id },
    on: {
      error: () => {
        el.classList.remove("has-picture");
        el.replaceChildren(letter);
      },
    },
  });
  el.append(img);
  return el;
}

// A person's avatar: their profile is fetched (once) when not known yet.
export function avatar(ui: Ui, username: string, size: AvatarSize = "medium"): HTMLElement {
  return avatarFor(ui.store.avatarOf(username), username, size);
}

// A conversation's avatar: the other person's in a direct chat, a group's
// picture or the first letter of its name, "#" for a room.
export function conversationAvatar(ui: Ui, c: ConversationState, size: AvatarSize = "medium"): HTMLElement {
  const info = c.info;
  if (info.kind === "direct") return avatar(ui, info.name, size);
  return avatarFor(info.kind === "group" ? info.avatar : null, info.name, size, info.kind === "room" ? "#" : "");
}
