// Other people's devices as keys.query tells them, checked by trust.ts: the
// devices whose signatures verify, each user's trust state (pinned on first
// sight), and which devices the owner's self-signing key vouches for. Cached
// per user until devices.changed says to ask again.

import type { Peer } from "./device";
import { checkUserKeys, type Trust, type TrustStore, type UserKeys } from "./trust";

export interface E2eeNet {
  request<T = Record<string, unknown>>(type: string, fields?: Record<string, unknown>): Promise<T>;
}

export interface KnownDevice extends Peer {
  displayName: string;
  // In the list the owner's self-signing key signed.
  confirmed: boolean;
}

export interface UserDevices {
  user: number;
  signingKey: string | null;
  trust: Trust;
  devices: KnownDevice[];
}

// keys.query answers at most this many users per request.
const QUERY_BATCH = 50;

export class Directory {
  private readonly users = new Map<number, UserDevices>();

  constructor(
    private readonly net: E2eeNet,
    private readonly trust: TrustStore,
  ) {}

  /** Forgets what is held about user: the next lookup asks the server. */
  invalidate(user: number): void {
    this.users.delete(user);
  }

  cached(user: number): UserDevices | undefined {
    return this.users.get(user);
  }

  /** A device of user by id, from what is held (no request). */
  device(user: number, deviceId: string): KnownDevice | undefined {
    return this.users.get(user)?.devices.find((d) => d.device_id === deviceId);
  }

  /** The devices of every user, asking the server about those not held (or all, with fresh). */
  async lookup(users: readonly number[], fresh = false): Promise<UserDevices[]> {
    const missing = [...new Set(users)].filter((u) => fresh || !this.users.has(u));
    for (let i = 0; i < missing.length; i += QUERY_BATCH) {
      const reply = await this.net.request<{ users: UserKeys[] }>("keys.query", { user_ids: missing.slice(i, i + QUERY_BATCH) });
      for (const k of reply.users) this.learn(k);
    }
    return users.map((u) => this.users.get(u) ?? { user: u, signingKey: null, trust: this.trust.stateOf(u), devices: [] });
  }

  /** Re-reads trust states after the user acknowledged or verified someone. */
  refreshTrust(user: number): void {
    const held = this.users.get(user);
    if (held) held.trust = this.trust.stateOf(user);
  }

  private learn(k: UserKeys): void {
    const checked = checkUserKeys(k);
    const names = new Map(k.devices.map((d) => [d.device_id, d.display_name ?? ""]));
    const devices: KnownDevice[] = [
      ...checked.trusted.map((p) => ({ ...p, confirmed: true, displayName: names.get(p.device_id) ?? "" })),
      ...checked.unsigned.map((p) => ({ ...p, confirmed: false, displayName: names.get(p.device_id) ?? "" })),
    ].sort((a, b) => (a.device_id < b.device_id ? -1 : a.device_id > b.device_id ? 1 : 0));
    const trust = this.trust.observe(k.user_id, k.signing_key);
    this.users.set(k.user_id, { user: k.user_id, signingKey: k.signing_key, trust, devices });
  }
}
