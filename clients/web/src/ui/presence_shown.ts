// What the app shows of presence while it is not connected: nothing it heard
// before is known to be true any more, so other people's presence is dropped
// (the sync after reconnecting brings it back) and one's own dot is offline,
// not the green of a status nobody can see.

import type { Ui } from "./context";

export function ownPresenceClass(ui: Ui): string {
  if (ui.store.connection !== "online") return "offline";
  const status = ui.controller.ownStatus;
  return status === "invisible" ? "offline" : status;
}

// The header's line about the other person when nothing is known.
export function unknownPresenceText(ui: Ui): string {
  return ui.store.connection === "online" ? "" : "Not connected: status unknown";
}
