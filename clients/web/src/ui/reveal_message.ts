// Shows one message of the list: what a reply's quote leads to.

// Scrolls to a message on screen and marks it for a moment; false when it is
// not on screen.
export function revealMessage(list: HTMLElement, messageId: number, markMs: number): boolean {
  const el = list.querySelector<HTMLElement>(`article.message[data-id="${messageId}"]`);
  if (!el) return false;
  el.scrollIntoView({ block: "center" });
  el.classList.add("jumped-to");
  if (!el.hasAttribute("tabindex")) el.tabIndex = -1;
  el.focus({ preventScroll: true });
  setTimeout(() => el.classList.remove("jumped-to"), markMs);
  return true;
}
