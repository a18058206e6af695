// A conversation one was removed from (or left) while it was on screen: the
// bar says so, the header loses its actions, and the composer keeps the draft
// but cannot send. Undone when another conversation is shown.

import type { DepartedConversation } from "../state/departed";
import { departedText } from "../state/departed";
import { h, replace } from "./dom";

export interface ChatParts {
  header: HTMLElement;
  bar: HTMLElement;
  composer: HTMLElement;
}

// Returns true when the composer has just become usable again (its Send
// state is then the caller's to set).
export function showDeparted(parts: ChatParts, gone: DepartedConversation | undefined): boolean {
  const wasGone = parts.composer.classList.contains("read-only");
  parts.composer.classList.toggle("read-only", !!gone);
  if (gone || wasGone) {
    for (const el of parts.composer.querySelectorAll<HTMLTextAreaElement | HTMLButtonElement | HTMLInputElement>("textarea, button, input")) el.disabled = !!gone;
  }
  if (!gone) return wasGone;
  parts.bar.hidden = false;
  replace(parts.bar, h("p", { class: "departed" }, departedText(gone)));
  parts.header.querySelector(".chat-actions")?.remove();
  const subtitle = parts.header.querySelector(".subtitle");
  if (subtitle) subtitle.textContent = "You are not a member any more";
  return false;
}
