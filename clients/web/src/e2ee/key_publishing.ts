// Publishing this browser's device (docs/protocol.md, "End-to-end
// encryption: keys"): its identity and one-time keys (the private halves
// saved before anyone can claim them), the user's self-signing key and the
// signed device list. CryptoSession runs these on its queue.

import type { Directory, E2eeNet } from "./directory";
import type { DeviceState } from "./saved_state";
import { checkUserKeys, SelfSigning, type UserKeys } from "./trust";

export interface Publisher {
  user: number;
  net: E2eeNet;
  state: DeviceState;
  directory: Directory;
  persist(): Promise<void>;
}

// One-time keys kept on the server: topped up to TARGET when under LOW.
const ONE_TIME_TARGET = 50;
const ONE_TIME_LOW = 20;
const SIGN_LIST_ATTEMPTS = 3;

export function requestCode(e: unknown): string {
  return e && typeof e === "object" && "code" in e ? String((e as { code: unknown }).code) : "";
}

/** Publishes the device (and, when fresh, a batch of one-time keys); tops the stock up. */
export async function publish(p: Publisher, fresh: boolean): Promise<void> {
  const d = p.state.device;
  const up = d.upload(fresh ? ONE_TIME_TARGET : 0, "Web browser");
  // The new keys' private halves are saved before anyone can claim them.
  await p.persist();
  const reply = await p.net.request<{ one_time_key_count: number }>("keys.upload", { ...up });
  d.published();
  await p.persist();
  if (reply.one_time_key_count < ONE_TIME_LOW) await replenish(p, reply.one_time_key_count);
}

/** Uploads one-time keys until the server holds ONE_TIME_TARGET. */
export async function replenish(p: Publisher, stock: number): Promise<void> {
  const count = Math.min(ONE_TIME_TARGET, Math.max(0, ONE_TIME_TARGET - stock));
  if (count === 0) return;
  const d = p.state.device;
  const up = d.upload(count);
  await p.persist();
  await p.net.request("keys.upload", { ...up });
  d.published();
  await p.persist();
}

/**
 * Makes sure the user has a self-signing key: the user's first device (or
 * one left alone, every other device gone) makes it and signs the list. A
 * later device without the seed waits, "not confirmed", until the device
 * holding it approves it (approve()).
 */
export async function ensureSelfSigning(p: Publisher): Promise<void> {
  const [mine] = await p.directory.lookup([p.user], true);
  const self = p.state.device.self;
  const others = mine.devices.filter((d) => d.device_id !== self.device_id);
  let ssk = p.state.selfSigning;
  if (!ssk) {
    if (mine.signingKey !== null && others.length > 0) return;
    // No key yet, or none of the user's devices is left to hold it (a
    // reinstall): make it anew; contacts see the change and are warned.
    ssk = new SelfSigning();
    p.state.selfSigning = ssk;
    await p.persist();
    await p.net.request("keys.signing_key", ssk.publish(p.user, mine.signingKey !== null && mine.signingKey !== ssk.publicKey));
  } else if (mine.signingKey !== ssk.publicKey) {
    // Another device of the user's replaced the key since: it signs the list.
    return;
  } else if (mine.devices.some((d) => d.device_id === self.device_id && d.confirmed) || others.some((d) => !d.confirmed)) {
    // Signed already; or the list holds devices nobody approved: never
    // signed without the user's say (approve()).
    return;
  }
  await signList(p, ssk);
  p.directory.invalidate(p.user);
}

/** A local refusal (NOT_ALLOWED, WRONG_PASSPHRASE, ...): a code and a message for the user. */
export class LocalRefusal extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Signs the user's current device list, deviceId included, with the
 * self-signing key this device holds: only when that device is listed and
 * its own signature holds (and every other listed device's too).
 */
export async function approve(p: Publisher, deviceId: string): Promise<void> {
  const ssk = p.state.selfSigning;
  await signList(p, ssk, (k) => {
    if (!ssk || k.signing_key !== ssk.publicKey) {
      throw new LocalRefusal("NOT_ALLOWED", "Approve it on the device that holds your signing key.");
    }
    const checked = checkUserKeys(k);
    const valid = [...checked.trusted, ...checked.unsigned];
    if (!valid.some((d) => d.device_id === deviceId)) {
      throw new LocalRefusal("NOT_FOUND", "That device is not in your device list, or its own signature does not hold.");
    }
    if (valid.length !== k.devices.length) {
      throw new LocalRefusal("SIGNATURE_INVALID", "A device in your list has a signature that does not hold: nothing was signed.");
    }
  });
  p.directory.invalidate(p.user);
}

async function signList(p: Publisher, ssk: SelfSigning | null, check: (k: UserKeys) => void = () => {}): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const reply = await p.net.request<{ users: UserKeys[] }>("keys.query", { user_ids: [p.user] });
    const k = reply.users[0];
    check(k);
    if (!ssk) return;
    const devices = k.devices.map((d) => ({ device_id: d.device_id, ed25519: d.ed25519 }));
    try {
      await p.net.request("keys.sign_list", ssk.signList(p.user, k.list_version, devices));
      return;
    } catch (e) {
      // The list changed while signing: query and sign again.
      if (requestCode(e) !== "KEY_CONFLICT" || attempt >= SIGN_LIST_ATTEMPTS) throw e;
    }
  }
}
