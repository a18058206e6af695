// What a start-up without natterd shows (the shell itself came from the
// service worker, or the browser's cache): the app's own offline state, which
// tries again by itself, at once when the browser says the network is back,
// and on request.

import type { Backoff } from "../net/backoff";
import { h } from "./dom";

// `backoff` spaces the tries out across screens (each failed try shows a new one).
export function offlineScreen(retry: () => Promise<void>, backoff: Backoff): HTMLElement {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const again = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    window.removeEventListener("online", again);
    if (screen.isConnected) void retry();
  };
  const status = h("p", { class: "offline-status", attrs: { role: "status", "aria-live": "polite" } }, "Trying again shortly…");
  const screen = h(
    "main",
    { class: "offline-screen", attrs: { "aria-labelledby": "offline-title" } },
    h("h1", { attrs: { id: "offline-title" } }, "Natter cannot reach its server"),
    h("p", null, "You or the server may be offline. Your messages are safe on the server; they show once it answers again."),
    status,
    h("button", { class: "primary", attrs: { type: "button" }, on: { click: again } }, "Try again now"),
  );
  timer = setTimeout(again, backoff.next());
  window.addEventListener("online", again);
  return screen;
}
