// Publishing this browser's device (docs/protocol.md, "End-to-end
// encryption: keys"): its identity and one-time keys (the private halves
// saved before anyone can claim them), the user's self-signing key and the
// signed device list. CryptoSession runs these on its queue.

import type { Directory, E2eeNet } from "./directory";
import type { DeviceState } from "./saved_state";
import { SelfSigning, type UserKeys } from "./trust";

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

/** Makes sure the user has a self-signing key this device holds, and signs the device list with it. */
export async function ensureSelfSigning(p: Publisher): Promise<void> {
  const [mine] = await p.directory.lookup([p.user], true);
  let ssk = p.state.selfSigning;
  if (!ssk) {
    // A device without the seed (a new one, or its storage was cleared)
    // makes the user's key anew: contacts see the change and are warned.
    ssk = new SelfSigning();
    p.state.selfSigning = ssk;
    await p.persist();
    await p.net.request("keys.signing_key", ssk.publish(p.user, mine.signingKey !== null && mine.signingKey !== ssk.publicKey));
  } else if (mine.signingKey !== ssk.publicKey) {
    // Another device of the user's replaced the key since: it signs the list.
    return;
  }
  await signList(p, ssk);
  p.directory.invalidate(p.user);
}

async function signList(p: Publisher, ssk: SelfSigning): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const reply = await p.net.request<{ users: UserKeys[] }>("keys.query", { user_ids: [p.user] });
    const k = reply.users[0];
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
