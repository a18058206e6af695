// End-to-end encryption on screen: the lock on encrypted chats, turning it
// on, the bar that warns about changed keys (sending waits for an
// acknowledgement) or says why this tab cannot encrypt, and the devices
// dialog with fingerprints, trust and the safety number to compare.

import type { Conversation } from "../protocol";
import { confirmAction } from "./confirm";
import type { Ui } from "./context";
import { errorText, statusLine } from "./dialogs/common";
import { h, replace } from "./dom";
import { lockIcon, unlockedIcon } from "./icons";
import { openModal } from "./modal";
import { safetyNumber, trustText, type Trust } from "../e2ee/trust";
import type { KnownDevice } from "../e2ee/directory";
import { LocalRefusal } from "../e2ee/crypto_session";

// The devices whose key requests this browser refused (unconfirmed ones).
function refusedRequests(ui: Ui): string[] {
  const ids = ui.controller.e2ee.notices.flatMap((n) => (n.kind === "key_request_refused" && n.reason === "not confirmed" ? [n.device_id] : []));
  return [...new Set(ids)];
}

export function lockMark(): HTMLElement {
  return h("span", { class: "lock-mark", attrs: { role: "img", "aria-label": "End-to-end encrypted", title: "End-to-end encrypted" } }, lockIcon());
}

// Turning it on: direct chats (either person) and groups (owner and admins).
function mayEncrypt(info: Conversation): boolean {
  return !info.encrypted && (info.kind === "direct" || (info.kind === "group" && info.role !== "member"));
}

/**
 * The lock in the header's subtitle (beside the title, so phone headers keep
 * room for the name): the devices dialog, or turning encryption on.
 */
export function encryptionTool(ui: Ui, info: Conversation): HTMLElement | null {
  if (info.encrypted) {
    const attrs = { type: "button", "data-key": "devices", "aria-label": "Encryption", title: "Encryption: devices and safety number" };
    return h("button", { class: "lock-button", attrs, on: { click: () => openDevices(ui, info) } }, lockMark());
  }
  if (!mayEncrypt(info)) return null;
  const attrs = { type: "button", "data-key": "encrypt", "aria-label": "Turn on encryption", title: "Turn on end-to-end encryption" };
  return h("button", { class: "lock-button unlocked", attrs, on: { click: () => void turnOnEncryption(ui, info) } }, unlockedIcon());
}

async function turnOnEncryption(ui: Ui, info: Conversation): Promise<void> {
  const ok = await confirmAction(
    "Turn on end-to-end encryption?",
    "New messages can be read only on the members' devices, never by the server. It cannot be turned off again, and search does not look inside encrypted chats.",
    "Turn on encryption",
  );
  if (ok) await ui.controller.encryptConversation(info.conversation_id).catch(() => {});
}

const changedStates: Trust[] = ["changed", "changed_after_verify"];

// Members of info whose keys changed unacknowledged (their user ids).
function changedMembers(ui: Ui, info: Conversation): number[] {
  const s = ui.controller.e2ee.session;
  if (!s || !info.encrypted) return [];
  return (info.member_ids ?? []).filter((u) => u !== ui.store.me?.id && changedStates.includes(s.trustOf(u)));
}

function nameOf(info: Conversation, user: number): string {
  const i = (info.member_ids ?? []).indexOf(user);
  return i >= 0 ? (info.members[i] ?? `#${user}`) : `#${user}`;
}

/** True when sending into info must wait (changed keys, or no encryption in this tab). */
export function sendingBlocked(ui: Ui, info: Conversation | undefined): boolean {
  if (!info?.encrypted) return false;
  return ui.controller.e2ee.unavailable !== null || changedMembers(ui, info).length > 0;
}

export function renderE2eeBar(ui: Ui, bar: HTMLElement, info: Conversation | undefined): void {
  const unavailable = ui.controller.e2ee.unavailable;
  const changed = info ? changedMembers(ui, info) : [];
  bar.hidden = !info?.encrypted || (unavailable === null && changed.length === 0);
  if (bar.hidden || !info) return replace(bar);
  if (unavailable !== null) {
    return replace(bar, h("p", { class: "e2ee-status" }, `Encrypted chats cannot be read or written here: ${unavailable}.`));
  }
  replace(
    bar,
    ...changed.map((u) =>
      h(
        "div",
        { class: "key-warning", attrs: { role: "alert" } },
        h("p", null, h("strong", null, `${nameOf(info, u)}'s encryption keys changed.`), " They may have a new device, or someone may be impersonating them. Check with them before sending; sending waits until you acknowledge."),
        h(
          "button",
          { class: "danger", attrs: { type: "button", "data-key": `ack-${u}` }, on: { click: () => void ui.controller.e2ee.session?.acknowledge(u) } },
          "Acknowledge new keys",
        ),
      ),
    ),
  );
}

