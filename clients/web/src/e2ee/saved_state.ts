// What a device keeps between loads, as one JSON text (sealed at rest by
// at_rest.ts): the libolm state pickled with a random key kept beside it, the
// trust pins, the self-signing key's seed, and which devices hold each
// conversation's current group key.

import { E2eeDevice } from "./device";
import { SelfSigning, TrustStore } from "./trust";

export interface DeviceState {
  device: E2eeDevice;
  trust: TrustStore;
  selfSigning: SelfSigning | null;
  pickleKey: Uint8Array;
  sharedWith: Map<number, string[]>;
  // The key backup this device uploads to (its derived key and version), and
  // the group sessions ("<sender key>|<session id>") not uploaded yet.
  backup: { version: number; key: Uint8Array } | null;
  backupPending: Set<string>;
}

interface Saved {
  v: 1;
  pickle_key: string;
  device: string;
  trust: string;
  self_signing_seed: string | null;
  shared_with: Record<string, string[]>;
  backup?: { version: number; key: string } | null;
  backup_pending?: string[];
}

function toBase64(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

function fromBase64(text: string): Uint8Array {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

export function saveState(s: DeviceState): string {
  const saved: Saved = {
    v: 1,
    pickle_key: toBase64(s.pickleKey),
    device: s.device.save(s.pickleKey),
    trust: s.trust.save(),
    self_signing_seed: s.selfSigning ? toBase64(s.selfSigning.save()) : null,
    shared_with: Object.fromEntries(s.sharedWith),
    backup: s.backup ? { version: s.backup.version, key: toBase64(s.backup.key) } : null,
    backup_pending: [...s.backupPending],
  };
  return JSON.stringify(saved);
}

/** The state saved by saveState; throws when it is not one. loadOlm() must have finished. */
export function restoreState(text: string): DeviceState {
  const s = JSON.parse(text) as Saved;
  if (s.v !== 1) throw new Error("e2ee: unknown saved state version");
  const pickleKey = fromBase64(s.pickle_key);
  return {
    device: E2eeDevice.restore(s.device, pickleKey),
    trust: TrustStore.restore(s.trust),
    selfSigning: s.self_signing_seed ? new SelfSigning(fromBase64(s.self_signing_seed)) : null,
    pickleKey,
    sharedWith: new Map(Object.entries(s.shared_with).map(([c, names]) => [Number(c), names])),
    backup: s.backup ? { version: s.backup.version, key: fromBase64(s.backup.key) } : null,
    backupPending: new Set(s.backup_pending ?? []),
  };
}

export function freshState(user: number, deviceId: string): DeviceState {
  return {
    device: E2eeDevice.create(user, deviceId),
    trust: new TrustStore(),
    selfSigning: null,
    pickleKey: crypto.getRandomValues(new Uint8Array(32)),
    sharedWith: new Map(),
    backup: null,
    backupPending: new Set(),
  };
}

export function freeState(s: DeviceState): void {
  s.device.free();
  s.selfSigning?.free();
}