function fingerprint(key: string): string {
  return (key.match(/.{1,4}/g) ?? []).join(" ");
}

// approve: for the user's own unconfirmed devices, the "Approve" button (on
// the device holding the signing key) or where to approve it instead.
function deviceRow(d: KnownDevice, own: boolean, approve?: { allowed: boolean; run: () => void }): HTMLElement {
  return h(
    "li",
    { class: "device", attrs: { "data-device": d.device_id } },
    h("strong", null, d.displayName || d.device_id, own ? " (this browser)" : ""),
    h("span", { class: "device-id" }, ` ${d.device_id}`),
    h("code", { class: "fingerprint", attrs: { "aria-label": "Fingerprint" } }, fingerprint(d.ed25519)),
    h("span", { class: "device-trust" }, d.confirmed ? "confirmed by its owner" : "not confirmed by its owner"),
    approve && !d.confirmed && !own
      ? approve.allowed
        ? h(
            "button",
            { class: "primary approve", attrs: { type: "button", "data-key": `approve-${d.device_id}`, "aria-label": `Approve ${d.device_id}` }, on: { click: approve.run } },
            "Approve",
          )
        : h("span", { class: "hint" }, "To confirm it, approve it on the device that holds your signing key.")
      : null,
  );
}

/** The devices of the user and, in a direct chat, of the other person; verification by safety number. */
export function openDevices(ui: Ui, info: Conversation): void {
  const s = ui.controller.e2ee.session;
  const me = ui.store.me?.id ?? 0;
  const other = info.kind === "direct" ? (info.member_ids ?? []).find((u) => u !== me) : undefined;
  openModal("Encryption", (modal) => {
    const status = statusLine();
    const body = h("div", { class: "devices" }, s ? "Loading devices…" : `Unavailable: ${ui.controller.e2ee.unavailable ?? ""}.`);
    if (!s) return [body];
    const users = other !== undefined ? [me, other] : [me];
    const approveRun = (deviceId: string) => () => {
      status.textContent = "";
      void s
        .approveDevice(deviceId)
        .then(load)
        .catch((e: unknown) => {
          status.textContent = e instanceof LocalRefusal ? e.message : errorText(e);
        });
    };
    const load = () =>
      s
        .lookup(users, true)
        .then(async (found) => {
          const parts: HTMLElement[] = [];
          for (const u of found) {
            const title = u.user === me ? "Your devices" : `${info.name}'s devices`;
            const trust = u.user === me ? "" : ` · ${trustText[s.trustOf(u.user)]}`;
            parts.push(h("h3", null, title, h("span", { class: "trust", attrs: { "data-trust": s.trustOf(u.user) } }, trust)));
            const own = u.user === me;
            parts.push(
              h(
                "ul",
                { class: "device-list" },
                u.devices.map((d) => deviceRow(d, own && d.device_id === s.self.device_id, own ? { allowed: s.holdsSigningKey(), run: approveRun(d.device_id) } : undefined)),
              ),
            );
            const refused = own ? refusedRequests(ui) : [];
            if (refused.length > 0) parts.push(h("p", { class: "hint key-request-refused", attrs: { role: "note" } }, `A device that is not confirmed asked for keys (${refused.join(", ")}): none were given.`));
          }
          if (other !== undefined && s.pinnedKey(other) && s.ownSigningKey()) {
            const number = await safetyNumber(me, s.ownSigningKey(), other, s.pinnedKey(other));
            parts.push(
              h("h3", null, "Safety number"),
              h("p", null, `Compare these 60 digits with ${info.name}, in person or on a call. If they match, mark them verified.`),
              h("p", { class: "safety-number", attrs: { "aria-label": "Safety number" } }, number),
              h(
                "button",
                {
                  class: "primary",
                  attrs: { type: "button", "data-key": "verify" },
                  on: {
                    click: async () => {
                      const ok = await s.markVerified(other).catch(() => false);
                      if (ok) modal.close();
                      else status.textContent = "Their keys changed: acknowledge the change first.";
                    },
                  },
                },
                s.trustOf(other) === "verified" ? "Verified" : "Mark verified",
              ),
            );
          }
          replace(body, parts);
        })
        .catch((e: unknown) => {
          status.textContent = errorText(e);
        });
    void load();
    return [body, status];
  });
}
